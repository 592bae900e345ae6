package haproxycfg

import (
	"slices"
	"strings"

	"github.com/tfhaproxy/terraform-provider-haproxy/internal/dataplane"
)

type httpRule = dataplane.HTTPRequestRule

// condition splits a rule's words at `if`/`unless`: the action's arguments before,
// and the condition as written after.
func condition(l *Line, from int) (args []string, cond, test string) {
	for i := from; i < len(l.words); i++ {
		if w := l.words[i]; w == "if" || w == "unless" {
			return l.words[from:i], w, rawFrom(l, i+1)
		}
	}
	return l.words[from:], "", ""
}

func withCondition(w []string, cond, test string) []string {
	if cond != "" {
		w = append(w, cond, test)
	}
	return w
}

// keyValues reads `key value` pairs of the given keys from args; other words are skipped.
func keyValues(args []string, keys ...string) map[string]string {
	kv := map[string]string{}
	for i := 0; i < len(args); i++ {
		if slices.Contains(keys, args[i]) && i+1 < len(args) {
			kv[args[i]] = args[i+1]
			i++
		}
	}
	return kv
}

func arg(args []string, i int) string {
	if i < len(args) {
		return args[i]
	}
	return ""
}

// readHTTPRule reads `http-request <action> [arguments] [if|unless <condition>]`.
func readHTTPRule(l *Line) httpRule {
	var r httpRule
	if len(l.words) < 2 {
		return r
	}
	var args []string
	args, r.Cond, r.CondTest = condition(l, 2)
	action := l.words[1]
	r.Type = action
	switch {
	case action == "deny" || action == "tarpit":
		if v, ok := keyValues(args, "deny_status")["deny_status"]; ok {
			r.DenyStatus = optionalInt(v)
		}
	case action == "auth":
		r.AuthRealm = keyValues(args, "realm")["realm"]
	case action == "redirect":
		r.RedirType, r.RedirValue = arg(args, 0), arg(args, 1)
		var options []string
		for i := 2; i < len(args); i++ {
			if args[i] == "code" && i+1 < len(args) {
				r.RedirCode = optionalInt(args[i+1])
				i++
			} else {
				options = append(options, args[i])
			}
		}
		r.RedirOption = strings.Join(options, " ")
	case action == "return":
		kv := keyValues(args, append([]string{"status", "content-type"}, dataplane.ReturnFormats...)...)
		r.ReturnStatusCode = optionalInt(kv["status"])
		r.ReturnContentType = kv["content-type"]
		for _, f := range dataplane.ReturnFormats {
			if v, ok := kv[f]; ok {
				r.ReturnContentFormat, r.ReturnContent = f, v
			}
		}
	case action == "add-header" || action == "set-header":
		r.HdrName, r.HdrFormat = arg(args, 0), arg(args, 1)
	case action == "del-header":
		r.HdrName = arg(args, 0)
	case action == "replace-header" || action == "replace-value":
		r.HdrName, r.HdrMatch, r.HdrFormat = arg(args, 0), arg(args, 1), arg(args, 2)
	case action == "set-path":
		r.PathFmt = arg(args, 0)
	case action == "replace-path":
		r.PathMatch, r.PathFmt = arg(args, 0), arg(args, 1)
	case action == "set-uri":
		r.URIFmt = arg(args, 0)
	case action == "set-query":
		r.QueryFmt = arg(args, 0)
	case strings.HasPrefix(action, "set-var(") || strings.HasPrefix(action, "unset-var("):
		typ, v, _ := strings.Cut(strings.TrimSuffix(action, ")"), "(")
		r.Type = typ
		r.VarScope, r.VarName, _ = strings.Cut(v, ".")
		if typ == "set-var" {
			r.VarExpr = strings.Join(args, " ")
		}
	case action == "set-log-level":
		r.LogLevel = arg(args, 0)
	case strings.HasPrefix(action, "track-sc"):
		r.TrackScKey, r.TrackScTable = arg(args, 0), keyValues(args, "table")["table"]
	case strings.HasPrefix(action, "lua."):
		r.Type, r.LuaAction, r.LuaParams = "lua", strings.TrimPrefix(action, "lua."), strings.Join(args, " ")
	case action == "use-service":
		r.ServiceName = arg(args, 0)
	case action == "set-timeout":
		r.TimeoutType, r.Timeout = arg(args, 0), arg(args, 1)
	}
	return r
}

