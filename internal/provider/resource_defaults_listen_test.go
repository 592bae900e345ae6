package provider

import (
	"fmt"
	"regexp"
	"strings"
	"testing"

	"github.com/hashicorp/terraform-plugin-testing/helper/resource"
	"github.com/hashicorp/terraform-plugin-testing/plancheck"

	"github.com/tfhaproxy/terraform-provider-haproxy/internal/agenttest"
	"github.com/tfhaproxy/terraform-provider-haproxy/internal/haproxytest"
)

// TestAccDefaults: a named defaults section through a real agent and
// HAProxy: created before the existing (anonymous) one, so that no section's
// defaults change; updated in place; a hand edit is drift; imported by name;
// destroyed, leaving the file as it was.
func TestAccDefaults(t *testing.T) {
	requireTerraform(t)
	a := agenttest.Start(t, smallConfig(haproxytest.FreePort(t)))
	config := func(retries int) string {
		return providerConfig(a) + fmt.Sprintf(`
resource "haproxy_defaults" "web" {
  name            = "web"
  mode            = "http"
  client_timeout  = "30s"
  connect_timeout = "5s"
  server_timeout  = "30s"
  retries         = %d
  balance         = "leastconn"
  default_server = {
    check = true
    inter = "3s"
  }
  extra_directives = ["timeout tunnel 1h"]
}
`, retries)
	}
	resource.Test(t, resource.TestCase{
		ProtoV6ProviderFactories: testProviderFactories,
		CheckDestroy:             destroyRestores(t, a),
		Steps: []resource.TestStep{
			{
				Config: config(3),
				Check: resource.ComposeAggregateTestCheckFunc(
					resource.TestCheckResourceAttr("haproxy_defaults.web", "id", "web"),
					fileContains(t, a, "\ndefaults web\n    mode http\n    timeout client 30s\n", "    retries 3\n", "    default-server check inter 3s\n",
						"    timeout tunnel 1h\n", "    balance leastconn\n", "    default-server check inter 3s\n\ndefaults\n    mode http\n"),
				),
			},
			{
				Config: config(5),
				ConfigPlanChecks: resource.ConfigPlanChecks{PreApply: []plancheck.PlanCheck{
					plancheck.ExpectResourceAction("haproxy_defaults.web", plancheck.ResourceActionUpdate),
				}},
				Check: fileContains(t, a, "    retries 5\n"),
			},
			{ResourceName: "haproxy_defaults.web", ImportState: true, ImportStateVerify: true},
			{
				PreConfig: func() {
					a.Edit(t, func(s string) string { return strings.Replace(s, "    retries 5\n", "    retries 9\n", 1) })
				},
				Config: config(5),
				ConfigPlanChecks: resource.ConfigPlanChecks{PreApply: []plancheck.PlanCheck{
					plancheck.ExpectResourceAction("haproxy_defaults.web", plancheck.ResourceActionUpdate),
				}},
				Check: fileContains(t, a, "    retries 5\n"),
			},
		},
	})
}

// TestAccDefaultsAnonymous: an anonymous defaults section is adopted under the
// name the agent gives it, changed without gaining a name, and left in the
// file when Terraform stops managing it.
func TestAccDefaultsAnonymous(t *testing.T) {
	requireTerraform(t)
	a := agenttest.Start(t, smallConfig(haproxytest.FreePort(t)))
	config := func(connect string) string {
		return providerConfig(a) + fmt.Sprintf(`
import {
  to = haproxy_defaults.first
  id = "unnamed_defaults_1"
}

resource "haproxy_defaults" "first" {
  name            = "unnamed_defaults_1"
  mode            = "http"
  connect_timeout = %q
  client_timeout  = "10s"
  server_timeout  = "10s"
}
`, connect)
	}
	resource.Test(t, resource.TestCase{
		ProtoV6ProviderFactories: testProviderFactories,
		Steps: []resource.TestStep{
			{
				Config: config("2s"),
				ConfigPlanChecks: resource.ConfigPlanChecks{PreApply: []plancheck.PlanCheck{
					plancheck.ExpectResourceAction("haproxy_defaults.first", plancheck.ResourceActionNoop),
				}},
			},
			{
				Config: config("3s"),
				Check:  fileContains(t, a, "\ndefaults\n    mode http\n    option idle-close-on-response\n    timeout connect 3s\n"),
			},
			{
				Config: providerConfig(a) + `
removed {
  from = haproxy_defaults.first
  lifecycle {
    destroy = false
  }
}
`,
				Check: fileContains(t, a, "\ndefaults\n    mode http\n"),
			},
		},
	})
}

