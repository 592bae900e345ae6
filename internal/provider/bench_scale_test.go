package provider

import (
	"fmt"
	"path/filepath"
	"regexp"
	"strings"
	"syscall"
	"testing"
	"time"

	"github.com/tfhaproxy/terraform-provider-haproxy/internal/agenttest"
	"github.com/tfhaproxy/terraform-provider-haproxy/internal/haproxytest"
)

// The objects BenchmarkTerraformApplyLargeBase applies: 30 backends of 10
// servers each.
const (
	scaleBackends          = 30
	scaleServersPerBackend = 10
)

// BenchmarkTerraformApplyLargeBase times the apply and a no-change plan of
// 330 objects (30 haproxy_backend, 300 haproxy_server) on a large base config
// (200 or 1,000 backends of 10 servers, each with a host ACL and a use_backend
// rule), and reports each as a ratio to as many terraform_data and to as many
// objects of the floor provider with haproxy_server's attributes, in the same
// run (issue 13's table).
func BenchmarkTerraformApplyLargeBase(b *testing.B) {
	for _, base := range []int{200, 1000} {
		b.Run(fmt.Sprintf("base=%dx10", base), func(b *testing.B) {
			env := benchTerraformEnv(b)
			objects := scaleBackends * (1 + scaleServersPerBackend)
			var apply, plan, dataApply, dataPlan, floorApply, floorPlan time.Duration
			applyProfile, planProfile := agentProfile{}, agentProfile{}
			for b.Loop() {
				a := agenttest.Start(b, largeBaseConfig(haproxytest.FreePort(b), base))
				dir := b.TempDir()
				benchWriteFile(b, filepath.Join(dir, "main.tf"), providerConfig(a)+fmt.Sprintf(`
resource "haproxy_backend" "b" {
  count = %d
  name  = "new_${count.index}"
  mode  = "http"
}

resource "haproxy_server" "s" {
  count   = %d
  backend = haproxy_backend.b[floor(count.index / %d)].name
  name    = "s${count.index}"
  address = "127.0.0.1"
  port    = 20000 + count.index
  weight  = 10
}
`, scaleBackends, scaleBackends*scaleServersPerBackend, scaleServersPerBackend))
				took, profile := profileRun(b, a, dir, env, "apply", "-auto-approve")
				apply += took
				applyProfile.add(profile)
				took, profile = profileRun(b, a, dir, env, "plan", "-detailed-exitcode")
				plan += took
				planProfile.add(profile)
				want := base*10 + scaleBackends*scaleServersPerBackend
				if got := len(regexp.MustCompile(`(?m)^\s+server \S+ 127\.0\.0\.1:\d+`).FindAllString(a.File(b), -1)); got != want {
					b.Fatalf("haproxy.cfg holds %d server lines after apply, want %d", got, want)
				}
				da, dp := benchData(b, env, objects)
				fa, fp := benchFloor(b, env, objects, len(serverSpec.objectType().AttributeTypes))
				dataApply, dataPlan, floorApply, floorPlan = dataApply+da, dataPlan+dp, floorApply+fa, floorPlan+fp
			}
			b.ReportMetric(apply.Seconds()/float64(b.N), "apply-seconds")
			b.ReportMetric(plan.Seconds()/float64(b.N), "plan-seconds")
			b.ReportMetric(apply.Seconds()/dataApply.Seconds(), "apply-ratio")
			b.ReportMetric(plan.Seconds()/dataPlan.Seconds(), "plan-ratio")
			b.ReportMetric(apply.Seconds()/floorApply.Seconds(), "apply-floor-ratio")
			b.ReportMetric(plan.Seconds()/floorPlan.Seconds(), "plan-floor-ratio")
			applyProfile.report(b, "apply-")
			planProfile.report(b, "plan-")
		})
	}
}

// largeBaseConfig has one frontend on port fe that sends each host to its
// backend (an ACL and a use_backend rule each), and backends app_0.. of 10
// servers each.
func largeBaseConfig(fe, backends int) string {
	var s strings.Builder
	fmt.Fprintf(&s, "global\n    maxconn 1000\n\ndefaults\n    mode http\n    timeout connect 2s\n    timeout client 10s\n    timeout server 10s\n\n"+
		"frontend fe_main\n    bind 127.0.0.1:%d name main\n", fe)
	for i := range backends {
		fmt.Fprintf(&s, "    acl host_%d hdr(host) -i app%d.example.com\n", i, i)
	}
	for i := range backends {
		fmt.Fprintf(&s, "    use_backend app_%d if host_%d\n", i, i)
	}
	for i := range backends {
		fmt.Fprintf(&s, "\nbackend app_%d\n    balance roundrobin\n", i)
		for j := range 10 {
			fmt.Fprintf(&s, "    server s%d 127.0.0.1:%d\n", j, 30000+j)
		}
	}
	return s.String()
}

// agentProfile is what the agent did during a terraform command, by name:
// requests by method, from the agent's log records; commits, the writes they
// took, their validations (haproxy -c) and their time; reloads and runtime
// server changes and their time; and CPU time of terraform with its plugins,
// of the agent (the benchmark's process, in which the agent runs) and of the
// validations (the benchmark's other waited-for children).
type agentProfile map[string]float64

// profileRun runs one terraform command against a and returns how long it
// took and what the agent did meanwhile.
func profileRun(b *testing.B, a *agenttest.Agent, dir string, env []string, args ...string) (time.Duration, agentProfile) {
	before := takeProfile(a)
	took, cpu := benchCommand(b, dir, env, "terraform", append(args, "-input=false", "-no-color")...)
	p := takeProfile(a)
	for k, v := range before {
		p[k] -= v
	}
	p["terraform-cpu-seconds"] = cpu.Seconds()
	p["haproxy-check-cpu-seconds"] -= cpu.Seconds()
	return took, p
}

func takeProfile(a *agenttest.Agent) agentProfile {
	req, commit, reload, runtime := a.Events.Get("request"), a.Events.Get("commit"), a.Events.Get("reload"), a.Events.Get("runtime server change")
	return agentProfile{
		"requests": float64(req.Count), "gets": req.Sums["method=GET"],
		"writes":  req.Sums["method=POST"] + req.Sums["method=PUT"] + req.Sums["method=DELETE"],
		"commits": float64(commit.Count), "writes-committed": commit.Sums["writes"],
		"validations": commit.Sums["validations"], "validate-seconds": commit.Sums["validate_ms"] / 1000,
		"queued-seconds": commit.Sums["queued_ms"] / 1000, "commit-seconds": commit.Sums["duration_ms"] / 1000,
		"reloads": float64(reload.Count), "reload-seconds": reload.Sums["duration_ms"] / 1000,
		"runtime-changes": float64(runtime.Count), "runtime-seconds": runtime.Sums["duration_ms"] / 1000,
		"agent-cpu-seconds": cpuSeconds(syscall.RUSAGE_SELF), "haproxy-check-cpu-seconds": cpuSeconds(syscall.RUSAGE_CHILDREN),
	}
}

// add sums q into p.
func (p agentProfile) add(q agentProfile) {
	for k, v := range q {
		p[k] += v
	}
}

// report reports each measure per iteration, its name prefixed.
func (p agentProfile) report(b *testing.B, prefix string) {
	for k, v := range p {
		b.ReportMetric(v/float64(b.N), prefix+k)
	}
}

func cpuSeconds(who int) float64 {
	var ru syscall.Rusage
	if err := syscall.Getrusage(who, &ru); err != nil {
		return 0
	}
	return time.Duration(ru.Utime.Nano() + ru.Stime.Nano()).Seconds()
}
