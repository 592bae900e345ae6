package provider

import (
	"regexp"
	"testing"

	"github.com/hashicorp/terraform-plugin-testing/helper/resource"

	"github.com/tfhaproxy/terraform-provider-haproxy/internal/agenttest"
	"github.com/tfhaproxy/terraform-provider-haproxy/internal/haproxytest"
)

// TestAccSpelledValues gives values in HAProxy's spelling through Terraform: they
// land in haproxy.cfg byte for byte and read back with an empty plan. A value
// HAProxy would read differently fails at plan, naming its attribute, with
// nothing written: through the provider's own check of the spelling (any API),
// or through our agent's dry run for what only the whole line shows.
func TestAccSpelledValues(t *testing.T) {
	requireTerraform(t)
	a := agenttest.Start(t, smallConfig(haproxytest.FreePort(t)))
	rules := providerConfig(a) + `
resource "haproxy_http_request_rules" "r" {
  parent_type = "frontend"
  parent_name = "fe_main"
  rules = [
    { type = "return", return_status_code = 200, return_content_type = "text/plain", return_content_format = "string",
      return_content = "\"haproxy is up\\n\"", cond = "if", cond_test = "{ path \"/status page\" }" },
    { type = "set-header", hdr_name = "X-Via", hdr_format = "\"%[src] via \\\"haproxy\\\" # not a comment\"" },
    { type = "set-header", hdr_name = "X-Home", hdr_format = "'$${HOME}'" },
  ]
}
`
	frontend := func(logFormat string) string {
		return providerConfig(a) + `
resource "haproxy_frontend" "f" {
  name       = "fe_spelled"
  log_format = ` + logFormat + `
}
`
	}
	before := a.File(t)
	resource.Test(t, resource.TestCase{
		ProtoV6ProviderFactories: testProviderFactories,
		CheckDestroy:             destroyRestores(t, a),
		Steps: []resource.TestStep{
			{
				Config: rules,
				Check: fileContains(t, a,
					"    http-request return status 200 content-type text/plain string \"haproxy is up\\n\" if { path \"/status page\" }\n",
					"    http-request set-header X-Via \"%[src] via \\\"haproxy\\\" # not a comment\"\n",
					"    http-request set-header X-Home '${HOME}'\n"),
			},
			{ResourceName: "haproxy_http_request_rules.r", ImportState: true, ImportStateId: "frontends/fe_main", ImportStateVerify: true},
			{
				Config: providerConfig(a) + `
resource "haproxy_http_request_rules" "r" {
  parent_type = "frontend"
  parent_name = "fe_main"
  rules = [{ type = "set-header", hdr_name = "X-Via", hdr_format = "two words" }]
}
`,
				PlanOnly:    true,
				ExpectError: regexp.MustCompile(`(?s)Value\s+HAProxy\s+would\s+read\s+otherwise.*hdr_format.*as\s+2\s+words`),
			},
			{
				// A value the provider cannot judge alone: our agent's dry run refuses it.
				Config: providerConfig(a) + `
resource "haproxy_http_request_rules" "r" {
  parent_type = "frontend"
  parent_name = "fe_main"
  rules = [{ type = "set-var", var_scope = "txn", var_name = "v", var_expr = "str(a) if TRUE" }]
}
`,
				PlanOnly:    true,
				ExpectError: regexp.MustCompile(`(?s)http-request\[0\]\.var_expr:.*would\s+be\s+read\s+back\s+as\s+"str\(a\)"`),
			},
			{
				// A reference HAProxy would fill from the agent's environment.
				Config: providerConfig(a) + `
resource "haproxy_http_request_rules" "r" {
  parent_type = "frontend"
  parent_name = "fe_main"
  rules = [{ type = "set-header", hdr_name = "X-Home", hdr_format = "\"$${HOME}\"" }]
}
`,
				PlanOnly:    true,
				ExpectError: regexp.MustCompile(`(?s)http-request\[0\]\.hdr_format:.*environment\s+variable.*single\s+quotes`),
			},
			{Config: frontend(`"\"%ci [%tr] %%{+Q}r\""`), Check: fileContains(t, a, "    log-format \"%ci [%tr] %{+Q}r\"\n")},
			{
				Config:      frontend(`"%ci [%tr]"`),
				ExpectError: regexp.MustCompile(`(?s)Value\s+HAProxy\s+would\s+read\s+otherwise.*log_format.*as\s+2\s+words`),
			},
			{
				Config:      frontend(`"%ci # %tr"`),
				ExpectError: regexp.MustCompile(`(?s)log_format.*'#'\s+starts\s+a\s+comment`),
			},
			{
				Config:      frontend(`"\"%ci"`),
				ExpectError: regexp.MustCompile(`(?s)log_format.*a\s+quote\s+left\s+open`),
			},
			{
				// The refused values wrote nothing: the file still says what the state does.
				PreConfig: func() {
					if err := fileLacks(t, a, "log-format %ci", `log-format "%ci`+"\n")(nil); err != nil {
						t.Fatal(err)
					}
				},
				Config:   frontend(`"\"%ci [%tr] %%{+Q}r\""`),
				PlanOnly: true,
			},
		},
	})
	if got := a.File(t); got != before {
		t.Fatalf("destroy left:\n%s", got)
	}
}
