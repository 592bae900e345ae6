package haproxycfg

import (
	"slices"

	"github.com/tfhaproxy/terraform-provider-haproxy/internal/dataplane"
)

type frontend = dataplane.Frontend

// frontendSettings are the single-line settings of a frontend, from the model's tags.
var frontendSettings = sectionTagsOf[frontend]()

// Frontends is the view of the `frontend` sections.
var Frontends = SectionView[frontend]{
	kind:     "frontend",
	name:     func(f *frontend) *string { return &f.Name },
	from:     func(f *frontend) *string { return &f.From },
	metadata: func(f *frontend) *dataplane.Metadata { return &f.Metadata },
	table: slices.Concat(frontendSettings.table, []directive[frontend]{
		forwardforDirective(func(f *frontend) **dataplane.Forwardfor { return &f.Forwardfor }),
		choiceDirective(func(f *frontend) *string { return &f.HTTPConnectionMode }, dataplane.HTTPConnectionModes...),
		monitorFailDirective(func(f *frontend) **dataplane.MonitorFail { return &f.MonitorFail }),
	}, proxyObjectDirectives(func(f *frontend) *dataplane.ProxyObjects { return &f.ProxyObjects })),
	parts: append([]childPart[frontend]{
		listPart("acl_list", "frontend", ACLs, func(f *frontend) *[]dataplane.ACL { return &f.ACLList }),
		namedPart("binds", Binds, func(f *frontend) *map[string]dataplane.Bind { return &f.Binds },
			func(b *dataplane.Bind) *string { return &b.Name }),
		listPart("http_request_rule_list", "frontend", HTTPRequestRules,
			func(f *frontend) *[]dataplane.HTTPRequestRule { return &f.HTTPRequestRuleList }),
		listPart("backend_switching_rule_list", "frontend", BackendSwitchingRules,
			func(f *frontend) *[]dataplane.BackendSwitchingRule { return &f.BackendSwitchingRuleList }),
		listPart("tcp_request_rule_list", "frontend", TCPRequestRules,
			func(f *frontend) *[]dataplane.TCPRequestRule { return &f.TCPRequestRuleList }),
		listPart("http_response_rule_list", "frontend", HTTPResponseRules,
			func(f *frontend) *[]dataplane.HTTPResponseRule { return &f.HTTPResponseRuleList }),
		listPart("http_after_response_rule_list", "frontend", HTTPAfterResponseRules,
			func(f *frontend) *[]dataplane.HTTPAfterResponseRule { return &f.HTTPAfterResponseRuleList }),
		listPart("http_error_rule_list", "frontend", HTTPErrorRules,
			func(f *frontend) *[]dataplane.HTTPErrorRule { return &f.HTTPErrorRuleList }),
	}, frontendListParts...),
	check: func(f *frontend) error {
		return firstError(
			checkStrings(f),
			checkName("name", f.Name),
			frontendSettings.check(f),
			checkProxyOptions(&f.ProxyOptions),
			checkProxyObjects(&f.ProxyObjects),
			checkMonitorFail(f.MonitorFail),
		)
	},
}

// checkProxyOptions checks the settings of ProxyOptions that its tags do not.
func checkProxyOptions(o *dataplane.ProxyOptions) error {
	return firstError(
		checkOptionalName("from", o.From),
		checkOneOf("http_connection_mode", o.HTTPConnectionMode, dataplane.HTTPConnectionModes...),
		checkForwardfor(o.Forwardfor),
	)
}

// checkOptionalName is checkName for a name that may be unset.
func checkOptionalName(field, v string) error {
	if v == "" {
		return nil
	}
	return checkName(field, v)
}
