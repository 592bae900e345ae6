// Package patternfile edits HAProxy's map and ACL pattern files line by line,
// as HAProxy 2.6 reads them, so that a change the runtime API made to a loaded
// map or ACL can be written to its file with the file's other lines (comments,
// spacing, order) kept as they are.
//
// In both, a line starting with '#' is a comment (one indented is not: HAProxy
// 2.6 looks for '#' before it skips blanks), and blanks before the first word
// are skipped. A map file's line is a key, blanks, and a value running to the
// end of the line (trailing blanks dropped); an ACL file's line is one pattern,
// running to the end of the line.
package patternfile

import (
	"bytes"
	"strings"
)

// Kind says how a file's lines are read.
type Kind int

const (
	Map Kind = iota
	ACL
)

// key is the key of a map line, or the pattern of an ACL line; ok is false for
// comments and blank lines.
func (k Kind) key(line string) (string, bool) {
	line = strings.TrimRight(line, "\r")
	if strings.HasPrefix(line, "#") {
		return "", false
	}
	line = strings.TrimLeft(line, " \t")
	if k == ACL || line == "" {
		return line, line != ""
	}
	if i := strings.IndexAny(line, " \t"); i >= 0 {
		line = line[:i]
	}
	return line, true
}

// Line is an entry as a line of a file of kind k: "key value" for a map, the
// pattern for an ACL.
func Line(k Kind, key, value string) string {
	if k == ACL {
		return key
	}
	return key + " " + value
}

// Append adds line at the end of data, after a newline if data does not end
// with one.
func Append(data []byte, line string) []byte {
	out := bytes.Clone(data)
	if len(out) > 0 && out[len(out)-1] != '\n' {
		out = append(out, '\n')
	}
	return append(append(out, line...), '\n')
}

// Replace rewrites every line of key: with the line replace returns, or
// without it when replace returns "". It returns the new content and how many
// lines had the key.
func Replace(data []byte, k Kind, key string, replace func(old string) string) ([]byte, int) {
	var out []byte
	found := 0
	for rest := data; len(rest) > 0; {
		line := rest
		if i := bytes.IndexByte(rest, '\n'); i >= 0 {
			line, rest = rest[:i+1], rest[i+1:]
		} else {
			rest = nil
		}
		text := strings.TrimSuffix(string(line), "\n")
		if got, ok := k.key(text); ok && got == key {
			found++
			if repl := replace(text); repl != "" {
				out = append(append(out, repl...), '\n')
			}
			continue
		}
		out = append(out, line...)
	}
	return out, found
}

// Entry is a key (an ACL's pattern) and, in a map, its value.
type Entry struct{ Key, Value string }

// Parse returns the entries of a file of kind k, in order: what HAProxy loads
// from it.
func Parse(data []byte, k Kind) []Entry {
	var out []Entry
	for line := range strings.SplitSeq(string(data), "\n") {
		key, ok := k.key(line)
		if !ok {
			continue
		}
		e := Entry{Key: key}
		if k == Map {
			rest := strings.TrimLeft(strings.TrimRight(line, "\r"), " \t")[len(key):]
			e.Value = strings.TrimRight(strings.TrimLeft(rest, " \t"), " \t")
		}
		out = append(out, e)
	}
	return out
}

// Clear drops every entry's line, keeping comments and blank lines.
func Clear(data []byte, k Kind) []byte {
	var out []byte
	for line := range strings.SplitAfterSeq(string(data), "\n") {
		if _, ok := k.key(strings.TrimSuffix(line, "\n")); !ok {
			out = append(out, line...)
		}
	}
	return out
}
