package haproxycfg

import "github.com/tfhaproxy/terraform-provider-haproxy/internal/dataplane"

// The actions of http-request rules, from HAProxy's configuration manual (2.6,
// and the later ones the official model has, which HAProxy 2.6 refuses in
// `haproxy -c`), named as the official Data Plane API v3 names them. The rows
// are values: the lists that share an action (http-response, tcp-request...)
// put the same row in their tables.

// exprAction is an action whose one argument is a sample expression.
func exprAction(name string) action {
	return action{name: name, args: []actionArg{pos("expr", argText)}}
}

// scSetGpt0 is sc-set-gpt0, whose value is an integer into sc_int or an
// expression into exprMember: the official models name it otherwise in each list.
func scSetGpt0(exprMember string) action {
	return action{name: "sc-set-gpt0", head: "sc-set-gpt0({sc_id})", args: []actionArg{{field: "sc_int", value: exprMember, kind: argIntOrText}}}
}

// responseArgs are the arguments of a response a rule makes (return, deny,
// tarpit): its status under statusKeys into statusField, its content type, its
// content and its headers.
func responseArgs(statusKeys, statusField string) []actionArg {
	return append([]actionArg{key(statusKeys, statusField, argInt)}, responseContentArgs()...)
}

// responseContentArgs are the arguments of a response after its status (which
// http-error has before them).
func responseContentArgs() []actionArg {
	return []actionArg{
		key("content-type", "return_content_type", argText),
		{keys: dataplane.ReturnFormats, field: "return_content_format", value: "return_content", kind: argChoice,
			bare: []string{defaultErrorfiles}, files: returnFileFormats},
		key("hdr", "return_hdrs", argHeaders),
	}
}

// defaultErrorfiles is the response format that takes no content.
const defaultErrorfiles = "default-errorfiles"

// returnFileFormats are the response formats whose content names a file HAProxy
// reads (see files.go); "errorfiles" names an http-errors section.
var returnFileFormats = []string{"errorfile", "file", "lf-file"}

