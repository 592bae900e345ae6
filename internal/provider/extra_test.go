package provider

import (
	"fmt"
	"os/exec"
	"regexp"
	"strings"
	"testing"

	"github.com/hashicorp/terraform-plugin-testing/helper/resource"
	"github.com/hashicorp/terraform-plugin-testing/plancheck"
	"github.com/hashicorp/terraform-plugin-testing/terraform"

	"github.com/tfhaproxy/terraform-provider-haproxy/internal/agenttest"
	"github.com/tfhaproxy/terraform-provider-haproxy/internal/haproxytest"
)

// extraConfig is a frontend, a bind, a backend and a server that say, beyond
// their typed attributes, keywords and directives only extra_params and
// extra_directives hold. Each is spelled as the agent writes it, so that an
// import reads it back the same.
func extraConfig(a *agenttest.Agent, port int) string {
	return providerConfig(a) + fmt.Sprintf(`
resource "haproxy_backend" "app" {
  name             = "be_app"
  mode             = "http"
  connect_timeout  = "5s"
  extra_directives = [
    "balance uri len 10 whole",
    "option redispatch 3",
    "option forwardfor except 127.0.0.0/8 if-none",
    "cookie SRV insert indirect maxidle 30m",
    "default-server inter 3s resolve-prefer ipv4",
  ]
}

resource "haproxy_server" "web1" {
  backend      = haproxy_backend.app.name
  name         = "web1"
  address      = "127.0.0.1"
  port         = 9001
  weight       = 20
  extra_params = "id 7 error-limit 5 on-error mark-down maxqueue 10"
}

resource "haproxy_frontend" "www" {
  name             = "fe_www"
  mode             = "http"
  default_backend  = haproxy_backend.app.name
  extra_directives = ["option forwardfor header X-Real-IP if-none"]
}

resource "haproxy_bind" "www" {
  frontend     = haproxy_frontend.www.name
  name         = "www"
  address      = "127.0.0.1"
  port         = %d
  extra_params = "nice 10 tcp-ut 30s"
}
`, port)
}

// TestAccExtraParamsAndDirectives: what only extra_params and extra_directives
// say is written (HAProxy loads it: the agent's writes pass haproxy -c and a
// reload), read back with no diff, imported equal, a hand edit of it shows as
// drift that apply undoes, a keyword the resource does not say is removed, and
// the same keywords in another order are no drift.
func TestAccExtraParamsAndDirectives(t *testing.T) {
	requireTerraform(t)
	a := agenttest.Start(t, smallConfig(haproxytest.FreePort(t)))
	config := extraConfig(a, haproxytest.FreePort(t))
	owned := []string{
		"    balance uri len 10 whole\n", "    option redispatch 3\n", "    option forwardfor except 127.0.0.0/8 if-none\n",
		"    cookie SRV insert indirect maxidle 30m\n", "    default-server inter 3s resolve-prefer ipv4\n",
		"    server web1 127.0.0.1:9001 id 7 weight 20 error-limit 5 on-error mark-down maxqueue 10\n",
		"    option forwardfor header X-Real-IP if-none\n", " name www nice 10 tcp-ut 30s\n",
	}
	drift := func(old, new string) resource.TestStep {
		return resource.TestStep{
			PreConfig: func() { a.Edit(t, func(s string) string { return strings.Replace(s, old, new, 1) }) },
			Config:    config,
			Check:     resource.ComposeAggregateTestCheckFunc(fileContains(t, a, owned...), fileLacks(t, a, new)),
		}
	}
	resource.Test(t, resource.TestCase{
		ProtoV6ProviderFactories: testProviderFactories,
		CheckDestroy:             destroyRestores(t, a),
		Steps: []resource.TestStep{
			{
				Config: config,
				Check: resource.ComposeAggregateTestCheckFunc(
					fileContains(t, a, owned...),
					haproxyAccepts(a),
					resource.TestCheckResourceAttr("haproxy_server.web1", "extra_params", "id 7 error-limit 5 on-error mark-down maxqueue 10"),
					resource.TestCheckResourceAttr("haproxy_backend.app", "extra_directives.#", "5"),
					// balance is said only by extra_directives: its attribute stays unset.
					resource.TestCheckNoResourceAttr("haproxy_backend.app", "balance"),
					resource.TestCheckNoResourceAttr("haproxy_backend.app", "redispatch"),
				),
			},
			{Config: config, PlanOnly: true},
			{ResourceName: "haproxy_backend.app", ImportState: true, ImportStateVerify: true},
			{ResourceName: "haproxy_server.web1", ImportState: true, ImportStateVerify: true},
			{ResourceName: "haproxy_frontend.www", ImportState: true, ImportStateVerify: true},
			{ResourceName: "haproxy_bind.www", ImportState: true, ImportStateVerify: true},
			// A hand edit of a keyword or a line only the extra attributes say is
			// drift, on that resource alone, and apply undoes it.
			{
				PreConfig: func() {
					a.Edit(t, func(s string) string { return strings.Replace(s, "maxqueue 10", "maxqueue 20", 1) })
				},
				Config: config,
				ConfigPlanChecks: resource.ConfigPlanChecks{PreApply: []plancheck.PlanCheck{
					plancheck.ExpectResourceAction("haproxy_server.web1", plancheck.ResourceActionUpdate),
					plancheck.ExpectResourceAction("haproxy_backend.app", plancheck.ResourceActionNoop),
					plancheck.ExpectResourceAction("haproxy_bind.www", plancheck.ResourceActionNoop),
				}},
				Check: fileContains(t, a, owned...),
			},
			drift("option redispatch 3", "option redispatch 5"),
			drift("    option forwardfor header X-Real-IP if-none\n", "    option forwardfor header X-Client if-none\n"),
			// A keyword added by hand to an owned line is removed.
			drift(" tcp-ut 30s\n", " tcp-ut 30s mss 1400\n"),
			drift("    balance uri len 10 whole\n", "    balance uri len 10 whole\n    timeout queue 5s\n"),
			// The same keywords in another order mean the same: no drift.
			{
				PreConfig: func() {
					a.Edit(t, func(s string) string {
						return strings.Replace(s, "error-limit 5 on-error mark-down maxqueue 10", "maxqueue 10 error-limit 5 on-error mark-down", 1)
					})
				},
				Config:   config,
				PlanOnly: true,
			},
			// Set to nothing, the resource owns the whole line: the keywords go.
			{
				Config: strings.Replace(config, `extra_params = "id 7 error-limit 5 on-error mark-down maxqueue 10"`, `extra_params = ""`, 1),
				Check:  fileContains(t, a, "    server web1 127.0.0.1:9001 weight 20\n"),
			},
			// Unset, what the line says beyond the typed attributes stays as it is.
			{
				PreConfig: func() {
					a.Edit(t, func(s string) string { return strings.Replace(s, "weight 20\n", "weight 20 maxqueue 7\n", 1) })
				},
				Config: strings.Replace(strings.Replace(config, `extra_params = "id 7 error-limit 5 on-error mark-down maxqueue 10"`, "", 1), "weight       = 20", "weight = 30", 1),
				Check: resource.ComposeAggregateTestCheckFunc(
					fileContains(t, a, "    server web1 127.0.0.1:9001 weight 30 maxqueue 7\n"),
				),
			},
		},
	})
}

