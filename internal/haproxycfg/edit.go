package haproxycfg

import "strings"

// lineEdit is a line taken apart so that words can be replaced while the indentation,
// the spacing between untouched words and the trailing comment stay as written.
// raw = indent + words[0] + seps[0] + words[1] + seps[1] + ... + tail.
type lineEdit struct {
	indent string
	words  []string // raw words, quotes and escapes as written
	seps   []string // seps[i] is the whitespace after words[i]
	tail   string   // comment and terminator
}

func editLine(l *Line) *lineEdit {
	content := l.content()
	toks, comment := tokenize(content)
	e := &lineEdit{indent: content[:comment], tail: content[comment:] + l.eol()}
	if len(toks) > 0 {
		e.indent = content[:toks[0].start]
	}
	for i, t := range toks {
		next := comment
		if i+1 < len(toks) {
			next = toks[i+1].start
		}
		e.words = append(e.words, content[t.start:t.end])
		e.seps = append(e.seps, content[t.end:next])
	}
	return e
}

// replace puts words in place of e.words[i:j], reusing the old separators.
func (e *lineEdit) replace(i, j int, words []string) {
	n := len(e.words)
	var inner []string // separators between the replaced words
	after := " "       // separator after the replaced range
	switch {
	case j > i:
		inner, after = e.seps[i:j-1], e.seps[j-1]
	case i == n && n > 0: // appending: the old trailing whitespace stays last
		after, e.seps[n-1] = e.seps[n-1], " "
	}
	seps := make([]string, len(words))
	for k := range words {
		seps[k] = " "
		if k < len(inner) {
			seps[k] = inner[k]
		}
	}
	if len(words) > 0 {
		seps[len(words)-1] = after
	} else if j == n && i > 0 { // removing the end: keep the whitespace before the comment
		e.seps[i-1] = after
	}
	e.words = append(e.words[:i:i], append(words, e.words[j:]...)...)
	e.seps = append(e.seps[:i:i], append(seps, e.seps[j:]...)...)
}

func (e *lineEdit) line() *Line {
	var b strings.Builder
	b.WriteString(e.indent)
	for i, w := range e.words {
		b.WriteString(w)
		b.WriteString(e.seps[i])
	}
	b.WriteString(e.tail)
	return newLine(b.String())
}

// rewrite returns l with its words replaced by words (raw, already quoted), keeping
// its indentation and comment.
func rewrite(l *Line, words []string) *Line {
	e := editLine(l)
	e.replace(0, len(e.words), words)
	return e.line()
}

// rewriteChanged is rewrite that replaces only the words that differ (the
// fewest, found by diff): the words an edit does not change keep their place and
// the blanks after them; new words come with the blanks they are written with.
func rewriteChanged(l *Line, words []string) *Line {
	old := editLine(l)
	nw := editLine(newLine(strings.Join(words, " ")))
	out := &lineEdit{indent: old.indent, tail: old.tail}
	var freed []string // the blanks after the words removed since the last kept one
	for _, op := range diff(old.words, nw.words) {
		switch {
		case op.old >= 0 && op.new >= 0:
			out.words, out.seps = append(out.words, old.words[op.old]), append(out.seps, old.seps[op.old])
			freed = freed[:0]
		case op.old >= 0:
			freed = append(freed, old.seps[op.old])
		default: // a new word takes the place, and the blanks, of a removed one
			sep := nw.seps[op.new]
			if len(freed) > 0 {
				sep, freed = freed[0], freed[1:]
			}
			out.words, out.seps = append(out.words, nw.words[op.new]), append(out.seps, sep)
		}
	}
	for k := range out.seps {
		switch {
		case k == len(out.seps)-1: // the blanks before the comment stay the line's
			out.seps[k] = old.seps[len(old.seps)-1]
		case out.seps[k] == "": // the old last word, now followed by others
			out.seps[k] = " "
		}
	}
	return out.line()
}

// rank orders the kinds of directive in a proxy section, so that a new line of a kind
// the section lacks lands where people put it: settings, binds, ACLs, rules,
// backend switching, servers. ACLs come before the rules that may use them.
// A log-forward section's dgram-bind lines are its binds.
var rank = map[string]int{
	"bind": 1, "dgram-bind": 1, "acl": 2, "tcp-request": 3, "http-request": 4, "http-response": 5, "tcp-response": 5,
	"http-after-response": 5, "http-error": 5,
	"use_backend": 6, "default_backend": 7, "server": 8, "server-template": 8,
	"pass-header": 4, "set-param": 4, // a fcgi-app's, after the ACLs they name
}

