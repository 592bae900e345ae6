package haproxycfg

import (
	"slices"
	"strings"

	"github.com/tfhaproxy/terraform-provider-haproxy/internal/dataplane"
)

type httpRule = dataplane.HTTPRequestRule

// defaultErrorfiles is the return format that takes no content.
const defaultErrorfiles = "default-errorfiles"

// returnFileFormats are the return formats whose content names a file HAProxy
// reads (see files.go); "errorfiles" names an http-errors section.
var returnFileFormats = []string{"errorfile", "file", "lf-file"}

// condition finds a rule's `if`/`unless` from word `from` on: its arguments are the
// words before end, the condition the text after it, as spelled.
func condition(l *Line, from int) (end int, cond, test string) {
	for i := from; i < len(l.words); i++ {
		if w := l.words[i]; w == "if" || w == "unless" {
			return i, w, rawFrom(l, i+1)
		}
	}
	return len(l.words), "", ""
}

func withCondition(w []string, cond, test string) []string {
	if cond != "" {
		w = append(w, cond, test)
	}
	return w
}

// ruleArgs are the words of a rule between its action and its condition.
type ruleArgs struct {
	l         *Line
	from, end int // l.words[from:end]
}

// word is argument i as HAProxy reads it, for keywords, numbers and fixed lists.
func (a ruleArgs) word(i int) string {
	if a.from+i < a.end {
		return a.l.words[a.from+i]
	}
	return ""
}

// spell is argument i as spelled, for free-form values.
func (a ruleArgs) spell(i int) string {
	if a.from+i < a.end {
		return a.l.spell(a.from + i)
	}
	return ""
}

// rest is the text from argument i to the last one, as spelled.
func (a ruleArgs) rest(i int) string { return rawRange(a.l, a.from+i, a.end) }

// keyed returns, for each of keys found among the arguments with a value after it,
// the index of that value (0 for a key not found).
func (a ruleArgs) keyed(keys ...string) map[string]int {
	at := map[string]int{}
	for i := 0; a.from+i+1 < a.end; i++ {
		if k := a.word(i); slices.Contains(keys, k) {
			at[k] = i + 1
			i++
		}
	}
	return at
}

// readHTTPRule reads `http-request <action> [arguments] [if|unless <condition>]`.
func readHTTPRule(l *Line) httpRule {
	var r httpRule
	if len(l.words) < 2 {
		return r
	}
	var end int
	end, r.Cond, r.CondTest = condition(l, 2)
	a := ruleArgs{l: l, from: 2, end: end}
	action := l.words[1]
	r.Type = action
	switch {
	case action == "deny" || action == "tarpit":
		if i := a.keyed("deny_status")["deny_status"]; i > 0 {
			r.DenyStatus = optionalInt(a.word(i))
		}
	case action == "auth":
		if i := a.keyed("realm")["realm"]; i > 0 {
			r.AuthRealm = a.spell(i)
		}
	case action == "redirect":
		a.readRedirect(&r)
	case action == "return":
		keys := []string{"status", "content-type"}
		for _, f := range dataplane.ReturnFormats {
			if f != defaultErrorfiles {
				keys = append(keys, f)
			}
		}
		at := a.keyed(keys...)
		if i := at["status"]; i > 0 {
			r.ReturnStatusCode = optionalInt(a.word(i))
		}
		if i := at["content-type"]; i > 0 {
			r.ReturnContentType = a.spell(i)
		}
		for _, f := range dataplane.ReturnFormats {
			if i := at[f]; i > 0 {
				r.ReturnContentFormat, r.ReturnContent = f, a.spell(i)
			}
		}
		if slices.Contains(l.words[2:end], defaultErrorfiles) {
			r.ReturnContentFormat, r.ReturnContent = defaultErrorfiles, ""
		}
	case action == "add-header" || action == "set-header":
		r.HdrName, r.HdrFormat = a.spell(0), a.spell(1)
	case action == "del-header":
		r.HdrName = a.spell(0)
	case action == "replace-header" || action == "replace-value":
		r.HdrName, r.HdrMatch, r.HdrFormat = a.spell(0), a.spell(1), a.spell(2)
	case action == "set-path":
		r.PathFmt = a.spell(0)
	case action == "replace-path":
		r.PathMatch, r.PathFmt = a.spell(0), a.spell(1)
	case action == "set-uri":
		r.URIFmt = a.spell(0)
	case action == "set-query":
		r.QueryFmt = a.spell(0)
	case strings.HasPrefix(action, "set-var(") || strings.HasPrefix(action, "unset-var("):
		typ, v, _ := strings.Cut(strings.TrimSuffix(action, ")"), "(")
		r.Type = typ
		r.VarScope, r.VarName, _ = strings.Cut(v, ".")
		if typ == "set-var" {
			r.VarExpr = a.rest(0)
		}
	case action == "set-log-level":
		r.LogLevel = a.word(0)
	case strings.HasPrefix(action, "track-sc"):
		r.TrackScKey = a.spell(0)
		if i := a.keyed("table")["table"]; i > 0 {
			r.TrackScTable = a.spell(i)
		}
	case strings.HasPrefix(action, "lua."):
		r.Type, r.LuaAction, r.LuaParams = "lua", strings.TrimPrefix(action, "lua."), a.rest(0)
	case action == "use-service":
		r.ServiceName = a.spell(0)
	case action == "set-timeout":
		r.TimeoutType, r.Timeout = a.word(0), a.spell(1)
	}
	return r
}

