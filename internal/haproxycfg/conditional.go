package haproxycfg

import (
	"errors"
	"fmt"
	"strings"
)

// ErrConditional is an edit inside a conditional block (.if, .elif, .else,
// .endif). Which branch HAProxy reads depends on how it is started, which the
// agent cannot know, and the views read every line alike: an edit there could
// change the branch HAProxy skips, or put a new line in a branch. Such parts of
// the file are left to hand edits; the rest of the file stays editable.
var ErrConditional = errors.New("inside a conditional block")

// isConditional tells whether a line is a conditional block directive.
func isConditional(l *Line) bool {
	switch l.keyword() {
	case ".if", ".elif", ".else", ".endif":
		return true
	}
	return false
}

// ConditionalEdit refuses an edit from a to b that adds, changes or removes a
// line inside a conditional block, directives included. A whole file loaded in
// b (a raw upload) is its writer's own and is not checked.
func ConditionalEdit(a, b *Config) error {
	if b.loaded || (!a.conditional && !b.conditional) {
		return nil
	}
	inA, allA := conditionalLines(a)
	inB, allB := conditionalLines(b)
	for l, where := range inB {
		if !allA[l] {
			return conditionalError(where, l)
		}
	}
	for l, where := range inA {
		if !allB[l] {
			return conditionalError(where, l)
		}
	}
	return nil
}

// conditionalLines returns the lines of c inside conditional blocks, with the
// section each is in, and the set of all of c's lines.
func conditionalLines(c *Config) (inside map[*Line]*Section, all map[*Line]bool) {
	inside, all = map[*Line]*Section{}, map[*Line]bool{}
	depth := 0
	for _, s := range c.sections {
		for _, l := range s.lines {
			all[l] = true
			if l.keyword() == ".if" {
				depth++
			}
			if depth > 0 {
				inside[l] = s
			}
			if l.keyword() == ".endif" && depth > 0 {
				depth--
			}
		}
	}
	return inside, all
}

func conditionalError(s *Section, l *Line) error {
	where := "the preamble"
	if s.Kind != "" {
		where = s.Kind + " " + s.Name
	}
	return fmt.Errorf("%w: the edit would change %q in %s; which branch HAProxy reads depends on how it is started, so edit that part of haproxy.cfg by hand",
		ErrConditional, strings.TrimSpace(l.content()), where)
}
