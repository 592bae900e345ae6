package haproxycfg

import (
	"github.com/tfhaproxy/terraform-provider-haproxy/internal/dataplane"
)

// SectionView is a view of the sections of one kind (frontend, backend) as models.
type SectionView[M any] struct {
	kind  string
	table []directive[M]
	name  func(*M) *string
	from  func(*M) *string // the defaults section the header names with `from`; nil for sections without one
	// metadata is the section's metadata, its header line's comment (see metadata.go).
	metadata func(*M) *dataplane.Metadata
	check    func(*M) error
	// parts are the kinds of child the model carries with full_section (full.go).
	parts []childPart[M]
	// place, when set, is the index of the section a new one goes before (see
	// defaults.go), or why it cannot be created; else a new section goes after
	// the last one of its kind.
	place func(c *Config, m *M) (int, error)
	// deleting, when set, may refuse to delete section i.
	deleting func(c *Config, i int) error
}

func (v SectionView[M]) read(s *Section) M {
	var m M
	*v.name(&m) = s.Name
	if v.from != nil {
		*v.from(&m) = s.From()
	}
	*v.metadata(&m) = lineMetadata(s.lines[0])
	readDirectives(s, v.table, &m)
	return m
}

// write makes the header and the lines of s say what m says.
func (v SectionView[M]) write(c *Config, s *Section, m *M) {
	if v.from != nil {
		writeFrom(s, *v.from(m))
	}
	s.lines[0] = writeMetadata(s.lines[0], *v.metadata(m))
	writeDirectives(c, s, v.table, m)
}

// checkAll runs the view's checks and the metadata's.
func (v SectionView[M]) checkAll(m *M) error {
	return firstError(v.check(m), checkMetadata(*v.metadata(m)))
}

// writeFrom makes the header of s name the defaults section from ("" for none)
// with `from`, touching nothing else of it.
func writeFrom(s *Section, from string) {
	if s.From() == from {
		return
	}
	h := s.lines[0]
	end := 2 // the header's words after its name: none, or `from <name>`
	if len(h.words) >= 4 && h.words[2] == "from" {
		end = 4
	}
	var words []string
	if from != "" {
		words = []string{"from", from}
	}
	e := editLine(h)
	e.replace(2, min(end, len(e.words)), words)
	s.lines[0] = e.line()
}

// List returns the sections of the view's kind in file order.
func (v SectionView[M]) List(c *Config) []M { return v.list(c, v.read) }

// list returns the sections of the view's kind, each as read reads it.
func (v SectionView[M]) list(c *Config, read func(*Section) M) []M {
	out := []M{}
	for i, s := range c.sections {
		if s.Kind == v.kind {
			m := read(s)
			*v.name(&m) = c.apiName(i)
			out = append(out, m)
		}
	}
	return out
}

// Get reads one section's own settings.
func (v SectionView[M]) Get(c *Config, name string) (M, error) { return v.get(c, name, v.read) }

// get reads one section as read reads it.
func (v SectionView[M]) get(c *Config, name string, read func(*Section) M) (M, error) {
	i := c.find(v.kind, name)
	if i < 0 {
		var zero M
		return zero, notFound(v.kind, name)
	}
	m := read(c.sections[i])
	*v.name(&m) = c.apiName(i)
	return m, nil
}

// Create adds a section after the last one of its kind. Its child members must
// be empty (see full.go).
func (v SectionView[M]) Create(c *Config, m M) error {
	if err := v.sameChildren(c, &m); err != nil {
		return err
	}
	return v.create(c, v.own(m))
}

// create is Create of a model without children.
func (v SectionView[M]) create(c *Config, m M) error {
	if err := v.checkAll(&m); err != nil {
		return err
	}
	name := *v.name(&m)
	c.touch(c.key(v.kind, name))
	if c.find(v.kind, name) >= 0 {
		return exists(v.kind, name)
	}
	header := &Section{Kind: v.kind, Name: name, lines: []*Line{newLine(v.kind + " " + name + c.eol)}}
	if err := readBack(c, &m, v.written(c, header)); err != nil {
		return err
	}
	if err := checkMetadataLine(writeMetadata(header.lines[0], *v.metadata(&m)), *v.metadata(&m)); err != nil {
		return err
	}
	at := -1
	if v.place != nil {
		var err error
		if at, err = v.place(c, &m); err != nil {
			return err
		}
	}
	v.write(c, c.addSectionAt(v.kind, name, at), &m)
	return nil
}

// Replace makes the section's own directives say what m says; its children
// (servers, binds, ACLs, rules), the directives the model does not cover and,
// when m has no metadata, the header's comment stay. Its child members must be
// empty or say what the file holds (see full.go).
func (v SectionView[M]) Replace(c *Config, m M) error {
	if err := v.sameChildren(c, &m); err != nil {
		return err
	}
	return v.replace(c, v.own(m))
}

