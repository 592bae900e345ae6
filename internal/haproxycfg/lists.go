package haproxycfg

import (
	"errors"
	"fmt"
	"reflect"
	"slices"
	"strings"

	"github.com/tfhaproxy/terraform-provider-haproxy/internal/dataplane"
)

// ListView is a view of a section's ordered list of lines of one keyword, such
// as its ACLs or its http-request rules. Every change goes through ReplaceAll, which
// diffs the old list against the new one and touches only the lines that differ:
// inserting one rule adds one line, whatever its index.
type ListView[M any] struct {
	keyword string   // the first word of its lines, next to which new ones go
	parents []string // section kinds that may hold the list
	// match, when set, tells which lines are the list's, where that is more
	// than their first word (`declare capture`, `no log`); label then names
	// the list's lines in errors ("declare capture[2].length").
	match func(l *Line) bool
	label string
	read  func(l *Line) M
	words func(m *M) []string // the line's words, raw and quoted
	// wordsLike, when set, writes m's words over an old line of another
	// meaning, spelled as much like it as the meaning allows (its keys' aliases,
	// its order of keyed arguments).
	wordsLike func(old *Line, m *M) []string
	check     func(m *M) error
	// metadata is the item's metadata, its line's comment (see metadata.go).
	metadata func(m *M) *dataplane.Metadata
}

// readLine reads an item's line, its comment as its metadata.
func (v ListView[M]) readLine(l *Line) M {
	m := v.read(l)
	*v.metadata(&m) = lineMetadata(l)
	return m
}

func (v ListView[M]) section(c *Config, parentKind, parent string) (int, error) {
	if !slices.Contains(v.parents, parentKind) {
		return -1, &FieldError{"parent_type", fmt.Sprintf("%q has no %s lines; use one of %s", parentKind, v.name(), strings.Join(v.parents, ", "))}
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
	c.touch(c.childKey(parentKind, parent, listName(v.keyword)))
}

// lines returns the indexes of the list's lines in section s.
func (v ListView[M]) lines(s *Section) []int {
	var at []int
	for i := s.body(); i < len(s.lines); i++ {
		if v.has(s.lines[i]) {
			at = append(at, i)
		}
	}
	return at
}

// has tells whether l is one of the list's lines.
func (v ListView[M]) has(l *Line) bool {
	if v.match != nil {
		return v.match(l)
	}
	return l.keyword() == v.keyword
}

// name names the list's lines in errors.
func (v ListView[M]) name() string {
	if v.label != "" {
		return v.label
	}
	return v.keyword
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
		out[k] = v.readLine(s.lines[i])
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
		return zero, fmt.Errorf("%w: %s %d of %s %s does not exist", ErrNotFound, v.name(), index, parentKind, parent)
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
		return fmt.Errorf("%w: %s index %d, the list has %d", ErrOutOfRange, v.name(), index, len(items))
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
		return fmt.Errorf("%w: %s %d of %s %s does not exist", ErrNotFound, v.name(), index, parentKind, parent)
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
		return fmt.Errorf("%w: %s %d of %s %s does not exist", ErrNotFound, v.name(), index, parentKind, parent)
	}
	return v.ReplaceAll(c, parentKind, parent, slices.Delete(items, index, index+1))
}

// ReplaceAll makes the list say items, in order. Lines whose item is unchanged
// keep their bytes; a changed item rewrites its line in place (keeping indentation
// and, unless the item has metadata, the comment); new items go after the item
// before them. An item with metadata is matched with the lines by its words and
// its metadata, one without by its words alone: it keeps the comment of the line
// it matches.
func (v ListView[M]) ReplaceAll(c *Config, parentKind, parent string, items []M) error {
	isHeld, held := make([]bool, len(items)), v.held(c, parentKind, parent)
	for i := range items {
		if isHeld[i] = held(&items[i]); isHeld[i] {
			continue
		}
		if err := v.itemError(i, firstError(v.check(&items[i]), checkMetadata(*v.metadata(&items[i])))); err != nil {
			return err
		}
	}
	sec, err := v.section(c, parentKind, parent)
	if err != nil {
		return err
	}
	at := v.lines(c.sections[sec])
	oldWords := make([]string, len(at))
	for k, i := range at {
		m := v.read(c.sections[sec].lines[i])
		oldWords[k] = strings.Join(v.words(&m), " ")
	}
	oldMeta := func(k int) string { return metadataKey(lineMetadata(c.sections[sec].lines[at[k]])) }
	newWords := make([][]string, len(items))
	oldKeys, newKeys := v.matchKeys(oldWords, oldMeta, items, newWords)
	old := make(map[string]bool, len(at))
	for _, k := range oldKeys {
		old[k] = true
	}
	for k := range items {
		// A line to write, or one kept for an item that says more than it: it
		// must read back as the item, or the item's surplus would be lost.
		if !old[newKeys[k]] || !isHeld[k] {
			if err := v.itemError(k, readBack(c, &items[k], v.written)); err != nil {
				return err
			}
			if err := checkLineLength(v.name(), k, v.itemLine(&items[k]).content()); err != nil {
				return err
			}
		}
	}
	v.touch(c, parentKind, parent)
	s := c.edit(sec)
	indent := c.indentFor(s, v.keyword)
	fresh := func(k int) *Line {
		return writeMetadata(newLine(indent+strings.Join(newWords[k], " ")+c.eol), *v.metadata(&items[k]))
	}
	if len(at) == 0 { // all at once where the first would go: one pass, not one per item
		lines := make([]*Line, len(newWords))
		for k := range newWords {
			lines[k] = fresh(k)
		}
		if len(lines) > 0 {
			c.insertLines(s, s.insertAt(v.keyword), lines...)
		}
		return nil
	}
	spliceLines(c, s, at, oldKeys, newKeys, fresh, func(l *Line, k int) *Line {
		w := newWords[k]
		if v.wordsLike != nil {
			w = v.wordsLike(l, &items[k])
		}
		return writeMetadata(rewriteChanged(l, w), *v.metadata(&items[k]))
	}, func(l *Line, k int) *Line { // an item without metadata keeps the comment
		return writeMetadata(l, *v.metadata(&items[k]))
	})
	return nil
}

