package haproxycfg

import (
	"fmt"
	"strings"

	"github.com/tfhaproxy/terraform-provider-haproxy/internal/dataplane"
)

// Verbatim text for models. A client that speaks the Data Plane API's JSON (the
// provider's extra_params and extra_directives) may still let people write part
// of a model in haproxy.cfg's own syntax: these functions read such text into a
// model and write a model's fields back as text, with the tables the agent edits
// the file with, so that the two never disagree about a keyword. Text is read as
// HAProxy reads a line (quotes, escapes, see words.go), and is refused, naming
// what is wrong, when the model cannot hold all of it: a keyword or a line the
// model does not have, a value it cannot read, words it would drop.

// ParamModel is a model whose fields are the keywords of one line: a server,
// the params of a default-server line, a bind.
type ParamModel interface {
	dataplane.Server | dataplane.ServerParams | dataplane.Bind
}

// keywordsOf is the keyword table of M.
func keywordsOf[M ParamModel]() tagged[M] {
	var t any
	switch any((*M)(nil)).(type) {
	case *dataplane.Server:
		t = serverKeywords
	case *dataplane.ServerParams:
		t = serverParamKeywords
	case *dataplane.Bind:
		t = bindKeywords
	}
	return t.(tagged[M])
}

// ParseParams reads text, keywords with their arguments as they follow the name
// and address of a server, default-server or bind line, into m, and returns each
// keyword with its arguments as spelled. A keyword given twice counts once, as
// HAProxy counts it: the last wins (a repeated one, such as default-crt, adds
// a value each time). The error names the keyword.
func ParseParams[M ParamModel](text string, m *M) ([]string, error) {
	l, err := verbatimLine(text)
	if err != nil {
		return nil, err
	}
	ks := keywordsOf[M]()
	var items []string
	for _, it := range scanParams(l.words, 0, ks.paramSet) {
		p := ks.find(it.name)
		if p == nil {
			return nil, &FieldError{it.name, "no field of the Data Plane API's model holds this keyword, so it cannot be written through the API"}
		}
		if it.j-it.i != 1+p.args {
			return nil, &FieldError{it.name, fmt.Sprintf("takes %d argument(s)", p.args)}
		}
		args, spells := l.words[it.i+1:it.j], l.spells[it.i+1:it.j]
		var one M
		p.read(&one, l.words[it.i], args, spells)
		if err := keepsWords(it.name, l.words[it.i:it.j], p.write(&one)); err != nil {
			return nil, err
		}
		p.read(m, l.words[it.i], args, spells)
		items = append(items, rawRange(l, it.i, it.j))
	}
	if err := ks.check(m); err != nil {
		return nil, err
	}
	return items, nil
}

// ParamRows returns, for each row of M's keyword table in order, the keyword
// m sets there with its arguments, values as spelled, "" for the rows m leaves
// unset. Joined with blanks, the rows are the text ParseParams reads back as m.
func ParamRows[M ParamModel](m *M) []string {
	table := keywordsOf[M]().table
	out := make([]string, len(table))
	for i, p := range table {
		out[i] = strings.Join(p.write(m), " ")
	}
	return out
}

// ParseDirectives reads lines, directives of a section of the view's kind in
// haproxy.cfg's syntax, one line each, into m. The error names the line by its
// index. Lines the view's model does not hold (http-response, tcp-request,
// stats ...) are refused: the Data Plane API carries them in other endpoints,
// or not at all.
func (v SectionView[M]) ParseDirectives(lines []string, m *M) error {
	for i, text := range lines {
		if err := v.parseDirective(text, m); err != nil {
			return fmt.Errorf("line %d (%q): %w", i, text, err)
		}
	}
	return v.checkPart(m)
}

func (v SectionView[M]) parseDirective(text string, m *M) error {
	one, err := parseDirective(v.table, v.kind, text, m)
	if err != nil {
		return err
	}
	return v.checkPart(&one)
}

