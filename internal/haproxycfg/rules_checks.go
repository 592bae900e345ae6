package haproxycfg

import (
	"fmt"

	"github.com/tfhaproxy/terraform-provider-haproxy/internal/dataplane"
)

// The check and server-rule lists of a backend or listen section (and, for the
// checks, of a defaults section): `use-server`, `stick`, `http-check` and
// `tcp-check` lines. The rules are rows of action tables (actions.go); the
// set-var rows are http-request's, bound to the check models.
//
// `option httpchk` and `option tcp-check` are the backend's own (adv_check);
// every `http-check` and `tcp-check` line is an item of these lists, none is a
// backend setting, as in the official models.

type (
	httpCheck  = dataplane.HTTPCheck
	tcpCheck   = dataplane.TCPCheck
	stickRule  = dataplane.StickRule
	serverRule = dataplane.ServerSwitchingRule
)

// ServerSwitchingRules is the view of a backend's ordered `use-server` lines.
var ServerSwitchingRules = ListView[serverRule]{
	keyword: "use-server",
	parents: []string{"backend", "listen"},
	read: func(l *Line) serverRule {
		r := serverRule{}
		if len(l.words) > 1 {
			r.TargetServer = l.spell(1)
		}
		_, r.Cond, r.CondTest = condition(l, 2)
		return r
	},
	words: func(r *serverRule) []string {
		return withCondition([]string{"use-server", r.TargetServer}, r.Cond, r.CondTest)
	},
	metadata: func(r *serverRule) *dataplane.Metadata { return &r.Metadata },
	check: func(r *serverRule) error {
		return firstError(checkStrings(r), checkWord("target_server", r.TargetServer), checkCondition(r.Cond, r.CondTest))
	},
}

// stickArgs are the arguments of every stick rule: `<pattern> [table <table>]`.
func stickArgs() []actionArg {
	return []actionArg{pos("pattern", argText), key("table", "table", argText)}
}

// stickRules is the `stick <type>` table: the type is the word after stick.
var stickRules = bindActions[stickRule](newActionTable(
	action{name: "match", args: stickArgs()},
	action{name: "on", args: stickArgs()},
	action{name: "store-request", args: stickArgs()},
	action{name: "store-response", args: stickArgs()},
), nil)

// StickRules is the view of a backend's ordered `stick` lines.
var StickRules = ListView[stickRule]{
	keyword: "stick",
	parents: []string{"backend", "listen"},
	read:    func(l *Line) stickRule { return stickRules.read(l, 1) },
	words: func(r *stickRule) []string {
		return append([]string{"stick"}, stickRules.words(r)...)
	},
	wordsLike: func(old *Line, r *stickRule) []string {
		return append([]string{"stick"}, stickRules.wordsLike(old, 1, r)...)
	},
	metadata: func(r *stickRule) *dataplane.Metadata { return &r.Metadata },
	check: func(r *stickRule) error {
		return firstError(
			checkStrings(r),
			checkWord("type", r.Type),
			stickRules.checkValues(r, map[string][]string{"type": dataplane.StickRuleTypes, "cond": dataplane.Conds}, nil),
			checkCondition(r.Cond, r.CondTest),
			stickRules.checkRequired(r),
		)
	},
}

// checkComment is the `comment <text>` argument of connect, send and expect.
func checkComment() actionArg { return key("comment", "check_comment", argText) }

// The rows of both check lists, by the names of the official http_check; the
// tcp_check's differ in "action" and "var_fmt" (bound with renames).
var (
	// actCheckComment is a rule that only names the next ones in logs.
	actCheckComment = action{name: "comment", args: []actionArg{pos("check_comment", argText)}}
	actCheckConnect = action{name: "connect", args: []actionArg{
		flag("default", "default"),
		{keys: []string{"port"}, field: "port", value: "port_string", kind: argIntOrText},
		key("addr", "addr", argText),
		flag("send-proxy", "send_proxy"),
		flag("via-socks4", "via_socks4"),
		flag("ssl", "ssl"),
		key("sni", "sni", argText),
		key("alpn", "alpn", argText),
		flag("linger", "linger"),
		key("proto", "proto", argText),
		checkComment(),
	}}
)

// checkExpect is the expect row with the matches of its list. HAProxy reads
// the options before the match in any order; the pattern is the rest of the
// line, as the official API reads it (`hdr name <name> value <fmt>` is more than
// a word).
func checkExpect(matches []string) action {
	return action{name: "expect", args: []actionArg{
		key("min-recv", "min_recv", argInt),
		checkComment(),
		key("ok-status", "ok_status", argWord),
		key("error-status", "error_status", argWord),
		key("tout-status", "tout_status", argWord),
		key("on-success", "on_success", argText),
		key("on-error", "on_error", argText),
		key("status-code", "status-code", argText),
		flag("!", "exclamation_mark"),
		required(actionArg{keys: matches, field: "match", value: "pattern", kind: argTail}),
	}}
}

