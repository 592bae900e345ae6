package provider

import (
	"regexp"
	"strings"
	"testing"

	"github.com/hashicorp/terraform-plugin-testing/helper/resource"

	"github.com/tfhaproxy/terraform-provider-haproxy/internal/agenttest"
	"github.com/tfhaproxy/terraform-provider-haproxy/internal/haproxytest"
)

// TestAccSections manages sections held as their lines: a cache and a ring
// with a server are written as given (the user's spelling kept where it says
// the same), a hand edit is drift, a line the model would not keep whole is
// refused at validate, one HAProxy refuses is refused at plan (the agent's dry
// run), import is equal, and destroy leaves the file as it was.
func TestAccSections(t *testing.T) {
	requireTerraform(t)
	a := agenttest.Start(t, smallConfig(haproxytest.FreePort(t)))
	config := func(cache string) string {
		return providerConfig(a) + `
resource "haproxy_section" "cache" {
  type  = "cache"
  name  = "static"
  lines = [` + cache + `]
}

# A value known only at apply: the lines are checked then.
resource "terraform_data" "port" {
  input = 6514
}

resource "haproxy_section" "ring" {
  type  = "ring"
  name  = "logs"
  lines = ["description to the collector", "format rfc5424", "maxlen 1200", "size 32764", "timeout connect 5s", "timeout server  10000",
    "server collector 127.0.0.1:${terraform_data.port.output}"]
}
`
	}
	resource.Test(t, resource.TestCase{
		ProtoV6ProviderFactories: testProviderFactories,
		CheckDestroy:             destroyRestores(t, a),
		Steps: []resource.TestStep{
			{
				Config: config(`"total-max-size 4", "max-age 60"`),
				Check: fileContains(t, a, "cache static\n    total-max-size 4\n    max-age 60\n",
					"ring logs\n", "    timeout server 10s\n", "    server collector 127.0.0.1:6514\n"),
			},
			{
				PreConfig: func() {
					a.Edit(t, func(s string) string { return strings.Replace(s, "max-age 60\n", "max-age 61\n", 1) })
				},
				Config:   config(`"total-max-size 4", "max-age 60"`),
				PlanOnly: true, ExpectNonEmptyPlan: true,
			},
			{Config: config(`"total-max-size 4", "max-age 60"`), Check: fileContains(t, a, "    max-age 60\n")},
			{
				Config:      config(`"total-max-size 4", "max-age 60 seconds"`),
				ExpectError: regexp.MustCompile(`(?s)Invalid cache section.*seconds`),
			},
			{
				Config:      config(`"total-max-size 4", "max-object-size 10485760"`),
				ExpectError: regexp.MustCompile(`(?s)HAProxy rejects the cache section static.*max-object-size`),
			},
			{ResourceName: "haproxy_section.ring", ImportState: true, ImportStateId: "ring/logs", ImportStateVerify: true,
				ImportStateVerifyIgnore: []string{"lines"}},
			{ResourceName: "haproxy_section.cache", ImportState: true, ImportStateId: "cache/static", ImportStateVerify: true},
		},
	})
}
