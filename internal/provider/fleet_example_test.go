package provider

import (
	"fmt"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"

	"github.com/tfhaproxy/terraform-provider-haproxy/internal/agenttest"
	"github.com/tfhaproxy/terraform-provider-haproxy/internal/haproxytest"
)

// TestFleetExample applies examples/fleet as its comments say it runs: three
// nodes, the canary lb1 with its probe through its own HAProxy, state in
// PostgreSQL. The optional lb3 is down for the first apply, which writes lb1
// and lb2 and leaves it out, with a warning, as does plan; once it is back,
// plan names it in nodes_differ, the apply brings it level and plan has
// nothing to do.
//
// The state lock is the pg backend's, which Terraform takes before it starts
// any provider: TestStateLockForTeams runs two applies at once on the
// ci-drift example, whose backend block this example shares (checked here).
func TestFleetExample(t *testing.T) {
	env := terraformMirror(t)
	nodes := startFleet(t, 3)
	lb1, lb2, lb3 := nodes[0], nodes[1], nodes[2]
	pg := postgres(t)
	env = append(env, "PG_CONN_STR="+pg, "HAPROXY_USERNAME="+agenttest.User, "HAPROXY_PASSWORD="+agenttest.Password,
		"TF_VAR_lb1_url="+lb1.url, "TF_VAR_lb2_url="+lb2.url,
		fmt.Sprintf("TF_VAR_lb1_probe_url=http://127.0.0.1:%d/", lb1.port)) // fe_main answers 200 there
	lb3Down := append(slices.Clip(env), fmt.Sprintf("TF_VAR_lb3_url=http://127.0.0.1:%d", haproxytest.FreePort(t)))
	lb3Up := append(slices.Clip(env), "TF_VAR_lb3_url="+lb3.url)

	example, err := os.ReadFile("../../examples/fleet/main.tf")
	if err != nil {
		t.Fatal(err)
	}
	ciDrift, err := os.ReadFile("../../examples/ci-drift/main.tf")
	if err != nil {
		t.Fatal(err)
	}
	const backend = "\n  backend \"pg\" {}\n"
	if !strings.Contains(string(example), backend) || !strings.Contains(string(ciDrift), backend) {
		t.Fatalf("examples/fleet and examples/ci-drift must both keep their state with %q, the block TestStateLockForTeams tests", backend)
	}
	dir := t.TempDir()
	os.WriteFile(filepath.Join(dir, "main.tf"), example, 0o644)
	if out, code := runTerraform(t, dir, env, "init", "-input=false"); code != 0 {
		t.Fatalf("init with the pg backend (exit %d):\n%s", code, out)
	}
	applied := []string{
		"\nbackend be_app\n", "    server app1 127.0.0.1:9001\n", "    server app2 127.0.0.1:9002\n",
		"    use_backend be_app if { hdr(host) -i app.example.com }\n",
	}
	apply := []string{"apply", "-input=false", "-auto-approve", "-no-color"}
	plan := []string{"plan", "-input=false", "-detailed-exitcode", "-no-color"}

	if out, code := runTerraform(t, dir, lb3Down, apply...); code != 0 {
		t.Fatalf("apply while the optional lb3 is down (exit %d):\n%s", code, out)
	}
	for _, n := range []*fleetNode{lb1, lb2} {
		if err := fileContains(t, n.agent, applied...)(nil); err != nil {
			t.Fatalf("node %s after the apply: %v", n.name, err)
		}
	}
	if file := lb3.agent.File(t); strings.Contains(file, "be_app") {
		t.Fatalf("lb3 was written while its URL led nowhere:\n%s", file)
	}
	if out, code := runTerraform(t, dir, lb3Down, plan...); code != 0 || !strings.Contains(out, "Optional node lb3 left out") {
		t.Fatalf("plan while lb3 is down (exit %d, want 0 and a warning naming lb3):\n%s", code, out)
	}
	if out, code := runTerraform(t, dir, lb3Up, plan...); code != 2 || !strings.Contains(out, `"lb3"`) {
		t.Fatalf("plan once lb3 is back (exit %d, want 2 naming lb3 in nodes_differ):\n%s", code, out)
	}

	if out, code := runTerraform(t, dir, lb3Up, apply...); code != 0 {
		t.Fatalf("apply once lb3 is back (exit %d):\n%s", code, out)
	}
	for _, n := range nodes {
		if err := fileContains(t, n.agent, applied...)(nil); err != nil {
			t.Fatalf("node %s once lb3 is back: %v", n.name, err)
		}
	}
	if out, code := runTerraform(t, dir, lb3Up, plan...); code != 0 {
		t.Fatalf("plan once every node holds the example (exit %d, want 0):\n%s", code, out)
	}
	if _, err := os.Stat(filepath.Join(dir, "terraform.tfstate")); err == nil {
		t.Fatal("a local terraform.tfstate was written")
	}
	if state := stateRow(t, pg); !strings.Contains(state, `"be_app"`) {
		t.Fatalf("the state in PostgreSQL lacks be_app:\n%s", state)
	}
}
