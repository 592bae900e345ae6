package haproxycfg

import (
	"fmt"
	"github.com/tfhaproxy/terraform-provider-haproxy/internal/dataplane"
	"math/rand/v2"
	"slices"
	"strings"
	"testing"
)

// apply checks that ops is an edit script from a to b, in order, that every kept
// pair holds equal items, and returns how many items it keeps.
func apply(t *testing.T, a, b []string, ops []diffOp) int {
	t.Helper()
	i, j, kept := 0, 0, 0
	for _, op := range ops {
		switch {
		case op.old >= 0 && op.new >= 0:
			if op.old != i || op.new != j || a[i] != b[j] {
				t.Fatalf("keep %v at old %d new %d: %q vs %q", op, i, j, a[op.old], b[op.new])
			}
			i, j, kept = i+1, j+1, kept+1
		case op.old >= 0:
			if op.old != i {
				t.Fatalf("remove %v, expected old %d", op, i)
			}
			i++
		case op.new >= 0:
			if op.new != j {
				t.Fatalf("add %v, expected new %d", op, j)
			}
			j++
		default:
			t.Fatalf("empty op %v", op)
		}
	}
	if i != len(a) || j != len(b) {
		t.Fatalf("script ends at old %d/%d new %d/%d", i, len(a), j, len(b))
	}
	return kept
}

// lcsLength is the brute-force longest common subsequence length.
func lcsLength(a, b []string) int {
	prev, cur := make([]int, len(b)+1), make([]int, len(b)+1)
	for i := range a {
		for j := range b {
			if a[i] == b[j] {
				cur[j+1] = prev[j] + 1
			} else {
				cur[j+1] = max(prev[j+1], cur[j])
			}
		}
		prev, cur = cur, prev
	}
	return prev[len(b)]
}

func randomList(r *rand.Rand, n, alphabet int) []string {
	out := make([]string, n)
	for i := range out {
		out[i] = fmt.Sprint(r.IntN(alphabet))
	}
	return out
}

// TestDiffIsMinimal: on random small lists the script transforms a into b and
// keeps as many items as a longest common subsequence.
func TestDiffIsMinimal(t *testing.T) {
	r := rand.New(rand.NewPCG(1, 2))
	for n := range 20000 {
		a := randomList(r, r.IntN(25), 1+r.IntN(6))
		b := randomList(r, r.IntN(25), 1+r.IntN(6))
		if n%3 == 0 { // b an edit of a, the common case
			b = append([]string(nil), a...)
			for range r.IntN(4) {
				k := r.IntN(len(b) + 1)
				switch r.IntN(3) {
				case 0:
					b = append(b[:k], append([]string{"new"}, b[k:]...)...)
				case 1:
					if k < len(b) {
						b = append(b[:k], b[k+1:]...)
					}
				default:
					if k < len(b) {
						b[k] = "changed"
					}
				}
			}
		}
		if kept, want := apply(t, a, b, diff(a, b)), lcsLength(a, b); kept != want {
			t.Fatalf("diff(%q, %q) keeps %d items, the LCS has %d", a, b, kept, want)
		}
	}
}

// TestDiffAlternatesChanges: a run of changed items is remove, add, remove, add,
// so that ReplaceAll rewrites each changed item in place.
func TestDiffAlternatesChanges(t *testing.T) {
	got := diff([]string{"k", "a", "b", "c", "k2"}, []string{"k", "x", "y", "k2"})
	want := []diffOp{{0, 0}, {1, -1}, {-1, 1}, {2, -1}, {-1, 2}, {3, -1}, {4, 3}}
	if fmt.Sprint(got) != fmt.Sprint(want) {
		t.Fatalf("got %v, want %v", got, want)
	}
}

// TestDiffOverBudget: lists too different for the budget still get a correct
// script, keeping the common prefix and suffix and the items equal at the same
// offset.
func TestDiffOverBudget(t *testing.T) {
	r := rand.New(rand.NewPCG(3, 4))
	const n = 2000
	a := randomList(r, n, 1<<30)
	b := randomList(r, n, 1<<30)
	a[0], b[0], a[n-1], b[n-1] = "head", "head", "tail", "tail"
	a[n/2], b[n/2] = "same place", "same place"
	b[n/3] = a[n/4] // kept by a minimal script, not by the fallback
	budget := diffBudget
	t.Cleanup(func() { diffBudget = budget })
	diffBudget = 1000
	if kept := apply(t, a, b, diff(a, b)); kept != 3 {
		t.Fatalf("kept %d items, want the 3 positional ones", kept)
	}
	diffBudget = -1 << 40 // out of budget from the start
	for range 2000 {
		a, b := randomList(r, r.IntN(20), 1+r.IntN(4)), randomList(r, r.IntN(20), 1+r.IntN(4))
		apply(t, a, b, diff(a, b))
	}
	diffBudget = budget
	if kept := apply(t, a, b, diff(a, b)); kept != 4 {
		t.Fatalf("kept %d items within the budget, want 4", kept)
	}
}

