package provider

import (
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"
)

// adoptBenchConfig is the corpus config BenchmarkPlanAdoptedConfig adopts by
// default: the largest that `make adopt-corpus` adopts cleanly, by resources.
const adoptBenchConfig = "haproxy-tests-conf-test-stats.cfg"

// BenchmarkPlanAdoptedConfig adopts a whole config of the corpus beside the
// checkout (ADOPT_BENCH_CONFIG names another of its files) as `make
// adopt-corpus` does, then times a no-change `terraform plan` of it against a
// plan of as many terraform_data resources in the same run. It runs with
// ADOPT_CORPUS=1 (make adopt-corpus), when the corpus is there: the adoption
// alone takes minutes.
func BenchmarkPlanAdoptedConfig(b *testing.B) {
	if os.Getenv("ADOPT_CORPUS") == "" {
		b.Skip("set ADOPT_CORPUS=1 (make adopt-corpus)")
	}
	name := adoptBenchConfig
	if n := os.Getenv("ADOPT_BENCH_CONFIG"); n != "" {
		name = n
	}
	file := filepath.Join(corpusDir, name)
	if _, err := os.Stat(file); err != nil {
		b.Skipf("no corpus config %s", file)
	}
	env := terraformEnv(b)
	_, dir := adopt(b, corpusRunnable(b, readFile(b, file), filepath.Join(corpusDir, "files")), env)
	out, code := runTerraform(b, dir, env, "state", "list")
	if code != 0 {
		b.Fatalf("terraform state list (exit %d):\n%s", code, out)
	}
	resources := len(strings.Fields(out))

	dataDir, _ := benchDataApplied(b, env, resources)

	var plan, dataPlan time.Duration
	n := 0
	for b.Loop() {
		n++
		plan += benchRun(b, dir, env, "terraform", "plan", "-detailed-exitcode", "-input=false", "-no-color")
		dataPlan += benchRun(b, dataDir, env, "terraform", "plan", "-detailed-exitcode", "-input=false", "-no-color")
	}
	b.ReportMetric(float64(resources), "resources")
	b.ReportMetric(plan.Seconds()/float64(n), "plan-seconds")
	b.ReportMetric(dataPlan.Seconds()/float64(n), "data-plan-seconds")
	b.ReportMetric(plan.Seconds()/dataPlan.Seconds(), "plan-ratio")
}