// checkRuleEnums are the allowed values of the check members that have them, from
// the official models, with the matches of a list; checkRuleRanges their ranges
// (min-recv -1 is HAProxy's "no minimum").
func checkRuleEnums(matches []string) map[string][]string {
	return map[string][]string{
		"ok_status": dataplane.CheckOkStatuses, "error_status": dataplane.CheckErrStatuses,
		"tout_status": dataplane.CheckToutStatus, "method": dataplane.HTTPCheckMethods, "match": matches,
	}
}

var (
	httpCheckEnums  = checkRuleEnums(dataplane.HTTPCheckMatches)
	tcpCheckEnums   = checkRuleEnums(dataplane.TCPCheckMatches)
	checkRuleRanges = map[string][2]int64{"port": {1, 65535}, "min_recv": {-1, 1<<31 - 1}}
)

// checkHeaders checks the headers of a send rule.
func checkHeaders(headers []dataplane.ReturnHeader) error {
	for i, h := range headers {
		if err := firstError(checkWord(fmt.Sprintf("headers[%d].name", i), h.Name), checkWord(fmt.Sprintf("headers[%d].fmt", i), h.Fmt)); err != nil {
			return err
		}
	}
	return nil
}

// checkExpectation refuses an expect rule without its match and pattern.
func checkExpectation(typ, match, pattern string) error {
	if typ != "expect" {
		return nil
	}
	return firstError(checkWord("match", match), checkWord("pattern", pattern))
}

var httpChecks = bindActions[httpCheck](newActionTable(
	actCheckComment, actCheckConnect,
	action{name: "send", args: []actionArg{
		key("meth", "method", argWord),
		key("uri", "uri", argText),
		key("uri-lf", "uri_log_format", argText),
		key("ver", "version", argText),
		key("hdr", "headers", argHeaders),
		key("body", "body", argText),
		key("body-lf", "body_log_format", argText),
		checkComment(),
	}},
	checkExpect(dataplane.HTTPCheckMatches),
	action{name: "send-state"},
	action{name: "disable-on-404"},
	actSetVar, actSetVarFmt, actUnsetVar,
).withoutConditions(), nil)

// HTTPChecks is the view of a backend's ordered `http-check` lines.
var HTTPChecks = ListView[httpCheck]{
	keyword: "http-check",
	parents: []string{"defaults", "backend", "listen"},
	read:    func(l *Line) httpCheck { return httpChecks.read(l, 1) },
	words: func(r *httpCheck) []string {
		return append([]string{"http-check"}, httpChecks.words(r)...)
	},
	wordsLike: func(old *Line, r *httpCheck) []string {
		return append([]string{"http-check"}, httpChecks.wordsLike(old, 1, r)...)
	},
	metadata: func(r *httpCheck) *dataplane.Metadata { return &r.Metadata },
	check: func(r *httpCheck) error {
		return firstError(
			checkStrings(r),
			checkWord("type", r.Type),
			checkHeaders(r.CheckHeaders),
			httpChecks.checkValues(r, httpCheckEnums, checkRuleRanges),
			httpChecks.checkRequired(r),
			checkExpectation(r.Type, r.Match, r.Pattern),
		)
	},
}

var tcpChecks = bindActions[tcpCheck](newActionTable(
	actCheckComment, actCheckConnect,
	action{name: "send", args: []actionArg{pos("data", argText), checkComment()}},
	action{name: "send-lf", args: []actionArg{pos("fmt", argText), checkComment()}},
	action{name: "send-binary", args: []actionArg{pos("hex_string", argText), checkComment()}},
	action{name: "send-binary-lf", args: []actionArg{pos("hex_fmt", argText), checkComment()}},
	checkExpect(dataplane.TCPCheckMatches),
	actSetVar, actSetVarFmt, actUnsetVar,
).withoutConditions(), map[string]string{"type": "action", "var_format": "var_fmt"})

// TCPChecks is the view of a backend's ordered `tcp-check` lines.
var TCPChecks = ListView[tcpCheck]{
	keyword: "tcp-check",
	parents: []string{"defaults", "backend", "listen"},
	read:    func(l *Line) tcpCheck { return tcpChecks.read(l, 1) },
	words: func(r *tcpCheck) []string {
		return append([]string{"tcp-check"}, tcpChecks.words(r)...)
	},
	wordsLike: func(old *Line, r *tcpCheck) []string {
		return append([]string{"tcp-check"}, tcpChecks.wordsLike(old, 1, r)...)
	},
	metadata: func(r *tcpCheck) *dataplane.Metadata { return &r.Metadata },
	check: func(r *tcpCheck) error {
		return firstError(
			checkStrings(r),
			checkWord("action", r.Action),
			tcpChecks.checkValues(r, tcpCheckEnums, checkRuleRanges),
			tcpChecks.checkRequired(r),
			checkExpectation(r.Action, r.Match, r.Pattern),
		)
	},
}
