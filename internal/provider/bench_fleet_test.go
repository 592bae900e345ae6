package provider

import (
	"path/filepath"
	"testing"
	"time"

	"github.com/tfhaproxy/terraform-provider-haproxy/internal/agenttest"
	"github.com/tfhaproxy/terraform-provider-haproxy/internal/haproxytest"
)

// fleetBenchBase is the base config of every node of BenchmarkFleetApply, in
// backends of 10 servers: the smaller of BenchmarkTerraformApplyLargeBase's.
const fleetBenchBase = 200

// fleetBenchSizes are the targets BenchmarkFleetApply applies to: one agent as
// the provider's url, then fleets of 1, 3 and 10 nodes.
var fleetBenchSizes = []struct {
	name  string // in the metrics' names
	nodes int
	url   bool // the plain url provider, not nodes
}{
	{"url", 1, true},
	{"1-node", 1, false},
	{"3-nodes", 3, false},
	{"10-nodes", 10, false},
}

// BenchmarkFleetApply times the apply and a no-change plan of
// BenchmarkTerraformApplyLargeBase's 330 objects (30 backends of 10 servers)
// on fleets of 1, 3 and 10 nodes, each node an agent with its own HAProxy on
// largeBaseConfig, and reports each as a ratio to the fleet of one node in
// the same run (issue 15's goal: 10 nodes cost at most 1.5x one node). One
// agent as the provider's plain url is the baseline of the fleet of one
// (apply-1-node-url-ratio).
//
// Every node's agent checks each batch of writes with haproxy -c and makes
// it live on its own HAProxy, all in this process and its children, on the
// same cores as terraform, where a real fleet has a machine per node. So
// that the numbers show where a larger fleet's time goes, each size also
// reports, all nodes together (profileRun): the CPU of terraform, of the
// agents and of their checks; the checks (validations), and how long each
// batch of writes waited before its check began (queued-seconds: the agent's
// batch window, and the commit before it).
func BenchmarkFleetApply(b *testing.B) {
	env := benchTerraformEnv(b)
	apply := make([]time.Duration, len(fleetBenchSizes))
	plan := make([]time.Duration, len(fleetBenchSizes))
	applyProfile := make([]agentProfile, len(fleetBenchSizes))
	planProfile := make([]agentProfile, len(fleetBenchSizes))
	for i := range fleetBenchSizes {
		applyProfile[i], planProfile[i] = agentProfile{}, agentProfile{}
	}
	for b.Loop() {
		for i, size := range fleetBenchSizes {
			nodes, agents := make([]*fleetNode, size.nodes), make([]*agenttest.Agent, size.nodes)
			for j := range nodes {
				agents[j] = agenttest.Start(b, largeBaseConfig(haproxytest.FreePort(b), fleetBenchBase))
				nodes[j] = &fleetNode{name: string(rune('a' + j)), agent: agents[j], url: agents[j].URL}
			}
			provider := fleetProvider(nodes, nil)
			if size.url {
				provider = providerConfig(nodes[0].agent)
			}
			dir := b.TempDir()
			benchWriteFile(b, filepath.Join(dir, "main.tf"), provider+scaleResources())
			took, applied := profileRun(b, agents, dir, env, "apply", "-auto-approve")
			apply[i] += took
			applyProfile[i].add(applied)
			took, planned := profileRun(b, agents, dir, env, "plan", "-detailed-exitcode")
			plan[i] += took
			planProfile[i].add(planned)
			for _, n := range nodes {
				checkScaleApplied(b, n.agent, fleetBenchBase)
			}
		}
	}
	const one = 1 // fleetBenchSizes' fleet of one node
	for i, size := range fleetBenchSizes {
		b.ReportMetric(apply[i].Seconds()/float64(b.N), "apply-"+size.name+"-seconds")
		b.ReportMetric(plan[i].Seconds()/float64(b.N), "plan-"+size.name+"-seconds")
		for _, k := range []string{"terraform-cpu-seconds", "agent-cpu-seconds", "haproxy-check-cpu-seconds", "validations", "queued-seconds"} {
			b.ReportMetric(applyProfile[i][k]/float64(b.N), "apply-"+size.name+"-"+k)
		}
		for _, k := range []string{"terraform-cpu-seconds", "agent-cpu-seconds", "gets"} {
			b.ReportMetric(planProfile[i][k]/float64(b.N), "plan-"+size.name+"-"+k)
		}
		switch {
		case size.url:
			b.ReportMetric(apply[one].Seconds()/apply[i].Seconds(), "apply-1-node-url-ratio")
			b.ReportMetric(plan[one].Seconds()/plan[i].Seconds(), "plan-1-node-url-ratio")
		case i != one:
			b.ReportMetric(apply[i].Seconds()/apply[one].Seconds(), "apply-"+size.name+"-ratio")
			b.ReportMetric(plan[i].Seconds()/plan[one].Seconds(), "plan-"+size.name+"-ratio")
		}
	}
}
