package provider

import (
	"errors"
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"regexp"
	"strings"
	"testing"
	"time"

	"github.com/tfhaproxy/terraform-provider-haproxy/internal/agenttest"
	"github.com/tfhaproxy/terraform-provider-haproxy/internal/haproxytest"
)

const (
	benchServers  = 500
	benchBackends = 50
)

// BenchmarkTerraformApply500Servers times the real terraform CLI applying
// 500 haproxy_server across 50 backends at default parallelism, then a
// no-change plan of the same, and reports each as a ratio to the same command
// over 500 terraform_data resources in the same run (goals: apply <= 3x,
// plan <= 1.5x).
//
// It also reports the floor under those ratios: the same commands over 500
// resources of testdata/floorprovider, a plugin that does nothing, with as many
// attributes as haproxy_server (floor-*-ratio) and with six, the fewest a
// server could have (narrow-floor-*-ratio). terraform_data is built into
// Terraform; a plugin resource costs Terraform more, and more per attribute.
func BenchmarkTerraformApply500Servers(b *testing.B) {
	env := benchTerraformEnv(b)
	serverAttributes := len(serverSpec.objectType().AttributeTypes)

	var apply, plan, dataApply, dataPlan, floorApply, floorPlan, narrowApply, narrowPlan time.Duration
	n := 0
	for b.Loop() {
		n++
		a := agenttest.Start(b, benchConfig(haproxytest.FreePort(b)))

		dirA := b.TempDir()
		benchWriteFile(b, filepath.Join(dirA, "main.tf"), providerConfig(a)+fmt.Sprintf(`
resource "haproxy_server" "s" {
  count   = %d
  backend = "be_${count.index %% %d}"
  name    = "s${count.index}"
  address = "127.0.0.1"
  port    = 20000 + count.index
  weight  = 10
}
`, benchServers, benchBackends))
		apply += benchRun(b, dirA, env, "terraform", "apply", "-auto-approve", "-input=false", "-no-color")
		plan += benchRun(b, dirA, env, "terraform", "plan", "-detailed-exitcode", "-input=false", "-no-color")
		if got := len(regexp.MustCompile(`(?m)^\s+server s\d+ 127\.0\.0\.1:\d+`).FindAllString(a.File(b), -1)); got != benchServers {
			b.Fatalf("haproxy.cfg holds %d server lines after apply, want %d:\n%s", got, benchServers, a.File(b))
		}

		da, dp := benchData(b, env, benchServers)
		dataApply, dataPlan = dataApply+da, dataPlan+dp
		for _, floor := range []struct {
			attributes  int
			apply, plan *time.Duration
		}{{serverAttributes, &floorApply, &floorPlan}, {6, &narrowApply, &narrowPlan}} {
			fa, fp := benchFloor(b, env, benchServers, floor.attributes)
			*floor.apply, *floor.plan = *floor.apply+fa, *floor.plan+fp
		}
	}

	per := func(d time.Duration) float64 { return d.Seconds() / float64(n) }
	b.ReportMetric(per(apply), "apply-seconds")
	b.ReportMetric(per(plan), "plan-seconds")
	b.ReportMetric(per(dataApply), "data-apply-seconds")
	b.ReportMetric(per(dataPlan), "data-plan-seconds")
	b.ReportMetric(apply.Seconds()/dataApply.Seconds(), "apply-ratio")
	b.ReportMetric(plan.Seconds()/dataPlan.Seconds(), "plan-ratio")
	b.ReportMetric(floorApply.Seconds()/dataApply.Seconds(), "floor-apply-ratio")
	b.ReportMetric(floorPlan.Seconds()/dataPlan.Seconds(), "floor-plan-ratio")
	b.ReportMetric(narrowApply.Seconds()/dataApply.Seconds(), "narrow-floor-apply-ratio")
	b.ReportMetric(narrowPlan.Seconds()/dataPlan.Seconds(), "narrow-floor-plan-ratio")
}

// benchTerraformEnv builds the provider and the floor provider, which
// terraform finds through dev_overrides (no terraform init), and returns the
// environment of the terraform commands.
func benchTerraformEnv(b *testing.B) []string {
	if _, err := exec.LookPath("terraform"); err != nil {
		b.Fatal("terraform CLI not found on PATH: install terraform to run this benchmark")
	}
	binDir := b.TempDir()
	benchRun(b, "", nil, "go", "build", "-o", filepath.Join(binDir, "terraform-provider-haproxy"), "../..")
	benchRun(b, "", nil, "go", "build", "-o", filepath.Join(binDir, "terraform-provider-floor"), "./testdata/floorprovider")
	cliConfig := filepath.Join(b.TempDir(), "terraformrc")
	benchWriteFile(b, cliConfig, fmt.Sprintf(`provider_installation {
  dev_overrides {
    "tfhaproxy/haproxy" = %[1]q
    "tfhaproxy/floor"   = %[1]q
  }
  direct {}
}
`, binDir))
	return append(os.Environ(), "TF_CLI_CONFIG_FILE="+cliConfig, "CHECKPOINT_DISABLE=1", "TF_IN_AUTOMATION=1")
}

