package haproxycfg

import (
	"slices"
	"strings"

	"github.com/tfhaproxy/terraform-provider-haproxy/internal/dataplane"
)

// The response side's rule lists: http-response, http-after-response and
// http-error lines. Their actions are the http-request rows where HAProxy's
// syntax is the same (actions_http.go), bound to their own models, and the
// rows below where it differs.

type (
	responseRule      = dataplane.HTTPResponseRule
	afterResponseRule = dataplane.HTTPAfterResponseRule
	errorRule         = dataplane.HTTPErrorRule
)

// The actions only the response side has, or spells otherwise.
var (
	actCacheStore = action{name: "cache-store", args: []actionArg{pos("cache_name", argText)}}
	// actCaptureSlot is http-response's capture, into a slot its frontend
	// declares: `capture <sample> id <id>`, without http-request's `len`.
	actCaptureSlot = action{name: "capture", args: []actionArg{pos("capture_sample", argText), required(key("id", "capture_id", argInt))}}
	actSetStatus   = action{name: "set-status", args: []actionArg{pos("status", argInt), key("reason", "status_reason", argText)}}
)

// httpResponseActions are the actions of http-response rules.
var httpResponseActions = newActionTable(
	actAddACL, actAddHeader, actAddHeadersBin, actAllow, actCacheStore, actCaptureSlot, actDelACL, actDelHeader,
	actDelHeadersBin, actDelMap, actDeny, actDoLog, actLua, actPause, actRedirect, actReplaceHeader,
	actReplaceValue, actReturn, actScAddGpc, actScIncGpc, actScIncGpc0, actScIncGpc1, actScSetGpt, actScSetGpt0,
	actSendSpoe, actSetBandwidth, exprAction("set-fc-mark"), exprAction("set-fc-tos"), actSetHeader,
	actSetHeadersBin, actSetLogLevel, actSetMap, actSetMark, actSetNice, actSetStatus, actSetTimeout, actSetTos,
	actSetVar, actSetVarFmt, actSilentDrop, actStrictMode, actTrackSc, actUnsetVar, actWaitForBody,
)

// httpAfterResponseActions are the actions of http-after-response rules. Its
// capture is http-request's row: the official model has both len and id.
var httpAfterResponseActions = newActionTable(
	actAddHeader, actAddHeadersBin, actAllow, actCapture, actDelACL, actDelHeader, actDelHeadersBin, actDelMap,
	actDoLog, actReplaceHeader, actReplaceValue, actScAddGpc, actScIncGpc, actScIncGpc0, actScIncGpc1,
	actScSetGpt, actScSetGpt0, actSetHeader, actSetHeadersBin, actSetLogLevel, actSetMap, actSetStatus,
	actSetVar, actSetVarFmt, actStrictMode, actUnsetVar,
)

// httpErrorActions is the one action of http-error lines, which take no
// condition: `status <code>` and the response, as return's.
var httpErrorActions = newActionTable(action{name: "status", args: append([]actionArg{pos("status", argInt)}, responseContentArgs()...)}).withoutConditions()

var (
	httpResponseRules      = bindActions[responseRule](httpResponseActions, nil)
	httpAfterResponseRules = bindActions[afterResponseRule](httpAfterResponseActions, nil)
	httpErrorRules         = bindActions[errorRule](httpErrorActions, nil)
)

// checkSetStatus checks set-status's code, which it must have; 0 is unset
// for the other actions.
func checkSetStatus(typ string, status int64) error {
	if typ != "set-status" && status == 0 {
		return nil
	}
	return checkRange("status", &status, 100, 999)
}

// ruleView is the view of the lines of keyword whose actions are b, checked
// by check; m's metadata is metadata's.
func ruleView[M any](keyword string, b boundActions[M], check func(*M) error, metadata func(*M) *dataplane.Metadata) ListView[M] {
	return ListView[M]{
		keyword: keyword,
		parents: []string{"frontend", "backend", "defaults", "listen"},
		read:    func(l *Line) M { return b.read(l, 1) },
		words:   func(m *M) []string { return append([]string{keyword}, b.words(m)...) },
		wordsLike: func(old *Line, m *M) []string {
			return append([]string{keyword}, b.wordsLike(old, 1, m)...)
		},
		check:    check,
		metadata: metadata,
	}
}

// HTTPResponseRules is the view of a section's ordered `http-response` lines.
var HTTPResponseRules = ruleView("http-response", httpResponseRules, func(r *responseRule) error {
	legacyTrackSc(&r.Type, &r.TrackScStickCounter)
	return firstError(
		checkStrings(r),
		checkWord("type", r.Type),
		httpResponseRules.checkValues(r, httpRuleEnums, httpRuleRanges),
		checkSetStatus(r.Type, r.Status),
		checkCondition(r.Cond, r.CondTest),
		checkRedirCode(r.RedirCode),
		checkMarks(r.MarkValue, r.TosValue),
		checkReturnHeaders(r.ReturnHeaders),
		httpResponseRules.checkRequired(r),
	)
}, func(r *responseRule) *dataplane.Metadata { return &r.Metadata })

// HTTPAfterResponseRules is the view of a section's ordered
// `http-after-response` lines.
var HTTPAfterResponseRules = ruleView("http-after-response", httpAfterResponseRules, func(r *afterResponseRule) error {
	return firstError(
		checkStrings(r),
		checkWord("type", r.Type),
		httpAfterResponseRules.checkValues(r, httpRuleEnums, httpRuleRanges),
		checkSetStatus(r.Type, r.Status),
		checkCondition(r.Cond, r.CondTest),
		httpAfterResponseRules.checkRequired(r),
	)
}, func(r *afterResponseRule) *dataplane.Metadata { return &r.Metadata })

// HTTPErrorRules is the view of a section's ordered `http-error` lines.
var HTTPErrorRules = ruleView("http-error", httpErrorRules, func(r *errorRule) error {
	var status error
	if !slices.Contains(dataplane.HTTPErrorStatuses, r.Status) {
		codes := make([]string, len(dataplane.HTTPErrorStatuses))
		for i, c := range dataplane.HTTPErrorStatuses {
			codes[i] = formatInt(c)
		}
		status = &FieldError{"status", formatInt(r.Status) + " is not one of " + strings.Join(codes, ", ")}
	}
	return firstError(
		checkStrings(r),
		checkWord("type", r.Type),
		httpErrorRules.checkValues(r, httpRuleEnums, nil),
		checkReturnHeaders(r.ReturnHeaders),
		httpErrorRules.checkRequired(r),
		status,
	)
}, func(r *errorRule) *dataplane.Metadata { return &r.Metadata })
