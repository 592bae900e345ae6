package haproxycfg

import (
	"maps"
	"math"
	"slices"
	"strconv"
	"strings"

	"github.com/tfhaproxy/terraform-provider-haproxy/internal/dataplane"
)

// directive maps one model field, or a few that share a line, onto the section lines
// that carry it. write returns the line's words as spelled, nil when the field is
// unset. A line is rewritten only when write(read(line)) differs from
// write(model), so values that mean the same ("5s", "5000") never touch the file.
type directive[M any] struct {
	keyword string // new lines go next to the lines of this keyword
	match   func(w []string) bool
	read    func(m *M, l *Line)
	write   func(m *M) []string
	// update, when set, edits an existing line in place instead of rewriting it
	// whole, for lines that also carry keywords the model does not cover.
	update func(l *Line, m *M) *Line
	// lines, when set instead of write, is a field that takes several lines of
	// the keyword (a list, one line per item; or values HAProxy adds up over
	// its lines): their words, in order, none when unset. read is called for
	// each line, in file order, and adds to the field.
	lines func(m *M) [][]string
	// rows, when set, makes the directive a group of others, whose lines all
	// start with keyword, and the rest of it unused: the lines of one nested
	// object, such as compression's.
	rows []directive[M]
	// metadata, when set, is the metadata of the object (or, for lines, of each
	// item) the directive's lines hold, their comments (see metadata.go): nil
	// keeps a line's comment. read sets it from the line.
	metadata func(m *M) []dataplane.Metadata
}

// lineMetadataAt is the metadata of the k-th line of the directive, nil when
// it has none to say.
func (d *directive[M]) lineMetadataAt(m *M, k int) dataplane.Metadata {
	if d.metadata == nil {
		return nil
	}
	if md := d.metadata(m); k < len(md) {
		return md[k]
	}
	return nil
}

// lineWords are the words of the line m makes of the directive: for one of
// several lines, all of them as one (a model read from one line gives that
// line back).
func (d *directive[M]) lineWords(m *M) []string {
	if d.lines == nil {
		return d.write(m)
	}
	return slices.Concat(d.lines(m)...)
}

// flat calls f for every directive of the table, those of its groups included.
func flat[M any](table []directive[M], f func(d *directive[M])) {
	for i := range table {
		if table[i].rows != nil {
			flat(table[i].rows, f)
		} else {
			f(&table[i])
		}
	}
}

// readDirectives fills m from the lines of s that the table models.
func readDirectives[M any](s *Section, table []directive[M], m *M) {
	for _, l := range s.lines[s.body():] {
		if len(l.words) > 0 {
			readLine(table, l, m)
		}
	}
}

// readLine reads l with the directives of the table that match it, and reports
// whether any did. (No closure: every line of every section read goes here.)
func readLine[M any](table []directive[M], l *Line, m *M) bool {
	found := false
	for i := range table {
		d := &table[i]
		switch {
		case d.rows != nil:
			found = l.words[0] == d.keyword && readLine(d.rows, l, m) || found
		case d.match(l.words):
			found = true
			if m != nil {
				d.read(m, l)
			}
		}
	}
	return found
}

// writeDirectives makes the lines of s say what m says, touching only the lines whose
// meaning differs. Lines the table does not model are left alone.
func writeDirectives[M any](c *Config, s *Section, table []directive[M], m *M) {
	flat(table, func(d *directive[M]) {
		var at []int
		for i := s.body(); i < len(s.lines); i++ {
			if w := s.lines[i].words; len(w) > 0 && d.match(w) {
				at = append(at, i)
			}
		}
		if d.lines != nil {
			writeLines(c, s, d, at, m)
			return
		}
		want := d.write(m)
		switch {
		case want == nil:
			for k := len(at) - 1; k >= 0; k-- {
				s.lines = slices.Delete(s.lines, at[k], at[k]+1)
			}
		case len(at) == 0:
			at := c.insert(s, d.keyword, want)
			s.lines[at] = writeMetadata(s.lines[at], d.lineMetadataAt(m, 0))
		default: // HAProxy uses the last one
			last := at[len(at)-1]
			var have M
			d.read(&have, s.lines[last])
			switch {
			case slices.Equal(d.write(&have), want):
			case d.update != nil:
				s.lines[last] = d.update(s.lines[last], m)
			default:
				s.lines[last] = rewrite(s.lines[last], want)
			}
			s.lines[last] = writeMetadata(s.lines[last], d.lineMetadataAt(m, 0))
		}
	})
}

