package provider

import (
	"fmt"
	"regexp"
	"testing"

	"github.com/hashicorp/terraform-plugin-testing/helper/resource"

	"github.com/tfhaproxy/terraform-provider-haproxy/internal/agenttest"
	"github.com/tfhaproxy/terraform-provider-haproxy/internal/haproxytest"
)

// TestAccCredentials: with url and credentials known at plan, a plan that only
// creates resources fails at plan when the agent refuses the credentials or
// does not answer. A read-only user plans, and sees drift, but cannot apply,
// and the error says why.
func TestAccCredentials(t *testing.T) {
	requireTerraform(t)
	a := agenttest.Start(t, smallConfig(haproxytest.FreePort(t)))
	config := func(url, user, password string) string {
		return requiredProviders + fmt.Sprintf(`
provider "haproxy" {
  url      = %q
  username = %q
  password = %q
}

resource "haproxy_backend" "app" {
  name = "be_cred"
}

resource "haproxy_http_request_rules" "app" {
  parent_type = "backend"
  parent_name = haproxy_backend.app.name
  rules       = [{ type = "set-header", hdr_name = "X-Cred", hdr_format = "1" }]
}
`, url, user, password)
	}
	nobody := fmt.Sprintf("http://127.0.0.1:%d", haproxytest.FreePort(t))
	before := a.File(t)
	unchanged := func() {
		if got := a.File(t); got != before {
			t.Fatalf("haproxy.cfg changed:\n%s", got)
		}
	}
	resource.Test(t, resource.TestCase{
		ProtoV6ProviderFactories: testProviderFactories,
		Steps: []resource.TestStep{
			{
				Config:      config(a.URL, agenttest.User, "wrong"),
				PlanOnly:    true,
				ExpectError: regexp.MustCompile(`(?s)refused\s+the\s+credentials.*GET\s+/v3/info:\s+401.*HAPROXY_USERNAME\s+and\s+HAPROXY_PASSWORD`),
			},
			{
				Config:      config(nobody, agenttest.User, agenttest.Password),
				PlanOnly:    true,
				ExpectError: regexp.MustCompile(`(?s)Cannot\s+reach\s+the\s+HAProxy\s+agent.*/v3/info.*HAPROXY_URL`),
			},
			{
				// The read-only user plans, but is refused the first write.
				PreConfig:   unchanged,
				Config:      config(a.URL, agenttest.ReadOnlyUser, agenttest.ReadOnlyPassword),
				ExpectError: regexp.MustCompile(`(?s)/v3/services/haproxy/configuration/.*403.*read-only\s+user\s+drift-check\s+may\s+only\s+read.*writes\s+need\s+an\s+operator`),
			},
			{
				PreConfig: unchanged,
				Config:    config(a.URL, agenttest.User, agenttest.Password),
				Check:     fileContains(t, a, "backend be_cred\n", "    http-request set-header X-Cred 1\n"),
			},
			{
				// A drift check as the read-only user: an empty plan now...
				Config:   config(a.URL, agenttest.ReadOnlyUser, agenttest.ReadOnlyPassword),
				PlanOnly: true,
			},
			{
				// ...and the hand edit once someone makes one.
				PreConfig: func() {
					a.Edit(t, func(s string) string { return regexp.MustCompile(`X-Cred\s+1`).ReplaceAllString(s, "X-Cred 2") })
				},
				Config:             config(a.URL, agenttest.ReadOnlyUser, agenttest.ReadOnlyPassword),
				PlanOnly:           true,
				ExpectNonEmptyPlan: true,
			},
			{
				// The operator puts it back, and destroys it all after.
				Config: config(a.URL, agenttest.User, agenttest.Password),
				Check:  fileContains(t, a, "    http-request set-header X-Cred 1\n"),
			},
		},
		CheckDestroy: destroyRestores(t, a),
	})
}
