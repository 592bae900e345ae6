package haproxycfg

import (
	"slices"

	"github.com/tfhaproxy/terraform-provider-haproxy/internal/dataplane"
)

type listen = dataplane.Listen

// listenSettings are the single-line settings of a listen section, from the
// model's tags.
var listenSettings = sectionTagsOf[listen]()

// Listens is the view of the `listen` sections: a frontend and a backend in
// one section, read and written with the backend's lines and the frontend's
// (monitor fail), so that a listen section stays a listen section.
var Listens = SectionView[listen]{
	kind:     "listen",
	name:     func(l *listen) *string { return &l.Name },
	from:     func(l *listen) *string { return &l.From },
	metadata: func(l *listen) *dataplane.Metadata { return &l.Metadata },
	table: slices.Concat(listenSettings.table,
		backendDirectives(backendParts[listen]{
			objects: func(l *listen) *backendObjects { return &l.BackendObjects },
			options: func(l *listen) *dataplane.BackendOptions { return &l.BackendOptions },
			proxy:   func(l *listen) *dataplane.ProxyOptions { return &l.ProxyOptions },
			own:     func(l *listen) *dataplane.BackendOwn { return &l.BackendOwn },
		}),
		[]directive[listen]{monitorFailDirective(func(l *listen) **dataplane.MonitorFail { return &l.MonitorFail })},
		proxyObjectDirectives(func(l *listen) *dataplane.ProxyObjects { return &l.ProxyObjects })),
	parts: []childPart[listen]{
		listPart("acl_list", "listen", ACLs, func(l *listen) *[]dataplane.ACL { return &l.ACLList }),
		namedPart("binds", ListenBinds, func(l *listen) *map[string]dataplane.Bind { return &l.Binds },
			func(b *dataplane.Bind) *string { return &b.Name }),
		namedPart("servers", ListenServers, func(l *listen) *map[string]dataplane.Server { return &l.Servers },
			func(s *dataplane.Server) *string { return &s.Name }),
		listPart("http_request_rule_list", "listen", HTTPRequestRules,
			func(l *listen) *[]dataplane.HTTPRequestRule { return &l.HTTPRequestRuleList }),
		listPart("backend_switching_rule_list", "listen", BackendSwitchingRules,
			func(l *listen) *[]dataplane.BackendSwitchingRule { return &l.BackendSwitchingRuleList }),
		listPart("http_response_rule_list", "listen", HTTPResponseRules,
			func(l *listen) *[]dataplane.HTTPResponseRule { return &l.HTTPResponseRuleList }),
		listPart("http_after_response_rule_list", "listen", HTTPAfterResponseRules,
			func(l *listen) *[]dataplane.HTTPAfterResponseRule { return &l.HTTPAfterResponseRuleList }),
		listPart("http_error_rule_list", "listen", HTTPErrorRules,
			func(l *listen) *[]dataplane.HTTPErrorRule { return &l.HTTPErrorRuleList }),
		listPart("tcp_request_rule_list", "listen", TCPRequestRules,
			func(l *listen) *[]dataplane.TCPRequestRule { return &l.TCPRequestRuleList }),
		listPart("tcp_response_rule_list", "listen", TCPResponseRules,
			func(l *listen) *[]dataplane.TCPResponseRule { return &l.TCPResponseRuleList }),
		listPart("http_check_list", "listen", HTTPChecks, func(l *listen) *[]dataplane.HTTPCheck { return &l.HTTPCheckList }),
		listPart("tcp_check_rule_list", "listen", TCPChecks, func(l *listen) *[]dataplane.TCPCheck { return &l.TCPCheckRuleList }),
		listPart("server_switching_rule_list", "listen", ServerSwitchingRules,
			func(l *listen) *[]dataplane.ServerSwitchingRule { return &l.ServerSwitchingRuleList }),
		listPart("stick_rule_list", "listen", StickRules, func(l *listen) *[]dataplane.StickRule { return &l.StickRuleList }),
		namedPart("server_templates", ServerTemplates.In("listen"), func(l *listen) *map[string]dataplane.ServerTemplate { return &l.ServerTemplates },
			func(t *dataplane.ServerTemplate) *string { return &t.Prefix }),
		listPart("log_target_list", "listen", LogTargets, func(l *listen) *[]dataplane.LogTarget { return &l.LogTargetList }),
		listPart("capture_list", "listen", Captures, func(l *listen) *[]dataplane.Capture { return &l.CaptureList }),
		listPart("filter_list", "listen", Filters, func(l *listen) *[]dataplane.Filter { return &l.FilterList }),
		listPart("filter_sequence_list", "listen", FilterSequences,
			func(l *listen) *[]dataplane.FilterSequence { return &l.FilterSequenceList }),
		listPart("quic_initial_rule_list", "listen", QUICInitialRules,
			func(l *listen) *[]dataplane.QUICInitialRule { return &l.QUICInitialRuleList }),
		listPart("ssl_front_use_list", "listen", SSLFrontUses, func(l *listen) *[]dataplane.SSLFrontUse { return &l.SSLFrontUseList }),
		listPart("force_be_switch_list", "listen", ForceBeSwitches,
			func(l *listen) *[]dataplane.ForceBeSwitch { return &l.ForceBeSwitchList }),
	},
	check: func(l *listen) error {
		return firstError(
			checkStrings(l),
			checkName("name", l.Name),
			listenSettings.check(l),
			checkProxyOptions(&l.ProxyOptions),
			checkBackendObjects(&l.BackendObjects, &l.BackendOptions),
			checkBackendOwn(&l.BackendOwn),
			checkProxyObjects(&l.ProxyObjects),
			checkMonitorFail(l.MonitorFail),
		)
	},
}

// ListenServers and ListenBinds are the views of a listen section's servers
// and binds: the lines of backends and frontends, in another kind of section.
var (
	ListenServers = Servers.In("listen")
	ListenBinds   = Binds.In("listen")
)

// In is the view of the same children in sections of another kind.
func (v ChildView[M]) In(kind string) ChildView[M] {
	v.parent = kind
	return v
}

// Parent is the kind of section the children are in.
func (v ChildView[M]) Parent() string { return v.parent }

// Parents are the kinds of section that may hold the list.
func (v ListView[M]) Parents() []string { return v.parents }
