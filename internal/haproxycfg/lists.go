package haproxycfg

import (
	"errors"
	"fmt"
	"slices"
	"strings"
)

// ListView is a view of a section's ordered list of lines of one keyword, such
// as its ACLs or its http-request rules. Every change goes through ReplaceAll, which
// diffs the old list against the new one and touches only the lines that differ:
// inserting one rule adds one line, whatever its index.
type ListView[M any] struct {
	keyword string
	parents []string // section kinds that may hold the list
	read    func(l *Line) M
	words   func(m *M) []string // the line's words, raw and quoted
	// wordsLike, when set, writes m's words over an old line of another
	// meaning, spelled as much like it as the meaning allows (its keys' aliases,
	// its order of keyed arguments).
	wordsLike func(old *Line, m *M) []string
	check     func(m *M) error
}

func (v ListView[M]) section(c *Config, parentKind, parent string) (int, error) {
	if !slices.Contains(v.parents, parentKind) {
		return -1, &FieldError{"parent_type", fmt.Sprintf("%q has no %s lines; use one of %s", parentKind, v.keyword, strings.Join(v.parents, ", "))}
	}
	i := c.find(parentKind, parent)
	if i < 0 {
		return -1, parentNotFound(parentKind, parent)
	}
	return i, nil
}

// touch records the list as addressed by an edit. An edit by index touches it
// before the index is checked: an index that is out of range now may have been
// right at the writer's version, which is then a conflict, not a missing item.
func (v ListView[M]) touch(c *Config, parentKind, parent string) {
	c.touch(childKey(parentKind, parent, listName(v.keyword)))
}

// lines returns the indexes of the list's lines in section s.
func (v ListView[M]) lines(s *Section) []int {
	var at []int
	for i := s.body(); i < len(s.lines); i++ {
		if s.lines[i].keyword() == v.keyword {
			at = append(at, i)
		}
	}
	return at
}

// List returns the items of the parent's list, in file order.
func (v ListView[M]) List(c *Config, parentKind, parent string) ([]M, error) {
	sec, err := v.section(c, parentKind, parent)
	if err != nil {
		return nil, err
	}
	return v.listOf(c.sections[sec]), nil
}

// listOf returns the items of the list in section s, in file order.
func (v ListView[M]) listOf(s *Section) []M {
	at := v.lines(s)
	out := make([]M, len(at)) // models are large (a rule has every official field): no regrowing
	for k, i := range at {
		out[k] = v.read(s.lines[i])
	}
	return out
}

// Get reads the item at index.
func (v ListView[M]) Get(c *Config, parentKind, parent string, index int) (M, error) {
	var zero M
	items, err := v.List(c, parentKind, parent)
	if err != nil {
		return zero, err
	}
	if index < 0 || index >= len(items) {
		return zero, fmt.Errorf("%w: %s %d of %s %s does not exist", ErrNotFound, v.keyword, index, parentKind, parent)
	}
	return items[index], nil
}

// Insert puts m at index, shifting the later ones; index may be the length.
func (v ListView[M]) Insert(c *Config, parentKind, parent string, index int, m M) error {
	v.touch(c, parentKind, parent)
	items, err := v.List(c, parentKind, parent)
	if err != nil {
		return err
	}
	if index < 0 || index > len(items) {
		return fmt.Errorf("%w: %s index %d, the list has %d", ErrOutOfRange, v.keyword, index, len(items))
	}
	return v.ReplaceAll(c, parentKind, parent, slices.Insert(items, index, m))
}

// Set overwrites the item at index.
func (v ListView[M]) Set(c *Config, parentKind, parent string, index int, m M) error {
	v.touch(c, parentKind, parent)
	items, err := v.List(c, parentKind, parent)
	if err != nil {
		return err
	}
	if index < 0 || index >= len(items) {
		return fmt.Errorf("%w: %s %d of %s %s does not exist", ErrNotFound, v.keyword, index, parentKind, parent)
	}
	items[index] = m
	return v.ReplaceAll(c, parentKind, parent, items)
}

// Delete removes the item at index.
func (v ListView[M]) Delete(c *Config, parentKind, parent string, index int) error {
	v.touch(c, parentKind, parent)
	items, err := v.List(c, parentKind, parent)
	if err != nil {
		return err
	}
	if index < 0 || index >= len(items) {
		return fmt.Errorf("%w: %s %d of %s %s does not exist", ErrNotFound, v.keyword, index, parentKind, parent)
	}
	return v.ReplaceAll(c, parentKind, parent, slices.Delete(items, index, index+1))
}

