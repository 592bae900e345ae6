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
//
// It also reports two floors with the apply's shape, 30 objects and 300 that
// depend on them: floor objects that do nothing (dependent-floor-*), and
// floor objects whose applies take as long as the agent's writes must at the
// least (checked-floor-*): a server one check of the file (haproxy -c, the
// run's mean) and one runtime change, a backend one check and one reload.
// The second is the least any provider could take that answers a write only
// when it is checked and live.
func BenchmarkTerraformApplyLargeBase(b *testing.B) {
	for _, base := range []int{200, 1000} {
		b.Run(fmt.Sprintf("base=%dx10", base), func(b *testing.B) {
			env := benchTerraformEnv(b)
			objects := scaleBackends * (1 + scaleServersPerBackend)
			var apply, plan, dataApply, dataPlan, floorApply, floorPlan, dependentApply, checkedApply time.Duration
			applyProfile, planProfile := agentProfile{}, agentProfile{}
			for b.Loop() {
				a := agenttest.Start(b, largeBaseConfig(haproxytest.FreePort(b), base))
				dir := b.TempDir()
				benchWriteFile(b, filepath.Join(dir, "main.tf"), providerConfig(a)+scaleResources())
				took, applied := profileRun(b, []*agenttest.Agent{a}, dir, env, "apply", "-auto-approve")
				apply += took
				applyProfile.add(applied)
				took, planned := profileRun(b, []*agenttest.Agent{a}, dir, env, "plan", "-detailed-exitcode")
				plan += took
				planProfile.add(planned)
				checkScaleApplied(b, a, base)
				da, dp := benchData(b, env, objects)
				attributes := len(serverSpec.objectType().AttributeTypes)
				fa, fp := benchFloor(b, env, objects, attributes)
				dataApply, dataPlan, floorApply, floorPlan = dataApply+da, dataPlan+dp, floorApply+fa, floorPlan+fp
				check := mean(applied, "validate-seconds", "validations")
				dependentApply += benchDependentFloor(b, env, attributes, 0, 0)
				checkedApply += benchDependentFloor(b, env, attributes, check+mean(applied, "reload-seconds", "reloads"), check+mean(applied, "runtime-seconds", "runtime-changes"))
			}
			b.ReportMetric(apply.Seconds()/float64(b.N), "apply-seconds")
			b.ReportMetric(plan.Seconds()/float64(b.N), "plan-seconds")
			b.ReportMetric(apply.Seconds()/dataApply.Seconds(), "apply-ratio")
			b.ReportMetric(plan.Seconds()/dataPlan.Seconds(), "plan-ratio")
			b.ReportMetric(apply.Seconds()/floorApply.Seconds(), "apply-floor-ratio")
			b.ReportMetric(plan.Seconds()/floorPlan.Seconds(), "plan-floor-ratio")
			b.ReportMetric(dependentApply.Seconds()/dataApply.Seconds(), "dependent-floor-apply-ratio")
			b.ReportMetric(checkedApply.Seconds()/dataApply.Seconds(), "checked-floor-apply-ratio")
			b.ReportMetric(apply.Seconds()/checkedApply.Seconds(), "apply-checked-floor-ratio")
			applyProfile.report(b, "apply-")
			planProfile.report(b, "plan-")
		})
	}
}

// scaleResources are the objects BenchmarkTerraformApplyLargeBase applies, in
// HCL.
func scaleResources() string {
	return fmt.Sprintf(`
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
`, scaleBackends, scaleBackends*scaleServersPerBackend, scaleServersPerBackend)
}

var serverLine = regexp.MustCompile(`(?m)^\s+server \S+ 127\.0\.0\.1:\d+`)

// checkScaleApplied fails the benchmark unless a's haproxy.cfg holds the
// servers of largeBaseConfig(_, base) and of scaleResources.
func checkScaleApplied(b *testing.B, a *agenttest.Agent, base int) {
	b.Helper()
	want := base*10 + scaleBackends*scaleServersPerBackend
	if got := len(serverLine.FindAllString(a.File(b), -1)); got != want {
		b.Fatalf("haproxy.cfg holds %d server lines after apply, want %d", got, want)
	}
}

// benchDependentFloor times the apply of scaleBackends floor objects whose
// applies take backend seconds, and, depending on them as servers on their
// backend, scaleBackends*scaleServersPerBackend that take server seconds.
func benchDependentFloor(b *testing.B, env []string, attributes int, backend, server float64) time.Duration {
	dir := b.TempDir()
	benchWriteFile(b, filepath.Join(dir, "main.tf"), fmt.Sprintf(`
terraform {
  required_providers {
    floor = { source = "tfhaproxy/floor" }
  }
}

resource "floor_object" "b" {
  count = %d
  input = count.index
  delay = "%s"
}

resource "floor_object" "s" {
  count   = %d
  input   = count.index
  delay   = "%s"
  attr_00 = floor_object.b[floor(count.index / %d)].id
}
`, scaleBackends, seconds(backend), scaleBackends*scaleServersPerBackend, seconds(server), scaleServersPerBackend))
	return benchRun(b, dir, append(env, floorAttributes(attributes)), "terraform", "apply", "-auto-approve", "-input=false", "-no-color")
}

// mean is p[total]/p[count], 0 when there were none.
func mean(p agentProfile, total, count string) float64 {
	if p[count] == 0 {
		return 0
	}
	return p[total] / p[count]
}

func seconds(s float64) time.Duration { return time.Duration(s * float64(time.Second)) }

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

// profileRun runs one terraform command against agents and returns how long
// it took and what the agents did meanwhile, added up.
func profileRun(b *testing.B, agents []*agenttest.Agent, dir string, env []string, args ...string) (time.Duration, agentProfile) {
	before := takeProfile(agents)
	took, cpu := benchCommand(b, dir, env, "terraform", append(args, "-input=false", "-no-color")...)
	p := takeProfile(agents)
	for k, v := range before {
		p[k] -= v
	}
	p["terraform-cpu-seconds"] = cpu.Seconds()
	p["haproxy-check-cpu-seconds"] -= cpu.Seconds()
	return took, p
}

// takeProfile adds up the agents' events so far; the CPU is the process's
// and its children's, which all agents share.
func takeProfile(agents []*agenttest.Agent) agentProfile {
	p := agentProfile{"agent-cpu-seconds": cpuSeconds(syscall.RUSAGE_SELF), "haproxy-check-cpu-seconds": cpuSeconds(syscall.RUSAGE_CHILDREN)}
	for _, a := range agents {
		req, commit, reload, runtime := a.Events.Get("request"), a.Events.Get("commit"), a.Events.Get("reload"), a.Events.Get("runtime server change")
		p.add(agentProfile{
			"requests": float64(req.Count), "gets": req.Sums["method=GET"],
			"writes":  req.Sums["method=POST"] + req.Sums["method=PUT"] + req.Sums["method=DELETE"],
			"commits": float64(commit.Count), "writes-committed": commit.Sums["writes"],
			"validations": commit.Sums["validations"], "validate-seconds": commit.Sums["validate_ms"] / 1000,
			"queued-seconds": commit.Sums["queued_ms"] / 1000, "commit-seconds": commit.Sums["duration_ms"] / 1000,
			"reloads": float64(reload.Count), "reload-seconds": reload.Sums["duration_ms"] / 1000,
			"runtime-changes": float64(runtime.Count), "runtime-seconds": runtime.Sums["duration_ms"] / 1000,
		})
	}
	return p
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
