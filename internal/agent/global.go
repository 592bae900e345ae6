package agent

import (
	"net/http"

	"github.com/tfhaproxy/terraform-provider-haproxy/internal/dataplane"
	"github.com/tfhaproxy/terraform-provider-haproxy/internal/haproxycfg"
)

// globalRoutes are the endpoints of the global section, one object with no
// name: read and replace. full_section is accepted as the official API takes
// it; the global model's only child, log_target_list, is not modeled (the
// decoder refuses it set), so it changes nothing.
func globalRoutes() []*route {
	path := configBase + "global"
	return []*route{
		{method: http.MethodGet, path: path, summary: "Read the global section", query: sectionReadQuery, reply: dataplane.Global{}, codes: []int{200},
			handle: func(c *call) (int, any, error) {
				if _, err := c.boolQuery("full_section"); err != nil {
					return 0, nil, err
				}
				cfg, err := c.snapshot()
				if err != nil {
					return 0, nil, err
				}
				return http.StatusOK, haproxycfg.GlobalView.Get(cfg), nil
			}},
		{method: http.MethodPut, path: path, summary: "Replace the global section", query: sectionWriteQuery, body: dataplane.Global{}, reply: dataplane.Global{}, codes: []int{200, 202},
			handle: func(c *call) (int, any, error) {
				if _, err := c.boolQuery("full_section"); err != nil {
					return 0, nil, err
				}
				g, err := decode[dataplane.Global](c)
				if err != nil {
					return 0, nil, err
				}
				return c.write(func(cfg *haproxycfg.Config) error { return haproxycfg.GlobalView.Replace(cfg, g) }, http.StatusOK, g, nil)
			}},
	}
}
