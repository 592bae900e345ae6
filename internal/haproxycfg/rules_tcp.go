package haproxycfg

import (
	"fmt"
	"reflect"
	"regexp"
	"strings"

	"github.com/tfhaproxy/terraform-provider-haproxy/internal/dataplane"
)

// The TCP rule lists: `tcp-request connection|session|content <action> ...`
// and `tcp-response content <action> ...`, whose actions are rows of the
// http-request table where HAProxy spells them the same, bound to the official
// TCP models' members; and `tcp-request|tcp-response inspect-delay <time>`,
// the type without an action.

type (
	tcpRequestRule  = dataplane.TCPRequestRule
	tcpResponseRule = dataplane.TCPResponseRule
)

// The rows only the TCP lists have.
var (
	actAccept          = action{name: "accept"}
	actClose           = action{name: "close"}
	actExpectProxy     = action{name: "expect-proxy", args: []actionArg{lit("layer4")}}
	actExpectNetscaler = action{name: "expect-netscaler-cip", args: []actionArg{lit("layer4")}}
	actAttachSrv       = action{name: "attach-srv", args: []actionArg{pos("server_name", argText), key("name", "expr", argText)}}
	actSwitchMode      = action{name: "switch-mode", args: []actionArg{lit("http"), key("proto", "switch_mode_proto", argText)}}
	// capture takes no id here, and the length is required (checkTCPRequestRule).
	actTCPCapture   = action{name: "capture", args: []actionArg{pos("capture_sample", argText), key("len", "capture_len", argInt)}}
	actTCPDoResolve = action{name: "do-resolve", head: "do-resolve({resolve_var},{resolve_resolvers}[,{resolve_protocol}])",
		args: []actionArg{pos("expr", argText)}}
)

// tcpRequestActions are the actions of tcp-request rules, of every type: HAProxy
// refuses the ones a type does not take.
var tcpRequestActions = newActionTable(
	actAccept, actAttachSrv, actTCPCapture, actDoLog, actTCPDoResolve, actExpectNetscaler, actExpectProxy, actLua,
	actReject, actScAddGpc, actScIncGpc, actScIncGpc0, actScIncGpc1, actScSetGpt, scSetGpt0("gpt_value"),
	actSendSpoe, actSetBandwidth, exprAction("set-bc-mark"), exprAction("set-bc-tos"), exprAction("set-dst"),
	exprAction("set-dst-port"), exprAction("set-fc-mark"), exprAction("set-fc-tos"), actSetLogLevel, actSetMark,
	actSetNice, exprAction("set-priority-class"), exprAction("set-priority-offset"), exprAction("set-retries"),
	exprAction("set-src"), exprAction("set-src-port"), actSetTos, actSetVar, actSetVarFmt, actSilentDrop,
	actSwitchMode, actTrackSc, actUnsetVar, actUseService,
)

// tcpResponseActions are the actions of tcp-response content rules.
var tcpResponseActions = newActionTable(
	actAccept, actClose, actDoLog, actLua, actReject, actScAddGpc, actScIncGpc, actScIncGpc0, actScIncGpc1,
	actScSetGpt, scSetGpt0("expr"), actSendSpoe, actSetBandwidth, exprAction("set-fc-mark"),
	exprAction("set-fc-tos"), actSetLogLevel, actSetMark, actSetNice, actSetTos, actSetVar, actSetVarFmt,
	actSilentDrop, actUnsetVar,
)

// The rows bound to the official models, with their names for the rows' members.
var (
	tcpRequestRows = bindActions[tcpRequestRule](tcpRequestActions, map[string]string{
		"type": "action", "sc_id": "sc_inc_id", "sc_expr": "expr", "var_expr": "expr",
		"track_sc_key": "track_key", "track_sc_stick_counter": "track_stick_counter", "track_sc_table": "track_table",
		"spoe_engine": "spoe_engine_name", "spoe_group": "spoe_group_name",
	})
	tcpResponseRows = bindActions[tcpResponseRule](tcpResponseActions, map[string]string{"type": "action", "var_expr": "expr"})
)

// The allowed values of the TCP rules' members that have them.
var (
	tcpRuleEnums = map[string][]string{
		"cond": dataplane.Conds, "log_level": dataplane.LogLevels, "var_scope": dataplane.VarScopes,
		"resolve_protocol": dataplane.ResolveProtocols,
	}
	tcpRuleRanges = map[string][2]int64{
		"nice_value": {-1024, 1024}, "rst_ttl": {0, 255}, "capture_len": {0, maxInt},
		"track_stick_counter": {0, maxInt}, "sc_id": {0, maxInt}, "sc_idx": {0, maxInt},
	}
	// counterPattern is a sticky counter's number or index where the official
	// model has it as a string (tcp_request_rule's sc_idx and sc_inc_id).
	counterPattern = regexp.MustCompile(`^[0-9]+$`)
)

// tcpRules is what the two TCP lists share: `<keyword> <type> <action...>`,
// or `<keyword> inspect-delay <time>`.
type tcpRules[M any] struct {
	keyword string
	rows    boundActions[M]
	types   []string
	typ     func(*M) *string
	timeout func(*M) **int64
}

func (t tcpRules[M]) read(l *Line) M {
	var m M
	if len(l.words) < 2 {
		return m
	}
	if l.words[1] == dataplane.InspectDelay {
		if len(l.words) > 2 {
			if n, ok := parseTime(l.words[2]); ok {
				*t.timeout(&m) = &n
			}
		}
	} else {
		m = t.rows.read(l, 2)
	}
	*t.typ(&m) = l.words[1]
	return m
}

