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
	"use-server":   func(*Line) string { return "server switching rules" },
	"stick":        func(*Line) string { return "stick rules" },
	"http-check":   func(*Line) string { return "http checks" },
	"tcp-check":    func(*Line) string { return "tcp checks" },
	"tcp-request":  func(*Line) string { return "tcp-request rules" },
	"tcp-response": func(*Line) string { return "tcp-response rules" },

	"http-response":       func(*Line) string { return "http-response rules" },
	"http-after-response": func(*Line) string { return "http-after-response rules" },
	"http-error":          func(*Line) string { return "http-error rules" },
	"log":                 func(*Line) string { return "log targets" },
	"declare":             func(*Line) string { return "captures" },
	"filter":              func(*Line) string { return "filters" },
	"filter-sequence":     func(*Line) string { return "filter sequences" },
	"server-template":     func(l *Line) string { return "server-template " + l.words[1] },
	"quic-initial":        func(*Line) string { return "quic-initial rules" },
	"ssl-f-use":           func(*Line) string { return "ssl-f-use lines" },
	"force-be-switch":     func(*Line) string { return "force-be-switch rules" },
}

// negatedLists are the lists whose items include `no <keyword>` (`no log`).
var negatedLists = map[string]bool{"log": true}

// listKeyword is the keyword of the list l may be an item of: its first
// word, or the second after a `no` that negates such a list.
func listKeyword(l *Line) string {
	if len(l.words) > 1 && l.words[0] == "no" && negatedLists[l.words[1]] {
		return l.words[1]
	}
	return l.keyword()
}

// otherChildKeywords are childKeywords in the sections that are not proxies
// (sections_other.go), by section kind: `user` and `group` are the global
// section's own settings, a userlist's children.
var otherChildKeywords = map[string]map[string]func(l *Line) string{
	"resolvers": {"nameserver": namedChild},
	"userlist":  {"user": namedChild, "group": namedChild},
	"peers":     {"peer": namedChild, "table": namedChild},
	"mailers":   {"mailer": namedChild},

	"log-forward": {"dgram-bind": func(l *Line) string { return "dgram-bind " + dgramBindLines.name(l) }},
}

// namedChild names a child after its line's first two words: "nameserver dns1".
func namedChild(l *Line) string { return l.words[0] + " " + l.words[1] }

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
		name, ok := childKeywords[listKeyword(l)]
		if !ok {
			name, ok = otherChildKeywords[s.Kind][l.keyword()]
		}
		if ok && len(l.words) > 1 {
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
