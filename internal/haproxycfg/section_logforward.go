package haproxycfg

import "github.com/tfhaproxy/terraform-provider-haproxy/internal/dataplane"

// The `log-forward` sections: their settings are the model's tags, their
// children binds (as a frontend's), dgram binds and log targets (LogTargets,
// whose parents name log-forward).

// dgramBindLines is the grammar of `dgram-bind` lines: a bind's, with the
// keywords HAProxy reads on them.
var dgramBindLines = bindGrammar[dataplane.DgramBind]{keyword: "dgram-bind", keywords: tagsOf[dataplane.DgramBind](bindArity),
	at: func(b *dataplane.DgramBind) bindAt { return bindAt{&b.Name, &b.Address, &b.Port, &b.PortRangeEnd} }}

// DgramBinds is the view of the `dgram-bind` lines of log-forward sections.
var DgramBinds = dgramBindLines.view("log-forward", func(b *dataplane.DgramBind) *dataplane.Metadata { return &b.Metadata })

// LogForwardBinds is the view of the `bind` lines of log-forward sections.
var LogForwardBinds = inSection(Binds, "log-forward")

// LogForwards is the view of the `log-forward` sections.
var LogForwards = otherSection("log-forward",
	func(l *dataplane.LogForward) *string { return &l.Name },
	func(l *dataplane.LogForward) *dataplane.Metadata { return &l.Metadata },
	nil, nil,
	namedPart("binds", LogForwardBinds, func(l *dataplane.LogForward) *map[string]dataplane.Bind { return &l.Binds },
		func(b *dataplane.Bind) *string { return &b.Name }),
	namedPart("dgram_binds", DgramBinds, func(l *dataplane.LogForward) *map[string]dataplane.DgramBind { return &l.DgramBinds },
		func(b *dataplane.DgramBind) *string { return &b.Name }),
	listPart("log_target_list", "log-forward", LogTargets, func(l *dataplane.LogForward) *[]dataplane.LogTarget { return &l.LogTargetList }))
