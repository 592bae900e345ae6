package haproxycfg

import (
	"fmt"
	"regexp"
	"slices"

	"github.com/tfhaproxy/terraform-provider-haproxy/internal/dataplane"
)

type httpRule = dataplane.HTTPRequestRule

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

// httpRequestRules is the http-request action table bound to the model.
var httpRequestRules = bindActions[httpRule](httpRequestActions, nil)

// readHTTPRule reads `http-request <action> [arguments] [if|unless <condition>]`.
func readHTTPRule(l *Line) httpRule { return httpRequestRules.read(l, 1) }

// httpRuleWords writes a rule as the words of its line, each value as spelled.
func httpRuleWords(r *httpRule) []string {
	return append([]string{"http-request"}, httpRequestRules.words(r)...)
}

func checkCondition(cond, test string) error {
	if (cond == "") != (test == "") {
		return &FieldError{"cond_test", "cond and cond_test go together"}
	}
	return checkOneOf("cond", cond, dataplane.Conds...)
}

// httpRuleEnums and httpRuleRanges are the allowed values of the rule fields
// that have them, from the official model (and HAProxy's manual where the
// official model has none: var_scope, hdr_method).
var (
	httpRuleEnums = map[string][]string{
		"cond": dataplane.Conds, "redir_type": dataplane.RedirTypes, "return_content_format": dataplane.ReturnFormats,
		"var_scope": dataplane.VarScopes, "timeout_type": dataplane.TimeoutTypes, "log_level": dataplane.LogLevels,
		"normalizer": dataplane.Normalizers, "protocol": dataplane.ResolveProtocols, "strict_mode": dataplane.StrictModes,
		"hdr_method": dataplane.HeaderMatchMethods,
	}
	httpRuleRanges = map[string][2]int64{
		"deny_status": {200, 599}, "return_status_code": {200, 599}, "nice_value": {-1024, 1024},
		"wait_time": {0, maxInt}, "wait_at_least": {0, maxInt}, "track_sc_stick_counter": {0, maxInt},
		"sc_id": {0, maxInt}, "sc_idx": {0, maxInt}, "capture_id": {0, maxInt}, "capture_len": {0, maxInt},
		"rst_ttl": {0, 255},
	}
	// markPattern is a mark or TOS value: decimal, or hexadecimal after 0x.
	markPattern = regexp.MustCompile(`^(0x[0-9A-Fa-f]+|[0-9]+)$`)
)

const maxInt = 1<<63 - 1

// checkHTTPRule checks a rule before it is written.
func checkHTTPRule(r *httpRule) error {
	legacyTrackSc(&r.Type, &r.TrackScStickCounter)
	return firstError(
		checkStrings(r),
		checkWord("type", r.Type),
		httpRequestRules.checkValues(r, httpRuleEnums, httpRuleRanges),
		checkCondition(r.Cond, r.CondTest),
		checkRedirCode(r.RedirCode),
		checkMarks(r.MarkValue, r.TosValue),
		checkReturnHeaders(r.ReturnHeaders),
		httpRequestRules.checkRequired(r),
	)
}

// legacyTrackSc makes a legacy track-sc0..2 type track-sc with its counter
// first, as the official model says it.
func legacyTrackSc(typ *string, counter **int64) {
	if slices.Contains(dataplane.LegacyTrackSc, *typ) && *counter == nil {
		n := int64((*typ)[len(*typ)-1] - '0')
		*typ, *counter = "track-sc", &n
	}
}

// checkRedirCode checks a redirect's code, which the official model enumerates.
func checkRedirCode(code *int64) error {
	if code != nil && !slices.Contains(dataplane.RedirCodes, *code) {
		return &FieldError{"redir_code", formatInt(*code) + " is not one of 301, 302, 303, 307, 308"}
	}
	return nil
}

// checkMarks checks the mark and TOS values of set-mark and set-tos.
func checkMarks(mark, tos string) error {
	for _, m := range [][2]string{{"mark_value", mark}, {"tos_value", tos}} {
		if m[1] != "" && !markPattern.MatchString(m[1]) {
			return &FieldError{m[0], fmt.Sprintf("%q is not a number, decimal or hexadecimal (0x...)", m[1])}
		}
	}
	return nil
}

// checkReturnHeaders checks the headers of a response a rule makes: a name and
// a format, one word each.
func checkReturnHeaders(hdrs []dataplane.ReturnHeader) error {
	for i, h := range hdrs {
		if err := firstError(checkWord(fmt.Sprintf("return_hdrs[%d].name", i), h.Name), checkWord(fmt.Sprintf("return_hdrs[%d].fmt", i), h.Fmt)); err != nil {
			return err
		}
	}
	return nil
}

// HTTPRequestRules is the view of a frontend's or backend's ordered
// `http-request` lines.
var HTTPRequestRules = ListView[dataplane.HTTPRequestRule]{
	keyword: "http-request",
	parents: []string{"frontend", "backend", "defaults", "listen"},
	read:    readHTTPRule,
	words:   httpRuleWords,
	wordsLike: func(old *Line, r *httpRule) []string {
		return append([]string{"http-request"}, httpRequestRules.wordsLike(old, 1, r)...)
	},
	check:    checkHTTPRule,
	metadata: func(r *httpRule) *dataplane.Metadata { return &r.Metadata },
}

// BackendSwitchingRules is the view of a frontend's ordered `use_backend` lines.
var BackendSwitchingRules = ListView[dataplane.BackendSwitchingRule]{
	keyword: "use_backend",
	parents: []string{"frontend", "listen"},
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
	metadata: func(r *dataplane.BackendSwitchingRule) *dataplane.Metadata { return &r.Metadata },
	check: func(r *dataplane.BackendSwitchingRule) error {
		return firstError(checkStrings(r), checkWord("name", r.Name), checkCondition(r.Cond, r.CondTest))
	},
}