// benchData times the apply and a no-change plan of count terraform_data,
// which is built in: terraform plans and applies it with no terraform init
// (checked with terraform v1.11.4).
func benchData(b *testing.B, env []string, count int) (apply, plan time.Duration) {
	dir, apply := benchDataApplied(b, env, count)
	return apply, benchRun(b, dir, env, "terraform", "plan", "-detailed-exitcode", "-input=false", "-no-color")
}

// benchDataApplied applies count terraform_data in a root module of its own,
// returns the module's directory and how long the apply took.
func benchDataApplied(b *testing.B, env []string, count int) (dir string, apply time.Duration) {
	dir = b.TempDir()
	benchWriteFile(b, filepath.Join(dir, "main.tf"), fmt.Sprintf("resource \"terraform_data\" \"d\" {\n  count = %d\n  input = count.index\n}\n", count))
	return dir, benchRun(b, dir, env, "terraform", "apply", "-auto-approve", "-input=false", "-no-color")
}

// benchFloor times the same over count floor_object, which have an id, an
// input, a delay and attributes-3 strings and do nothing.
func benchFloor(b *testing.B, env []string, count, attributes int) (apply, plan time.Duration) {
	dir := b.TempDir()
	benchWriteFile(b, filepath.Join(dir, "main.tf"), fmt.Sprintf(`
terraform {
  required_providers {
    floor = { source = "tfhaproxy/floor" }
  }
}

resource "floor_object" "o" {
  count = %d
  input = count.index
}
`, count))
	env = append(env, floorAttributes(attributes))
	return benchRun(b, dir, env, "terraform", "apply", "-auto-approve", "-input=false", "-no-color"),
		benchRun(b, dir, env, "terraform", "plan", "-detailed-exitcode", "-input=false", "-no-color")
}

// floorAttributes is the environment that gives floor_object attributes in all.
func floorAttributes(attributes int) string {
	return fmt.Sprintf("FLOOR_ATTRIBUTES=%d", attributes-3)
}

// benchConfig has one frontend on port fe and backends be_0..be_49 with no
// servers.
func benchConfig(fe int) string {
	var s strings.Builder
	fmt.Fprintf(&s, `global
    maxconn 1000

defaults
    mode http
    timeout connect 2s
    timeout client 10s
    timeout server 10s

frontend fe_main
    bind 127.0.0.1:%d name main
    default_backend be_0
`, fe)
	for i := range benchBackends {
		fmt.Fprintf(&s, "\nbackend be_%d\n    balance roundrobin\n", i)
	}
	return s.String()
}

func benchWriteFile(b *testing.B, path, content string) {
	b.Helper()
	if err := os.WriteFile(path, []byte(content), 0o644); err != nil {
		b.Fatal(err)
	}
}

// benchRun runs a command in dir and returns how long it took. It fails the
// benchmark, showing the output, if the command exits non-zero (for plan
// -detailed-exitcode: if there are changes).
func benchRun(b *testing.B, dir string, env []string, name string, args ...string) time.Duration {
	b.Helper()
	took, _ := benchCommand(b, dir, env, name, args...)
	return took
}

// benchCommand is benchRun that also returns the CPU time the command used,
// its waited-for children's (terraform's plugins) included.
func benchCommand(b *testing.B, dir string, env []string, name string, args ...string) (took, cpu time.Duration) {
	b.Helper()
	cmd := exec.Command(name, args...)
	cmd.Dir = dir
	cmd.Env = env
	start := time.Now()
	out, err := cmd.CombinedOutput()
	took = time.Since(start)
	if err != nil {
		var exit *exec.ExitError
		if errors.As(err, &exit) && exit.ExitCode() == 2 && len(args) > 0 && args[0] == "plan" {
			b.Fatalf("%s %s in %s: plan is not empty (exit 2) after %v:\n%s", name, strings.Join(args, " "), dir, took, out)
		}
		b.Fatalf("%s %s in %s: %v after %v:\n%s", name, strings.Join(args, " "), dir, err, took, out)
	}
	cpu = cmd.ProcessState.UserTime() + cmd.ProcessState.SystemTime()
	b.Logf("%s %s: %v, %v of CPU", name, strings.Join(args, " "), took.Round(time.Millisecond), cpu.Round(time.Millisecond))
	return took, cpu
}