// httpRuleWords writes a rule as the words of its line.
func httpRuleWords(r *httpRule) []string {
	w := []string{"http-request", r.Type}
	add := func(words ...string) {
		for _, v := range words {
			if v != "" {
				w = append(w, quote(v))
			}
		}
	}
	addInt := func(key string, v *int64) {
		if v != nil {
			w = append(w, key, formatInt(*v))
		}
	}
	switch r.Type {
	case "deny", "tarpit":
		addInt("deny_status", r.DenyStatus)
	case "auth":
		if r.AuthRealm != "" {
			w = append(w, "realm", quote(r.AuthRealm))
		}
	case "redirect":
		add(r.RedirType, r.RedirValue)
		addInt("code", r.RedirCode)
		if r.RedirOption != "" {
			w = append(w, r.RedirOption)
		}
	case "return":
		addInt("status", r.ReturnStatusCode)
		if r.ReturnContentType != "" {
			w = append(w, "content-type", quote(r.ReturnContentType))
		}
		if r.ReturnContentFormat != "" {
			w = append(w, r.ReturnContentFormat, quote(r.ReturnContent))
		}
	case "add-header", "set-header":
		add(r.HdrName, r.HdrFormat)
	case "del-header":
		add(r.HdrName)
	case "replace-header", "replace-value":
		add(r.HdrName, r.HdrMatch, r.HdrFormat)
	case "set-path":
		add(r.PathFmt)
	case "replace-path":
		add(r.PathMatch, r.PathFmt)
	case "set-uri":
		add(r.URIFmt)
	case "set-query":
		add(r.QueryFmt)
	case "set-var", "unset-var":
		w[1] = r.Type + "(" + r.VarScope + "." + r.VarName + ")"
		if r.VarExpr != "" {
			w = append(w, r.VarExpr)
		}
	case "set-log-level":
		add(r.LogLevel)
	case "track-sc0", "track-sc1", "track-sc2":
		add(r.TrackScKey)
		if r.TrackScTable != "" {
			w = append(w, "table", quote(r.TrackScTable))
		}
	case "lua":
		w[1] = "lua." + r.LuaAction
		if r.LuaParams != "" {
			w = append(w, r.LuaParams)
		}
	case "use-service":
		add(r.ServiceName)
	case "set-timeout":
		add(r.TimeoutType, r.Timeout)
	}
	return withCondition(w, r.Cond, r.CondTest)
}

func checkCondition(cond, test string) error {
	if (cond == "") != (test == "") {
		return &FieldError{"cond_test", "cond and cond_test go together"}
	}
	return checkOneOf("cond", cond, dataplane.Conds...)
}

func checkHTTPRule(r *httpRule) error {
	var redirCode error
	if r.RedirCode != nil && !slices.Contains(dataplane.RedirCodes, *r.RedirCode) {
		redirCode = &FieldError{"redir_code", formatInt(*r.RedirCode) + " is not one of 301, 302, 303, 307, 308"}
	}
	var required error
	for field, need := range map[string]bool{
		"hdr_name":   slices.Contains([]string{"add-header", "set-header", "del-header", "replace-header", "replace-value"}, r.Type) && r.HdrName == "",
		"redir_type": r.Type == "redirect" && (r.RedirType == "" || r.RedirValue == ""),
		"var_name":   (r.Type == "set-var" || r.Type == "unset-var") && (r.VarName == "" || r.VarScope == ""),
		"lua_action": r.Type == "lua" && r.LuaAction == "",
	} {
		if need {
			required = &FieldError{field, "is required for type " + r.Type}
		}
	}
	return firstError(
		checkStrings(r),
		checkWord("type", r.Type),
		checkEnums(
			enumCheck{"type", r.Type, dataplane.HTTPRequestRuleTypes},
			enumCheck{"redir_type", r.RedirType, dataplane.RedirTypes},
			enumCheck{"return_content_format", r.ReturnContentFormat, dataplane.ReturnFormats},
			enumCheck{"var_scope", r.VarScope, dataplane.VarScopes},
			enumCheck{"timeout_type", r.TimeoutType, dataplane.TimeoutTypes},
			enumCheck{"log_level", r.LogLevel, dataplane.LogLevels},
		),
		checkCondition(r.Cond, r.CondTest),
		checkRanges(
			rangeCheck{"deny_status", r.DenyStatus, 200, 599},
			rangeCheck{"return_status_code", r.ReturnStatusCode, 200, 599},
		),
		redirCode,
		required,
	)
}

// HTTPRequestRules is the view of a frontend's or backend's ordered
// `http-request` lines.
var HTTPRequestRules = ListView[dataplane.HTTPRequestRule]{
	keyword: "http-request",
	parents: []string{"frontend", "backend"},
	read:    readHTTPRule,
	words:   httpRuleWords,
	check:   checkHTTPRule,
}

// BackendSwitchingRules is the view of a frontend's ordered `use_backend` lines.
var BackendSwitchingRules = ListView[dataplane.BackendSwitchingRule]{
	keyword: "use_backend",
	parents: []string{"frontend"},
	read: func(l *Line) dataplane.BackendSwitchingRule {
		r := dataplane.BackendSwitchingRule{}
		if len(l.words) > 1 {
			r.Name = l.words[1]
		}
		_, r.Cond, r.CondTest = condition(l, 2)
		return r
	},
	words: func(r *dataplane.BackendSwitchingRule) []string {
		return withCondition([]string{"use_backend", quote(r.Name)}, r.Cond, r.CondTest)
	},
	check: func(r *dataplane.BackendSwitchingRule) error {
		return firstError(checkStrings(r), checkWord("name", r.Name), checkCondition(r.Cond, r.CondTest))
	},
}
