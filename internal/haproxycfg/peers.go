package haproxycfg

import "github.com/tfhaproxy/terraform-provider-haproxy/internal/dataplane"

// PeerEntries is the view of the `peer <name> <address>:<port> [shard <n>]`
// lines of peers sections.
var PeerEntries = addressedChild("peers", "peer", true,
	func(p *dataplane.PeerEntry) *string { return &p.Name },
	func(p *dataplane.PeerEntry) *string { return &p.Address },
	func(p *dataplane.PeerEntry) **int64 { return &p.Port },
	func(p *dataplane.PeerEntry) *dataplane.Metadata { return &p.Metadata })

// PeerServers is the view of the `server <name> [<address>:<port>]` lines of
// peers sections; the local peer's has no address.
var PeerServers = func() ChildView[dataplane.Server] {
	v := inSection(Servers, "peers")
	v.check = func(s *dataplane.Server) error {
		if s.Address == "" && s.Port == nil {
			local := *s
			local.Address = "local" // checked as any server, but for the address it has not
			return checkServer(&local)
		}
		return checkServer(s)
	}
	return v
}()

// PeerBinds is the view of the `bind` lines of peers sections.
var PeerBinds = inSection(Binds, "peers")

// PeerSections is the view of the `peers` sections.
var PeerSections = otherSection("peers",
	func(p *dataplane.PeerSection) *string { return &p.Name },
	func(p *dataplane.PeerSection) *dataplane.Metadata { return &p.Metadata },
	[]directive[dataplane.PeerSection]{
		defaultServerDirectiveOf(func(p *dataplane.PeerSection) **dataplane.ServerParams { return &p.DefaultServer }),
	},
	func(p *dataplane.PeerSection) error {
		if p.DefaultServer != nil {
			return serverParamKeywords.check(p.DefaultServer)
		}
		return nil
	},
	namedPart("peer_entries", PeerEntries, func(p *dataplane.PeerSection) *map[string]dataplane.PeerEntry { return &p.PeerEntries },
		func(e *dataplane.PeerEntry) *string { return &e.Name }),
	namedPart("binds", PeerBinds, func(p *dataplane.PeerSection) *map[string]dataplane.Bind { return &p.Binds },
		func(b *dataplane.Bind) *string { return &b.Name }),
	namedPart("servers", PeerServers, func(p *dataplane.PeerSection) *map[string]dataplane.Server { return &p.Servers },
		func(s *dataplane.Server) *string { return &s.Name }))
