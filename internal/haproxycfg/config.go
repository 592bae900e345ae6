// Package haproxycfg reads and edits haproxy.cfg without losing anything people wrote.
//
// A Config is a list of sections, a section a list of lines, and a line keeps its
// original bytes. Writing concatenates those bytes, so a file nobody edited comes
// back byte for byte; an edit replaces, inserts or removes whole lines and leaves
// every other line as it was. Typed views (frontends, backends, servers, binds,
// ACLs, rules) read the lines they model and rewrite only the lines they change.
//
// Lines and sections are immutable once built: an edit replaces them. That makes
// Clone a shallow copy, which is what lets the engine try many candidates cheaply.
package haproxycfg

import "strings"

// Line is one line of the file: its raw bytes, terminator included, and its words,
// both as HAProxy reads them and as they are spelled (see words.go).
type Line struct {
	raw    string
	words  []string
	spells []string // the same slice as words when every word is spelled as read
}

// Raw returns the line's bytes exactly as in the file, terminator included.
func (l *Line) Raw() string { return l.raw }

// Words returns the line's words as HAProxy reads them (nil for blank and comment lines).
func (l *Line) Words() []string { return l.words }

// spell is the spelling of word i, quotes and escapes as written.
func (l *Line) spell(i int) string { return l.spells[i] }

// keyword is the line's first word, "" for a blank or comment line.
func (l *Line) keyword() string {
	if len(l.words) == 0 {
		return ""
	}
	return l.words[0]
}

// content is the line without its terminator.
func (l *Line) content() string {
	return strings.TrimSuffix(strings.TrimSuffix(l.raw, "\n"), "\r")
}

// eol is the line's terminator: "\n", "\r\n" or "" for a last line without one.
func (l *Line) eol() string { return l.raw[len(l.content()):] }

func newLine(raw string) *Line {
	l := &Line{raw: raw}
	content := l.content()
	toks, _ := tokenize(content)
	if len(toks) == 0 {
		return l
	}
	l.words = make([]string, len(toks))
	asRead := true
	for i, t := range toks {
		l.words[i] = t.text
		asRead = asRead && content[t.start:t.end] == t.text
	}
	l.spells = l.words
	if !asRead {
		l.spells = make([]string, len(toks))
		for i, t := range toks {
			l.spells[i] = content[t.start:t.end]
		}
	}
	return l
}

// sectionKinds are the keywords that open a section in HAProxy 2.6.
var sectionKinds = map[string]bool{
	"global": true, "defaults": true, "frontend": true, "backend": true, "listen": true,
	"userlist": true, "peers": true, "mailers": true, "resolvers": true, "program": true,
	"http-errors": true, "ring": true, "cache": true, "log-forward": true,
	"fcgi-app": true, "namespace_list": true,
}

// Section is a section header and the lines up to the next header. The lines before
// the first header form a preamble section of Kind "".
type Section struct {
	Kind  string
	Name  string
	lines []*Line // lines[0] is the header, except in the preamble
}

// Lines returns the section's lines, header first.
func (s *Section) Lines() []*Line { return s.lines }

// From is the defaults section a section names with `from`, "" when none.
func (s *Section) From() string {
	if s.Kind == "" {
		return ""
	}
	w := s.lines[0].words
	if len(w) >= 4 && w[2] == "from" {
		return w[3]
	}
	return ""
}

// body is the index of the first line after the header.
func (s *Section) body() int {
	if s.Kind == "" {
		return 0
	}
	return 1
}

// clone returns a copy of the section that can be edited without touching s.
func (s *Section) clone() *Section {
	c := *s
	c.lines = append(make([]*Line, 0, len(s.lines)+1), s.lines...)
	return &c
}

// Config is a parsed haproxy.cfg.
type Config struct {
	sections []*Section
	eol      string          // terminator for new lines: the file's own
	indent   string          // indentation for a new line in a section that has none
	touched  map[string]bool // objects edits addressed since the clone (see Touched)
	// conditional: the file has conditional blocks (see ConditionalEdit); loaded:
	// Load replaced the whole file since the clone.
	conditional, loaded bool
	// allowFile, when set, says whether a value may name a file (see AllowFiles).
	allowFile func(path string) error
}

// Parse reads a configuration. It accepts any bytes: HAProxy, not the parser,
// decides what is valid, and whatever is not understood is kept as written.
func Parse(data []byte) *Config {
	s := string(data)
	c := &Config{eol: "\n", indent: "    "}
	cur := &Section{}
	c.sections = append(c.sections, cur)
	sawIndent, sawEOL := false, false
	for len(s) > 0 {
		n := strings.IndexByte(s, '\n') + 1
		if n == 0 {
			n = len(s)
		}
		l := newLine(s[:n])
		s = s[n:]
		if !sawEOL && strings.HasSuffix(l.raw, "\n") {
			sawEOL = true
			c.eol = l.eol()
		}
		if kw := l.keyword(); sectionKinds[kw] {
			cur = &Section{Kind: kw}
			if len(l.words) > 1 {
				cur.Name = l.words[1]
			}
			c.sections = append(c.sections, cur)
		} else if !sawIndent && kw != "" && isBlank(l.raw[0]) {
			sawIndent = true
			c.indent = indentOf(l)
		}
		c.conditional = c.conditional || isConditional(l)
		cur.lines = append(cur.lines, l)
	}
	return c
}

// Bytes returns the configuration as it would be written.
func (c *Config) Bytes() []byte {
	n := 0
	for _, s := range c.sections {
		for _, l := range s.lines {
			n += len(l.raw)
		}
	}
	b := make([]byte, 0, n)
	for _, s := range c.sections {
		for _, l := range s.lines {
			b = append(b, l.raw...)
		}
	}
	return b
}

// Clone returns a copy that can be edited without changing c. It is cheap: lines
// and sections are shared until an edit replaces them.
func (c *Config) Clone() *Config {
	d := *c
	d.sections = append([]*Section(nil), c.sections...)
	d.touched, d.loaded = nil, false
	return &d
}

// Sections returns the sections in file order, the preamble first.
func (c *Config) Sections() []*Section { return c.sections }

// find returns the index of the section of that kind and name, -1 when none.
// An anonymous defaults section is found by the name the API gives it (see
// defaults.go), never by "".
func (c *Config) find(kind, name string) int {
	for i, s := range c.sections {
		if s.Kind == kind && s.Name == name && (name != "" || kind != "defaults") {
			return i
		}
	}
	if kind == "defaults" {
		return c.findAnonymous(name)
	}
	return -1
}

// Load replaces the whole configuration with data, as a raw upload does.
func (c *Config) Load(data []byte) {
	*c = *Parse(data)
	c.loaded = true
}
