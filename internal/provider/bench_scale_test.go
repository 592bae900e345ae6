package provider

import (
	"fmt"
	"path/filepath"
	"regexp"
	"strings"
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
				apply += benchRun(b, dir, env, "terraform", "apply", "-auto-approve", "-input=false", "-no-color")
				plan += benchRun(b, dir, env, "terraform", "plan", "-detailed-exitcode", "-input=false", "-no-color")
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
