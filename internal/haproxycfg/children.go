package haproxycfg

import (
	"fmt"
	"reflect"

	"github.com/tfhaproxy/terraform-provider-haproxy/internal/dataplane"
)

// ChildView is a view of the named one-line children of a section, such as a
// backend's servers or a frontend's binds.
type ChildView[M any] struct {
	parent    string // section kind
	keyword   string // first word of the child lines
	name      func(l *Line) string
	modelName func(m *M) string
	read      func(l *Line) M
	check     func(m *M) error
	// fill, when set, gives a new or replacing model the defaults the contract gives.
	fill func(m *M)
	// line makes l (nil for a new line, without indentation) say what m says,
	// but for its metadata, which is the line's comment (see metadata.go).
	line     func(c *Config, l *Line, m *M) *Line
	metadata func(m *M) *dataplane.Metadata
}

// readLine reads a child's line, its comment as its metadata.
func (v ChildView[M]) readLine(l *Line) M {
	m := v.read(l)
	*v.metadata(&m) = lineMetadata(l)
	return m
}

// lineFor is the line for m, made from l (nil for a new line), its comment saying
// m's metadata.
func (v ChildView[M]) lineFor(c *Config, l *Line, m *M) *Line {
	return writeMetadata(v.line(c, l, m), *v.metadata(m))
}

// findLines returns the indexes of a section's lines of one keyword that name something.
func findLines(s *Section, keyword string) []int {
	var at []int
	for i := s.body(); i < len(s.lines); i++ {
		if s.lines[i].keyword() == keyword && len(s.lines[i].words) > 1 {
			at = append(at, i)
		}
	}
	return at
}

// touch records the child as addressed by an edit.
func (v ChildView[M]) touch(c *Config, parent, name string) {
	c.touch(c.childKey(v.parent, parent, v.keyword+" "+name))
}

func (v ChildView[M]) find(c *Config, parent, name string) (sec, line int, err error) {
	sec = c.find(v.parent, parent)
	if sec < 0 {
		return -1, -1, parentNotFound(v.parent, parent)
	}
	for _, i := range findLines(c.sections[sec], v.keyword) {
		if v.name(c.sections[sec].lines[i]) == name {
			return sec, i, nil
		}
	}
	return sec, -1, notFound(v.keyword, name)
}

// List returns the parent's children in file order.
func (v ChildView[M]) List(c *Config, parent string) ([]M, error) {
	sec := c.find(v.parent, parent)
	if sec < 0 {
		return nil, parentNotFound(v.parent, parent)
	}
	return v.listOf(c.sections[sec]), nil
}

// listOf returns the children in section s, in file order.
func (v ChildView[M]) listOf(s *Section) []M {
	at := findLines(s, v.keyword)
	out := make([]M, 0, len(at)) // a server is some 2 KB: growing would copy them again and again
	for _, i := range at {
		out = append(out, v.readLine(s.lines[i]))
	}
	return out
}

// Get reads one child.
func (v ChildView[M]) Get(c *Config, parent, name string) (M, error) {
	sec, i, err := v.find(c, parent, name)
	if err != nil {
		var zero M
		return zero, err
	}
	return v.readLine(c.sections[sec].lines[i]), nil
}

// Create adds the child after its last sibling, with their indentation.
func (v ChildView[M]) Create(c *Config, parent string, m M) error {
	if v.fill != nil {
		v.fill(&m)
	}
	if err := firstError(v.check(&m), checkMetadata(*v.metadata(&m))); err != nil {
		return err
	}
	v.touch(c, parent, v.modelName(&m))
	sec, _, err := v.find(c, parent, v.modelName(&m))
	if err == nil {
		return exists(v.keyword, v.modelName(&m))
	}
	if sec < 0 {
		return err
	}
	if err := readBack(c, &m, v.written(c, nil)); err != nil {
		return err
	}
	s := c.edit(sec)
	l := newLine(c.indentFor(s, v.keyword) + v.lineFor(c, nil, &m).raw)
	if err := checkMetadataLine(l, *v.metadata(&m)); err != nil {
		return err
	}
	c.insertLines(s, s.insertAt(v.keyword), l)
	return nil
}

