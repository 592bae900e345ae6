package agent

import (
	"net/http"
	"slices"
	"strconv"
	"strings"

	"github.com/tfhaproxy/terraform-provider-haproxy/internal/dataplane"
	"github.com/tfhaproxy/terraform-provider-haproxy/internal/haproxycfg"
)

// otherSectionRoutes are the endpoints of the sections that are not proxies,
// at the official v3 paths: resolvers, userlists, peer_section, caches,
// http_errors_sections, rings, mailers_section, fcgi_apps (whose ACLs are the
// ACL list's routes, agent.go) and log_forwards, and their children. The
// official API names the parent of nameservers, users, groups, peer_entries
// and mailer_entries with a query parameter, and that of the peers', rings'
// and log forwards' servers, binds, dgram binds and log targets in the path;
// both are served as it serves them.
//
// userlists/{name} and peer_section/{name} also take a PUT, which the official
// API does not have: with full_section=true it replaces the section's children
// in one write.
func otherSectionRoutes() []*route {
	at := func(plural, parentQuery string) childAt {
		return childAt{base: configBase + plural, plural: plural, nameParam: "name", parentQuery: parentQuery}
	}
	under := func(parentPlural, plural string) childAt {
		return childAt{base: configBase + parentPlural + "/{parent}/" + plural, plural: plural, nameParam: "name"}
	}
	serverName := func(s *dataplane.Server) *string { return &s.Name }
	users := at("users", "userlist")
	users.nameParam = "username"
	return slices.Concat(
		sectionRoutes("resolvers", haproxycfg.Resolvers, func(r *dataplane.Resolver) *string { return &r.Name }),
		namedChildRoutes(at("nameservers", "resolver"), haproxycfg.Nameservers, func(n *dataplane.Nameserver) *string { return &n.Name }, nil),
		sectionRoutes("userlists", haproxycfg.Userlists, func(u *dataplane.Userlist) *string { return &u.Name }),
		namedChildRoutes(users, haproxycfg.Users, func(u *dataplane.User) *string { return &u.Username }, nil),
		namedChildRoutes(at("groups", "userlist"), haproxycfg.Groups, func(g *dataplane.Group) *string { return &g.Name }, nil),
		sectionRoutes("peer_section", haproxycfg.PeerSections, func(p *dataplane.PeerSection) *string { return &p.Name }),
		namedChildRoutes(at("peer_entries", "peer_section"), haproxycfg.PeerEntries, func(p *dataplane.PeerEntry) *string { return &p.Name }, nil),
		namedChildRoutes(under("peers", "servers"), haproxycfg.PeerServers, serverName, nil),
		namedChildRoutes(under("peers", "binds"), haproxycfg.PeerBinds, func(b *dataplane.Bind) *string { return &b.Name }, nil),
		namedChildRoutes(under("peers", "tables"), haproxycfg.Tables, func(t *dataplane.Table) *string { return &t.Name }, nil),
		listRoutesUnder("peers", "peers", dataplane.ListLogTargets, haproxycfg.LogTargets, nil),
		sectionRoutes("caches", haproxycfg.Caches, func(c *dataplane.Cache) *string { return &c.Name }),
		sectionRoutes("http_errors_sections", haproxycfg.HTTPErrorsSections, func(h *dataplane.HTTPErrorsSection) *string { return &h.Name }),
		sectionRoutes("rings", haproxycfg.Rings, func(r *dataplane.Ring) *string { return &r.Name }),
		namedChildRoutes(under("rings", "servers"), haproxycfg.RingServers, serverName, nil),
		sectionRoutes("mailers_section", haproxycfg.MailersSections, func(m *dataplane.MailersSection) *string { return &m.Name }),
		namedChildRoutes(at("mailer_entries", "mailers_section"), haproxycfg.MailerEntries, func(m *dataplane.MailerEntry) *string { return &m.Name }, nil),
		sectionRoutes("fcgi_apps", haproxycfg.FCGIApps, func(a *dataplane.FCGIApp) *string { return &a.Name }),
		sectionRoutes("log_forwards", haproxycfg.LogForwards, func(l *dataplane.LogForward) *string { return &l.Name }),
		namedChildRoutes(under("log_forwards", "binds"), haproxycfg.LogForwardBinds, func(b *dataplane.Bind) *string { return &b.Name }, nil),
		namedChildRoutes(under("log_forwards", "dgram_binds"), haproxycfg.DgramBinds, func(b *dataplane.DgramBind) *string { return &b.Name }, nil),
		listRoutesUnder("log-forward", "log_forwards", dataplane.ListLogTargets, haproxycfg.LogTargets, nil),
	)
}

// readsPasswords tells whether a GET answers users' passwords (hashes, or the
// insecure-password itself, as the file holds them and as the official server
// answers them): the users endpoints, and userlists read with full_section.
// Those reads take the operator role, who may write them anyway; a read-only
// user reads neither them nor the raw file.
func readsPasswords(rt *route, c *call) bool {
	if rt.method != http.MethodGet {
		return false
	}
	if strings.HasPrefix(rt.path, configBase+"users") {
		return true
	}
	full, _ := strconv.ParseBool(c.query("full_section"))
	return full && strings.HasPrefix(rt.path, configBase+"userlists")
}