// writeLines makes the lines at (the directive's, in s) say what m says:
// nothing changes when all of them together already do; else, item by item,
// as a list replace does (spliceLines), lines whose item stays are left as
// written.
func writeLines[M any](c *Config, s *Section, d *directive[M], at []int, m *M) {
	want := d.lines(m)
	var have M
	for _, i := range at {
		d.read(&have, s.lines[i])
	}
	if slices.EqualFunc(d.lines(&have), want, slices.Equal) {
		for k, i := range at {
			s.lines[i] = writeMetadata(s.lines[i], d.lineMetadataAt(m, k))
		}
		return
	}
	if len(at) == 0 {
		for k, w := range want {
			i := c.insert(s, d.keyword, w)
			s.lines[i] = writeMetadata(s.lines[i], d.lineMetadataAt(m, k))
		}
		return
	}
	oldKeys := make([]string, len(at))
	for k, i := range at {
		var one M
		d.read(&one, s.lines[i])
		oldKeys[k] = strings.Join(slices.Concat(d.lines(&one)...), " ")
	}
	newKeys := make([]string, len(want))
	for k, w := range want {
		newKeys[k] = strings.Join(w, " ")
	}
	indent := c.indentFor(s, d.keyword)
	withMetadata := func(l *Line, k int) *Line { return writeMetadata(l, d.lineMetadataAt(m, k)) }
	spliceLines(c, s, at, oldKeys, newKeys,
		func(k int) *Line { return withMetadata(newLine(indent+strings.Join(want[k], " ")+c.eol), k) },
		func(l *Line, k int) *Line { return withMetadata(rewriteChanged(l, want[k]), k) }, withMetadata)
}

func isWords(w []string, want ...string) bool {
	return len(w) >= len(want) && slices.Equal(w[:len(want)], want)
}

// valueDirective is `<keyword...> <value>`, the value a name or one of a fixed list
// (mode, default_backend), read as HAProxy reads it: such values are plain words.
func valueDirective[M any](get func(*M) *string, keyword ...string) directive[M] {
	n := len(keyword)
	return directive[M]{
		keyword: keyword[0],
		match:   func(w []string) bool { return len(w) > n && isWords(w, keyword...) },
		read:    func(m *M, l *Line) { *get(m) = l.words[n] },
		write: func(m *M) []string {
			if v := *get(m); v != "" {
				return append(slices.Clone(keyword), v)
			}
			return nil
		},
	}
}

// textDirective is `<keyword...> <value>`, the value one free-form word
// (log-format), as spelled.
func textDirective[M any](get func(*M) *string, keyword ...string) directive[M] {
	d := valueDirective(get, keyword...)
	n := len(keyword)
	d.read = func(m *M, l *Line) { *get(m) = l.spell(n) }
	return d
}

// lineDirective is `<keyword...> <text...>` (description): the text is the rest
// of the line as spelled, from its first word to its last.
func lineDirective[M any](get func(*M) *string, keyword ...string) directive[M] {
	d := valueDirective(get, keyword...)
	n := len(keyword)
	d.read = func(m *M, l *Line) { *get(m) = rawFrom(l, n) }
	return d
}

// listDirective is `<keyword...> <a>,<b>,...`, a comma-separated list of words
// (log-steps).
func listDirective[M any](get func(*M) *[]string, keyword ...string) directive[M] {
	n := len(keyword)
	return directive[M]{
		keyword: keyword[0],
		match:   func(w []string) bool { return len(w) > n && isWords(w, keyword...) },
		read:    func(m *M, l *Line) { *get(m) = strings.Split(l.words[n], ",") },
		write: func(m *M) []string {
			if v := *get(m); len(v) > 0 {
				return append(slices.Clone(keyword), strings.Join(v, ","))
			}
			return nil
		},
	}
}

