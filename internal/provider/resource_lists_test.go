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

// TestAccFrontendBindACLsRules manages a frontend with its binds, ACLs, rules and
// use_backend rules, and reads them back through the data sources.
func TestAccFrontendBindACLsRules(t *testing.T) {
	requireTerraform(t)
	a := agenttest.Start(t, smallConfig(haproxytest.FreePort(t)))
	port := haproxytest.FreePort(t)
	config := func(extraACL, setHeader string, step int) string {
		return providerConfig(a) + fmt.Sprintf(`
resource "haproxy_backend" "api" {
  name    = "be_api"
  balance = "leastconn"
}

resource "haproxy_frontend" "web" {
  name            = "fe_web"
  mode            = "http"
  default_backend = "be_static"
  client_timeout  = "%ds"
  httplog         = true
}

resource "haproxy_bind" "main" {
  frontend = haproxy_frontend.web.name
  name     = "main"
  address  = "127.0.0.1"
  port     = %d
  maxconn  = %d
}

resource "haproxy_acl" "is_api" {
  parent_type = "frontend"
  parent_name = haproxy_frontend.web.name
  acl_name    = "is_api"
  criterion   = "path_beg"
  value       = "/api"
}
%s
resource "haproxy_http_request_rules" "web" {
  parent_type = "frontend"
  parent_name = haproxy_frontend.web.name
  rules = [
    { type = "set-header", hdr_name = "X-Via", hdr_format = %q },
    { type = "deny", deny_status = 403, cond = "if", cond_test = "{ src 192.0.2.0/24 }" },
  ]
}

resource "haproxy_backend_switching_rules" "web" {
  parent_type = "frontend"
  parent_name = haproxy_frontend.web.name
  rules = [for b in slice([haproxy_backend.api.name, "be_static"], 0, %d) : { backend = b, cond = "if", cond_test = "is_api" }]
  depends_on = [haproxy_acl.is_api]
}

data "haproxy_backend" "static" {
  name = "be_static"
}

data "haproxy_frontend" "main" {
  name = "fe_main"
}

data "haproxy_info" "agent" {}
`, 30+step, port, 100+step, extraACL, setHeader, 1+step%2)
	}
	extra := `
resource "haproxy_acl" "is_img" {
  parent_type = "frontend"
  parent_name = haproxy_frontend.web.name
  acl_name    = "is_img"
  criterion   = "path_end"
  value       = ".png .jpg"
}
`
	resource.Test(t, resource.TestCase{
		ProtoV6ProviderFactories: testProviderFactories,
		CheckDestroy:             destroyRestores(t, a),
		Steps: []resource.TestStep{
			{
				Config: config(extra, "agent", 0),
				Check: resource.ComposeAggregateTestCheckFunc(
					resource.TestCheckResourceAttr("data.haproxy_frontend.main", "default_backend", "be_static"),
					fileContains(t, a, "frontend fe_web\n", fmt.Sprintf("    bind 127.0.0.1:%d name main maxconn 100\n", port),
						"    acl is_api path_beg /api\n", "    acl is_img path_end .png .jpg\n",
						"    http-request set-header X-Via agent\n", "    http-request deny deny_status 403 if { src 192.0.2.0/24 }\n",
						"    use_backend be_api if is_api\n", "    default_backend be_static\n"),
					// Created in parallel, in either order.
					resource.TestMatchResourceAttr("haproxy_acl.is_img", "index", regexp.MustCompile(`^[01]$`)),
					resource.TestMatchResourceAttr("haproxy_acl.is_api", "index", regexp.MustCompile(`^[01]$`)),
					resource.TestCheckResourceAttr("data.haproxy_info.agent", "dry_run", "true"),
					resource.TestMatchResourceAttr("data.haproxy_info.agent", "haproxy_version", regexp.MustCompile(`^2\.`)),
					resource.TestCheckResourceAttr("data.haproxy_backend.static", "servers.#", "0"),
				),
			},
			{
				// Removing the first ACL moves the other's index: no drift for it.
				Config: config("", "agent", 0),
				ConfigPlanChecks: resource.ConfigPlanChecks{PreApply: []plancheck.PlanCheck{
					plancheck.ExpectResourceAction("haproxy_acl.is_img", plancheck.ResourceActionDestroy),
					plancheck.ExpectResourceAction("haproxy_acl.is_api", plancheck.ResourceActionNoop),
				}},
			},
			{
				// Every resource changes in place.
				Config: config(extra, `"agent 2"`, 1),
				ConfigPlanChecks: resource.ConfigPlanChecks{PreApply: []plancheck.PlanCheck{
					plancheck.ExpectResourceAction("haproxy_http_request_rules.web", plancheck.ResourceActionUpdate),
					plancheck.ExpectResourceAction("haproxy_frontend.web", plancheck.ResourceActionUpdate),
					plancheck.ExpectResourceAction("haproxy_bind.main", plancheck.ResourceActionUpdate),
					plancheck.ExpectResourceAction("haproxy_backend_switching_rules.web", plancheck.ResourceActionUpdate),
				}},
				Check: fileContains(t, a, `    http-request set-header X-Via "agent 2"`+"\n", "    timeout client 31s\n",
					fmt.Sprintf("    bind 127.0.0.1:%d name main maxconn 101\n", port), "    use_backend be_static if is_api\n"),
			},
			{ResourceName: "haproxy_frontend.web", ImportState: true, ImportStateVerify: true},
			{ResourceName: "haproxy_bind.main", ImportState: true, ImportStateVerify: true},
			{ResourceName: "haproxy_http_request_rules.web", ImportState: true, ImportStateId: "frontends/fe_web", ImportStateVerify: true},
			{ResourceName: "haproxy_backend_switching_rules.web", ImportState: true, ImportStateId: "frontends/fe_web", ImportStateVerify: true},
			{ResourceName: "haproxy_acl.is_api", ImportState: true, ImportStateId: "frontends/fe_web/0", ImportStateVerify: true},
			{
				// A hand edit of one rule is drift on the rule list only.
				PreConfig: func() {
					a.Edit(t, func(s string) string { return strings.Replace(s, "deny_status 403", "deny_status 429", 1) })
				},
				Config: config(extra, `"agent 2"`, 1),
				ConfigPlanChecks: resource.ConfigPlanChecks{PreApply: []plancheck.PlanCheck{
					plancheck.ExpectResourceAction("haproxy_http_request_rules.web", plancheck.ResourceActionUpdate),
					plancheck.ExpectResourceAction("haproxy_frontend.web", plancheck.ResourceActionNoop),
					plancheck.ExpectResourceAction("haproxy_acl.is_api", plancheck.ResourceActionNoop),
				}},
				Check: fileContains(t, a, "deny_status 403"),
			},
			{
				// Hand edits of the frontend, the bind and the use_backend rules are drift on each.
				PreConfig: func() {
					a.Edit(t, func(s string) string {
						s = strings.Replace(s, "timeout client 31s", "timeout client 45s", 1)
						s = strings.Replace(s, "maxconn 101", "maxconn 7", 1)
						return strings.Replace(s, "    use_backend be_static if is_api\n", "", 1)
					})
				},
				Config: config(extra, `"agent 2"`, 1),
				ConfigPlanChecks: resource.ConfigPlanChecks{PreApply: []plancheck.PlanCheck{
					plancheck.ExpectResourceAction("haproxy_frontend.web", plancheck.ResourceActionUpdate),
					plancheck.ExpectResourceAction("haproxy_bind.main", plancheck.ResourceActionUpdate),
					plancheck.ExpectResourceAction("haproxy_backend_switching_rules.web", plancheck.ResourceActionUpdate),
					plancheck.ExpectResourceAction("haproxy_http_request_rules.web", plancheck.ResourceActionNoop),
				}},
				Check: fileContains(t, a, "timeout client 31s", "maxconn 101", "    use_backend be_static if is_api\n"),
			},
		},
	})
}

