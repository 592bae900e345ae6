package provider

import (
	"fmt"
	"net"
	"os"
	"path/filepath"
	"regexp"
	"strings"
	"testing"

	"github.com/hashicorp/terraform-plugin-testing/helper/resource"
	"github.com/hashicorp/terraform-plugin-testing/terraform"

	"github.com/tfhaproxy/terraform-provider-haproxy/internal/agenttest"
	"github.com/tfhaproxy/terraform-provider-haproxy/internal/haproxytest"
)

// These hold the provider to what a user trusts: an apply that says done is
// done, and nothing it did not create is taken over.

// writeMain writes a root module into dir.
func writeMain(t *testing.T, dir, main string) {
	t.Helper()
	if err := os.WriteFile(filepath.Join(dir, "main.tf"), []byte(main), 0o644); err != nil {
		t.Fatal(err)
	}
}

// TestTerraformFailedReloadFailsTheApply: a bind on a port something else
// holds passes `haproxy -c` and fails only at the reload. The apply must fail
// with HAProxy's words, state must hold nothing that is not in haproxy.cfg,
// and the apply of a fixed configuration must converge.
func TestTerraformFailedReloadFailsTheApply(t *testing.T) {
	env := terraformEnv(t)
	a := agenttest.Start(t, smallConfig(haproxytest.FreePort(t)))
	busy, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	defer busy.Close()
	module := func(port int) string {
		return providerConfig(a) + fmt.Sprintf(`
resource "haproxy_backend" "new" {
  name = "be_new"
}

resource "haproxy_frontend" "new" {
  name            = "fe_new"
  default_backend = haproxy_backend.new.name
}

resource "haproxy_bind" "new" {
  frontend = haproxy_frontend.new.name
  name     = "main"
  address  = "127.0.0.1"
  port     = %d
}
`, port)
	}
	dir := t.TempDir()
	busyPort := busy.Addr().(*net.TCPAddr).Port
	writeMain(t, dir, module(busyPort))
	out, code := runTerraform(t, dir, env, "apply", "-input=false", "-auto-approve")
	if code == 0 || !strings.Contains(out, "Address already in use") || !strings.Contains(out, "not live") {
		t.Fatalf("apply of a bind on a busy port (exit %d):\n%s", code, out)
	}
	// State and the file agree on every object.
	state, _ := runTerraform(t, dir, env, "state", "list")
	file := a.File(t)
	for address, line := range map[string]string{"haproxy_backend.new": "backend be_new", "haproxy_frontend.new": "frontend fe_new",
		"haproxy_bind.new": fmt.Sprintf("127.0.0.1:%d name main", busyPort)} {
		if inState, inFile := strings.Contains(state, address), strings.Contains(file, line); inState != inFile {
			t.Errorf("%s: in state %v, in haproxy.cfg %v\nstate:\n%s\nhaproxy.cfg:\n%s", address, inState, inFile, state, file)
		}
	}
	if strings.Contains(state, "haproxy_bind.new") {
		t.Fatalf("state records the bind HAProxy refused:\n%s", state)
	}
	fixed := haproxytest.FreePort(t)
	writeMain(t, dir, module(fixed))
	if out, code := runTerraform(t, dir, env, "apply", "-input=false", "-auto-approve"); code != 0 {
		t.Fatalf("apply of the fixed configuration (exit %d):\n%s", code, out)
	}
	if out, code := runTerraform(t, dir, env, "plan", "-input=false", "-detailed-exitcode"); code != 0 {
		t.Fatalf("plan after the fixed apply (exit %d):\n%s", code, out)
	}
	if !strings.Contains(a.File(t), fmt.Sprintf("127.0.0.1:%d name main", fixed)) {
		t.Fatalf("the fixed bind is not in haproxy.cfg:\n%s", a.File(t))
	}
}

// TestAccParallelACLDestroys: ACLs are addressed by index, and Terraform
// deletes them in parallel. Every round's destroy leaves no line behind, and
// every apply makes exactly its lines.
func TestAccParallelACLDestroys(t *testing.T) {
	requireTerraform(t)
	a := agenttest.Start(t, smallConfig(haproxytest.FreePort(t)))
	acls := providerConfig(a) + `
resource "haproxy_acl" "race" {
  count       = 12
  parent_type = "frontend"
  parent_name = "fe_main"
  acl_name    = "race${count.index}"
  criterion   = "path_beg"
  value       = "/r${count.index}"
}
`
	applied := func(*testing.T) error {
		if n := strings.Count(a.File(t), "acl race"); n != 12 {
			return fmt.Errorf("%d ACL lines, want 12:\n%s", n, a.File(t))
		}
		return nil
	}
	var steps []resource.TestStep
	for range 3 {
		steps = append(steps,
			resource.TestStep{Config: acls, Check: func(*terraform.State) error { return applied(t) }},
			resource.TestStep{Config: providerConfig(a), Check: fileLacks(t, a, "acl race")})
	}
	resource.Test(t, resource.TestCase{ProtoV6ProviderFactories: testProviderFactories, Steps: steps, CheckDestroy: destroyRestores(t, a)})
}