// numberDirective is `<keyword...> <number>`; parse reads the number (a plain integer,
// or a time for timeouts) and format writes it back.
func numberDirective[M any](get func(*M) **int64, parse func(string) (int64, bool), format func(int64) string, keyword ...string) directive[M] {
	n := len(keyword)
	return directive[M]{
		keyword: keyword[0],
		match:   func(w []string) bool { return len(w) > n && isWords(w, keyword...) },
		read: func(m *M, l *Line) {
			if v, ok := parse(l.words[n]); ok {
				*get(m) = &v
			}
		},
		write: func(m *M) []string {
			if v := *get(m); v != nil {
				return append(slices.Clone(keyword), format(*v))
			}
			return nil
		},
	}
}

// flagDirective is a line that is only its keywords, e.g. `option httplog`, `disabled`.
func flagDirective[M any](get func(*M) *bool, keyword ...string) directive[M] {
	return directive[M]{
		keyword: keyword[0],
		match:   func(w []string) bool { return slices.Equal(w, keyword) },
		read:    func(m *M, l *Line) { *get(m) = true },
		write: func(m *M) []string {
			if *get(m) {
				return slices.Clone(keyword)
			}
			return nil
		},
	}
}

// switchDirective is `<keyword...>` ("enabled") or `no <keyword...>` ("disabled"),
// e.g. `option abortonclose`.
func switchDirective[M any](get func(*M) *string, keyword ...string) directive[M] {
	negated := append([]string{"no"}, keyword...)
	return directive[M]{
		keyword: keyword[0],
		match:   func(w []string) bool { return slices.Equal(w, keyword) || slices.Equal(w, negated) },
		read:    func(m *M, l *Line) { *get(m) = map[bool]string{true: "disabled", false: "enabled"}[l.words[0] == "no"] },
		write: func(m *M) []string {
			switch *get(m) {
			case "enabled":
				return slices.Clone(keyword)
			case "disabled":
				return slices.Clone(negated)
			}
			return nil
		},
	}
}

// choiceDirective is one of several `option <choice>` lines standing for one field,
// e.g. http_connection_mode.
func choiceDirective[M any](get func(*M) *string, choices ...string) directive[M] {
	return directive[M]{
		keyword: "option",
		match:   func(w []string) bool { return len(w) == 2 && w[0] == "option" && slices.Contains(choices, w[1]) },
		read:    func(m *M, l *Line) { *get(m) = l.words[1] },
		write: func(m *M) []string {
			if v := *get(m); v != "" {
				return []string{"option", v}
			}
			return nil
		},
	}
}

// rawFrom returns the line's text from word k to its last word, as spelled, with
// the blanks between the words as written.
func rawFrom(l *Line, k int) string { return rawRange(l, k, len(l.words)) }

// rawRange returns the line's text from word i to word j-1, as spelled, with the
// blanks between the words as written; "" when i >= j.
func rawRange(l *Line, i, j int) string {
	if i >= j || i >= len(l.words) {
		return ""
	}
	if j == i+1 {
		return l.spell(i)
	}
	content := l.content()
	toks, _ := tokenize(content)
	return content[toks[i].start:toks[j-1].end]
}

// param maps one model field onto a keyword of a server, default-server or bind
// line, with the arguments it takes. names are its keywords ("check", "no-check");
// read gets the keyword as written (with its parenthesised arguments, as in
// `set-proxy-v2-tlv-fmt(0xE1)`) and its arguments both as HAProxy reads them and
// as spelled.
type param[M any] struct {
	names    []string
	args     int
	file     bool // its argument names a file HAProxy reads (see files.go)
	repeated bool // the keyword is written once per value (default-crt), and read from all
	read     func(m *M, keyword string, args, spells []string)
	write    func(m *M) []string
}

