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

func TestAccResolvers(t *testing.T) {
	requireTerraform(t)
	a := agenttest.Start(t, smallConfig(haproxytest.FreePort(t)))
	config := func(second, hold string) string {
		return providerConfig(a) + fmt.Sprintf(`
resource "haproxy_resolvers" "dns" {
  name = "dns"
  nameservers = {
    ns1 = { address = "127.0.0.1", port = 53 }
    %s
  }
  hold_valid      = %q
  resolve_retries = 3
  timeout_retry   = "1s"
}
`, second, hold)
	}
	resource.Test(t, resource.TestCase{
		ProtoV6ProviderFactories: testProviderFactories,
		CheckDestroy:             destroyRestores(t, a),
		Steps: []resource.TestStep{
			{
				Config: config("", "10s"),
				Check: resource.ComposeAggregateTestCheckFunc(
					resource.TestCheckResourceAttr("haproxy_resolvers.dns", "id", "dns"),
					fileContains(t, a, "resolvers dns\n", "    nameserver ns1 127.0.0.1:53\n", "    hold valid 10s\n",
						"    resolve_retries 3\n", "    timeout retry 1s\n"),
				),
			},
			{
				// In place: a nameserver added, a time changed.
				Config: config(`ns2 = { address = "127.0.0.2", port = 5353 }`, "120000"),
				ConfigPlanChecks: resource.ConfigPlanChecks{PreApply: []plancheck.PlanCheck{
					plancheck.ExpectResourceAction("haproxy_resolvers.dns", plancheck.ResourceActionUpdate),
				}},
				Check: fileContains(t, a, "    nameserver ns2 127.0.0.2:5353\n", "    hold valid 2m\n"),
			},
			{
				// The same time written another way changes nothing in the file,
				// and the state keeps the new spelling (no diff after the apply).
				Config: config(`ns2 = { address = "127.0.0.2", port = 5353 }`, "120000"),
				Check: resource.ComposeAggregateTestCheckFunc(
					resource.TestCheckResourceAttr("haproxy_resolvers.dns", "hold_valid", "120000"),
					fileContains(t, a, "    hold valid 2m\n"),
				),
			},
			// an import spells times as the file does: "2m" for the state's "120000"
			{ResourceName: "haproxy_resolvers.dns", ImportState: true, ImportStateVerify: true, ImportStateVerifyIgnore: []string{"hold_valid"}},
			{
				// A hand edit shows as drift, and apply puts it back.
				PreConfig: func() {
					a.Edit(t, func(s string) string { return strings.Replace(s, "127.0.0.2:5353", "127.0.0.9:5353", 1) })
				},
				Config: config(`ns2 = { address = "127.0.0.2", port = 5353 }`, "120000"),
				ConfigPlanChecks: resource.ConfigPlanChecks{PreApply: []plancheck.PlanCheck{
					plancheck.ExpectResourceAction("haproxy_resolvers.dns", plancheck.ResourceActionUpdate),
				}},
				Check: fileContains(t, a, "    nameserver ns2 127.0.0.2:5353\n"),
			},
			{
				// The section exists: a second resource for it fails the plan,
				// saying how to adopt it.
				Config: config("", "2m") + `
resource "haproxy_resolvers" "again" {
  name = "dns"
}
`,
				PlanOnly:    true,
				ExpectError: regexp.MustCompile(`(?s)exists already.*import`),
			},
			{
				// A nameserver left out is removed.
				Config: config("", "2m"),
				Check:  fileLacks(t, a, "nameserver ns2"),
			},
		},
	})
}

func TestAccUserlist(t *testing.T) {
	requireTerraform(t)
	a := agenttest.Start(t, smallConfig(haproxytest.FreePort(t)))
	const hash = "$6$saltsalt$TVLlQcbpFVof5W3Yz4DTP6gRstiNuHwwTt6GLc1E5n0U0aDehy0S5knV8wiOQSpT0Y77vwPZN.Pq.H91p5hVO1"
	first := providerConfig(a) + `
resource "haproxy_userlist" "admins" {
  name = "admins"
  groups = {
    ops = {}
  }
  users = {
    alice = { password = "` + hash + `", groups = ["ops"] }
  }
}
`
	second := providerConfig(a) + `
resource "haproxy_userlist" "admins" {
  name = "admins"
  groups = {
    dev = { users = ["bob"] }
  }
  users = {
    alice = { password = "` + hash + `" }
    bob   = { password = "'s3cret pw'", secure_password = false }
  }
}
`
	resource.Test(t, resource.TestCase{
		ProtoV6ProviderFactories: testProviderFactories,
		CheckDestroy:             destroyRestores(t, a),
		Steps: []resource.TestStep{
			{
				// HAProxy's dry run fails the plan: a user in a group that is not there.
				Config:      strings.Replace(first, `groups = ["ops"]`, `groups = ["nobody"]`, 1),
				PlanOnly:    true,
				ExpectError: regexp.MustCompile(`(?s)HAProxy rejects the userlist.*no such group 'nobody'`),
			},
			{
				Config: first,
				Check: resource.ComposeAggregateTestCheckFunc(
					resource.TestCheckResourceAttr("haproxy_userlist.admins", "id", "admins"),
					resource.TestCheckResourceAttr("haproxy_userlist.admins", "users.alice.secure_password", "true"),
					fileContains(t, a, "userlist admins\n", "    group ops\n", "    user alice password "+hash+" groups ops\n"),
				),
			},
			{
				// In place: a new user in a new group, the old group gone.
				Config: second,
				ConfigPlanChecks: resource.ConfigPlanChecks{PreApply: []plancheck.PlanCheck{
					plancheck.ExpectResourceAction("haproxy_userlist.admins", plancheck.ResourceActionUpdate),
				}},
				Check: resource.ComposeAggregateTestCheckFunc(
					fileContains(t, a, "    group dev users bob\n", "    user alice password "+hash+"\n", "    user bob insecure-password 's3cret pw'\n"),
					fileLacks(t, a, "group ops"),
				),
			},
			{ResourceName: "haproxy_userlist.admins", ImportState: true, ImportStateVerify: true},
			{
				// A password changed by hand shows as drift, and apply puts it back.
				PreConfig: func() {
					a.Edit(t, func(s string) string { return strings.Replace(s, "'s3cret pw'", "other", 1) })
				},
				Config: second,
				ConfigPlanChecks: resource.ConfigPlanChecks{PreApply: []plancheck.PlanCheck{
					plancheck.ExpectResourceAction("haproxy_userlist.admins", plancheck.ResourceActionUpdate),
				}},
				Check: fileContains(t, a, "    user bob insecure-password 's3cret pw'\n"),
			},
		},
	})
}
