package haproxycfg

import (
	"encoding/json"
	"fmt"
	"maps"
	"slices"
	"strings"

	"github.com/tfhaproxy/terraform-provider-haproxy/internal/dataplane"
)

// A section that is not a proxy (a cache, a ring, a peers section) is held by
// the provider as its body: its lines in haproxy.cfg's own syntax, without the
// header and without comments. These functions read such lines into the
// section's full model (children included) and write a model back as lines,
// with the tables the agent edits the file with, so that the provider and the
// agent never disagree about a line.

// ParseBody reads lines, the body of the section named name, into its full
// model. A line that holds a control character or a comment, that no view of
// the section owns, or whose words the model would not keep all of (compared
// by value: "5000" and "5s" are the same time) is refused, naming it.
func (v SectionView[M]) ParseBody(name string, lines []string) (M, error) {
	var zero M
	var text strings.Builder
	text.WriteString(v.kind + " " + name + "\n")
	for i, l := range lines {
		if _, err := verbatimLine(l); err != nil {
			return zero, fmt.Errorf("line %d (%q): %w", i+1, l, err)
		}
		text.WriteString("    " + l + "\n")
	}
	c := Parse([]byte(text.String()))
	if u := Unowned(c); len(u) > 0 {
		return zero, fmt.Errorf("line %q: no field of a %s section holds it", strings.TrimSpace(u[0].Line.content()), v.kind)
	}
	m, err := v.GetFull(c, name)
	if err != nil {
		return zero, err
	}
	written, err := v.Body(m)
	if err != nil {
		return zero, err
	}
	// The words of each keyword's lines as HAProxy reads them, and the
	// lines the model writes, as spelled (keepsWords reads them): the model
	// keeps every word, or a write would drop some.
	given, wrote := map[string][]string{}, map[string][]string{}
	for _, l := range lines {
		if w := newLine(l).words; len(w) > 0 {
			given[w[0]] = append(given[w[0]], w...)
		}
	}
	for _, l := range written {
		if w := newLine(l).words; len(w) > 0 {
			wrote[w[0]] = append(wrote[w[0]], l)
		}
	}
	for _, k := range slices.Sorted(maps.Keys(given)) {
		if err := keepsWords(k, given[k], wrote[k]); err != nil {
			return zero, fmt.Errorf("the %s lines: %w", k, err)
		}
	}
	return m, nil
}

// Body is the lines of the section m says, as the agent writes them, without
// comments (the metadata of the section and its children stays in the file).
func (v SectionView[M]) Body(m M) ([]string, error) {
	c := Parse(nil)
	if err := v.CreateFull(c, m); err != nil {
		return nil, err
	}
	var out []string
	for _, s := range c.sections {
		if s.Kind != v.kind {
			continue
		}
		for _, l := range s.lines[s.body():] {
			if len(l.words) == 0 {
				continue
			}
			_, comment := tokenize(l.content())
			out = append(out, strings.TrimSpace(l.content()[:comment]))
		}
	}
	return out, nil
}

// BodySection is a kind of section held as its body (the provider's
// haproxy_section), with the model's JSON as the API carries it.
type BodySection interface {
	// Parse reads lines as ParseBody does, into the model the API takes.
	Parse(name string, lines []string) (any, error)
	// Lines is Body of the section a JSON model from the API says.
	Lines(model []byte) ([]string, error)
	// Canonical is lines as the agent writes the section they say.
	Canonical(name string, lines []string) ([]string, error)
	// Names are the names of the sections of the kind in c, in file order.
	Names(c *Config) []string
}

// BodySections are the kinds of section held as their body, by keyword: the
// sections that are not proxies and have no resource of their own.
var BodySections = map[string]BodySection{
	"cache":       bodySection[dataplane.Cache]{Caches},
	"http-errors": bodySection[dataplane.HTTPErrorsSection]{HTTPErrorsSections},
	"ring":        bodySection[dataplane.Ring]{Rings},
	"mailers":     bodySection[dataplane.MailersSection]{MailersSections},
	"peers":       bodySection[dataplane.PeerSection]{PeerSections},
	"fcgi-app":    bodySection[dataplane.FCGIApp]{FCGIApps},
	"log-forward": bodySection[dataplane.LogForward]{LogForwards},
}

type bodySection[M any] struct{ view SectionView[M] }

func (b bodySection[M]) Parse(name string, lines []string) (any, error) {
	return b.view.ParseBody(name, lines)
}

func (b bodySection[M]) Lines(model []byte) ([]string, error) {
	var m M
	if err := json.Unmarshal(model, &m); err != nil {
		return nil, err
	}
	return b.view.Body(m)
}

func (b bodySection[M]) Canonical(name string, lines []string) ([]string, error) {
	m, err := b.view.ParseBody(name, lines)
	if err != nil {
		return nil, err
	}
	return b.view.Body(m)
}

func (b bodySection[M]) Names(c *Config) []string {
	var out []string
	for _, m := range b.view.List(c) {
		out = append(out, *b.view.name(&m))
	}
	return out
}
