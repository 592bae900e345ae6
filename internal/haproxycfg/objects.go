package haproxycfg

import (
	"slices"
	"strconv"
	"strings"
)

// childKeywords are the lines that are objects of their own inside a section, each
// mapped to how its object is named. Everything else in a section belongs to the
// section object itself.
var childKeywords = map[string]func(l *Line) string{
	"server":       func(l *Line) string { return "server " + l.words[1] },
	"bind":         func(l *Line) string { return "bind " + bindName(l) },
	"acl":          func(*Line) string { return "acls" },
	"http-request": func(*Line) string { return "http-request rules" },
	"use_backend":  func(*Line) string { return "backend switching rules" },
}

// sectionKey names a section's object, as Changed and Touched report it.
func sectionKey(kind, name string) string { return kind + " " + name }

// listName is the object name of the list of lines of one keyword.
func listName(keyword string) string { return childKeywords[keyword](nil) }

// touch records that an edit addresses an object, whether or not it changes its
// bytes: a write that sets a value someone else set after the writer's version
// must still conflict.
func (c *Config) touch(key string) {
	if c.touched == nil {
		c.touched = map[string]bool{}
	}
	c.touched[key] = true
}

// Touched returns, sorted, the objects the edits made since the config was cloned
// addressed.
func (c *Config) Touched() []string {
	out := make([]string, 0, len(c.touched))
	for k := range c.touched {
		out = append(out, k)
	}
	slices.Sort(out)
	return out
}

// objects splits a section into its objects, each named and keyed to its content.
// The section's own lines are the object named after the section; the lists (ACLs,
// rules) are one object each, since their order is part of their meaning. Blank and
// comment lines mean nothing to HAProxy and belong to no object, so that deleting a
// section (and the blank line before it) is not a change to its neighbour.
func objects(key string, s *Section) map[string]string {
	parts := map[string]*strings.Builder{}
	add := func(k, raw string) {
		b := parts[k]
		if b == nil {
			b = &strings.Builder{}
			parts[k] = b
		}
		b.WriteString(raw)
	}
	add(key, "")
	for _, l := range s.lines {
		if len(l.words) == 0 {
			continue
		}
		if name, ok := childKeywords[l.keyword()]; ok && len(l.words) > 1 {
			add(key+"/"+name(l), l.raw)
		} else {
			add(key, l.raw)
		}
	}
	out := make(map[string]string, len(parts))
	for k, b := range parts {
		out[k] = b.String()
	}
	return out
}

// sectionKeys names each section "<kind> <name>" (the preamble "preamble"); a
// repeated name gets its ordinal, so every section has a key.
func sectionKeys(c *Config) map[string]*Section {
	m := make(map[string]*Section, len(c.sections))
	for _, s := range c.sections {
		key := "preamble"
		if s.Kind != "" {
			key = sectionKey(s.Kind, s.Name)
		}
		for n := 2; m[key] != nil; n++ {
			key = s.Kind + " " + s.Name + " #" + strconv.Itoa(n)
		}
		m[key] = s
	}
	return m
}

// Changed returns, sorted, the keys of the objects that differ between a and b:
// sections, servers, binds, ACL lists and rule lists, added, removed or edited.
// Sections that a and b share unedited are skipped without a look at their lines,
// which keeps it cheap between a config and its edited clone.
func Changed(a, b *Config) []string {
	as, bs := sectionKeys(a), sectionKeys(b)
	var out []string
	compare := func(key string, x, y *Section) {
		if x == y {
			return
		}
		var ox, oy map[string]string
		if x != nil {
			ox = objects(key, x)
		}
		if y != nil {
			oy = objects(key, y)
		}
		for k, v := range ox {
			if w, ok := oy[k]; !ok || v != w {
				out = append(out, k)
			}
		}
		for k := range oy {
			if _, ok := ox[k]; !ok {
				out = append(out, k)
			}
		}
	}
	for k, x := range as {
		compare(k, x, bs[k])
	}
	for k, y := range bs {
		if as[k] == nil {
			compare(k, nil, y)
		}
	}
	slices.Sort(out)
	return out
}
