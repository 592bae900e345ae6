package provider

import (
	"slices"

	"github.com/hashicorp/terraform-plugin-framework/resource"

	"github.com/tfhaproxy/terraform-provider-haproxy/internal/dataplane"
	"github.com/tfhaproxy/terraform-provider-haproxy/internal/haproxycfg"
)

// The lists whose items come in many kinds (checks, stick rules, the rules of
// other phases) are resources whose items are lines in HAProxy's own syntax:
// one resource per list, each one row here. The agent's view of the list
// reads and checks the lines and says which sections hold it.
func lineListResources() []func() resource.Resource {
	return []func() resource.Resource{
		lines("http_response_rules", dataplane.ListHTTPResponseRules, &haproxycfg.HTTPResponseRules,
			"The whole ordered list of `http-response` rules of one frontend or backend."),
		lines("http_after_response_rules", dataplane.ListHTTPAfterResponseRules, &haproxycfg.HTTPAfterResponseRules,
			"The whole ordered list of `http-after-response` rules of one frontend or backend: they run on every response, HAProxy's own included."),
		lines("http_error_rules", dataplane.ListHTTPErrorRules, &haproxycfg.HTTPErrorRules,
			"The whole ordered list of `http-error` lines of one frontend or backend: the responses HAProxy sends for its own errors."),
		lines("tcp_request_rules", dataplane.ListTCPRequestRules, &haproxycfg.TCPRequestRules,
			"The whole ordered list of `tcp-request` rules (`connection`, `session`, `content`, `inspect-delay`) of one frontend or backend."),
		lines("tcp_response_rules", dataplane.ListTCPResponseRules, &haproxycfg.TCPResponseRules,
			"The whole ordered list of `tcp-response` rules of one backend."),
		lines("log_targets", dataplane.ListLogTargets, &haproxycfg.LogTargets,
			"The whole ordered list of `log` lines of one frontend or backend (`global`, `<address> [len <n>] [format <f>] <facility> [<level>]`, or `no log` as the one item `no`)."),
		lines("captures", dataplane.ListCaptures, &haproxycfg.Captures,
			"The whole ordered list of `declare capture` lines of one frontend (`request len <n>`, `response len <n>`)."),
		lines("filters", dataplane.ListFilters, &haproxycfg.Filters,
			"The whole ordered list of `filter` lines of one frontend or backend (trace, compression, cache, spoe, fcgi-app, bandwidth limits)."),
		lines("server_switching_rules", dataplane.ListServerSwitchingRules, &haproxycfg.ServerSwitchingRules,
			"The whole ordered list of `use-server` rules of one backend: the first whose condition holds picks the server."),
		lines("stick_rules", dataplane.ListStickRules, &haproxycfg.StickRules,
			"The whole ordered list of `stick` rules (`match`, `on`, `store-request`, `store-response`) of one backend."),
		lines("http_checks", dataplane.ListHTTPChecks, &haproxycfg.HTTPChecks,
			"The whole ordered list of `http-check` lines of one backend: the steps of its HTTP health check (with `option httpchk`)."),
		lines("tcp_checks", dataplane.ListTCPChecks, &haproxycfg.TCPChecks,
			"The whole ordered list of `tcp-check` lines of one backend: the steps of its TCP health check (with `option tcp-check`)."),
	}
}

// lines is the resource of one such list.
func lines[T any](typeName, endpoint string, view *haproxycfg.ListView[T], description string) func() resource.Resource {
	spec := &listSpec[T]{
		typeName: typeName,
		description: description + " Replaced in one write, in order. Each item is a line without its keyword, as in haproxy.cfg; " +
			"on our agent, `terraform plan` checks the list with `haproxy -c`.",
		list:  endpoint,
		lines: view,
	}
	for _, p := range []string{"frontend", "backend", "listen", "defaults", "global"} { // the sections whose lists it manages
		if slices.Contains(view.Parents(), p) {
			spec.parents = append(spec.parents, p)
		}
	}
	return func() resource.Resource { return &listResource[T]{spec: spec} }
}
