package agent

import (
	"net/http"
	"strings"

	"github.com/tfhaproxy/terraform-provider-haproxy/internal/haproxycfg"
)

// appendRoutes are a POST to a list that adds an item at its end, as the
// official API has it for the lists it numbers but does not replace whole
// (ssl_front_uses, force_be_switches); listRoutes serves the rest of them.
func appendRoutes[M any](parentPlurals []string, plural string, view haproxycfg.ListView[M]) []*route {
	var routes []*route
	var model M
	for _, parentPlural := range parentPlurals {
		parentKind := strings.TrimSuffix(parentPlural, "s")
		routes = append(routes, &route{method: http.MethodPost, path: configBase + parentPlural + "/{parent}/" + plural,
			summary: "Add a " + strings.TrimSuffix(plural, "s") + " at the end of the " + plural + " of a " + parentKind,
			query:   writeQuery, body: model, reply: model, codes: []int{201, 202},
			handle: func(c *call) (int, any, error) {
				m, err := decode[M](c)
				if err != nil {
					return 0, nil, err
				}
				return c.write(func(cfg *haproxycfg.Config) error {
					items, err := view.List(cfg, parentKind, c.path("parent"))
					if err != nil {
						return err
					}
					return view.Insert(cfg, parentKind, c.path("parent"), len(items), m)
				}, http.StatusCreated, m, nil)
			}})
	}
	return routes
}