// TestAccListen: a listen section with a bind and a server of its own, an
// ACL and its rules, through a real agent and HAProxy; it stays a listen
// section; import by name and with the listen/ prefix; drift; destroy.
func TestAccListen(t *testing.T) {
	requireTerraform(t)
	a := agenttest.Start(t, smallConfig(haproxytest.FreePort(t)))
	port := haproxytest.FreePort(t)
	config := func(balance string, weight int) string {
		return providerConfig(a) + fmt.Sprintf(`
resource "haproxy_listen" "lst" {
  name           = "lst"
  mode           = "http"
  balance        = %q
  server_timeout = "20s"
}

resource "haproxy_bind" "web" {
  parent_type = "listen"
  frontend    = haproxy_listen.lst.name
  name        = "web"
  address     = "127.0.0.1"
  port        = %d
}

resource "haproxy_server" "s1" {
  parent_type = "listen"
  backend     = haproxy_listen.lst.name
  name        = "s1"
  address     = "127.0.0.1"
  port        = 9001
  weight      = %d
}

resource "haproxy_acl" "local" {
  parent_type = "listen"
  parent_name = haproxy_listen.lst.name
  acl_name    = "local"
  criterion   = "src"
  value       = "127.0.0.1"
}

resource "haproxy_http_request_rules" "lst" {
  parent_type = "listen"
  parent_name = haproxy_listen.lst.name
  rules = [
    { type = "deny", cond = "unless", cond_test = "local" },
  ]
  depends_on = [haproxy_acl.local]
}
`, balance, port, weight)
	}
	resource.Test(t, resource.TestCase{
		ProtoV6ProviderFactories: testProviderFactories,
		CheckDestroy:             destroyRestores(t, a),
		Steps: []resource.TestStep{
			{
				Config: config("roundrobin", 10),
				Check: resource.ComposeAggregateTestCheckFunc(
					resource.TestCheckResourceAttr("haproxy_listen.lst", "id", "lst"),
					resource.TestCheckResourceAttr("haproxy_server.s1", "id", "listen/lst/s1"),
					resource.TestCheckResourceAttr("haproxy_bind.web", "id", "listen/lst/web"),
					resource.TestCheckResourceAttr("haproxy_server.s1", "parent_type", "listen"),
					fileContains(t, a, "\nlisten lst\n", fmt.Sprintf("    bind 127.0.0.1:%d name web\n", port), "    balance roundrobin\n",
						"    acl local src 127.0.0.1\n", "    http-request deny unless local\n", "    server s1 127.0.0.1:9001 weight 10\n"),
					fileLacks(t, a, "backend lst", "frontend lst"),
				),
			},
			{
				Config: config("leastconn", 20),
				ConfigPlanChecks: resource.ConfigPlanChecks{PreApply: []plancheck.PlanCheck{
					plancheck.ExpectResourceAction("haproxy_listen.lst", plancheck.ResourceActionUpdate),
					plancheck.ExpectResourceAction("haproxy_server.s1", plancheck.ResourceActionUpdate),
					plancheck.ExpectResourceAction("haproxy_bind.web", plancheck.ResourceActionNoop),
				}},
				Check: fileContains(t, a, "    balance leastconn\n", "    server s1 127.0.0.1:9001 weight 20\n"),
			},
			{ResourceName: "haproxy_listen.lst", ImportState: true, ImportStateVerify: true},
			{ResourceName: "haproxy_server.s1", ImportState: true, ImportStateVerify: true},
			{ResourceName: "haproxy_bind.web", ImportState: true, ImportStateVerify: true},
			{
				ResourceName:  "haproxy_server.s1",
				ImportState:   true,
				ImportStateId: "lst/s1", // a backend's ID: there is no backend lst
				ExpectError:   regexp.MustCompile(`non-existent remote object`),
			},
			{
				PreConfig: func() {
					a.Edit(t, func(s string) string { return strings.Replace(s, "weight 20", "weight 30", 1) })
				},
				Config: config("leastconn", 20),
				ConfigPlanChecks: resource.ConfigPlanChecks{PreApply: []plancheck.PlanCheck{
					plancheck.ExpectResourceAction("haproxy_server.s1", plancheck.ResourceActionUpdate),
					plancheck.ExpectResourceAction("haproxy_listen.lst", plancheck.ResourceActionNoop),
				}},
				Check: fileContains(t, a, "weight 20"),
			},
		},
	})
}
