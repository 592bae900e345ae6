package haproxycfg

import (
	"errors"
	"strings"
	"testing"
)

// TestItemText: an item reads from its line's text after the keyword and
// writes back to the same words; text the tables cannot read whole, or that
// holds a comment or a control character, is refused.
func TestItemText(t *testing.T) {
	for _, text := range []string{
		`set-header X-Frame-Options DENY`,
		`deny deny_status 403 if { path_beg /admin }`,
		`deny status 403 unless is_api`,
		`set-var(txn.host) req.hdr(host),lower`,
		`redirect scheme https code 301 if !{ ssl_fc }`,
		`set-header X-Note "a # b"`,
	} {
		r, err := HTTPRequestRules.ParseItem(text)
		if err != nil {
			t.Errorf("%s: %v", text, err)
			continue
		}
		back, err := HTTPRequestRules.ParseItem(HTTPRequestRules.ItemText(r))
		if err != nil || !HTTPRequestRules.SameItem(back, r) {
			t.Errorf("%s: written %q, read back %+v (%v)", text, HTTPRequestRules.ItemText(r), back, err)
		}
	}
	for text, want := range map[string]string{
		"set-header X-A b c":        "not all of it is understood",
		"no-such-action":            "type",
		"deny if x # why":           "comment",
		"set-header X-A \"b\nc\"":   "control character",
		"":                          "empty",
		"set-header X-A \"unclosed": "",
	} {
		_, err := HTTPRequestRules.ParseItem(text)
		if err == nil || !errors.Is(err, ErrInvalid) || !strings.Contains(err.Error(), want) {
			t.Errorf("%q: %v, want an ErrInvalid with %q", text, err, want)
		}
	}
	for _, text := range []string{"no", "global", "127.0.0.1:514 len 2048 local0 info"} {
		l, err := LogTargets.ParseItem(text)
		if got := LogTargets.ItemText(l); err != nil || got != text {
			t.Errorf("log %q: read %+v, written %q (%v)", text, l, got, err)
		}
	}
	a, _ := HTTPRequestRules.ParseItem("deny")
	b := a
	b.Metadata = map[string]any{"comment": "x"}
	if !HTTPRequestRules.SameItem(a, b) {
		t.Error("metadata is not part of an item's text")
	}
}