// TestAccPlanRejectsWhatHAProxyRejects: a malformed rule and an unknown ACL
// criterion fail `terraform plan`, with HAProxy's message, through dry_run.
func TestAccPlanRejectsWhatHAProxyRejects(t *testing.T) {
	requireTerraform(t)
	a := agenttest.Start(t, smallConfig(haproxytest.FreePort(t)))
	for _, tc := range []struct{ body, want string }{
		{`resource "haproxy_http_request_rules" "r" {
  parent_type = "frontend"
  parent_name = "fe_main"
  rules = [{ type = "set-header", hdr_name = "X-A" }]
}`, `HAProxy rejects the http_request_rules of frontends/fe_main`},
		{`resource "haproxy_acl" "a" {
  parent_type = "frontend"
  parent_name = "fe_main"
  acl_name    = "a"
  criterion   = "no_such_fetch"
  value       = "x"
}`, `(?s)HAProxy rejects the ACL.*no_such_fetch`},
		{`resource "haproxy_http_request_rules" "r" {
  parent_type = "frontend"
  parent_name = "fe_main"
  rules = [{ type = "explode" }]
}`, `value must be one of`},
	} {
		resource.Test(t, resource.TestCase{
			ProtoV6ProviderFactories: testProviderFactories,
			Steps:                    []resource.TestStep{{Config: providerConfig(a) + tc.body, PlanOnly: true, ExpectError: regexp.MustCompile(tc.want)}},
		})
	}
}