// TestTerraformRulesNameWhatTheApplyCreates: rules that name an ACL and a
// backend by literal name, with no depends_on, so that Terraform writes them
// in parallel with what they name: twenty fresh applies and destroys, all green.
func TestTerraformRulesNameWhatTheApplyCreates(t *testing.T) {
	env := terraformEnv(t)
	a := agenttest.Start(t, smallConfig(haproxytest.FreePort(t)))
	before := a.File(t)
	dir := t.TempDir()
	writeMain(t, dir, providerConfig(a)+`
resource "haproxy_backend" "api" {
  name = "be_api"
}

resource "haproxy_acl" "host_api" {
  parent_type = "frontend"
  parent_name = "fe_main"
  acl_name    = "host_api"
  criterion   = "hdr(host)"
  value       = "-i api.example.com"
}

resource "haproxy_backend_switching_rules" "main" {
  parent_type = "frontend"
  parent_name = "fe_main"
  rules       = [{ backend = "be_api", cond = "if", cond_test = "host_api" }]
}

resource "haproxy_http_request_rules" "main" {
  parent_type = "frontend"
  parent_name = "fe_main"
  rules       = [{ type = "deny", cond = "unless", cond_test = "host_api" }]
}
`)
	for round := range 20 {
		if out, code := runTerraform(t, dir, env, "apply", "-input=false", "-auto-approve"); code != 0 {
			t.Fatalf("round %d: apply (exit %d):\n%s", round, code, out)
		}
		if !strings.Contains(a.File(t), "use_backend be_api if host_api") {
			t.Fatalf("round %d: the rule is not in haproxy.cfg:\n%s", round, a.File(t))
		}
		if out, code := runTerraform(t, dir, env, "destroy", "-input=false", "-auto-approve"); code != 0 {
			t.Fatalf("round %d: destroy (exit %d):\n%s", round, code, out)
		}
		if got := a.File(t); got != before {
			t.Fatalf("round %d: destroy left haproxy.cfg different:\n%s", round, got)
		}
	}
}

// TestAccCreateTakesOverNothing: a resource whose create would overwrite
// lines someone else wrote fails, saying how many there are and how to import
// them; the file does not change.
func TestAccCreateTakesOverNothing(t *testing.T) {
	requireTerraform(t)
	a := agenttest.Start(t, strings.Replace(smallConfig(haproxytest.FreePort(t)), "    default_backend be_static\n",
		"    acl local src 127.0.0.1\n    http-request deny if !local\n    http-request set-header X-A a\n    use_backend be_static if local\n    default_backend be_static\n", 1))
	before := a.File(t)
	cases := map[string]struct{ config, want string }{
		"http_request_rules": {`
resource "haproxy_http_request_rules" "main" {
  parent_type = "frontend"
  parent_name = "fe_main"
  rules       = [{ type = "allow" }]
}`, `already\s+has\s+2\s+http\s+request\s+rules\s+lines[\s\S]*import[\s\S]*frontends/fe_main`},
		"backend_switching_rules": {`
resource "haproxy_backend_switching_rules" "main" {
  parent_type = "frontend"
  parent_name = "fe_main"
  rules       = [{ backend = "be_static" }]
}`, `already\s+has\s+1\s+backend\s+switching\s+rules\s+lines[\s\S]*frontends/fe_main`},
		"acl": {`
resource "haproxy_acl" "local" {
  parent_type = "frontend"
  parent_name = "fe_main"
  acl_name    = "local"
  criterion   = "src"
  value       = "127.0.0.1"
}`, `already\s+has\s+this\s+ACL\s+line,\s+at\s+index\s+0[\s\S]*frontends/fe_main/0`},
		"backend": {`
resource "haproxy_backend" "static" {
  name = "be_static"
}`, `already\s+exists[\s\S]*import[\s\S]*be_static`},
	}
	for name, c := range cases {
		t.Run(name, func(t *testing.T) {
			resource.Test(t, resource.TestCase{ProtoV6ProviderFactories: testProviderFactories, Steps: []resource.TestStep{
				{Config: providerConfig(a) + c.config, ExpectError: regexp.MustCompile(c.want)},
			}})
			if got := a.File(t); got != before {
				t.Fatalf("a refused create changed haproxy.cfg:\n%s", got)
			}
		})
	}
}
