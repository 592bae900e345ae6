package provider

import (
	"regexp"
	"strings"
	"testing"

	"github.com/hashicorp/terraform-plugin-testing/helper/resource"

	"github.com/tfhaproxy/terraform-provider-haproxy/internal/agenttest"
	"github.com/tfhaproxy/terraform-provider-haproxy/internal/haproxytest"
)

// TestAccLineLists manages lists whose items are lines in HAProxy's syntax:
// written as given, the user's spelling kept where it says what the agent
// reads (no plan after apply), a hand edit shown as drift, a line HAProxy
// refuses refused at plan (the agent's dry run), import equal, destroy
// empties the lists and leaves the backend.
func TestAccLineLists(t *testing.T) {
	requireTerraform(t)
	a := agenttest.Start(t, smallConfig(haproxytest.FreePort(t)))
	config := func(checks string) string {
		return providerConfig(a) + `
resource "haproxy_backend" "b" {
  name = "be_lines"
  mode = "http"
}

resource "haproxy_server" "s" {
  backend     = haproxy_backend.b.name
  name        = "s1"
  address     = "127.0.0.1"
  port        = 9
}

resource "haproxy_http_checks" "b" {
  parent_type = "backend"
  parent_name = haproxy_backend.b.name
  rules       = [` + checks + `]
}

resource "haproxy_server_switching_rules" "b" {
  parent_type = "backend"
  parent_name = haproxy_backend.b.name
  rules       = ["${haproxy_server.s.name}   if { path_beg /s1 }"]
}
`
	}
	resource.Test(t, resource.TestCase{
		ProtoV6ProviderFactories: testProviderFactories,
		CheckDestroy:             destroyRestores(t, a),
		Steps: []resource.TestStep{
			{
				Config: config(`"send meth GET uri /health ver HTTP/1.1 hdr Host example.com", "expect status 200"`),
				Check: fileContains(t, a, "backend be_lines\n",
					"    http-check send meth GET uri /health ver HTTP/1.1 hdr Host example.com\n",
					"    http-check expect status 200\n",
					"    use-server s1 if { path_beg /s1 }\n"),
			},
			{
				Config: config(`"send meth GET uri /health", "expect rstatus ^2"`),
				Check:  fileContains(t, a, "    http-check send meth GET uri /health\n", "    http-check expect rstatus ^2\n"),
			},
			{
				PreConfig: func() {
					a.Edit(t, func(s string) string { return strings.Replace(s, "expect rstatus ^2\n", "expect rstatus ^3\n", 1) })
				},
				Config:   config(`"send meth GET uri /health", "expect rstatus ^2"`),
				PlanOnly: true, ExpectNonEmptyPlan: true,
			},
			{
				Config:      config(`"send meth GET uri /health", "expect rstatus ^2 extra words"`),
				ExpectError: regexp.MustCompile(`(?s)HAProxy rejects the http_checks.*got\s+'extra' as argument`),
			},
			{
				Config:      strings.Replace(config(`"send meth GET uri /health", "expect rstatus ^2"`), "if { path_beg /s1 }", "if", 1),
				ExpectError: regexp.MustCompile(`(?s)Invalid use-server line.*"s1   if": invalid value: cond_test`),
			},
			{Config: config(`"send meth GET uri /health", "expect rstatus ^2"`)},
			{ResourceName: "haproxy_http_checks.b", ImportState: true, ImportStateId: "backends/be_lines", ImportStateVerify: true},
		},
	})
}

// TestAccGlobalLogTargets manages the global section's log lines: the list
// resource with parent_type "global" and no parent_name, imported as
// `global`; destroy leaves the global section as it was. parent_name is
// refused for the global section and required for the others.
func TestAccGlobalLogTargets(t *testing.T) {
	requireTerraform(t)
	a := agenttest.Start(t, smallConfig(haproxytest.FreePort(t)))
	config := func(body string) string {
		return providerConfig(a) + "resource \"haproxy_log_targets\" \"g\" {\n" + body + "\n}\n"
	}
	resource.Test(t, resource.TestCase{
		ProtoV6ProviderFactories: testProviderFactories,
		CheckDestroy:             destroyRestores(t, a),
		Steps: []resource.TestStep{
			{
				Config:      config(`parent_type = "global"` + "\n" + `parent_name = "global"` + "\n" + `rules = ["stdout format raw local0"]`),
				ExpectError: regexp.MustCompile(`The global section has no name`),
			},
			{
				Config:      config(`parent_type = "frontend"` + "\n" + `rules = ["stdout format raw local0"]`),
				ExpectError: regexp.MustCompile(`parent_name is required`),
			},
			{
				Config: config(`parent_type = "global"` + "\n" + `rules = ["stdout  format raw local0 info", "127.0.0.1:514 len 2048 local1"]`),
				Check:  fileContains(t, a, "global\n    maxconn 1000\n    log stdout format raw local0 info\n    log 127.0.0.1:514 len 2048 local1\n"),
			},
			{
				PreConfig: func() {
					a.Edit(t, func(s string) string { return strings.Replace(s, "local1\n", "local2\n", 1) })
				},
				Config:   config(`parent_type = "global"` + "\n" + `rules = ["stdout  format raw local0 info", "127.0.0.1:514 len 2048 local1"]`),
				PlanOnly: true, ExpectNonEmptyPlan: true,
			},
			{Config: config(`parent_type = "global"` + "\n" + `rules = ["stdout format raw local0 info", "127.0.0.1:514 len 2048 local1"]`)},
			{ResourceName: "haproxy_log_targets.g", ImportState: true, ImportStateId: "global", ImportStateVerify: true},
		},
	})
}
