package haproxycfg

import (
	"errors"
	"fmt"
	"maps"
	"reflect"
	"slices"
	"strings"
)

// A section with its children, as the official API's ?full_section=true reads
// and writes it: the section's own settings and, in members of the same model,
// the children this engine serves (ACLs, rules, servers, binds), one childPart
// of the section's view per kind.
//
// Written with the section (CreateFull, ReplaceFull), a part replaces all the
// section's children of its kind: the ones the model leaves out are deleted,
// as the official server deletes them. Lines of kinds no part serves
// (tcp-request, log, filter ...) stay as they are: a client
// cannot have read them through a full read, and the model refuses them
// (the agent's decoder answers 422 for such a member). All of it is one edit
// of the config, so one write: one version, one haproxy -c, one reload at most.
// The lists go through ListView.ReplaceAll and the named children through
// ChildView.ReplaceAll, which touch every child they address and keep the
// bytes of the unchanged ones.
//
// Written without full_section (Create, Replace), a child member that says
// something other than what the file holds is refused naming it: the official
// server ignores child members then, which would drop silently what the
// client asked for. One that says what the file holds (a body read with
// full_section and sent back) asks for no change, and passes.

// childPart is one kind of child a section model carries.
type childPart[M any] struct {
	member string // the model's JSON member
	// read sets m's member to the children of section s.
	read func(s *Section, m *M)
	// write makes the section's children of the kind say what m's member says.
	write func(c *Config, name string, m *M) error
	// agrees tells whether m's member is empty or says the children held
	// says; err is about a member that cannot be read as children at all.
	agrees func(m, held *M) (ok bool, err error)
	clear  func(m *M)
}

// listPart is the part of a section's ordered list of lines of one keyword
// (ACLs, rules); kind is the section's.
func listPart[M, I any](member, kind string, v ListView[I], get func(*M) *[]I) childPart[M] {
	return childPart[M]{
		member: member,
		read: func(s *Section, m *M) {
			if items := v.listOf(s); len(items) > 0 {
				*get(m) = items
			}
		},
		write: func(c *Config, name string, m *M) error {
			items := slices.Clone(*get(m))
			if err := CheckListLength(len(items)); err != nil {
				return fmt.Errorf("%s: %w", member, err)
			}
			return partError(member, v.name(), v.ReplaceAll(c, kind, name, items))
		},
		agrees: func(m, held *M) (bool, error) {
			return len(*get(m)) == 0 || reflect.DeepEqual(*get(m), *get(held)), nil
		},
		clear: func(m *M) { *get(m) = nil },
	}
}

// namedPart is the part of a section's named children (servers, binds), a map
// keyed by name as the official model has them; name is an item's name.
func namedPart[M, I any](member string, v ChildView[I], get func(*M) *map[string]I, name func(*I) *string) childPart[M] {
	// named are the items of m's member in name order, each named: an item
	// without a name is given its key, and one naming another is refused.
	named := func(m *M) ([]I, error) {
		items := *get(m)
		out := make([]I, 0, len(items))
		for _, key := range slices.Sorted(maps.Keys(items)) {
			item := items[key]
			switch n := name(&item); {
			case *n == "":
				*n = key
			case *n != key:
				return nil, &FieldError{member + "." + key + ".name", fmt.Sprintf("%q is not its key %q", *n, key)}
			}
			out = append(out, item)
		}
		return out, nil
	}
	return childPart[M]{
		member: member,
		read: func(s *Section, m *M) {
			items := v.listOf(s)
			if len(items) == 0 {
				return
			}
			byName := make(map[string]I, len(items))
			for _, item := range items {
				byName[*name(&item)] = item
			}
			*get(m) = byName
		},
		write: func(c *Config, parent string, m *M) error {
			items, err := named(m)
			if err != nil {
				return err
			}
			if err := CheckListLength(len(items)); err != nil {
				return fmt.Errorf("%s: %w", member, err)
			}
			return within(member, v.ReplaceAll(c, parent, items))
		},
		agrees: func(m, held *M) (bool, error) {
			if len(*get(m)) == 0 {
				return true, nil
			}
			x, err := named(m)
			if err != nil {
				return false, err
			}
			y, _ := named(held) // read from the file: named by their keys
			return reflect.DeepEqual(x, y), nil
		},
		clear: func(m *M) { *get(m) = nil },
	}
}

// partError names the member a list's error is about: "acl_list[2].value"
// rather than the list view's "acl[2].value".
func partError(member, keyword string, err error) error {
	var fe *FieldError
	switch {
	case err == nil:
	case errors.As(err, &fe):
		if rest, ok := strings.CutPrefix(fe.Field, keyword+"["); ok {
			fe.Field = member + "[" + rest
		} else {
			fe.Field = member + "." + fe.Field
		}
	default:
		err = fmt.Errorf("%s: %w", member, err)
	}
	return err
}

// own is m without its children.
func (v SectionView[M]) own(m M) M {
	for _, p := range v.parts {
		p.clear(&m)
	}
	return m
}

// readFull is the section's model with its children.
func (v SectionView[M]) readFull(s *Section) M {
	m := v.read(s)
	for _, p := range v.parts {
		p.read(s, &m)
	}
	return m
}

// GetFull reads a section with its children.
func (v SectionView[M]) GetFull(c *Config, name string) (M, error) { return v.get(c, name, v.readFull) }

// ListFull returns the sections of the view's kind with their children, in
// file order.
func (v SectionView[M]) ListFull(c *Config) []M { return v.list(c, v.readFull) }

// CreateFull adds a section with its children.
func (v SectionView[M]) CreateFull(c *Config, m M) error {
	if err := v.create(c, v.own(m)); err != nil {
		return err
	}
	return v.writeChildren(c, &m)
}

// ReplaceFull makes the section's own directives and its children of the kinds
// the model carries say what m says.
func (v SectionView[M]) ReplaceFull(c *Config, m M) error {
	if err := v.replace(c, v.own(m)); err != nil {
		return err
	}
	return v.writeChildren(c, &m)
}

func (v SectionView[M]) writeChildren(c *Config, m *M) error {
	name := *v.name(m)
	for _, p := range v.parts {
		if err := p.write(c, name, m); err != nil {
			return err
		}
	}
	return nil
}

// sameChildren refuses, naming it, a child member of m that is not empty and
// says something other than what the file holds for the section (nothing when
// it does not exist): without full_section, child members are not written.
func (v SectionView[M]) sameChildren(c *Config, m *M) error {
	var held M
	if i := c.find(v.kind, *v.name(m)); i >= 0 {
		for _, p := range v.parts {
			p.read(c.sections[i], &held)
		}
	}
	for _, p := range v.parts {
		ok, err := p.agrees(m, &held)
		if err != nil {
			return err
		}
		if !ok {
			return &childMemberError{FieldError{p.member, fmt.Sprintf("says other children than the %s has; children are written with the %s only with full_section=true "+
				"(or through their own endpoints): without it the official API ignores them, and this agent drops nothing silently", v.kind, v.kind)}}
		}
	}
	return nil
}