// ReplaceAll makes the list say items, in order. Lines whose item is unchanged
// keep their bytes; a changed item rewrites its line in place (keeping indentation
// and comment); new items go after the item before them.
func (v ListView[M]) ReplaceAll(c *Config, parentKind, parent string, items []M) error {
	for i := range items {
		if err := v.itemError(i, v.check(&items[i])); err != nil {
			return err
		}
	}
	sec, err := v.section(c, parentKind, parent)
	if err != nil {
		return err
	}
	at := v.lines(c.sections[sec])
	oldKeys := make([]string, len(at))
	old := make(map[string]bool, len(at))
	for k, i := range at {
		m := v.read(c.sections[sec].lines[i])
		oldKeys[k] = strings.Join(v.words(&m), " ")
		old[oldKeys[k]] = true
	}
	newWords := make([][]string, len(items))
	newKeys := make([]string, len(items))
	for k := range items {
		newWords[k] = v.words(&items[k])
		newKeys[k] = strings.Join(newWords[k], " ")
		if !old[newKeys[k]] { // a line to write: it must read back as the item
			if err := v.itemError(k, readBack(c, &items[k], v.written)); err != nil {
				return err
			}
			if err := checkLineLength(v.keyword, k, newKeys[k]); err != nil {
				return err
			}
		}
	}
	v.touch(c, parentKind, parent)
	s := c.edit(sec)
	indent := c.indentFor(s, v.keyword)
	fresh := func(w []string) *Line {
		return newLine(indent + strings.Join(w, " ") + c.eol)
	}
	if len(at) == 0 { // all at once where the first would go: one pass, not one per item
		lines := make([]*Line, len(newWords))
		for k, w := range newWords {
			lines[k] = fresh(w)
		}
		if len(lines) > 0 {
			c.insertLines(s, s.insertAt(v.keyword), lines...)
		}
		return nil
	}
	spliceLines(c, s, at, oldKeys, newKeys, func(k int) *Line { return fresh(newWords[k]) }, func(l *Line, k int) *Line {
		w := newWords[k]
		if v.wordsLike != nil {
			w = v.wordsLike(l, &items[k])
		}
		return rewriteChanged(l, w)
	})
	return nil
}

// spliceLines makes the lines at (indexes in s, in order; at least one), whose
// items are oldKeys, say the items newKeys: the lines of a longest common run
// of items stay as they are, a changed item's line is rewritten in place
// (changed, with the new item's index), and new items' lines are made by fresh
// after the line before them.
func spliceLines(c *Config, s *Section, at []int, oldKeys, newKeys []string, fresh func(k int) *Line, changed func(l *Line, k int) *Line) {
	// What each old line becomes, in order; head goes before the first old line.
	out := make([][]*Line, len(at))
	deleted := make([]bool, len(at))
	var head []*Line
	last := -1
	for _, op := range diff(oldKeys, newKeys) {
		switch {
		case op.old >= 0 && op.new >= 0:
			out[op.old] = append(out[op.old], s.lines[at[op.old]])
			last = op.old
		case op.old >= 0:
			deleted[op.old], last = true, op.old
		case last < 0:
			head = append(head, fresh(op.new))
		case deleted[last] && len(out[last]) == 0: // a changed item: rewrite in place
			out[last] = append(out[last], changed(s.lines[at[last]], op.new))
		default:
			out[last] = append(out[last], fresh(op.new))
		}
	}
	lines := make([]*Line, 0, len(s.lines)+len(newKeys))
	k := 0
	for i, l := range s.lines {
		if k < len(at) && at[k] == i {
			if k == 0 {
				lines = append(lines, head...)
			}
			lines = append(lines, out[k]...)
			k++
			continue
		}
		lines = append(lines, l)
	}
	s.lines = lines
	c.terminate(s)
}

// written is what the line for m reads back as.
func (v ListView[M]) written(m *M) written[M] {
	l := newLine(strings.Join(v.words(m), " "))
	return written[M]{v.read(l), lineProblem(l), l.files}
}

// itemError names the item a FieldError is about: "http-request[2].hdr_format".
func (v ListView[M]) itemError(i int, err error) error {
	var fe *FieldError
	if errors.As(err, &fe) {
		fe.Field = fmt.Sprintf("%s[%d].%s", v.keyword, i, fe.Field)
	}
	return err
}

// terminate gives every line of s but the file's last a terminator, for when new
// lines were put after an unterminated last line.
func (c *Config) terminate(s *Section) {
	for i := 0; i < len(s.lines)-1; i++ {
		if s.lines[i].eol() == "" {
			s.lines[i] = newLine(s.lines[i].raw + c.eol)
		}
	}
}