func (t tcpRules[M]) words(m *M) []string { return t.wordsLike(nil, m) }

func (t tcpRules[M]) wordsLike(old *Line, m *M) []string {
	w := []string{t.keyword, *t.typ(m)}
	if *t.typ(m) != dataplane.InspectDelay {
		return append(w, t.rows.wordsLike(old, 2, m)...)
	}
	if d := *t.timeout(m); d != nil {
		w = append(w, formatTime(*d))
	}
	return w
}

// check checks what every TCP rule must say: a type of the list; with
// inspect-delay a time and nothing else, with the other types an action with
// the values it requires and no time.
func (t tcpRules[M]) check(m *M) error {
	typ, timeout := *t.typ(m), *t.timeout(m)
	v := reflect.ValueOf(m).Elem()
	action, cond := t.rows.field(v, "type").String(), t.rows.field(v, "cond").String()
	if typ == "" {
		return &FieldError{"type", "is required: one of " + strings.Join(t.types, ", ")}
	}
	if err := checkOneOf("type", typ, t.types...); err != nil {
		return err
	}
	if typ == dataplane.InspectDelay {
		switch {
		case timeout == nil:
			return &FieldError{"timeout", "is required for type inspect-delay"}
		case action != "":
			return &FieldError{"action", "type inspect-delay takes no action"}
		case cond != "":
			return &FieldError{"cond", "type inspect-delay takes no condition"}
		}
		return nil
	}
	if timeout != nil {
		return &FieldError{"timeout", "is only for type inspect-delay"}
	}
	return firstError(
		t.rows.checkValues(m, tcpRuleEnums, tcpRuleRanges),
		checkCondition(cond, t.rows.field(v, "cond_test").String()),
		t.rows.checkRequired(m),
	)
}

// adopt moves a value a client put in the member the official server reads
// (from) into the one its model documents (to), when to is empty: the
// official server reads some actions' values from other members than its
// specification says, and clients written against either must work.
func adopt(to, from *string) {
	if *to == "" && *from != "" {
		*to, *from = *from, ""
	}
}

var tcpRequestList = tcpRules[tcpRequestRule]{
	keyword: "tcp-request",
	rows:    tcpRequestRows,
	types:   dataplane.TCPRequestRuleTypes,
	typ:     func(r *tcpRequestRule) *string { return &r.Type },
	timeout: func(r *tcpRequestRule) **int64 { return &r.Timeout },
}

func checkTCPRequestRule(r *tcpRequestRule) error {
	legacyTrackSc(&r.Action, &r.TrackStickCounter)
	switch r.Action {
	case "capture":
		adopt(&r.CaptureSample, &r.Expr)
	case "do-resolve":
		adopt(&r.ResolveVar, &r.VarName)
	case "sc-set-gpt0":
		adopt(&r.GptValue, &r.Expr)
	}
	var counter error
	for _, c := range [][2]string{{"sc_idx", r.ScIdx}, {"sc_inc_id", r.ScIncID}} {
		if c[1] != "" && !counterPattern.MatchString(c[1]) && counter == nil {
			counter = &FieldError{c[0], fmt.Sprintf("%q is not a number", c[1])}
		}
	}
	var length error
	if r.Action == "capture" && r.CaptureLen <= 0 && r.Type != dataplane.InspectDelay {
		length = &FieldError{"capture_len", "is required for action capture, above 0"}
	}
	return firstError(
		checkStrings(r),
		tcpRequestList.check(r),
		checkMarks(r.MarkValue, r.TosValue),
		counter,
		length,
	)
}

// TCPRequestRules is the view of a section's ordered `tcp-request` lines.
var TCPRequestRules = ListView[tcpRequestRule]{
	keyword:   "tcp-request",
	parents:   []string{"frontend", "backend", "defaults", "listen"},
	read:      tcpRequestList.read,
	words:     tcpRequestList.words,
	wordsLike: tcpRequestList.wordsLike,
	check:     checkTCPRequestRule,
	metadata:  func(r *tcpRequestRule) *dataplane.Metadata { return &r.Metadata },
}

var tcpResponseList = tcpRules[tcpResponseRule]{
	keyword: "tcp-response",
	rows:    tcpResponseRows,
	types:   dataplane.TCPResponseRuleTypes,
	typ:     func(r *tcpResponseRule) *string { return &r.Type },
	timeout: func(r *tcpResponseRule) **int64 { return &r.Timeout },
}

func checkTCPResponseRule(r *tcpResponseRule) error {
	switch r.Action {
	case "sc-add-gpc", "sc-set-gpt":
		adopt(&r.ScExpr, &r.Expr)
	case "sc-set-gpt0":
		adopt(&r.Expr, &r.ScExpr)
	}
	return firstError(
		checkStrings(r),
		tcpResponseList.check(r),
		checkMarks(r.MarkValue, r.TosValue),
	)
}

// TCPResponseRules is the view of a section's ordered `tcp-response` lines.
var TCPResponseRules = ListView[tcpResponseRule]{
	keyword:   "tcp-response",
	parents:   []string{"backend", "defaults", "listen"},
	read:      tcpResponseList.read,
	words:     tcpResponseList.words,
	wordsLike: tcpResponseList.wordsLike,
	check:     checkTCPResponseRule,
	metadata:  func(r *tcpResponseRule) *dataplane.Metadata { return &r.Metadata },
}
