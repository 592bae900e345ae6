package patternfile

import (
	"slices"
	"testing"
)

// mapFile is as HAProxy 2.6 reads it: an indented '#' is a key.
const mapFile = "# hosts\n  a.example   be_a  \n\nb.example\tbe_b with blanks\r\n   # indented\nc.example be_c"

func TestParse(t *testing.T) {
	got := Parse([]byte(mapFile), Map)
	want := []Entry{{"a.example", "be_a"}, {"b.example", "be_b with blanks"}, {"#", "indented"}, {"c.example", "be_c"}}
	if !slices.Equal(got, want) {
		t.Errorf("map %+v", got)
	}
	got = Parse([]byte("# c\n/a\n  /b c\n\n #not a comment for an ACL\n"), ACL)
	want = []Entry{{Key: "/a"}, {Key: "/b c"}, {Key: "#not a comment for an ACL"}}
	if !slices.Equal(got, want) {
		t.Errorf("ACL %+v", got)
	}
}

func TestEdits(t *testing.T) {
	data := []byte(mapFile)
	out, n := Replace(data, Map, "b.example", func(string) string { return "b.example new" })
	if n != 1 || string(out) != "# hosts\n  a.example   be_a  \n\nb.example new\n   # indented\nc.example be_c" {
		t.Errorf("replace (%d): %q", n, out)
	}
	out, n = Replace(data, Map, "a.example", func(string) string { return "" })
	if n != 1 || string(out) != "# hosts\n\nb.example\tbe_b with blanks\r\n   # indented\nc.example be_c" {
		t.Errorf("delete (%d): %q", n, out)
	}
	if _, n := Replace(data, Map, "hosts", func(string) string { return "" }); n != 0 {
		t.Errorf("a comment was taken for a key")
	}
	if got := string(Append(data, "d.example be_d")); got != mapFile+"\nd.example be_d\n" {
		t.Errorf("append %q", got)
	}
	if got := string(Append(nil, "k v")); got != "k v\n" {
		t.Errorf("append to nothing %q", got)
	}
	if got := string(Clear(data, Map)); got != "# hosts\n\n" {
		t.Errorf("clear %q", got)
	}
}