// Replace rewrites the child's line to say what m says, keeping the keywords the
// model does not cover, the spacing and, when m has no metadata, the comment.
func (v ChildView[M]) Replace(c *Config, parent string, m M) error {
	if v.fill != nil {
		v.fill(&m)
	}
	if err := firstError(v.check(&m), checkMetadata(*v.metadata(&m))); err != nil {
		return err
	}
	v.touch(c, parent, v.modelName(&m))
	sec, i, err := v.find(c, parent, v.modelName(&m))
	if err != nil {
		return err
	}
	old := v.readLine(c.sections[sec].lines[i])
	if *v.metadata(&m) == nil { // unset: the comment stays as written
		*v.metadata(&m) = *v.metadata(&old)
	}
	if err := readBackKeeping(c, &m, &old, v.written(c, c.sections[sec].lines[i])); err != nil {
		return err
	}
	l := v.lineFor(c, c.sections[sec].lines[i], &m)
	if err := checkMetadataLine(l, *v.metadata(&m)); err != nil {
		return err
	}
	s := c.edit(sec)
	s.lines[i] = l
	return nil
}

// written is what the line for a model, made from l (nil for a new line), reads
// back as.
func (v ChildView[M]) written(c *Config, l *Line) func(*M) written[M] {
	return func(m *M) written[M] {
		nl := v.lineFor(c, l, m)
		return written[M]{v.readLine(nl), lineProblem(nl), nl.files}
	}
}

// Delete removes the child's line.
func (v ChildView[M]) Delete(c *Config, parent, name string) error {
	v.touch(c, parent, name)
	sec, i, err := v.find(c, parent, name)
	if err != nil {
		return err
	}
	s := c.edit(sec)
	s.lines = append(s.lines[:i:i], s.lines[i+1:]...)
	return nil
}

// ReplaceAll makes the parent's children be items: the children items do not
// name are deleted, the unchanged keep their bytes, the changed are rewritten
// as Replace rewrites them, the new are added as Create adds them, in the
// order given. Every child it addresses is touched, unchanged ones included, so
// that a write made at an older version conflicts with a change to any of them.
func (v ChildView[M]) ReplaceAll(c *Config, parent string, items []M) error {
	sec := c.find(v.parent, parent)
	if sec < 0 {
		return parentNotFound(v.parent, parent)
	}
	s := c.sections[sec]
	current := map[string]M{}
	var names []string
	for _, i := range findLines(s, v.keyword) {
		n := v.name(s.lines[i])
		names = append(names, n)
		current[n] = v.read(s.lines[i])
	}
	wanted := make(map[string]bool, len(items))
	for i := range items {
		if v.fill != nil {
			v.fill(&items[i])
		}
		name := v.modelName(&items[i])
		if wanted[name] {
			return &FieldError{name, fmt.Sprintf("two %s lines named %q", v.keyword, name)}
		}
		wanted[name] = true
	}
	for _, n := range names {
		if !wanted[n] {
			if err := v.Delete(c, parent, n); err != nil {
				return err
			}
		}
	}
	for _, m := range items {
		old, ok := current[v.modelName(&m)]
		var err error
		switch {
		case !ok:
			err = v.Create(c, parent, m)
		case reflect.DeepEqual(old, m):
			v.touch(c, parent, v.modelName(&m))
		default:
			err = v.Replace(c, parent, m)
		}
		if err != nil {
			return err
		}
	}
	return nil
}

// Words returns the words of the child's line, as HAProxy reads them.
func (v ChildView[M]) Words(c *Config, parent, name string) ([]string, error) {
	sec, i, err := v.find(c, parent, name)
	if err != nil {
		return nil, err
	}
	return c.sections[sec].lines[i].words, nil
}