// parseDirective reads text, one directive of a section of that kind, into m
// with the table, and returns what it says alone.
func parseDirective[M any](table []directive[M], kind, text string, m *M) (M, error) {
	var one M
	l, err := verbatimLine(text)
	if err != nil {
		return one, err
	}
	if len(l.words) == 0 {
		return one, &FieldError{"", "no directive: an empty line or a comment"}
	}
	var rows []*directive[M]
	flat(table, func(d *directive[M]) {
		if d.match(l.words) {
			rows = append(rows, d)
		}
	})
	if len(rows) == 0 {
		return one, &FieldError{"", fmt.Sprintf("the Data Plane API's %s model has no field for this directive, so it cannot be written through the API", kind)}
	}
	var kept error
	for _, d := range rows {
		var probe M
		d.read(&probe, l)
		if kept = keepsWords(l.words[0], l.words, d.lineWords(&probe)); kept == nil {
			break
		}
	}
	if kept != nil {
		return one, kept
	}
	for _, d := range rows {
		d.read(m, l)
		d.read(&one, l)
	}
	return one, nil
}

// checkPart checks part of a model, which the text gives without its name.
func (v SectionView[M]) checkPart(m *M) error {
	check := *m
	if *v.name(&check) == "" {
		*v.name(&check) = "x"
	}
	return v.check(&check)
}

// Directives returns, for each row of the view's table in order (the rows of
// its groups each), the line m makes of it as spelled, "" for the rows m leaves
// unset; a row that is a list of lines (error_files) gives them one per line
// ("\n" between). The rows are the directives the model holds, so a client can
// tell which lines a part of the model makes.
func (v SectionView[M]) Directives(m *M) []string {
	var out []string
	flat(v.table, func(d *directive[M]) {
		if d.lines == nil {
			out = append(out, strings.Join(d.write(m), " "))
			return
		}
		var lines []string
		for _, w := range d.lines(m) {
			lines = append(lines, strings.Join(w, " "))
		}
		out = append(out, strings.Join(lines, "\n"))
	})
	return out
}

// verbatimLine is text as a line, when it is text a line may hold: no control
// character, nothing HAProxy would refuse or read as a comment.
func verbatimLine(text string) (*Line, error) {
	if err := checkText("", text); err != nil {
		return nil, err
	}
	if len(text) > MaxLineBytes {
		return nil, &FieldError{"", fmt.Sprintf("%d bytes long, the limit is %d", len(text), MaxLineBytes)}
	}
	if _, problem := Spelling(text); problem != "" {
		return nil, &FieldError{"", problem}
	}
	l := newLine(text)
	if problem := lineProblem(l); problem != "" {
		return nil, &FieldError{"", problem}
	}
	return l, nil
}

// keepsWords refuses given, the words of a keyword or line as HAProxy reads
// them, when the model read from them writes other words (written, as
// spelled): the model would drop or change some of them. Times and numbers
// are compared by value ("5s" and "5000"), and the order of the words is free.
func keepsWords(name string, given, written []string) error {
	left := map[string]int{}
	for _, w := range newLine(strings.Join(written, " ")).words {
		left[wordValue(w)]++
	}
	for _, w := range given {
		k := wordValue(w)
		if left[k] == 0 {
			if len(written) == 0 {
				return &FieldError{name, fmt.Sprintf("the Data Plane API's model cannot read %q", strings.Join(given, " "))}
			}
			return &FieldError{name, fmt.Sprintf("the Data Plane API's model does not keep %q of it: it would write %q", w, strings.Join(written, " "))}
		}
		left[k]--
	}
	for w, n := range left {
		if n > 0 {
			return &FieldError{name, fmt.Sprintf("the Data Plane API's model reads it as %q, with %q added", strings.Join(written, " "), w)}
		}
	}
	return nil
}

// wordValue is what a word means for keepsWords: a time or a number by its
// value, other words as they are.
func wordValue(w string) string {
	if ms, ok := parseTime(w); ok {
		return "\x00" + formatInt(ms)
	}
	return w
}