// held tells whether an item is, but for its metadata, what a line of the
// list reads as, which needs no check: it stays as written. A handwritten line
// that the model reads only in part (a filter or an action the table has no
// row for) is written back unchanged, rather than refused with the list.
func (v ListView[M]) held(c *Config, parentKind, parent string) func(m *M) bool {
	sec, err := v.section(c, parentKind, parent)
	if err != nil {
		return func(*M) bool { return false }
	}
	byWords := map[string][]M{}
	for _, i := range v.lines(c.sections[sec]) {
		m := v.read(c.sections[sec].lines[i])
		k := strings.Join(v.words(&m), " ")
		byWords[k] = append(byWords[k], m)
	}
	return func(m *M) bool {
		bare := *m
		*v.metadata(&bare) = nil
		return slices.ContainsFunc(byWords[strings.Join(v.words(&bare), " ")], func(h M) bool { return reflect.DeepEqual(h, bare) })
	}
}

// spliceLines makes the lines at (indexes in s, in order; at least one), whose
// items are oldKeys, say the items newKeys: the lines of a longest common run
// of items stay as they are, a changed item's line is rewritten in place
// (changed, with the new item's index), and new items' lines are made by fresh
// after the line before them. kept, when set, is what a line whose item stays
// becomes (its comment may change).
func spliceLines(c *Config, s *Section, at []int, oldKeys, newKeys []string, fresh func(k int) *Line, changed, kept func(l *Line, k int) *Line) {
	// What each old line becomes, in order; head goes before the first old line.
	out := make([][]*Line, len(at))
	deleted := make([]bool, len(at))
	var head []*Line
	last := -1
	for _, op := range diff(oldKeys, newKeys) {
		switch {
		case op.old >= 0 && op.new >= 0:
			l := s.lines[at[op.old]]
			if kept != nil {
				l = kept(l, op.new)
			}
			out[op.old] = append(out[op.old], l)
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

// matchKeys fills newWords with the items' words and returns the keys the diff
// matches the old lines and the items by. Most lists have no metadata in their
// items: the key is then the words, as comments are no part of what an item
// says. Where an item with metadata has the words of some old lines, those lines'
// keys are their words and metadata: the item has its own, and an item with the
// same words and no metadata takes the key of the first such line no other item
// claimed (items with metadata claim first), so that it keeps that line and its
// comment.
func (v ListView[M]) matchKeys(oldWords []string, oldMeta func(k int) string, items []M, newWords [][]string) (oldKeys, newKeys []string) {
	words := make([]string, len(items))
	withMeta := map[string]bool{} // words some item with metadata has
	for k := range items {
		newWords[k] = v.words(&items[k])
		words[k] = strings.Join(newWords[k], " ")
		if *v.metadata(&items[k]) != nil {
			withMeta[words[k]] = true
		}
	}
	oldKeys = slices.Clone(oldWords)
	newKeys = slices.Clone(words)
	if len(withMeta) == 0 {
		return oldKeys, newKeys
	}
	byKey := map[string][]int{}   // old lines with metadata keys, by key, in order
	byWords := map[string][]int{} // the same, by words
	for k := range oldKeys {
		if withMeta[oldWords[k]] {
			oldKeys[k] += "\x00" + oldMeta(k)
			byKey[oldKeys[k]] = append(byKey[oldKeys[k]], k)
			byWords[oldWords[k]] = append(byWords[oldWords[k]], k)
		}
	}
	claimed := make([]bool, len(oldKeys))
	for k := range items {
		if m := *v.metadata(&items[k]); m != nil {
			newKeys[k] += "\x00" + metadataKey(m)
			if free := byKey[newKeys[k]]; len(free) > 0 {
				claimed[free[0]], byKey[newKeys[k]] = true, free[1:]
			}
		}
	}
	for k := range items {
		if *v.metadata(&items[k]) != nil || !withMeta[words[k]] {
			continue
		}
		free := byWords[words[k]]
		for len(free) > 0 && claimed[free[0]] {
			free = free[1:]
		}
		if len(free) == 0 {
			newKeys[k] += "\x00\x01" // no line left to keep: a new one
		} else {
			newKeys[k], claimed[free[0]] = oldKeys[free[0]], true
			free = free[1:]
		}
		byWords[words[k]] = free
	}
	return oldKeys, newKeys
}

// written is what the line for m reads back as.
func (v ListView[M]) written(m *M) written[M] {
	l := v.itemLine(m)
	return written[M]{v.readLine(l), lineProblem(l), l.files}
}

// itemLine is the line for m, without indentation and terminator.
func (v ListView[M]) itemLine(m *M) *Line {
	return writeMetadata(newLine(strings.Join(v.words(m), " ")), *v.metadata(m))
}

// itemError names the item a FieldError is about: "http-request[2].hdr_format".
func (v ListView[M]) itemError(i int, err error) error {
	var fe *FieldError
	if errors.As(err, &fe) {
		fe.Field = fmt.Sprintf("%s[%d].%s", v.name(), i, fe.Field)
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
