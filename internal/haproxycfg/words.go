package haproxycfg

// How values are spelled. A line is words; HAProxy reads each word by removing its
// quotes and processing its escapes. The views keep two readings of every word:
//
//   - what HAProxy reads (Line.Words): keywords, names, numbers and the values of
//     fixed lists are matched and read this way;
//   - its spelling, the bytes of the word as they stand in the file: every free-form
//     value (formats, expressions, conditions, patterns, paths, addresses) is read
//     and written this way, quotes and backslashes included, as the official Data
//     Plane API does.
//
// So `string "haproxy is up\n"` has the value `"haproxy is up\n"` (with its quotes,
// and a backslash followed by n), and writing that value back puts those bytes back.
// A value is never quoted or escaped on the way in: what a client sends is HAProxy's
// syntax, and a write is refused (ErrReadBack) when the line it makes would not read
// back as the model it came from (see readBack).

// token is one word of a line: text is the word as HAProxy 2.6 reads it (quotes
// removed, escapes processed; environment references such as ${X} are kept as
// written), start and end its byte offsets in the line, s[start:end] its spelling.
type token struct {
	text       string
	start, end int
}

// isBlank reports whether c separates words.
func isBlank(c byte) bool { return c == ' ' || c == '\t' || c == '\r' || c == '\v' || c == '\f' }

// tokenize splits the content of one line (without its terminator) into words and
// returns the offset where an unquoted '#' comment starts (len(s) when none).
func tokenize(s string) (tokens []token, comment int) {
	tokens, comment, _, _ = scan(s)
	return tokens, comment
}

// Spelling tells how HAProxy reads s written into a line: how many words it
// makes, and what in it HAProxy would refuse or drop ("" when nothing): a quote
// left open, a bad \x escape, or a '#' that starts a comment. It lets a client
// check a value before it is written.
func Spelling(s string) (words int, problem string) {
	toks, comment, problem, _ := scan(s)
	if problem == "" && comment < len(s) {
		problem = "'#' starts a comment there: quote it or escape it (\\#)"
	}
	return len(toks), problem
}

// expandsEnv tells whether HAProxy would replace part of s, written into a line,
// with an environment variable: a '$' inside double quotes that no backslash
// escapes. HAProxy 2.6 reads every such '$' as the start of a variable's name
// (`"${HOME}"`, `"$HOME"`, `"${HOME-default}"`, `"${HOME[*]}"`) or refuses the
// line; outside double quotes a '$' is kept (but not in an address: see checkEnv).
func expandsEnv(s string) bool {
	_, _, _, dollar := scan(s)
	return dollar >= 0
}

// envAdvice is how to write a '$' that HAProxy keeps.
const envAdvice = `values from the API never read the agent's environment: escape the '$' inside double quotes ("\${NAME}") or use single quotes ('${NAME}') to keep it as written`

// scan is tokenize that also reports what HAProxy would refuse in the line: a quote
// left open at its end, or a \x not followed by two hex digits ("" when none); and
// where the first '$' HAProxy expands from the environment is (-1 when none).
//
// It follows HAProxy 2.6's parse_line, checked against the real haproxy: single
// quotes protect everything up to the next single quote; double quotes protect
// blanks and '#'; a backslash outside single quotes spells a blank, '#', a
// backslash, a quote of either kind, '\r', '\n', '\t' and '\xHH', and '$' inside
// double quotes only; any other backslash is kept as written, and so is a
// backslash that ends the line.
func scan(s string) (tokens []token, comment int, problem string, dollar int) {
	i := 0
	dollar = -1
	for {
		for i < len(s) && isBlank(s[i]) {
			i++
		}
		if i >= len(s) {
			return tokens, len(s), problem, dollar
		}
		if s[i] == '#' {
			return tokens, i, problem, dollar
		}
		start := i
		var buf []byte // nil while the word is its own spelling
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
				n, adv := unescape(s[i+1:], dquote)
				if adv < 0 && problem == "" {
					problem = `\x without two hex digits`
				}
				if adv <= 0 { // kept as written
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
				if c == '$' && dquote && dollar < 0 {
					dollar = i
				}
				if buf != nil {
					buf = append(buf, c)
				}
				i++
			}
		}
		if (squote || dquote) && problem == "" {
			problem = "a quote left open"
		}
		text := s[start:i]
		if buf != nil {
			text = string(buf)
		}
		tokens = append(tokens, token{text: text, start: start, end: i})
	}
}

// unescape reads the escape after a backslash; adv is how many bytes it used, 0 when
// HAProxy keeps the backslash, -1 for a \x HAProxy refuses.
func unescape(s string, dquote bool) (c byte, adv int) {
	switch s[0] {
	case ' ', '#', '\\', '\'', '"':
		return s[0], 1
	case '$':
		if dquote {
			return '$', 1
		}
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
		return 0, -1
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
