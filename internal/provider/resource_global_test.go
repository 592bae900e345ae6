package provider

import (
	"regexp"
	"strings"
	"testing"

	"github.com/hashicorp/terraform-plugin-testing/helper/resource"
	"github.com/hashicorp/terraform-plugin-testing/plancheck"

	"github.com/tfhaproxy/terraform-provider-haproxy/internal/agenttest"
	"github.com/tfhaproxy/terraform-provider-haproxy/internal/haproxytest"
)

// TestAccGlobal: create adopts the global section (what the configuration
// leaves unset stays), an update changes its lines only, a hand edit shows as
// drift, import takes the ID `global`, extra_directives set owns the other
// directives, and destroy writes back the section as it was.
func TestAccGlobal(t *testing.T) {
	requireTerraform(t)
	config := strings.Replace(smallConfig(haproxytest.FreePort(t)), "    maxconn 1000\n",
		"    maxconn 1000\n    log stdout format raw local0\n    tune.ssl.cachesize 20000\n", 1)
	a := agenttest.Start(t, config)
	global := func(body string) string {
		return providerConfig(a) + `
resource "haproxy_global" "g" {
` + body + `
}
`
	}
	resource.Test(t, resource.TestCase{
		ProtoV6ProviderFactories: testProviderFactories,
		CheckDestroy:             destroyRestores(t, a),
		Steps: []resource.TestStep{
			{
				Config: global(`  hard_stop_after = "30s"
  ssl_default_bind_options = "ssl-min-ver TLSv1.2 no-tls-tickets"`),
				Check: resource.ComposeAggregateTestCheckFunc(
					resource.TestCheckResourceAttr("haproxy_global.g", "id", "global"),
					resource.TestCheckResourceAttr("haproxy_global.g", "maxconn", "1000"),
					resource.TestCheckResourceAttr("haproxy_global.g", "extra_directives.#", "1"),
					resource.TestCheckResourceAttr("haproxy_global.g", "extra_directives.0", "tune.ssl.cachesize 20000"),
					fileContains(t, a, "global\n    maxconn 1000\n    log stdout format raw local0\n    tune.ssl.cachesize 20000\n",
						"    hard-stop-after 30s\n", "    ssl-default-bind-options ssl-min-ver TLSv1.2 no-tls-tickets\n"),
				),
			},
			{
				Config: global(`  hard_stop_after = "30000"
  ssl_default_bind_options = "ssl-min-ver TLSv1.2 no-tls-tickets"`),
				PlanOnly: true,
			},
			{
				Config: global(`  hard_stop_after = "1m"
  maxconn = 2000
  ssl_default_bind_options = "ssl-min-ver TLSv1.2 no-tls-tickets"`),
				ConfigPlanChecks: resource.ConfigPlanChecks{PreApply: []plancheck.PlanCheck{
					plancheck.ExpectResourceAction("haproxy_global.g", plancheck.ResourceActionUpdate),
				}},
				Check: fileContains(t, a, "    maxconn 2000\n", "    hard-stop-after 1m\n", "    log stdout format raw local0\n"),
			},
			{
				// A hand edit of a managed value is drift, put back.
				PreConfig: func() {
					a.Edit(t, func(s string) string { return strings.Replace(s, "    maxconn 2000\n", "    maxconn 3000\n", 1) })
				},
				Config: global(`  hard_stop_after = "1m"
  maxconn = 2000
  ssl_default_bind_options = "ssl-min-ver TLSv1.2 no-tls-tickets"`),
				ConfigPlanChecks: resource.ConfigPlanChecks{PreApply: []plancheck.PlanCheck{
					plancheck.ExpectResourceAction("haproxy_global.g", plancheck.ResourceActionUpdate),
				}},
				Check: fileContains(t, a, "    maxconn 2000\n"),
			},
			{ResourceName: "haproxy_global.g", ImportState: true, ImportStateVerify: true, ImportStateId: "global"},
			{ResourceName: "haproxy_global.g", ImportState: true, ImportStateId: "main", ExpectError: regexp.MustCompile("`global`")},
			{
				// Owning the other directives: what the list does not say goes.
				Config: global(`  hard_stop_after = "1m"
  maxconn = 2000
  ssl_default_bind_options = "ssl-min-ver TLSv1.2 no-tls-tickets"
  extra_directives = ["tune.ssl.cachesize 30000", "tune.maxrewrite 1024"]`),
				Check: resource.ComposeAggregateTestCheckFunc(
					fileContains(t, a, "    tune.ssl.cachesize 30000\n", "    tune.maxrewrite 1024\n", "    log stdout format raw local0\n"),
				),
			},
			{
				Config: global(`  extra_directives = ["tune.ssl.cachesize 30000", "log-send-hostname"]`),
				Check: resource.ComposeAggregateTestCheckFunc(
					fileContains(t, a, "    log-send-hostname\n", "    maxconn 2000\n"),
					fileLacks(t, a, "tune.maxrewrite"),
				),
			},
		},
	})
}

// TestAccGlobalDataSource: the data source reads the section as the resource does.
func TestAccGlobalDataSource(t *testing.T) {
	requireTerraform(t)
	a := agenttest.Start(t, strings.Replace(smallConfig(haproxytest.FreePort(t)), "    maxconn 1000\n",
		"    maxconn 1000\n    hard-stop-after 30s\n    tune.ssl.cachesize 20000\n", 1))
	resource.Test(t, resource.TestCase{
		ProtoV6ProviderFactories: testProviderFactories,
		Steps: []resource.TestStep{{
			Config: providerConfig(a) + `data "haproxy_global" "g" {}`,
			Check: resource.ComposeAggregateTestCheckFunc(
				resource.TestCheckResourceAttr("data.haproxy_global.g", "id", "global"),
				resource.TestCheckResourceAttr("data.haproxy_global.g", "maxconn", "1000"),
				resource.TestCheckResourceAttr("data.haproxy_global.g", "hard_stop_after", "30s"),
				resource.TestCheckResourceAttr("data.haproxy_global.g", "extra_directives.#", "1"),
				resource.TestCheckResourceAttr("data.haproxy_global.g", "extra_directives.0", "tune.ssl.cachesize 20000"),
			),
		}},
	})
}

// TestAccGlobalPlanTimeValidation: extra_directives that the model cannot
// hold, or that a typed attribute says too, fail the plan.
func TestAccGlobalPlanTimeValidation(t *testing.T) {
	requireTerraform(t)
	a := agenttest.Start(t, smallConfig(haproxytest.FreePort(t)))
	for _, tc := range []struct{ body, want string }{
		{`extra_directives = ["log /dev/log local0"]`, `model has no field for this directive`},
		{`extra_directives = ["tune.idle-pool.shared maybe"]`, `model has no field`},
		{"maxconn = 10\n  extra_directives = [\"maxconn 20\"]", `maxconn is set, and extra_directives says it too`},
	} {
		t.Run(tc.want, func(t *testing.T) {
			resource.Test(t, resource.TestCase{
				ProtoV6ProviderFactories: testProviderFactories,
				Steps: []resource.TestStep{{
					Config:      providerConfig(a) + "resource \"haproxy_global\" \"g\" {\n  " + tc.body + "\n}\n",
					PlanOnly:    true,
					ExpectError: regexp.MustCompile(tc.want),
				}},
			})
		})
	}
}
