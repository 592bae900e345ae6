package provider

import (
	"regexp"
	"testing"

	"github.com/hashicorp/terraform-plugin-testing/helper/resource"

	"github.com/tfhaproxy/terraform-provider-haproxy/internal/agenttest"
	"github.com/tfhaproxy/terraform-provider-haproxy/internal/haproxytest"
)

// TestAccFileOutsideFailsPlan: a value naming a file outside the agent's
// directories fails `terraform plan` through the agent's dry run, naming the
// attribute's field, and nothing is written.
func TestAccFileOutsideFailsPlan(t *testing.T) {
	requireTerraform(t)
	a := agenttest.Start(t, smallConfig(haproxytest.FreePort(t)))
	before := a.File(t)
	resource.Test(t, resource.TestCase{
		ProtoV6ProviderFactories: testProviderFactories,
		Steps: []resource.TestStep{{
			Config: providerConfig(a) + `
resource "haproxy_http_request_rules" "r" {
  parent_type = "frontend"
  parent_name = "fe_main"
  rules = [{ type = "deny", cond = "if", cond_test = "{ src -f /etc/passwd }" }]
}
`,
			PlanOnly:    true,
			ExpectError: regexp.MustCompile(`(?s)http-request\[0\]\.cond_test:.*"/etc/passwd"\s+names\s+a\s+file\s+outside\s+the\s+directories`),
		}},
	})
	if a.File(t) != before {
		t.Fatalf("a refused plan changed the file:\n%s", a.File(t))
	}
}
