package haproxycfg

import "github.com/tfhaproxy/terraform-provider-haproxy/internal/dataplane"

// Nameservers is the view of the `nameserver <name> <address>[:<port>]` lines
// of resolvers sections.
var Nameservers = addressedChild("resolvers", "nameserver", false,
	func(n *dataplane.Nameserver) *string { return &n.Name },
	func(n *dataplane.Nameserver) *string { return &n.Address },
	func(n *dataplane.Nameserver) **int64 { return &n.Port },
	func(n *dataplane.Nameserver) *dataplane.Metadata { return &n.Metadata })

// Resolvers is the view of the `resolvers` sections.
var Resolvers = otherSection("resolvers",
	func(r *dataplane.Resolver) *string { return &r.Name },
	func(r *dataplane.Resolver) *dataplane.Metadata { return &r.Metadata },
	nil, nil,
	namedPart("nameservers", Nameservers, func(r *dataplane.Resolver) *map[string]dataplane.Nameserver { return &r.Nameservers },
		func(n *dataplane.Nameserver) *string { return &n.Name }))
