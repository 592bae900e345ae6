package agent

import (
	"fmt"
	"net/http"

	"github.com/tfhaproxy/terraform-provider-haproxy/internal/dataplane"
	"github.com/tfhaproxy/terraform-provider-haproxy/internal/haproxycfg"
)

// defaultsRoutes are the official endpoints of the defaults sections, named
// and anonymous (haproxycfg's defaults.go says how an anonymous one is named),
// and PUT on the collection, which the official API has as a second way to
// add one.
func defaultsRoutes() []*route {
	routes := sectionRoutes("defaults", haproxycfg.Defaults, func(d *dataplane.Defaults) *string { return &d.Name })
	for _, rt := range routes {
		if rt.method == http.MethodPost {
			add := *rt
			add.method = http.MethodPut
			add.summary = "Add a defaults section (as POST does)"
			routes = append(routes, &add)
			break
		}
	}
	return routes
}

// listenRoutes are our extension for listen sections: the official API has
// none. A listen section has its own endpoints, as a frontend and a backend
// have, with the children of both under it (servers, binds here; ACLs and
// rules from their views' parents), so that it stays a listen section in the
// file. Its servers are changed with a reload: the runtime API path (the
// backend's serverHook) is not taken for them.
func listenRoutes() []*route {
	return append(sectionRoutes("listens", haproxycfg.Listens, func(l *dataplane.Listen) *string { return &l.Name }),
		append(childRoutes("listens", "servers", haproxycfg.ListenServers, func(s *dataplane.Server) *string { return &s.Name }, nil),
			childRoutes("listens", "binds", haproxycfg.ListenBinds, func(b *dataplane.Bind) *string { return &b.Name }, nil)...)...)
}

// listenInstead is the answer to a read of the children of a frontend or
// backend that does not exist when a listen section has that name: not found,
// pointing at the listen section's path, where an empty list would say it has
// none. nil otherwise (the official answer, an empty list, stands).
func listenInstead(cfg *haproxycfg.Config, parentKind, name, plural string) error {
	if parentKind != "frontend" && parentKind != "backend" {
		return nil
	}
	if _, err := haproxycfg.Listens.Get(cfg, name); err != nil {
		return nil
	}
	return fmt.Errorf("%w: %s %s does not exist; %s is a listen section, whose %s are at /v3%slistens/%s/%s",
		haproxycfg.ErrNotFound, parentKind, name, name, plural, configBase, name, plural)
}
