package haproxycfg

import (
	"fmt"
	"maps"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"
)

// TestUnowned: the lines no view owns are the ones no model holds; headers,
// settings, children and lists are owned, blanks and comments need no owner.
func TestUnowned(t *testing.T) {
	c := Parse([]byte("# preamble comment\n" +
		"frontend fe\n" +
		"    mode http\n" +
		"    bind :80\n" +
		"    acl a path /\n" +
		"    http-request deny if a\n" +
		"    use_backend be if a\n" +
		"    no-such-keyword 1\n" +
		"\n" +
		"backend be\n" +
		"    balance roundrobin\n" +
		"    server s1 127.0.0.1:1\n" +
		"    bind :81\n" + // binds belong to frontends (and listen), not backends
		"nosuchkeyword x\n"))
	var got []string
	for _, u := range Unowned(c) {
		got = append(got, u.Section+": "+strings.TrimSpace(u.Line.content()))
	}
	want := []string{"frontend fe: no-such-keyword 1", "backend be: bind :81", "backend be: nosuchkeyword x"}
	if !slices.Equal(got, want) {
		t.Errorf("unowned:\n%s\nwant\n%s", strings.Join(got, "\n"), strings.Join(want, "\n"))
	}
}

// TestCorpusOwnership reports, for the corpus of real configs (when it is
// beside the checkout), how many configs every line of which a view owns, and
// the keywords of the lines none owns, by section kind: what adoption cannot
// manage yet. It fails on nothing: it measures (`go test -v -run
// TestCorpusOwnership ./internal/haproxycfg/`).
func TestCorpusOwnership(t *testing.T) {
	files, _ := filepath.Glob(filepath.Join(corpusDir, "*.cfg"))
	if len(files) == 0 {
		t.Skip("no corpus at " + corpusDir)
	}
	owned, lines, unowned := 0, 0, 0
	byKeyword := map[string]int{}
	for _, f := range files {
		data, err := os.ReadFile(f)
		if err != nil {
			t.Fatal(err)
		}
		c := Parse(data)
		for _, s := range c.sections {
			for _, l := range s.lines {
				if len(l.words) > 0 {
					lines++
				}
			}
		}
		u := Unowned(c)
		if len(u) == 0 {
			owned++
		}
		unowned += len(u)
		for _, l := range u {
			kind, _, _ := strings.Cut(l.Section, " ")
			byKeyword[fmt.Sprintf("%s: %s", kind, l.Line.keyword())]++
		}
	}
	t.Logf("%d of %d configs have every line owned; %d of %d lines unowned", owned, len(files), unowned, lines)
	keys := slices.SortedFunc(maps.Keys(byKeyword), func(a, b string) int { return byKeyword[b] - byKeyword[a] })
	for _, k := range keys[:min(len(keys), 60)] {
		t.Logf("%6d  %s", byKeyword[k], k)
	}
}
