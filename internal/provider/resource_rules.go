package provider

import (
	"github.com/tfhaproxy/terraform-provider-haproxy/internal/dataplane"
	"github.com/tfhaproxy/terraform-provider-haproxy/internal/haproxycfg"
)

type httpRule = dataplane.HTTPRequestRule

var httpRequestRulesSpec = &listSpec[httpRule]{
	typeName: "http_request_rules",
	description: "The whole ordered list of `http-request` rules of one frontend or backend, replaced in one write. " +
		"HAProxy runs them in order, so the list is one resource. On our agent, `terraform plan` checks the rules with `haproxy -c`.",
	list:    dataplane.ListHTTPRequestRules,
	parents: []string{"frontend", "backend", "listen", "defaults"},
	fields: []field[httpRule]{
		requiredEnum("type", "The action, as the official Data Plane API names it; track-sc0, track-sc1 and track-sc2 are `track-sc` with `track_sc_stick_counter`. "+
			"Some are newer than HAProxy 2.6, which refuses them at plan on our agent.", dataplane.HTTPRequestRuleTypes, func(r *httpRule) *string { return &r.Type }),
		enumField("cond", "`if` or `unless` before the condition.", dataplane.Conds, func(r *httpRule) *string { return &r.Cond }),
		textField("cond_test", "The condition, such as `is_api` or `{ path_beg /api }`.", func(r *httpRule) *string { return &r.CondTest }),
		wordField("hdr_name", "Header name (add-header, set-header, del-header, replace-header, replace-value).", func(r *httpRule) *string { return &r.HdrName }),
		wordField("hdr_format", "Header value, a log-format string.", func(r *httpRule) *string { return &r.HdrFormat }),
		wordField("hdr_match", "Regular expression to replace (replace-header, replace-value).", func(r *httpRule) *string { return &r.HdrMatch }),
		enumField("hdr_method", "How del-header and del-headers-bin match the name (`-m`).", dataplane.HeaderMatchMethods, func(r *httpRule) *string { return &r.HdrMethod }),
		wordField("hdr_expr", "Binary headers expression (add-headers-bin, set-headers-bin, del-headers-bin).", func(r *httpRule) *string { return &r.HdrExpr }),
		wordField("hdr_prefix", "Prefix of the binary headers (add-headers-bin, set-headers-bin).", func(r *httpRule) *string { return &r.HdrPrefix }),
		enumField("redir_type", "Kind of redirect.", dataplane.RedirTypes, func(r *httpRule) *string { return &r.RedirType }),
		wordField("redir_value", "Redirect location, prefix or scheme.", func(r *httpRule) *string { return &r.RedirValue }),
		{attribute: attribute{name: "redir_code", desc: "Redirect status code.", kind: kindInt, ints: dataplane.RedirCodes}, num: func(r *httpRule) **int64 { return &r.RedirCode }},
		textField("redir_option", "Redirect options, such as `drop-query`.", func(r *httpRule) *string { return &r.RedirOption }),
		intField("deny_status", "Status of deny and tarpit.", 200, 599, func(r *httpRule) **int64 { return &r.DenyStatus }),
		intField("return_status_code", "Status of return.", 200, 599, func(r *httpRule) **int64 { return &r.ReturnStatusCode }),
		wordField("return_content_type", "Content type of the response of return, deny and tarpit.", func(r *httpRule) *string { return &r.ReturnContentType }),
		enumField("return_content_format", "How return_content is read (return, deny, tarpit).", dataplane.ReturnFormats, func(r *httpRule) *string { return &r.ReturnContentFormat }),
		wordField("return_content", "Body of the response, or the file or http-errors section that has it.", func(r *httpRule) *string { return &r.ReturnContent }),
		codecField("return_hdrs", "Headers of the response of return, deny and tarpit, as the line says them: `hdr <name> <fmt>`, repeated, "+
			"such as `hdr X-Reason \"path=%[path]\" hdr Cache-Control no-store`.", codec[httpRule]{
			text: func(r *httpRule) string { return haproxycfg.ReturnHeadersText(r.ReturnHeaders) },
			parse: func(r *httpRule, s string) (err error) {
				r.ReturnHeaders, err = haproxycfg.ParseReturnHeaders(s)
				return err
			}}),
		enumField("var_scope", "Scope of set-var, set-var-fmt and unset-var.", dataplane.VarScopes, func(r *httpRule) *string { return &r.VarScope }),
		strField("var_name", "Variable of set-var, set-var-fmt, unset-var and do-resolve.", func(r *httpRule) *string { return &r.VarName }),
		textField("var_expr", "Expression of set-var.", func(r *httpRule) *string { return &r.VarExpr }),
		textField("var_format", "Log-format string of set-var-fmt.", func(r *httpRule) *string { return &r.VarFormat }),
		wordField("path_fmt", "New path (set-path, set-pathq, replace-path, replace-pathq).", func(r *httpRule) *string { return &r.PathFmt }),
		wordField("path_match", "Regular expression of replace-path and replace-pathq.", func(r *httpRule) *string { return &r.PathMatch }),
		wordField("uri_fmt", "New URI of set-uri and replace-uri.", func(r *httpRule) *string { return &r.URIFmt }),
		wordField("uri_match", "Regular expression of replace-uri.", func(r *httpRule) *string { return &r.URIMatch }),
		wordField("query_fmt", "New query of set-query.", func(r *httpRule) *string { return &r.QueryFmt }),
		wordField("method_fmt", "New method of set-method.", func(r *httpRule) *string { return &r.MethodFmt }),
		wordField("auth_realm", "Realm of auth.", func(r *httpRule) *string { return &r.AuthRealm }),
		wordField("track_sc_key", "Key of track-sc.", func(r *httpRule) *string { return &r.TrackScKey }),
		wordField("track_sc_table", "Table of track-sc.", func(r *httpRule) *string { return &r.TrackScTable }),
		intField("track_sc_stick_counter", "Stick counter of track-sc: 0 for track-sc0 (HAProxy 2.6 has 0 to 2).", 0, 1<<31, func(r *httpRule) **int64 { return &r.TrackScStickCounter }),
		strField("lua_action", "Lua action of lua (`lua.<action>`).", func(r *httpRule) *string { return &r.LuaAction }),
		textField("lua_params", "Parameters of the Lua action.", func(r *httpRule) *string { return &r.LuaParams }),
		wordField("service_name", "Service of use-service.", func(r *httpRule) *string { return &r.ServiceName }),
		enumField("timeout_type", "Timeout of set-timeout (HAProxy 2.6 has server and tunnel).", dataplane.TimeoutTypes, func(r *httpRule) *string { return &r.TimeoutType }),
		wordField("timeout", "Value of set-timeout: a time or an expression.", func(r *httpRule) *string { return &r.Timeout }),
		enumField("log_level", "Level of set-log-level.", dataplane.LogLevels, func(r *httpRule) *string { return &r.LogLevel }),
		wordField("log_profile", "Log profile of do-log.", func(r *httpRule) *string { return &r.LogProfile }),
		wordField("acl_file", "ACL file of add-acl and del-acl, in the agent's maps directory.", func(r *httpRule) *string { return &r.ACLFile }),
		wordField("acl_keyfmt", "Key of add-acl and del-acl, a log-format string.", func(r *httpRule) *string { return &r.ACLKeyfmt }),
		wordField("map_file", "Map file of set-map and del-map, in the agent's maps directory.", func(r *httpRule) *string { return &r.MapFile }),
		wordField("map_keyfmt", "Key of set-map and del-map, a log-format string.", func(r *httpRule) *string { return &r.MapKeyfmt }),
		wordField("map_valuefmt", "Value of set-map, a log-format string.", func(r *httpRule) *string { return &r.MapValuefmt }),
		wordField("expr", "Expression of do-resolve, pause, set-dst, set-dst-port, set-src, set-src-port, set-priority-class, set-priority-offset, "+
			"set-retries, set-bc-mark, set-bc-tos, set-fc-mark, set-fc-tos.", func(r *httpRule) *string { return &r.Expr }),
		wordField("resolvers", "Resolvers section of do-resolve.", func(r *httpRule) *string { return &r.Resolvers }),
		enumField("protocol", "Address family do-resolve prefers.", dataplane.ResolveProtocols, func(r *httpRule) *string { return &r.Protocol }),
		wordField("cache_name", "Cache of cache-use.", func(r *httpRule) *string { return &r.CacheName }),
		wordField("capture_sample", "Sample expression of capture.", func(r *httpRule) *string { return &r.CaptureSample }),
		plainIntField("capture_len", "Length of capture (`len`).", 0, 1<<31, func(r *httpRule) *int64 { return &r.CaptureLen }),
		intField("capture_id", "Capture slot of capture (`id`).", 0, 1<<31, func(r *httpRule) **int64 { return &r.CaptureID }),
		wordField("hint_name", "Header name of early-hint.", func(r *httpRule) *string { return &r.HintName }),
		wordField("hint_format", "Header value of early-hint, a log-format string.", func(r *httpRule) *string { return &r.HintFormat }),
		strField("mark_value", "Mark of set-mark: decimal, or hexadecimal after 0x.", func(r *httpRule) *string { return &r.MarkValue }),
		strField("tos_value", "TOS of set-tos: decimal, or hexadecimal after 0x.", func(r *httpRule) *string { return &r.TosValue }),
		plainIntField("nice_value", "Nice value of set-nice.", -1024, 1024, func(r *httpRule) *int64 { return &r.NiceValue }),
		enumField("normalizer", "Normalizer of normalize-uri.", dataplane.Normalizers, func(r *httpRule) *string { return &r.Normalizer }),
		flagField("normalizer_full", "`full` of normalize-uri path-strip-dotdot.", func(r *httpRule) *bool { return &r.NormalizerFull }),
		flagField("normalizer_strict", "`strict` of normalize-uri percent-decode-unreserved and percent-to-uppercase.", func(r *httpRule) *bool { return &r.NormalizerStrict }),
		plainIntField("sc_id", "Stick counter of the sc-* actions.", 0, 1<<31, func(r *httpRule) *int64 { return &r.ScID }),
		plainIntField("sc_idx", "Array index of sc-add-gpc, sc-inc-gpc and sc-set-gpt.", 0, 1<<31, func(r *httpRule) *int64 { return &r.ScIdx }),
		intField("sc_int", "Integer of sc-add-gpc, sc-set-gpt and sc-set-gpt0 (or sc_expr).", -1<<62, 1<<62, func(r *httpRule) **int64 { return &r.ScInt }),
		wordField("sc_expr", "Expression of sc-add-gpc, sc-set-gpt and sc-set-gpt0 (or sc_int).", func(r *httpRule) *string { return &r.ScExpr }),
		wordField("spoe_engine", "SPOE engine of send-spoe-group.", func(r *httpRule) *string { return &r.SpoeEngine }),
		wordField("spoe_group", "SPOE group of send-spoe-group.", func(r *httpRule) *string { return &r.SpoeGroup }),
		enumField("strict_mode", "Mode of strict-mode.", dataplane.StrictModes, func(r *httpRule) *string { return &r.StrictMode }),
		plainIntField("rst_ttl", "TTL of the reset silent-drop sends (`rst-ttl`; newer than HAProxy 2.6).", 0, 255, func(r *httpRule) *int64 { return &r.RstTTL }),
		wordField("bandwidth_limit_name", "Filter of set-bandwidth-limit.", func(r *httpRule) *string { return &r.BandwidthLimitName }),
		wordField("bandwidth_limit_limit", "Limit of set-bandwidth-limit, an expression.", func(r *httpRule) *string { return &r.BandwidthLimitLimit }),
		wordField("bandwidth_limit_period", "Period of set-bandwidth-limit, an expression.", func(r *httpRule) *string { return &r.BandwidthLimitPeriod }),
		durationField("wait_time", "Longest wait of wait-for-body (`time`).", func(r *httpRule) **int64 { return &r.WaitTime }),
		intField("wait_at_least", "Bytes after which wait-for-body stops waiting (`at-least`).", 0, 1<<62, func(r *httpRule) **int64 { return &r.WaitAtLeast }),
	},
}

type switchingRule = dataplane.BackendSwitchingRule

var backendSwitchingRulesSpec = &listSpec[switchingRule]{
	typeName: "backend_switching_rules",
	description: "The whole ordered list of `use_backend` rules of one frontend, replaced in one write: the first rule whose " +
		"condition holds picks the backend.",
	list:    dataplane.ListBackendSwitchingRules,
	parents: []string{"frontend", "listen"},
	fields: []field[switchingRule]{
		required(wordField("backend", "Backend the rule sends requests to: its name, or a log-format expression that makes one.", func(r *switchingRule) *string { return &r.Name })),
		enumField("cond", "`if` or `unless` before the condition.", dataplane.Conds, func(r *switchingRule) *string { return &r.Cond }),
		textField("cond_test", "The condition, such as `host_api`.", func(r *switchingRule) *string { return &r.CondTest }),
	},
}