// paramItem is one keyword and its arguments on a line: words[i:j]. name is
// the keyword without the arguments it may carry in parentheses.
type paramItem struct {
	name string
	i, j int
}

// keywordName is a keyword without the arguments it carries in parentheses:
// `set-proxy-v2-tlv-fmt(0xE1)` is the keyword set-proxy-v2-tlv-fmt.
func keywordName(word string) string {
	name, _, _ := strings.Cut(word, "(")
	return name
}

// paramSet is a table of params with what reading a line needs, built once: the
// row of each keyword, and the arguments of every keyword known, those the table
// does not model included (others), so that reading past them stays in step.
// Keywords neither knows take none.
type paramSet[M any] struct {
	table []param[M]
	row   map[string]int
	arity map[string]int
}

func newParamSet[M any](table []param[M], others map[string]int) paramSet[M] {
	ps := paramSet[M]{table: table, row: map[string]int{}, arity: maps.Clone(others)}
	for k, p := range table {
		for _, name := range p.names {
			if _, twice := ps.row[name]; twice {
				panic("haproxycfg: keyword " + name + " is in two rows")
			}
			ps.row[name], ps.arity[name] = k, p.args
		}
	}
	return ps
}

// find returns the row of keyword name, nil when the table does not model it.
func (ps paramSet[M]) find(name string) *param[M] {
	if k, ok := ps.row[name]; ok {
		return &ps.table[k]
	}
	return nil
}

// scanParams splits words[from:] into keywords with their arguments.
func scanParams[M any](words []string, from int, ps paramSet[M]) []paramItem {
	var items []paramItem
	for i := from; i < len(words); {
		name := keywordName(words[i])
		j := min(i+1+ps.arity[name], len(words))
		items = append(items, paramItem{name, i, j})
		i = j
	}
	return items
}

// readParams fills m from the keywords of l from word `from` on.
func readParams[M any](l *Line, from int, ps paramSet[M], m *M) {
	for _, it := range scanParams(l.words, from, ps) {
		if p := ps.find(it.name); p != nil && it.j-it.i == 1+p.args {
			p.read(m, l.words[it.i], l.words[it.i+1:it.j], l.spells[it.i+1:it.j])
		}
	}
}

// writeParams makes the keywords of l from word `from` on say what m says, touching
// only the keywords whose meaning differs; keywords the table does not model stay.
// A keyword given twice is edited where HAProxy reads it: the last one, or, for a
// repeated keyword, where its first one stands, all of them making one value.
// The line is scanned again only after an edit.
func writeParams[M any](l *Line, from int, ps paramSet[M], m *M) *Line {
	items := scanParams(l.words, from, ps)
	for k, p := range ps.table {
		want := p.write(m)
		var at []paramItem
		for _, it := range items {
			if r, ok := ps.row[it.name]; ok && r == k {
				at = append(at, it)
			}
		}
		e := editLine(l)
		switch {
		case want == nil && len(at) == 0:
			continue
		case want == nil:
			for k := len(at) - 1; k >= 0; k-- {
				e.replace(at[k].i, at[k].j, nil)
			}
		case len(at) == 0:
			e.replace(len(e.words), len(e.words), want)
		case p.repeated:
			var have M
			for _, it := range at {
				p.read(&have, l.words[it.i], l.words[it.i+1:it.j], l.spells[it.i+1:it.j])
			}
			if slices.Equal(p.write(&have), want) {
				continue
			}
			for k := len(at) - 1; k > 0; k-- {
				e.replace(at[k].i, at[k].j, nil)
			}
			e.replace(at[0].i, at[0].j, want)
		default:
			last := at[len(at)-1]
			var have M
			p.read(&have, l.words[last.i], l.words[last.i+1:last.j], l.spells[last.i+1:last.j])
			if slices.Equal(p.write(&have), want) {
				continue
			}
			e.replace(last.i, last.j, want)
		}
		l = e.line()
		items = scanParams(l.words, from, ps)
	}
	return l
}

