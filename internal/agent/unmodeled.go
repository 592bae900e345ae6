package agent

import (
	"fmt"
	"net/http"
	"slices"
	"strings"

	"github.com/tfhaproxy/terraform-provider-haproxy/internal/dataplane"
	"github.com/tfhaproxy/terraform-provider-haproxy/internal/haproxycfg"
)

// unmodeledList is a list endpoint of the official API under frontends or
// backends whose items this agent does not model yet: the lines that start
// with keyword (one or two words).
type unmodeledList struct {
	parents []string
	plural  string
	keyword string
}

// unmodeledLists are the official API's other lists under the sections we serve.
// Clients read them on every refresh of a frontend or backend.
var unmodeledLists = []unmodeledList{}

// unmodeledRoutes answer a GET of those lists truthfully: 200 [] when the
// section has no such line (or does not exist, as the official server answers
// for a missing parent's children), 501 naming the lines when it has some: an
// empty list would tell a client they are not there.
func unmodeledRoutes() []*route {
	var routes []*route
	for _, l := range slices.Concat(unmodeledLists, unmodeledDefaultsListenLists) {
		for _, parentPlural := range l.parents {
			kind := dataplane.SectionKind(parentPlural)
			routes = append(routes, &route{method: http.MethodGet, path: configBase + parentPlural + "/{parent}/" + l.plural,
				summary: "List the " + l.plural + " of a " + kind + ": empty, or 501 when it has " + l.keyword + " lines, which this agent does not model yet",
				query:   readParams, reply: []map[string]any{}, codes: []int{200},
				handle: func(c *call) (int, any, error) {
					cfg, err := c.snapshot()
					if err != nil {
						return 0, nil, err
					}
					n := 0
					if s := cfg.Section(kind, c.path("parent")); s != nil {
						n = countLines(s.Lines()[1:], strings.Fields(l.keyword))
					}
					if n > 0 {
						return 0, nil, fmt.Errorf("%w: %s %s has %d %q lines, which this agent does not model yet; read them in GET /v3%sraw",
							errNotImplemented, kind, c.path("parent"), n, l.keyword, configBase)
					}
					return http.StatusOK, []map[string]any{}, nil
				}})
		}
	}
	return routes
}

// countLines counts the lines whose first words are keyword's.
func countLines(lines []*haproxycfg.Line, keyword []string) int {
	n := 0
	for _, line := range lines {
		w := line.Words()
		if len(w) >= len(keyword) && slices.Equal(w[:len(keyword)], keyword) {
			n++
		}
	}
	return n
}
