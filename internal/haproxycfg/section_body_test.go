package haproxycfg

import (
	"slices"
	"strings"
	"testing"
)

// TestSectionBody: the lines of sections that are not proxies read into their
// full model and are written back as the same lines; a line a model would not
// keep whole, one no view holds, and one with a comment or a newline are
// refused, naming it.
func TestSectionBody(t *testing.T) {
	ring := []string{`description "logs to the collector"`, "format rfc5424", "maxlen 1200", "size 32764", "timeout connect 5s", "timeout server 10s",
		"server collector 127.0.0.1:6514 check"}
	m, err := Rings.ParseBody("r1", ring)
	if err != nil {
		t.Fatal(err)
	}
	if m.Name != "r1" || len(m.Servers) != 1 || m.Servers["collector"].Address != "127.0.0.1" {
		t.Fatalf("ring read as %+v", m)
	}
	body, err := Rings.Body(m)
	if err != nil {
		t.Fatal(err)
	}
	if again, err := Rings.ParseBody("r1", body); err != nil || asJSON(t, again) != asJSON(t, m) {
		t.Fatalf("written as %q, read back as %+v (%v)", body, again, err)
	}
	cache, err := Caches.ParseBody("c1", []string{"total-max-size 4", "max-age  60", "process-vary on"})
	if err != nil {
		t.Fatal(err)
	}
	if body, _ := Caches.Body(cache); !slices.Equal(body, []string{"total-max-size 4", "max-age 60", "process-vary on"}) {
		t.Errorf("cache written as %q", body)
	}
	for _, tc := range []struct {
		lines []string
		want  string
	}{
		{[]string{"server collector 127.0.0.1:6514 no-such-keyword"}, "no-such-keyword"},
		{[]string{"nosuchdirective 1"}, `"nosuchdirective 1": no field of a ring section holds it`},
		{[]string{"size 32764 # comment"}, "comment"},
		{[]string{"size 32764\n    server x 127.0.0.1:1"}, "line 1"},
	} {
		if _, err := Rings.ParseBody("r1", tc.lines); err == nil || !strings.Contains(err.Error(), tc.want) {
			t.Errorf("%q: %v, want an error with %q", tc.lines, err, tc.want)
		}
	}
}
