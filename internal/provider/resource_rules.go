package provider

import "github.com/tfhaproxy/terraform-provider-haproxy/internal/dataplane"

type httpRule = dataplane.HTTPRequestRule

var httpRequestRulesSpec = &listSpec[httpRule]{
	typeName: "http_request_rules",
	description: "The whole ordered list of `http-request` rules of one frontend or backend, replaced in one write. " +
		"HAProxy runs them in order, so the list is one resource. On our agent, `terraform plan` checks the rules with `haproxy -c`.",
	list:    dataplane.ListHTTPRequestRules,
	parents: []string{"frontend", "backend"},
	fields: []field[httpRule]{
		requiredEnum("type", "The action.", dataplane.HTTPRequestRuleTypes, func(r *httpRule) *string { return &r.Type }),
		enumField("cond", "`if` or `unless` before the condition.", dataplane.Conds, func(r *httpRule) *string { return &r.Cond }),
		strField("cond_test", "The condition, as written in haproxy.cfg, such as `is_api` or `{ path_beg /api }`.", func(r *httpRule) *string { return &r.CondTest }),
		strField("hdr_name", "Header name (add-header, set-header, del-header, replace-header, replace-value).", func(r *httpRule) *string { return &r.HdrName }),
		strField("hdr_format", "Header value, a log-format string.", func(r *httpRule) *string { return &r.HdrFormat }),
		strField("hdr_match", "Regular expression to replace (replace-header, replace-value).", func(r *httpRule) *string { return &r.HdrMatch }),
		enumField("redir_type", "Kind of redirect.", dataplane.RedirTypes, func(r *httpRule) *string { return &r.RedirType }),
		strField("redir_value", "Redirect location, prefix or scheme.", func(r *httpRule) *string { return &r.RedirValue }),
		{attribute: attribute{name: "redir_code", desc: "Redirect status code.", kind: kindInt, ints: dataplane.RedirCodes}, num: func(r *httpRule) **int64 { return &r.RedirCode }},
		strField("redir_option", "Redirect options, such as `drop-query`.", func(r *httpRule) *string { return &r.RedirOption }),
		intField("deny_status", "Status of deny and tarpit.", 200, 599, func(r *httpRule) **int64 { return &r.DenyStatus }),
		intField("return_status_code", "Status of return.", 200, 599, func(r *httpRule) **int64 { return &r.ReturnStatusCode }),
		strField("return_content_type", "Content type of return.", func(r *httpRule) *string { return &r.ReturnContentType }),
		enumField("return_content_format", "How return_content is read.", dataplane.ReturnFormats, func(r *httpRule) *string { return &r.ReturnContentFormat }),
		strField("return_content", "Body of return.", func(r *httpRule) *string { return &r.ReturnContent }),
		enumField("var_scope", "Scope of set-var and unset-var.", dataplane.VarScopes, func(r *httpRule) *string { return &r.VarScope }),
		strField("var_name", "Variable of set-var and unset-var.", func(r *httpRule) *string { return &r.VarName }),
		strField("var_expr", "Expression of set-var.", func(r *httpRule) *string { return &r.VarExpr }),
		strField("path_fmt", "New path (set-path, replace-path).", func(r *httpRule) *string { return &r.PathFmt }),
		strField("path_match", "Regular expression of replace-path.", func(r *httpRule) *string { return &r.PathMatch }),
		strField("uri_fmt", "New URI of set-uri.", func(r *httpRule) *string { return &r.URIFmt }),
		strField("query_fmt", "New query of set-query.", func(r *httpRule) *string { return &r.QueryFmt }),
		strField("auth_realm", "Realm of auth.", func(r *httpRule) *string { return &r.AuthRealm }),
		strField("track_sc_key", "Key of track-sc0/1/2.", func(r *httpRule) *string { return &r.TrackScKey }),
		strField("track_sc_table", "Table of track-sc0/1/2.", func(r *httpRule) *string { return &r.TrackScTable }),
		strField("lua_action", "Lua action of lua.", func(r *httpRule) *string { return &r.LuaAction }),
		strField("lua_params", "Parameters of the Lua action.", func(r *httpRule) *string { return &r.LuaParams }),
		strField("service_name", "Service of use-service.", func(r *httpRule) *string { return &r.ServiceName }),
		enumField("timeout_type", "Timeout of set-timeout.", dataplane.TimeoutTypes, func(r *httpRule) *string { return &r.TimeoutType }),
		strField("timeout", "Value of set-timeout.", func(r *httpRule) *string { return &r.Timeout }),
		enumField("log_level", "Level of set-log-level.", dataplane.LogLevels, func(r *httpRule) *string { return &r.LogLevel }),
	},
}

type switchingRule = dataplane.BackendSwitchingRule

var backendSwitchingRulesSpec = &listSpec[switchingRule]{
	typeName: "backend_switching_rules",
	description: "The whole ordered list of `use_backend` rules of one frontend, replaced in one write: the first rule whose " +
		"condition holds picks the backend.",
	list:    dataplane.ListBackendSwitchingRules,
	parents: []string{"frontend"},
	fields: []field[switchingRule]{
		{attribute: attribute{name: "backend", desc: "Backend the rule sends requests to.", kind: kindString, required: true}, str: func(r *switchingRule) *string { return &r.Name }},
		enumField("cond", "`if` or `unless` before the condition.", dataplane.Conds, func(r *switchingRule) *string { return &r.Cond }),
		strField("cond_test", "The condition, as written in haproxy.cfg.", func(r *switchingRule) *string { return &r.CondTest }),
	},
}
