package haproxycfg

import "strings"

// token is one word of a line as HAProxy 2.6 reads it: text is the word after quote
// removal and escape processing (environment references such as ${X} are kept as
// written), start and end its byte offsets in the line's raw text.
type token struct {
	text       string
	start, end int
}

// isBlank reports whether c separates words.
func isBlank(c byte) bool { return c == ' ' || c == '\t' || c == '\r' || c == '\v' || c == '\f' }

// tokenize splits the content of one line (without its terminator) into words and
// returns the offset where an unquoted '#' comment starts (len(s) when none).
// It follows cfgparse's parse_line: single quotes protect everything, double quotes
// protect blanks and '#', a backslash outside single quotes escapes ' ', '#', '\\',
// '\”, '"' and '$', and spells '\r', '\n', '\t' and '\xHH'; any other backslash is
// kept as written. Words are written back as they were, so this only has to be
// exact enough to read them.
func tokenize(s string) (tokens []token, comment int) {
	i := 0
	for {
		for i < len(s) && isBlank(s[i]) {
			i++
		}
		if i >= len(s) {
			return tokens, len(s)
		}
		if s[i] == '#' {
			return tokens, i
		}
		start := i
		var buf []byte // nil while the word is its own raw text
		decoded := func() {
			if buf == nil {
				buf = append(make([]byte, 0, 16), s[start:i]...)
			}
		}
		squote, dquote := false, false
	word:
		for i < len(s) {
			c := s[i]
			switch {
			case squote:
				if c == '\'' {
					decoded()
					squote = false
				} else if buf != nil {
					buf = append(buf, c)
				}
				i++
			case c == '\\' && i+1 < len(s):
				decoded()
				n, adv := unescape(s[i+1:])
				if adv == 0 { // unknown escape: kept as written
					buf = append(buf, '\\')
					i++
				} else {
					buf = append(buf, n)
					i += 1 + adv
				}
			case c == '\'' && !dquote:
				decoded()
				squote = true
				i++
			case c == '"':
				decoded()
				dquote = !dquote
				i++
			case !dquote && (isBlank(c) || c == '#'):
				break word
			default:
				if buf != nil {
					buf = append(buf, c)
				}
				i++
			}
		}
		text := s[start:i]
		if buf != nil {
			text = string(buf)
		}
		tokens = append(tokens, token{text: text, start: start, end: i})
	}
}

// unescape reads the escape after a backslash; adv is how many bytes it used, 0 when
// HAProxy keeps the backslash.
func unescape(s string) (c byte, adv int) {
	switch s[0] {
	case ' ', '#', '\\', '\'', '"', '$':
		return s[0], 1
	case 'r':
		return '\r', 1
	case 'n':
		return '\n', 1
	case 't':
		return '\t', 1
	case 'x':
		if len(s) >= 3 && isHex(s[1]) && isHex(s[2]) {
			return hexVal(s[1])<<4 | hexVal(s[2]), 3
		}
	}
	return 0, 0
}

func isHex(c byte) bool {
	return c >= '0' && c <= '9' || c >= 'a' && c <= 'f' || c >= 'A' && c <= 'F'
}

func hexVal(c byte) byte {
	switch {
	case c >= 'a':
		return c - 'a' + 10
	case c >= 'A':
		return c - 'A' + 10
	}
	return c - '0'
}

// quote returns v as one HAProxy word: as is when it needs no protection, otherwise
// in double quotes with '"' and '\' escaped. Values reaching it have been checked
// to hold no control character.
func quote(v string) string {
	if v != "" && !strings.ContainsAny(v, " \t#'\"\\") {
		return v
	}
	r := strings.NewReplacer(`\`, `\\`, `"`, `\"`)
	return `"` + r.Replace(v) + `"`
}