// haproxyAccepts checks the agent's config file with haproxy -c.
func haproxyAccepts(a *agenttest.Agent) func(*terraform.State) error {
	return func(*terraform.State) error {
		if out, err := exec.Command("haproxy", "-c", "-f", a.Config).CombinedOutput(); err != nil {
			return fmt.Errorf("haproxy -c: %v\n%s", err, out)
		}
		return nil
	}
}

// TestAccExtraValidation: what the model cannot hold, what a typed attribute
// says, and what HAProxy refuses all fail `terraform plan`, and nothing is
// written.
func TestAccExtraValidation(t *testing.T) {
	requireTerraform(t)
	a := agenttest.Start(t, smallConfig(haproxytest.FreePort(t))+"\nbackend be_app\n    server web1 127.0.0.1:9001\n")
	before := a.File(t)
	server := func(extra string) string {
		return fmt.Sprintf(`resource "haproxy_server" "s" {
  backend      = "be_app"
  name         = "web2"
  address      = "127.0.0.1"
  port         = 9002
  extra_params = %q
}`, extra)
	}
	for _, tc := range []struct{ body, want string }{
		{server("frobnicate 3"), `frobnicate: no field of the Data Plane API's model holds this keyword`},
		{server("weight 5"), "\"weight 5\" is what `weight` say"},
		{server("maxqueue many"), `cannot read "maxqueue many"`},
		{server("agent-send \"a\nb\""), `control character`},
		{server("agent-send \"open"), `a quote left open`},
		// HAProxy 2.6 does not know init-state: its own words fail the plan.
		{server("init-state up"), `HAProxy rejects server be_app/web2(.|\n)*unknown keyword 'init-state'`},
		{`resource "haproxy_backend" "b" {
  name             = "be_new"
  extra_directives = ["balance uri len -1"]
}`, `'len' expects a positive integer`},
		{`resource "haproxy_backend" "b" {
  name             = "be_app"
  extra_directives = ["http-response set-header X-A 1"]
}`, `has no field for this directive`},
		{`resource "haproxy_backend" "b" {
  name             = "be_app"
  extra_directives = ["balance roundrobin"]
}`, "is what `balance` say"},
		{`resource "haproxy_backend" "b" {
  name             = "be_app"
  balance          = "roundrobin"
  extra_directives = ["balance uri len 10"]
}`, "\"balance uri len 10\" and `balance` both write the balance line"},
		{`resource "haproxy_frontend" "f" {
  name             = "fe_x"
  extra_directives = ["option forwardfor bogus"]
}`, `does not keep "bogus"`},
	} {
		resource.Test(t, resource.TestCase{
			ProtoV6ProviderFactories: testProviderFactories,
			Steps: []resource.TestStep{{Config: providerConfig(a) + tc.body, PlanOnly: true,
				ExpectError: regexp.MustCompile(strings.ReplaceAll(tc.want, " ", `\s+`))}},
		})
	}
	if got := a.File(t); got != before {
		t.Fatalf("a refused plan changed haproxy.cfg:\n%s", got)
	}
}