// switchParam is a keyword ("enabled") with its negation ("disabled"), e.g.
// check/no-check; a keyword without one (off "") is only ever "enabled".
func switchParam[M any](get func(*M) *string, on, off string) param[M] {
	names := []string{on}
	if off != "" {
		names = append(names, off)
	}
	return param[M]{
		names: names,
		read: func(m *M, name string, _, _ []string) {
			*get(m) = map[bool]string{true: "enabled", false: "disabled"}[name == on]
		},
		write: func(m *M) []string {
			switch *get(m) {
			case "enabled":
				return []string{on}
			case "disabled":
				return []string{off}
			}
			return nil
		},
	}
}

// boolParam is a keyword that is there or not, e.g. a bind's `ssl`. A keyword of
// two words, such as `expose-fd listeners`, is there when its argument is.
func boolParam[M any](get func(*M) *bool, keyword string) param[M] {
	words := strings.Fields(keyword)
	return param[M]{
		names: words[:1], args: len(words) - 1,
		read: func(m *M, _ string, args, _ []string) { *get(m) = slices.Equal(args, words[1:]) },
		write: func(m *M) []string {
			if *get(m) {
				return words
			}
			return nil
		},
	}
}

// valueParam is a keyword with a free-form value (a file, an expression), as spelled.
func valueParam[M any](get func(*M) *string, name string) param[M] {
	return param[M]{
		names: []string{name}, args: 1,
		read: func(m *M, _ string, _, spells []string) { *get(m) = spells[0] },
		write: func(m *M) []string {
			if v := *get(m); v != "" {
				return []string{name, v}
			}
			return nil
		},
	}
}

// fileParam is a keyword whose value names a file, as spelled: values from the
// API may name files only in the allowed directories (see files.go).
func fileParam[M any](get func(*M) *string, name string) param[M] {
	p := valueParam(get, name)
	p.file = true
	return p
}

// wordParam is a keyword whose value is a plain word (a name, one of a fixed list),
// read as HAProxy reads it.
func wordParam[M any](get func(*M) *string, name string) param[M] {
	p := valueParam(get, name)
	p.read = func(m *M, _ string, args, _ []string) { *get(m) = args[0] }
	return p
}

// listParam is a keyword with a comma-separated list of words, e.g. proxy-v2-options.
func listParam[M any](get func(*M) *[]string, name string) param[M] {
	return param[M]{
		names: []string{name}, args: 1,
		read: func(m *M, _ string, args, _ []string) { *get(m) = strings.Split(args[0], ",") },
		write: func(m *M) []string {
			if v := *get(m); len(v) > 0 {
				return []string{name, strings.Join(v, ",")}
			}
			return nil
		},
	}
}

func numberParam[M any](get func(*M) **int64, name string, parse func(string) (int64, bool), format func(int64) string) param[M] {
	return param[M]{
		names: []string{name}, args: 1,
		read: func(m *M, _ string, a, _ []string) {
			if v, ok := parse(a[0]); ok {
				*get(m) = &v
			}
		},
		write: func(m *M) []string {
			if v := *get(m); v != nil {
				return []string{name, format(*v)}
			}
			return nil
		},
	}
}

func intParam[M any](get func(*M) **int64, name string) param[M] {
	return numberParam(get, name, parseInt, formatInt)
}

func timeParam[M any](get func(*M) **int64, name string) param[M] {
	return numberParam(get, name, parseTime, formatTime)
}

func parseInt(s string) (int64, bool) {
	v, err := strconv.ParseInt(s, 10, 64)
	return v, err == nil
}

func formatInt(v int64) string { return strconv.FormatInt(v, 10) }

// parseTime and formatTime are HAProxy times, as the models hold them (ms).
var (
	parseTime  = dataplane.ParseTime
	formatTime = dataplane.FormatTime
)

// parseSeconds reads a time whose bare number is seconds (clitcpka-idle), as
// milliseconds; formatTime writes it back with its unit.
func parseSeconds(s string) (int64, bool) {
	if v, err := strconv.ParseInt(s, 10, 64); err == nil {
		return v * 1000, v >= 0 && v <= math.MaxInt64/1000
	}
	return parseTime(s)
}