// readRedirect reads `<type> <value> [code <n>] [options]`, type and code in any
// place, as HAProxy does; the options are the other arguments as spelled: the text
// from the first to the last, or its runs joined by a space where the type or the
// code stands between them.
func (a ruleArgs) readRedirect(r *httpRule) {
	var runs []string
	start := 0
	flush := func(stop int) {
		if run := rawRange(a.l, a.from+start, a.from+stop); run != "" {
			runs = append(runs, run)
		}
		start = stop + 2
	}
	for i := 0; a.from+i+1 < a.end; i++ {
		switch w := a.word(i); {
		case w == "code":
			r.RedirCode = optionalInt(a.word(i + 1))
		case r.RedirType == "" && slices.Contains(dataplane.RedirTypes, w):
			r.RedirType, r.RedirValue = w, a.spell(i+1)
		default:
			continue
		}
		flush(i)
		i++
	}
	flush(a.end - a.from)
	r.RedirOption = strings.Join(runs, " ")
}

// httpRuleWords writes a rule as the words of its line, each value as spelled.
func httpRuleWords(r *httpRule) []string {
	w := []string{"http-request", r.Type}
	add := func(words ...string) {
		for _, v := range words {
			if v != "" {
				w = append(w, v)
			}
		}
	}
	addKey := func(key, v string) {
		if v != "" {
			w = append(w, key, v)
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
		addKey("realm", r.AuthRealm)
	case "redirect":
		add(r.RedirType, r.RedirValue)
		addInt("code", r.RedirCode)
		add(r.RedirOption)
	case "return":
		addInt("status", r.ReturnStatusCode)
		addKey("content-type", r.ReturnContentType)
		add(r.ReturnContentFormat, r.ReturnContent)
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
		add(r.VarExpr)
	case "set-log-level":
		add(r.LogLevel)
	case "track-sc0", "track-sc1", "track-sc2":
		add(r.TrackScKey)
		addKey("table", r.TrackScTable)
	case "lua":
		w[1] = "lua." + r.LuaAction
		add(r.LuaParams)
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
			r.Name = l.spell(1)
		}
		_, r.Cond, r.CondTest = condition(l, 2)
		return r
	},
	words: func(r *dataplane.BackendSwitchingRule) []string {
		return withCondition([]string{"use_backend", r.Name}, r.Cond, r.CondTest)
	},
	check: func(r *dataplane.BackendSwitchingRule) error {
		return firstError(checkStrings(r), checkWord("name", r.Name), checkCondition(r.Cond, r.CondTest))
	},
}
