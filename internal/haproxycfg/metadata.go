package haproxycfg

import (
	"bytes"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"strings"

	"github.com/tfhaproxy/terraform-provider-haproxy/internal/dataplane"
)

// An object's metadata (the official models' `metadata`) is the comment at the
// end of its line: the section header for frontends and backends, the object's
// own line for servers, binds, ACLs and rules. That is where the official
// tooling keeps it, so a file it wrote reads the same here, and a handwritten
// comment is the object's metadata too:
//
//   - a comment that is a JSON object is the metadata;
//   - any other comment reads as {"comment": "<its text>"} (the text after the
//     '#', without the blanks around it); a line without one has none.
//
// Writing metadata makes the comment say it: exactly {"comment": "<text>"} is
// written `# <text>` (when the text reads back so), anything else as its JSON on
// one line. A comment that already says the same stays as written (`#primary`
// for {"comment": "primary"}); unset metadata leaves the comment alone, and an
// empty object removes it.

// blanks are the bytes around a comment's text that are not part of it.
const blanks = " \t\r\v\f"

// lineComment returns the text of l's comment and where its '#' is; ok is false
// when the line has none.
func lineComment(l *Line) (text string, at int, ok bool) {
	content := l.content()
	if strings.IndexByte(content, '#') < 0 { // most lines: no need to read the words again
		return "", len(content), false
	}
	_, at = tokenize(content)
	if at >= len(content) {
		return "", at, false
	}
	return strings.Trim(content[at+1:], blanks), at, true
}

// lineMetadata is the metadata l's comment says, nil when none.
func lineMetadata(l *Line) dataplane.Metadata {
	text, _, ok := lineComment(l)
	if !ok {
		return nil
	}
	return commentMetadata(text)
}

// commentMetadata is the metadata a comment's text says, nil when none.
func commentMetadata(text string) dataplane.Metadata {
	if text == "" {
		return nil
	}
	if text[0] == '{' {
		dec := json.NewDecoder(strings.NewReader(text))
		dec.UseNumber() // numbers read back as written
		var m dataplane.Metadata
		if err := dec.Decode(&m); err == nil {
			if _, err := dec.Token(); errors.Is(err, io.EOF) {
				if len(m) == 0 {
					return nil
				}
				return m
			}
		}
	}
	return dataplane.Metadata{"comment": text}
}

// metadataText is the comment text that says m, "" for none (nil or {}).
func metadataText(m dataplane.Metadata) (string, error) {
	if len(m) == 0 {
		return "", nil
	}
	if s, ok := m["comment"].(string); ok && len(m) == 1 && plainComment(s) {
		return s, nil
	}
	text, err := metadataJSON(m)
	// encoding/json escapes every control character but DEL, which JSON allows
	// raw inside strings (the only place it can be): no control byte on a line.
	return strings.ReplaceAll(text, "\x7f", `\u007f`), err
}

// plainComment tells whether s, written as a comment's text, reads back as
// {"comment": s}.
func plainComment(s string) bool {
	if strings.Trim(s, blanks) != s {
		return false
	}
	for i := 0; i < len(s); i++ {
		if s[i] < 0x20 || s[i] == 0x7f {
			return false
		}
	}
	m := commentMetadata(s)
	c, _ := m["comment"].(string)
	return len(m) == 1 && c == s
}

// metadataJSON is m as JSON on one line, members sorted, '<', '>' and '&' as
// they are.
func metadataJSON(m dataplane.Metadata) (string, error) {
	var b bytes.Buffer
	enc := json.NewEncoder(&b)
	enc.SetEscapeHTML(false)
	if err := enc.Encode(m); err != nil {
		return "", err
	}
	return strings.TrimSuffix(b.String(), "\n"), nil
}

// sameMetadata tells whether a and b say the same: equal as JSON (1 and 1 are
// the same whether an int or a json.Number), nil and {} both nothing.
func sameMetadata(a, b dataplane.Metadata) bool {
	if len(a) == 0 || len(b) == 0 {
		return len(a) == len(b)
	}
	x, errX := metadataJSON(a)
	y, errY := metadataJSON(b)
	return errX == nil && errY == nil && x == y
}

// metadataKey is m as a string that equal metadata share ("" for none).
func metadataKey(m dataplane.Metadata) string {
	if len(m) == 0 {
		return ""
	}
	s, err := metadataJSON(m)
	if err != nil {
		return fmt.Sprintf("%v", m) // checked before any write: only for matching
	}
	return s
}

// checkMetadata refuses metadata that no comment can say: values that are not
// JSON (a NaN, a bad number), a comment that would not read back as m, or one
// longer than a line may be.
func checkMetadata(m dataplane.Metadata) error {
	if len(m) == 0 {
		return nil
	}
	text, err := metadataText(m)
	if err != nil {
		return &FieldError{"metadata", "must be a JSON object: " + err.Error()}
	}
	if len(text) > MaxLineBytes {
		return tooLong("metadata", len(text), MaxLineBytes)
	}
	for i := 0; i < len(text); i++ {
		if text[i] < 0x20 || text[i] == 0x7f { // unreachable: JSON escapes them
			return &FieldError{"metadata", fmt.Sprintf("control character %q in the comment", text[i])}
		}
	}
	if !sameMetadata(commentMetadata(text), m) {
		return &readBackError{FieldError{"metadata", fmt.Sprintf("the comment %q would read back as other metadata", text)}}
	}
	return nil
}

// writeMetadata makes l's comment say m, keeping everything before it: nil
// leaves the line as it is, a comment that already says m stays as written, {}
// removes the comment and the blanks before it. m has passed checkMetadata.
func writeMetadata(l *Line, m dataplane.Metadata) *Line {
	if m == nil {
		return l
	}
	_, at, had := lineComment(l)
	if len(m) > 0 && had && sameMetadata(lineMetadata(l), m) {
		return l
	}
	text, _ := metadataText(m)
	content := l.content()
	before := content[:at]
	if text == "" {
		if !had {
			return l
		}
		return newLine(strings.TrimRight(before, blanks) + l.eol())
	}
	mark := "# "
	if had { // the '#' and the blanks after it, as written
		rest := content[at+1:]
		if n := len(rest) - len(strings.TrimLeft(rest, blanks)); n < len(rest) {
			mark = content[at : at+1+n]
		}
	}
	if before != "" && !strings.ContainsAny(before[len(before)-1:], blanks) {
		before += " "
	}
	return newLine(before + mark + text + l.eol())
}

// checkMetadataLine refuses a line that metadata made longer than MaxLineBytes.
func checkMetadataLine(l *Line, m dataplane.Metadata) error {
	if len(m) > 0 && len(l.content()) > MaxLineBytes {
		return tooLong("metadata", len(l.content()), MaxLineBytes)
	}
	return nil
}
