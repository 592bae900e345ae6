package haproxy

import (
	"errors"
	"slices"
	"strings"
	"testing"
)

// TestCLIWord: what the CLI would split a word at, end a command at, or read
// as an escape is escaped; the rest is sent as it is.
func TestCLIWord(t *testing.T) {
	for in, want := range map[string]string{
		"plain":       "plain",
		"two words":   `two\ words`,
		"a;show info": `a\;show\ info`,
		`back\slash`:  `back\\slash`,
		`#x'"$`:       `#x'"$`,
		"é":           "é",
		`\;`:          `\\\;`,
	} {
		if got := cliWord(in); got != want {
			t.Errorf("cliWord(%q) = %q, want %q", in, got, want)
		}
	}
	if _, err := patternCommand("add map", "/m.map", "k", "a\nshow info"); !errors.Is(err, ErrInvalidValue) {
		t.Errorf("a newline in a word: %v", err)
	}
	if _, err := patternCommand("add map", "/m.map", "k", ""); !errors.Is(err, ErrInvalidValue) {
		t.Errorf("an empty word: %v", err)
	}
	if _, err := patternCommand("add map", "/m.map", "k", strings.Repeat("v", maxCommandLine)); !errors.Is(err, ErrInvalidValue) {
		t.Errorf("a line too long: %v", err)
	}
}

func TestCheckPatterns(t *testing.T) {
	for _, key := range []string{"", "#1", "a b", "a\tb", "a\nb", "a\x7f"} {
		if err := CheckPatternKey("key", key); !errors.Is(err, ErrInvalidValue) {
			t.Errorf("key %q: %v", key, err)
		}
	}
	for _, v := range []string{"", " a", "a ", "a\nb", "a\rb", "a\tb"} {
		if err := CheckPatternValue("value", v); !errors.Is(err, ErrInvalidValue) {
			t.Errorf("value %q: %v", v, err)
		}
	}
	if err := CheckACLPattern("value", "#x"); !errors.Is(err, ErrInvalidValue) {
		t.Errorf("pattern #x: %v", err)
	}
	for _, ok := range []string{"a.example", "be_b with blanks;#\\'"} {
		if err := CheckPatternValue("value", ok); err != nil {
			t.Errorf("value %q: %v", ok, err)
		}
	}
}

// TestParsePatterns reads HAProxy 2.6's own answers.
func TestParsePatterns(t *testing.T) {
	files := parsePatternFiles("# id (file) description\n" +
		"0 (/m/allow.acl) pattern loaded from file '/m/allow.acl' used by acl at file 'h.cfg' line 10. curr_ver=0 next_ver=0 entry_cnt=1\n" +
		"1 () acl 'src' file 'h.cfg' line 10. curr_ver=0 next_ver=0 entry_cnt=0\n\n")
	want := []PatternFile{
		{ID: "0", File: "/m/allow.acl", Description: "pattern loaded from file '/m/allow.acl' used by acl at file 'h.cfg' line 10. curr_ver=0 next_ver=0 entry_cnt=1"},
		{ID: "1", File: "", Description: "acl 'src' file 'h.cfg' line 10. curr_ver=0 next_ver=0 entry_cnt=0"},
	}
	if !slices.Equal(files, want) {
		t.Errorf("files %+v", files)
	}
	entries := parsePatternEntries("0x56226106ff50 a.example be_a\n0x56226106ffe0 b.example be_b with  blanks\n\n", true)
	if !slices.Equal(entries, []PatternEntry{{"0x56226106ff50", "a.example", "be_a"}, {"0x56226106ffe0", "b.example", "be_b with  blanks"}}) {
		t.Errorf("map entries %+v", entries)
	}
	entries = parsePatternEntries("0x562261070110 /a path\n", false)
	if !slices.Equal(entries, []PatternEntry{{Ref: "0x562261070110", Key: "/a path"}}) {
		t.Errorf("ACL entries %+v", entries)
	}
}

func TestPatternErrors(t *testing.T) {
	for answer, want := range map[string]error{
		"Unknown map identifier. Please use #<id> or <file>.\n": ErrNotFound,
		"Key not found.\n":                           ErrNotFound,
		"entry not found.\n":                         ErrNotFound,
		"'x' is not a valid IPv4 or IPv6 address.\n": ErrInvalidValue,
	} {
		if err := patternError(commandError("cmd", answer)); !errors.Is(err, want) {
			t.Errorf("%q: %v, want %v", answer, err, want)
		}
	}
}