// filesParam is a keyword written once for each file of a list, `default-crt
// <file>` repeated; the files are as spelled, and checked as files (files.go).
func filesParam[M any](get func(*M) *[]string, name string) param[M] {
	return param[M]{
		names: []string{name}, args: 1, file: true, repeated: true,
		read: func(m *M, _ string, _, spells []string) { *get(m) = append(*get(m), spells[0]) },
		write: func(m *M) []string {
			var w []string
			for _, f := range *get(m) {
				w = append(w, name, f)
			}
			return w
		},
	}
}

// idValueParam is a keyword that carries an id in parentheses, with a value:
// `set-proxy-v2-tlv-fmt(<id>) <value>`, the value as spelled.
func idValueParam[M any](get func(*M) **dataplane.IDValue, name string) param[M] {
	return param[M]{
		names: []string{name}, args: 1,
		read: func(m *M, keyword string, _, spells []string) {
			id, ok := strings.CutPrefix(keyword, name+"(")
			if id, closed := strings.CutSuffix(id, ")"); ok && closed {
				*get(m) = &dataplane.IDValue{ID: id, Value: spells[0]}
			}
		},
		write: func(m *M) []string {
			if v := *get(m); v != nil {
				return []string{name + "(" + v.ID + ")", v.Value}
			}
			return nil
		},
	}
}

// paramArg is one argument a keyword's value carries in parentheses, as the
// window in `quic-cc-algo cubic(<max-window>,<burst>)`: read from its text,
// written as text ("" when unset).
type paramArg[M any] struct {
	read  func(m *M, s string)
	write func(m *M) string
}

// withArgs is p, a keyword with one value, whose value carries args in
// parentheses, `<value>(<a>,<b>)`. An argument unset before a set one is
// written empty (`cubic(,10)`); those after the last set one are left out.
func withArgs[M any](p param[M], args []paramArg[M]) param[M] {
	read, write := p.read, p.write
	p.read = func(m *M, keyword string, words, spells []string) {
		value, inner, open := strings.Cut(words[0], "(")
		inner, closed := strings.CutSuffix(inner, ")")
		if !open || !closed {
			read(m, keyword, words, spells)
			return
		}
		read(m, keyword, []string{value}, []string{value})
		for i, s := range strings.Split(inner, ",") {
			if i < len(args) && s != "" {
				args[i].read(m, s)
			}
		}
	}
	p.write = func(m *M) []string {
		w := write(m)
		if w == nil {
			return nil
		}
		parts, n := make([]string, len(args)), 0
		for i, a := range args {
			if parts[i] = a.write(m); parts[i] != "" {
				n = i + 1
			}
		}
		if n > 0 {
			w[len(w)-1] += "(" + strings.Join(parts[:n], ",") + ")"
		}
		return w
	}
	return p
}

// numberArg is a parenthesised argument that is a number, read by parse and
// written by format.
func numberArg[M any](get func(*M) **int64, parse func(string) (int64, bool), format func(int64) string) paramArg[M] {
	return paramArg[M]{
		read: func(m *M, s string) {
			if v, ok := parse(s); ok {
				*get(m) = &v
			}
		},
		write: func(m *M) string {
			if v := *get(m); v != nil {
				return format(*v)
			}
			return ""
		},
	}
}

// parseKilobytes reads a HAProxy size (bytes, or k, m, g) as kilobytes, as the
// models hold sizes the official API counts in kilobytes; a size that is no
// whole number of kilobytes is not read.
func parseKilobytes(s string) (int64, bool) {
	v, ok := parseSize(s)
	return v >> 10, ok && v%1024 == 0
}

// formatKilobytes writes kilobytes as a HAProxy size, in the largest unit
// that divides them: 64k, 1m, 4g.
func formatKilobytes(v int64) string {
	switch {
	case v != 0 && v%(1<<20) == 0:
		return formatInt(v>>20) + "g"
	case v != 0 && v%(1<<10) == 0:
		return formatInt(v>>10) + "m"
	}
	return formatInt(v) + "k"
}