// replace is Replace of a model without children.
func (v SectionView[M]) replace(c *Config, m M) error {
	if err := v.checkAll(&m); err != nil {
		return err
	}
	name := *v.name(&m)
	c.touch(c.key(v.kind, name))
	i := c.find(v.kind, name)
	if i < 0 {
		return notFound(v.kind, name)
	}
	old := v.read(c.sections[i])
	// The file's name: an anonymous defaults section has none.
	*v.name(&m) = c.sections[i].Name
	if *v.metadata(&m) == nil { // unset: the comment stays as written
		*v.metadata(&m) = *v.metadata(&old)
	}
	if err := readBackKeeping(c, &m, &old, v.written(c, c.sections[i])); err != nil {
		return err
	}
	if err := checkMetadataLine(writeMetadata(c.sections[i].lines[0], *v.metadata(&m)), *v.metadata(&m)); err != nil {
		return err
	}
	v.write(c, c.edit(i), &m)
	return nil
}

// written is what section s, made to say a model, reads back as; the problem is
// the first in the lines the write made, the files those the lines the view
// models name.
func (v SectionView[M]) written(c *Config, s *Section) func(*M) written[M] {
	return func(m *M) written[M] {
		e := s.clone()
		v.write(c, e, m)
		had := make(map[*Line]bool, len(s.lines))
		for _, l := range s.lines {
			had[l] = true
		}
		w := written[M]{model: v.read(e)}
		for _, l := range e.lines {
			if w.problem == "" && !had[l] {
				w.problem = lineProblem(l)
			}
		}
		w.files = func() []string {
			var files []string
			for _, l := range e.lines[e.body():] {
				if modeled(v.table, l) {
					files = append(files, l.files()...)
				}
			}
			return files
		}
		return w
	}
}

// modeled tells whether a line is one of the table's.
func modeled[M any](table []directive[M], l *Line) bool {
	return len(l.words) > 0 && readLine(table, l, nil)
}

// Delete removes the section with everything in it.
func (v SectionView[M]) Delete(c *Config, name string) error {
	c.touch(c.key(v.kind, name))
	i := c.find(v.kind, name)
	if i < 0 {
		return notFound(v.kind, name)
	}
	if v.deleting != nil {
		if err := v.deleting(c, i); err != nil {
			return err
		}
	}
	c.deleteSection(i)
	return nil
}

// headerOption is the parts of `option <name> [except <network>] [header
// <name>]`, with `[if-none]` where the option has it (ifnone not nil): the
// options that add a header with the client's address (forwardfor, originalto).
type headerOption struct {
	enabled, except, header *string
	ifnone                  *bool
}

// headerOptionDirective is the line of such an option, its model O's parts
// given by parts.
func headerOptionDirective[M, O any](name string, get func(*M) **O, parts func(*O) headerOption) directive[M] {
	return directive[M]{
		keyword: "option",
		match:   func(w []string) bool { return isWords(w, "option", name) },
		read: func(m *M, l *Line) {
			o := new(O)
			p := parts(o)
			*p.enabled = dataplane.Enabled
			w := l.words
			for i := 2; i < len(w); i++ {
				switch {
				case w[i] == "if-none" && p.ifnone != nil:
					*p.ifnone = true
				case w[i] == "except" && i+1 < len(w):
					i++
					*p.except = l.spell(i)
				case w[i] == "header" && i+1 < len(w):
					i++
					*p.header = l.spell(i)
				}
			}
			*get(m) = o
		},
		write: func(m *M) []string {
			o := *get(m)
			if o == nil {
				return nil
			}
			p := parts(o)
			if *p.enabled != dataplane.Enabled {
				return nil
			}
			w := []string{"option", name}
			if *p.except != "" {
				w = append(w, "except", *p.except)
			}
			if *p.header != "" {
				w = append(w, "header", *p.header)
			}
			if p.ifnone != nil && *p.ifnone {
				w = append(w, "if-none")
			}
			return w
		},
	}
}

// checkHeaderOption checks such an option, set: it is written only enabled.
func checkHeaderOption[O any](field string, o *O, parts func(*O) headerOption) error {
	if o == nil {
		return nil
	}
	return checkOneOf(field+".enabled", *parts(o).enabled, dataplane.Enabled)
}

// forwardforDirective is `option forwardfor [except <net>] [header <name>] [if-none]`.
func forwardforDirective[M any](get func(*M) **dataplane.Forwardfor) directive[M] {
	return headerOptionDirective("forwardfor", get, forwardforParts)
}

func checkForwardfor(f *dataplane.Forwardfor) error {
	return checkHeaderOption("forwardfor", f, forwardforParts)
}

func forwardforParts(f *dataplane.Forwardfor) headerOption {
	return headerOption{&f.Enabled, &f.Except, &f.Header, &f.Ifnone}
}
