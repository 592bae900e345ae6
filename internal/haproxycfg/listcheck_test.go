package haproxycfg

import (
	"encoding/json"
	"errors"
	"reflect"
	"slices"
	"strings"
	"testing"
)

// listCase is what checkList checks of a list view, in a section of kind
// parent named "p" whose body is base (indented lines, the list's among them).
type listCase[M any] struct {
	view   ListView[M]
	parent string
	base   string
	// items each round-trip: written as the whole list, they read back equal
	// from the edited config and from its bytes parsed anew.
	items []M
	// hand are handwritten lines and the JSON each reads as.
	hand map[string]string
	// bad are items refused, each with the JSON member its error names.
	bad []bad[M]
}

type bad[M any] struct {
	member string
	item   M
}

// checkList checks a list view: the items round-trip; reading the list and
// writing it back unchanged changes no byte; inserting one item adds one line
// and deleting it gives back the bytes; handwritten lines read as their JSON;
// bad items are refused naming their member, the config unchanged.
func checkList[M any](t *testing.T, lc listCase[M]) {
	t.Helper()
	parse := func() *Config { return Parse([]byte(lc.parent + " p\n" + lc.base)) }

	c := parse()
	if err := lc.view.ReplaceAll(c, lc.parent, "p", lc.items); err != nil {
		t.Fatalf("writing the items: %v", err)
	}
	for _, cfg := range []*Config{c, Parse(c.Bytes())} {
		got := must[[]M](t)(lc.view.List(cfg, lc.parent, "p"))
		if !reflect.DeepEqual(got, lc.items) {
			for i := range min(len(got), len(lc.items)) {
				if !reflect.DeepEqual(got[i], lc.items[i]) {
					t.Errorf("item %d reads back differently: %v\n%s", i, differences(reflect.ValueOf(lc.items[i]), reflect.ValueOf(got[i])), cfg.Bytes())
				}
			}
			if len(got) != len(lc.items) {
				t.Errorf("%d items read back, %d written:\n%s", len(got), len(lc.items), cfg.Bytes())
			}
		}
	}

	// Unchanged: no byte moves, handwritten spellings included.
	hand := parse()
	for line := range lc.hand {
		hand = Parse(append(hand.Bytes(), "    "+line+"\n"...))
	}
	before := hand.Bytes()
	list := must[[]M](t)(lc.view.List(hand, lc.parent, "p"))
	if err := lc.view.ReplaceAll(hand, lc.parent, "p", list); err != nil {
		t.Fatalf("writing back the list as read: %v", err)
	}
	if d := lineDiff(before, hand.Bytes()); len(d) > 0 {
		t.Errorf("writing back the list as read changed %q", d)
	}
	if len(lc.items) > 0 {
		for _, at := range []int{0, len(list)} {
			edited := Parse(before)
			if err := lc.view.Insert(edited, lc.parent, "p", at, lc.items[0]); err != nil {
				t.Fatalf("insert at %d: %v", at, err)
			}
			if d := lineDiff(before, edited.Bytes()); len(d) != 1 || !strings.HasPrefix(d[0], "+") {
				t.Errorf("insert at %d changed %q", at, d)
			}
			if err := lc.view.Delete(edited, lc.parent, "p", at); err != nil {
				t.Fatal(err)
			}
			if !slices.Equal(edited.Bytes(), before) {
				t.Errorf("insert then delete at %d:\n%s", at, edited.Bytes())
			}
		}
	}

	for line, want := range lc.hand {
		c := Parse([]byte(lc.parent + " p\n    " + line + "\n"))
		got := must[[]M](t)(lc.view.List(c, lc.parent, "p"))
		if len(got) != 1 {
			t.Errorf("%s: %d items", line, len(got))
			continue
		}
		var w M
		if err := json.Unmarshal([]byte(want), &w); err != nil {
			t.Fatal(err)
		}
		if !reflect.DeepEqual(got[0], w) {
			b, _ := json.Marshal(got[0])
			t.Errorf("%s\nreads as %s\nwant     %s", line, b, want)
		}
	}

	for _, b := range lc.bad {
		c := parse()
		before := c.Bytes()
		err := lc.view.ReplaceAll(c, lc.parent, "p", []M{b.item})
		var fe *FieldError
		if !errors.As(err, &fe) || !strings.HasSuffix(fe.Field, "."+b.member) {
			t.Errorf("bad %s %+v: want an error naming it, got %v", b.member, b.item, err)
		}
		if !slices.Equal(c.Bytes(), before) {
			t.Errorf("bad %s changed the config", b.member)
		}
	}
}