// TestDiffLargeCommonCases: 100,000-item lists with an append, an insert, a
// delete and scattered changes give the expected number of kept items.
func TestDiffLargeCommonCases(t *testing.T) {
	const n = 100000
	a := make([]string, n)
	for i := range a {
		a[i] = fmt.Sprintf("acl a%d path_beg /p%d", i, i)
	}
	with := func(edit func(b []string) []string) []string {
		return edit(append([]string(nil), a...))
	}
	cases := []struct {
		name string
		b    []string
		kept int
	}{
		{"same", a, n},
		{"append", with(func(b []string) []string { return append(b, "new") }), n},
		{"insert", with(func(b []string) []string { return append(b[:n/2], append([]string{"new"}, b[n/2:]...)...) }), n},
		{"delete", with(func(b []string) []string { return append(b[:n/3], b[n/3+1:]...) }), n - 1},
		{"1000 changes", with(func(b []string) []string {
			for i := 0; i < n; i += n / 1000 {
				b[i] = "changed"
			}
			return b
		}), n - 1000},
		{"empty", nil, 0},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			if kept := apply(t, a, c.b, diff(a, c.b)); kept != c.kept {
				t.Fatalf("kept %d, want %d", kept, c.kept)
			}
		})
	}
}

// TestReplaceAllRandom: on random edits of a commented ACL list, ReplaceAll makes
// the list say the new items, keeps the bytes of as many lines as a longest
// common subsequence of the lists, and rewrites a changed item in place, its
// comment kept.
func TestReplaceAllRandom(t *testing.T) {
	r := rand.New(rand.NewPCG(5, 6))
	for round := range 300 {
		var cfg strings.Builder
		cfg.WriteString("frontend fe\n    bind :80\n")
		var old []dataplane.ACL
		for i := range r.IntN(30) {
			a := dataplane.ACL{ACLName: fmt.Sprint("a", r.IntN(5)), Criterion: "path_beg", Value: fmt.Sprint("/", r.IntN(3))}
			old = append(old, a)
			fmt.Fprintf(&cfg, "    acl %s %s %s # line %d\n", a.ACLName, a.Criterion, a.Value, i)
		}
		cfg.WriteString("    default_backend be\n")
		c := Parse([]byte(cfg.String()))
		items := slices.Clone(old)
		for range r.IntN(5) {
			k := r.IntN(len(items) + 1)
			a := dataplane.ACL{ACLName: fmt.Sprint("n", r.IntN(3)), Criterion: "path_end", Value: fmt.Sprint(r.IntN(3))}
			switch {
			case r.IntN(3) == 0:
				items = slices.Insert(items, k, a)
			case k < len(items) && r.IntN(2) == 0:
				items = slices.Delete(items, k, k+1)
			case k < len(items):
				items[k] = a
			}
		}
		if err := ACLs.ReplaceAll(c, "frontend", "fe", items); err != nil {
			t.Fatal(err)
		}
		keys := func(l []dataplane.ACL) []string {
			out := make([]string, len(l))
			for i, a := range l {
				out[i] = a.ACLName + " " + a.Criterion + " " + a.Value
			}
			return out
		}
		// The items have no metadata: the lines they keep keep their comments.
		got := must[[]dataplane.ACL](t)(ACLs.List(c, "frontend", "fe"))
		if !slices.Equal(keys(got), keys(items)) {
			t.Fatalf("round %d: got %v, want %v", round, got, items)
		}
		kept := 0
		for _, l := range strings.Split(string(c.Bytes()), "\n") {
			if strings.Contains(l, "# line") && !strings.Contains(l, "path_end") {
				kept++
			}
		}
		if want := lcsLength(keys(old), keys(items)); kept < want {
			t.Fatalf("round %d: %d lines kept, the lists have %d items in common:\n%s", round, kept, want, c.Bytes())
		}
	}
	c := Parse([]byte("frontend fe\n    acl a path_beg /a # first\n    acl b path_beg /b # second\n    acl c path_beg /c # third\n"))
	items := must[[]dataplane.ACL](t)(ACLs.List(c, "frontend", "fe"))
	items[1].Value = "/changed"
	if err := ACLs.ReplaceAll(c, "frontend", "fe", items); err != nil {
		t.Fatal(err)
	}
	if want := "frontend fe\n    acl a path_beg /a # first\n    acl b path_beg /changed # second\n    acl c path_beg /c # third\n"; string(c.Bytes()) != want {
		t.Fatalf("got\n%s\nwant\n%s", c.Bytes(), want)
	}
}