// insertAt is where a new line of that keyword goes: after the last line of the same
// keyword; else before the first line of a later rank (and the comments just above
// it); else after the last directive. Lines inside conditional blocks are not
// counted, so that the new line lands outside them (see ConditionalEdit).
func (s *Section) insertAt(keyword string) int {
	last, later, lastDirective := -1, -1, s.body()-1
	depth := 0
	for i := s.body(); i < len(s.lines); i++ {
		kw := s.lines[i].keyword()
		if kw == "" {
			continue
		}
		inside := depth > 0
		switch {
		case kw == ".if":
			depth, inside = depth+1, true
		case kw == ".endif" && depth > 0:
			depth--
			inside = depth > 0 // the last .endif is where the block ends
		}
		if inside {
			continue
		}
		lastDirective = i
		if kw == keyword {
			last = i
		} else if later < 0 && rank[kw] > rank[keyword] {
			later = i
		}
	}
	switch {
	case last >= 0:
		return last + 1
	case later >= 0:
		for later > s.body() && isComment(s.lines[later-1]) {
			later--
		}
		return later
	}
	return lastDirective + 1
}

func isComment(l *Line) bool { return l.keyword() == "" && strings.TrimSpace(l.content()) != "" }

func indentOf(l *Line) string { return l.raw[:len(l.raw)-len(strings.TrimLeft(l.raw, " \t"))] }

// indentFor is the indentation a new line of that keyword takes: its siblings', else
// the section's, else the file's.
func (c *Config) indentFor(s *Section, keyword string) string {
	found := ""
	for _, l := range s.lines[s.body():] {
		if l.keyword() == keyword {
			return indentOf(l)
		}
		if found == "" && l.keyword() != "" {
			found = indentOf(l)
		}
	}
	if found != "" {
		return found
	}
	return c.indent
}

// insert adds a line made of words (raw, already quoted) next to the lines of
// keyword: `no option x` goes with the `option` lines, and returns its index.
func (c *Config) insert(s *Section, keyword string, words []string) (at int) {
	pos := s.insertAt(keyword)
	raw := c.indentFor(s, keyword) + strings.Join(words, " ") + c.eol
	c.insertLines(s, pos, newLine(raw))
	return pos
}

// insertLines inserts lines at pos of s, giving the line before them a terminator
// when it is the file's unterminated last line.
func (c *Config) insertLines(s *Section, pos int, lines ...*Line) {
	if pos > 0 && s.lines[pos-1].eol() == "" {
		s.lines[pos-1] = newLine(s.lines[pos-1].raw + c.eol)
	}
	s.lines = append(s.lines[:pos:pos], append(lines, s.lines[pos:]...)...)
}

// edit replaces the section at index i with an editable copy and returns it.
func (c *Config) edit(i int) *Section {
	s := c.sections[i].clone()
	c.sections[i] = s
	return s
}

// addSection adds an empty section after the last one of the same kind (else at the
// end), separated by one blank line, in a way deleteSection undoes exactly.
func (c *Config) addSection(kind, name string) *Section { return c.addSectionAt(kind, name, -1) }

// addSectionAt is addSection before the section at index at (from 1; the
// length for the end of the file), or, when at is -1, where addSection puts it.
func (c *Config) addSectionAt(kind, name string, at int) *Section {
	if at < 0 {
		at = len(c.sections)
		for i, s := range c.sections {
			if s.Kind == kind {
				at = i + 1
			}
		}
	}
	prev := c.edit(at - 1)
	header := newLine(kind + " " + name + c.eol)
	s := &Section{Kind: kind, Name: name, lines: []*Line{header}}
	switch {
	case len(prev.lines) > 0 && isBlankLine(prev.lines[len(prev.lines)-1]):
		s.lines = append(s.lines, newLine(c.eol)) // the blank stays between us and what follows
	case len(prev.lines) > 0:
		c.insertLines(prev, len(prev.lines), newLine(c.eol))
	}
	c.sections = append(c.sections[:at:at], append([]*Section{s}, c.sections[at:]...)...)
	return s
}

func isBlankLine(l *Line) bool { return strings.TrimSpace(l.raw) == "" }

// deleteSection removes the section at index i: its header, its lines, and the blank
// line before it when it does not end with one of its own.
func (c *Config) deleteSection(i int) {
	s := c.sections[i]
	c.sections = append(c.sections[:i:i], c.sections[i+1:]...)
	prev := c.sections[i-1]
	if n := len(prev.lines); n > 0 && isBlankLine(prev.lines[n-1]) && !isBlankLine(s.lines[len(s.lines)-1]) {
		p := c.edit(i - 1)
		p.lines = p.lines[:n-1]
	}
}