var (
	actAddACL        = action{name: "add-acl", head: "add-acl({acl_file:file})", args: []actionArg{pos("acl_keyfmt", argText)}}
	actDelACL        = action{name: "del-acl", head: "del-acl({acl_file:file})", args: []actionArg{pos("acl_keyfmt", argText)}}
	actSetMap        = action{name: "set-map", head: "set-map({map_file:file})", args: []actionArg{pos("map_keyfmt", argText), pos("map_valuefmt", argText)}}
	actDelMap        = action{name: "del-map", head: "del-map({map_file:file})", args: []actionArg{pos("map_keyfmt", argText)}}
	actAddHeader     = action{name: "add-header", args: []actionArg{pos("hdr_name", argText), pos("hdr_format", argText)}}
	actSetHeader     = action{name: "set-header", args: []actionArg{pos("hdr_name", argText), pos("hdr_format", argText)}}
	actDelHeader     = action{name: "del-header", args: []actionArg{pos("hdr_name", argText), key("-m", "hdr_method", argWord)}}
	actReplaceHeader = action{name: "replace-header", args: []actionArg{pos("hdr_name", argText), pos("hdr_match", argText), pos("hdr_format", argText)}}
	actReplaceValue  = action{name: "replace-value", args: []actionArg{pos("hdr_name", argText), pos("hdr_match", argText), pos("hdr_format", argText)}}
	actAddHeadersBin = action{name: "add-headers-bin", args: []actionArg{pos("hdr_expr", argText), key("prefix", "hdr_prefix", argText)}}
	actSetHeadersBin = action{name: "set-headers-bin", args: []actionArg{pos("hdr_expr", argText), key("prefix", "hdr_prefix", argText)}}
	actDelHeadersBin = action{name: "del-headers-bin", args: []actionArg{pos("hdr_expr", argText), key("-m", "hdr_method", argWord)}}
	actAllow         = action{name: "allow"}
	actReject        = action{name: "reject"}
	actDeny          = action{name: "deny", args: responseArgs("deny_status|status", "deny_status")}
	actTarpit        = action{name: "tarpit", args: responseArgs("deny_status|status", "deny_status")}
	actReturn        = action{name: "return", args: responseArgs("status", "return_status_code")}
	actAuth          = action{name: "auth", args: []actionArg{key("realm", "auth_realm", argText)}}
	actCacheUse      = action{name: "cache-use", args: []actionArg{pos("cache_name", argText)}}
	actCapture       = action{name: "capture", args: []actionArg{pos("capture_sample", argText), key("len", "capture_len", argInt), key("id", "capture_id", argInt)}}
	actDisableL7     = action{name: "disable-l7-retry"}
	actDoLog         = action{name: "do-log", args: []actionArg{key("profile", "log_profile", argText)}}
	actDoResolve     = action{name: "do-resolve", head: "do-resolve({var_name},{resolvers}[,{protocol}])", args: []actionArg{pos("expr", argText)}}
	actEarlyHint     = action{name: "early-hint", args: []actionArg{pos("hint_name", argText), pos("hint_format", argText)}}
	actLua           = action{name: "lua", head: "lua.{lua_action}", args: []actionArg{opt("lua_params", argRest)}}
	actNormalizeURI  = action{name: "normalize-uri", args: []actionArg{pos("normalizer", argWord), flag("full", "normalizer_full"), flag("strict", "normalizer_strict")}}
	actPause         = exprAction("pause")
	actRedirect      = action{name: "redirect", args: []actionArg{
		required(actionArg{keys: dataplane.RedirTypes, field: "redir_type", value: "redir_value", kind: argChoice}),
		key("code", "redir_code", argInt),
		{field: "redir_option", kind: argOthers},
	}}
	actReplacePath  = action{name: "replace-path", args: []actionArg{pos("path_match", argText), pos("path_fmt", argText)}}
	actReplacePathQ = action{name: "replace-pathq", args: []actionArg{pos("path_match", argText), pos("path_fmt", argText)}}
	actReplaceURI   = action{name: "replace-uri", args: []actionArg{pos("uri-match", argText), pos("uri-fmt", argText)}}
	actScAddGpc     = action{name: "sc-add-gpc", head: "sc-add-gpc({sc_idx},{sc_id})", args: []actionArg{{field: "sc_int", value: "sc_expr", kind: argIntOrText}}}
	actScIncGpc     = action{name: "sc-inc-gpc", head: "sc-inc-gpc({sc_idx},{sc_id})"}
	actScIncGpc0    = action{name: "sc-inc-gpc0", head: "sc-inc-gpc0({sc_id})"}
	actScIncGpc1    = action{name: "sc-inc-gpc1", head: "sc-inc-gpc1({sc_id})"}
	actScSetGpt     = action{name: "sc-set-gpt", head: "sc-set-gpt({sc_idx},{sc_id})", args: []actionArg{{field: "sc_int", value: "sc_expr", kind: argIntOrText}}}
	actScSetGpt0    = scSetGpt0("sc_expr")
	actSendSpoe     = action{name: "send-spoe-group", args: []actionArg{pos("spoe_engine", argText), pos("spoe_group", argText)}}
	actSetBandwidth = action{name: "set-bandwidth-limit", args: []actionArg{pos("bandwidth_limit_name", argText),
		key("limit", "bandwidth_limit_limit", argText), key("period", "bandwidth_limit_period", argText)}}
	actSetLogLevel = action{name: "set-log-level", args: []actionArg{pos("log_level", argWord)}}
	actSetMark     = action{name: "set-mark", args: []actionArg{pos("mark_value", argWord)}}
	actSetTos      = action{name: "set-tos", args: []actionArg{pos("tos_value", argWord)}}
	actSetMethod   = action{name: "set-method", args: []actionArg{pos("method_fmt", argText)}}
	actSetNice     = action{name: "set-nice", args: []actionArg{pos("nice_value", argInt)}}
	actSetPath     = action{name: "set-path", args: []actionArg{pos("path_fmt", argText)}}
	actSetPathQ    = action{name: "set-pathq", args: []actionArg{pos("path_fmt", argText)}}
	actSetQuery    = action{name: "set-query", args: []actionArg{pos("query-fmt", argText)}}
	actSetURI      = action{name: "set-uri", args: []actionArg{pos("uri-fmt", argText)}}
	actSetTimeout  = action{name: "set-timeout", args: []actionArg{pos("timeout_type", argWord), pos("timeout", argText)}}
	actSetVar      = action{name: "set-var", head: "set-var({var_scope}.{var_name})", args: []actionArg{pos("var_expr", argRest)}}
	actSetVarFmt   = action{name: "set-var-fmt", head: "set-var-fmt({var_scope}.{var_name})", args: []actionArg{pos("var_format", argRest)}}
	actUnsetVar    = action{name: "unset-var", head: "unset-var({var_scope}.{var_name})"}
	actSilentDrop  = action{name: "silent-drop", args: []actionArg{key("rst-ttl", "rst_ttl", argInt)}}
	actStrictMode  = action{name: "strict-mode", args: []actionArg{pos("strict_mode", argWord)}}
	actTrackSc     = action{name: "track-sc", head: "track-sc{track_sc_stick_counter}", args: []actionArg{pos("track_sc_key", argText), key("table", "track_sc_table", argText)}}
	actUseService  = action{name: "use-service", args: []actionArg{pos("service_name", argText)}}
	actWaitForBody = action{name: "wait-for-body", args: []actionArg{required(key("time", "wait_time", argTime)), key("at-least", "wait_at_least", argSize)}}
	actWaitForHS   = action{name: "wait-for-handshake"}
)

// httpRequestActions are the actions of http-request rules.
var httpRequestActions = newActionTable(
	actAddACL, actAddHeader, actAddHeadersBin, actAllow, actAuth, actCacheUse, actCapture, actDelACL,
	actDelHeader, actDelHeadersBin, actDelMap, actDeny, actDisableL7, actDoLog, actDoResolve, actEarlyHint,
	actLua, actNormalizeURI, actPause, actRedirect, actReject, actReplaceHeader, actReplacePath,
	actReplacePathQ, actReplaceURI, actReplaceValue, actReturn, actScAddGpc, actScIncGpc, actScIncGpc0,
	actScIncGpc1, actScSetGpt, actScSetGpt0, actSendSpoe, actSetBandwidth, exprAction("set-bc-mark"),
	exprAction("set-bc-tos"), exprAction("set-dst"), exprAction("set-dst-port"), exprAction("set-fc-mark"),
	exprAction("set-fc-tos"), actSetHeader, actSetHeadersBin, actSetLogLevel, actSetMap,
	actSetMark, actSetMethod, actSetNice, actSetPath, actSetPathQ, exprAction("set-priority-class"),
	exprAction("set-priority-offset"), actSetQuery, exprAction("set-retries"), exprAction("set-src"),
	exprAction("set-src-port"), actSetTimeout, actSetTos, actSetURI, actSetVar, actSetVarFmt, actSilentDrop,
	actStrictMode, actTarpit, actTrackSc, actUnsetVar, actUseService, actWaitForBody, actWaitForHS,
)

// ruleActions are the action tables by the keyword of their rule lines, for
// finding the files a line names (files.go).
var ruleActions = map[string]*actionTable{
	"http-request":        httpRequestActions,
	"http-response":       httpResponseActions,
	"http-after-response": httpAfterResponseActions,
	"http-error":          httpErrorActions,
	"filter":              filterActions,
}
