package provider

import (
	"regexp"
	"testing"

	"github.com/hashicorp/terraform-plugin-testing/helper/resource"

	"github.com/tfhaproxy/terraform-provider-haproxy/internal/agenttest"
	"github.com/tfhaproxy/terraform-provider-haproxy/internal/haproxytest"
)

// TestAccSpelledValues gives values in HAProxy's spelling through Terraform: they
// land in haproxy.cfg byte for byte, read back with an empty plan, and a value
// HAProxy would read differently fails, naming its attribute, with nothing
// written: at plan for a rule list (dry_run), at apply for a frontend.
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
				ExpectError: regexp.MustCompile(`(?s)http-request\[0\]\.hdr_format:.*would be read back as.*"two"`),
			},
			{Config: frontend(`"\"%ci [%tr] %%{+Q}r\""`), Check: fileContains(t, a, "    log-format \"%ci [%tr] %{+Q}r\"\n")},
			{
				Config:      frontend(`"%ci [%tr]"`),
				ExpectError: regexp.MustCompile(`(?s)log_format:.*would be read back as.*"%ci"`),
			},
			{
				// The refused write wrote nothing: the file still says what the state does.
				PreConfig: func() {
					if err := fileLacks(t, a, "log-format %ci")(nil); err != nil {
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
