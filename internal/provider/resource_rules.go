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
		textField("cond_test", "The condition, such as `is_api` or `{ path_beg /api }`.", func(r *httpRule) *string { return &r.CondTest }),
		wordField("hdr_name", "Header name (add-header, set-header, del-header, replace-header, replace-value).", func(r *httpRule) *string { return &r.HdrName }),
		wordField("hdr_format", "Header value, a log-format string.", func(r *httpRule) *string { return &r.HdrFormat }),
		wordField("hdr_match", "Regular expression to replace (replace-header, replace-value).", func(r *httpRule) *string { return &r.HdrMatch }),
		enumField("redir_type", "Kind of redirect.", dataplane.RedirTypes, func(r *httpRule) *string { return &r.RedirType }),
		wordField("redir_value", "Redirect location, prefix or scheme.", func(r *httpRule) *string { return &r.RedirValue }),
		{attribute: attribute{name: "redir_code", desc: "Redirect status code.", kind: kindInt, ints: dataplane.RedirCodes}, num: func(r *httpRule) **int64 { return &r.RedirCode }},
		textField("redir_option", "Redirect options, such as `drop-query`.", func(r *httpRule) *string { return &r.RedirOption }),
		intField("deny_status", "Status of deny and tarpit.", 200, 599, func(r *httpRule) **int64 { return &r.DenyStatus }),
		intField("return_status_code", "Status of return.", 200, 599, func(r *httpRule) **int64 { return &r.ReturnStatusCode }),
		wordField("return_content_type", "Content type of return.", func(r *httpRule) *string { return &r.ReturnContentType }),
		enumField("return_content_format", "How return_content is read.", dataplane.ReturnFormats, func(r *httpRule) *string { return &r.ReturnContentFormat }),
		wordField("return_content", "Body of return.", func(r *httpRule) *string { return &r.ReturnContent }),
		enumField("var_scope", "Scope of set-var and unset-var.", dataplane.VarScopes, func(r *httpRule) *string { return &r.VarScope }),
		strField("var_name", "Variable of set-var and unset-var.", func(r *httpRule) *string { return &r.VarName }),
		textField("var_expr", "Expression of set-var.", func(r *httpRule) *string { return &r.VarExpr }),
		wordField("path_fmt", "New path (set-path, replace-path).", func(r *httpRule) *string { return &r.PathFmt }),
		wordField("path_match", "Regular expression of replace-path.", func(r *httpRule) *string { return &r.PathMatch }),
		wordField("uri_fmt", "New URI of set-uri.", func(r *httpRule) *string { return &r.URIFmt }),
		wordField("query_fmt", "New query of set-query.", func(r *httpRule) *string { return &r.QueryFmt }),
		wordField("auth_realm", "Realm of auth.", func(r *httpRule) *string { return &r.AuthRealm }),
		wordField("track_sc_key", "Key of track-sc0/1/2.", func(r *httpRule) *string { return &r.TrackScKey }),
		wordField("track_sc_table", "Table of track-sc0/1/2.", func(r *httpRule) *string { return &r.TrackScTable }),
		strField("lua_action", "Lua action of lua.", func(r *httpRule) *string { return &r.LuaAction }),
		textField("lua_params", "Parameters of the Lua action.", func(r *httpRule) *string { return &r.LuaParams }),
		wordField("service_name", "Service of use-service.", func(r *httpRule) *string { return &r.ServiceName }),
		enumField("timeout_type", "Timeout of set-timeout.", dataplane.TimeoutTypes, func(r *httpRule) *string { return &r.TimeoutType }),
		wordField("timeout", "Value of set-timeout.", func(r *httpRule) *string { return &r.Timeout }),
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
		required(wordField("backend", "Backend the rule sends requests to: its name, or a log-format expression that makes one.", func(r *switchingRule) *string { return &r.Name })),
		enumField("cond", "`if` or `unless` before the condition.", dataplane.Conds, func(r *switchingRule) *string { return &r.Cond }),
		textField("cond_test", "The condition, such as `host_api`.", func(r *switchingRule) *string { return &r.CondTest }),
	},
}
