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

func TestAccBackendAndServer(t *testing.T) {
	requireTerraform(t)
	a := agenttest.Start(t, smallConfig(haproxytest.FreePort(t)))
	config := func(weight int, serverTimeout string) string {
		return providerConfig(a) + fmt.Sprintf(`
resource "haproxy_backend" "app" {
  name            = "be_app"
  mode            = "http"
  balance         = "roundrobin"
  connect_timeout = "5s"
  server_timeout  = %q
  retries         = 3
  redispatch      = true
  adv_check       = "httpchk"
  httpchk_method  = "GET"
  httpchk_uri     = "/health"
}

resource "haproxy_server" "web1" {
  backend = haproxy_backend.app.name
  name    = "web1"
  address = "127.0.0.1"
  port    = 9001
  weight  = %d
  check   = true
  inter   = "2s"
}
`, serverTimeout, weight)
	}
	resource.Test(t, resource.TestCase{
		ProtoV6ProviderFactories: testProviderFactories,
		CheckDestroy:             destroyRestores(t, a),
		Steps: []resource.TestStep{
			{
				Config: config(20, "60s"),
				Check: resource.ComposeAggregateTestCheckFunc(
					resource.TestCheckResourceAttr("haproxy_backend.app", "id", "be_app"),
					resource.TestCheckResourceAttr("haproxy_server.web1", "id", "be_app/web1"),
					resource.TestCheckNoResourceAttr("haproxy_server.web1", "backup"),
					fileContains(t, a, "backend be_app\n", "    balance roundrobin\n", "    timeout server 1m\n", "    option httpchk GET /health\n",
						"    server web1 127.0.0.1:9001 check weight 20 inter 2s\n"),
				),
			},
			{
				// In place: a weight and a timeout change, nothing replaced.
				Config: config(35, "2m"),
				ConfigPlanChecks: resource.ConfigPlanChecks{PreApply: []plancheck.PlanCheck{
					plancheck.ExpectResourceAction("haproxy_server.web1", plancheck.ResourceActionUpdate),
					plancheck.ExpectResourceAction("haproxy_backend.app", plancheck.ResourceActionUpdate),
				}},
				Check: fileContains(t, a, "    server web1 127.0.0.1:9001 check weight 35 inter 2s\n", "    timeout server 2m\n"),
			},
			{
				// The same time written another way is no change.
				Config:             config(35, "120000"),
				PlanOnly:           true,
				ExpectNonEmptyPlan: false,
			},
			{ResourceName: "haproxy_backend.app", ImportState: true, ImportStateVerify: true},
			{ResourceName: "haproxy_server.web1", ImportState: true, ImportStateVerify: true},
			{
				ResourceName:  "haproxy_server.web1",
				ImportState:   true,
				ImportStateId: "be_app",
				ExpectError:   regexp.MustCompile(`use\s+` + "`<backend>/<name>`"),
			},
			{
				// A hand edit shows as drift, on exactly the edited resource.
				PreConfig: func() {
					a.Edit(t, func(s string) string { return strings.Replace(s, "weight 35", "weight 50", 1) })
				},
				Config: config(35, "2m"),
				ConfigPlanChecks: resource.ConfigPlanChecks{PreApply: []plancheck.PlanCheck{
					plancheck.ExpectResourceAction("haproxy_server.web1", plancheck.ResourceActionUpdate),
					plancheck.ExpectResourceAction("haproxy_backend.app", plancheck.ResourceActionNoop),
				}},
				Check: fileContains(t, a, "weight 35"),
			},
			{
				// An object deleted by hand is created again.
				PreConfig: func() {
					a.Edit(t, func(s string) string {
						return strings.Replace(s, "    server web1 127.0.0.1:9001 check weight 35 inter 2s\n", "", 1)
					})
				},
				Config: config(35, "2m"),
				ConfigPlanChecks: resource.ConfigPlanChecks{PreApply: []plancheck.PlanCheck{
					plancheck.ExpectResourceAction("haproxy_server.web1", plancheck.ResourceActionCreate),
				}},
			},
			{
				// A new name is a new server: the old one goes.
				Config: strings.Replace(config(35, "2m"), `name    = "web1"`, `name    = "web9"`, 1),
				ConfigPlanChecks: resource.ConfigPlanChecks{PreApply: []plancheck.PlanCheck{
					plancheck.ExpectResourceAction("haproxy_server.web1", plancheck.ResourceActionDestroyBeforeCreate),
					plancheck.ExpectResourceAction("haproxy_backend.app", plancheck.ResourceActionNoop),
				}},
				Check: resource.ComposeAggregateTestCheckFunc(
					resource.TestCheckResourceAttr("haproxy_server.web1", "id", "be_app/web9"),
					fileContains(t, a, "    server web9 127.0.0.1:9001 check weight 35 inter 2s\n"),
					fileLacks(t, a, "server web1 "),
				),
			},
		},
	})
}

func TestAccPlanTimeValidation(t *testing.T) {
	requireTerraform(t)
	a := agenttest.Start(t, smallConfig(haproxytest.FreePort(t)))
	for _, tc := range []struct{ body, want string }{
		{`resource "haproxy_backend" "b" {
  name = "be_x"
  mode = "udp"
}`, `Attribute mode value must be one of`},
		{`resource "haproxy_server" "s" {
  backend = "be_static"
  name    = "s1"
  address = "127.0.0.1"
  port    = 70000
}`, `Attribute port value must be between 1 and 65535`},
		{`resource "haproxy_backend" "b" {
  name           = "be_x"
  server_timeout = "5 seconds"
}`, `is not an HAProxy time`},
		{`resource "haproxy_backend" "b" {
  name = "be x"
}`, `must use letters, digits`},
		{`resource "haproxy_backend" "b" {
  name             = "be_x"
  balance          = "roundrobin"
  balance_hdr_name = "Host"
}`, `balance_hdr_name is only for balance = "hdr"`},
		{`resource "haproxy_backend" "b" {
  name    = "be_x"
  balance = "hash"
}`, `balance = "hash" needs\s+balance_hash_expression`},
		{`resource "haproxy_server" "s" {
  backend = "be_static"
  name    = "s1"
  address = "127.0.0.1\n  server evil 10.0.0.1:80"
}`, `must not contain newlines`},
	} {
		resource.Test(t, resource.TestCase{
			ProtoV6ProviderFactories: testProviderFactories,
			Steps:                    []resource.TestStep{{Config: providerConfig(a) + tc.body, PlanOnly: true, ExpectError: regexp.MustCompile(tc.want)}},
		})
	}
}

// TestAccSwitchesHaveThreeStates: a switch is true (`check`), false (`no-check`)
// or unset (neither), and the three differ under a `default-server check`. A
// handwritten `no-check` is imported as false and survives an update; unsetting
// it takes the keyword out; false on a new server writes `no-check`, and on a
// backend `no option redispatch`.
func TestAccSwitchesHaveThreeStates(t *testing.T) {
	requireTerraform(t)
	config := strings.Replace(smallConfig(haproxytest.FreePort(t)), "    timeout server 10s\n", "    timeout server 10s\n    default-server check\n", 1) +
		"\nbackend be_app\n    server web1 127.0.0.1:9001 no-check weight 10\n"
	a := agenttest.Start(t, config)
	server := func(weight int, check string) string {
		return providerConfig(a) + fmt.Sprintf(`
resource "haproxy_server" "web1" {
  backend = "be_app"
  name    = "web1"
  address = "127.0.0.1"
  port    = 9001
  weight  = %d
  %s
}
`, weight, check)
	}
	resource.Test(t, resource.TestCase{
		ProtoV6ProviderFactories: testProviderFactories,
		Steps: []resource.TestStep{
			{Config: server(10, "check = false"), ResourceName: "haproxy_server.web1", ImportState: true, ImportStateId: "be_app/web1", ImportStatePersist: true},
			{Config: server(10, "check = false"), PlanOnly: true},
			{
				Config: server(20, "check = false"),
				Check: resource.ComposeAggregateTestCheckFunc(
					resource.TestCheckResourceAttr("haproxy_server.web1", "check", "false"),
					fileContains(t, a, "    server web1 127.0.0.1:9001 no-check weight 20\n"),
				),
			},
			{
				Config: server(20, ""),
				Check: resource.ComposeAggregateTestCheckFunc(
					resource.TestCheckNoResourceAttr("haproxy_server.web1", "check"),
					fileContains(t, a, "    server web1 127.0.0.1:9001 weight 20\n"),
				),
			},
			{
				Config: server(20, "") + `
resource "haproxy_server" "web2" {
  backend = "be_app"
  name    = "web2"
  address = "127.0.0.1"
  port    = 9002
  check   = false
  backup  = true
}

resource "haproxy_backend" "api" {
  name       = "be_api"
  mode       = "http"
  redispatch = false
}
`,
				Check: fileContains(t, a, "    server web2 127.0.0.1:9002 no-check backup\n", "backend be_api\n", "    no option redispatch\n"),
			},
		},
	})
}

// TestAccUpdateKeepsWhatIsNotModeled: an update changes the attributes and
// nothing else of the object: the cookie a handwritten backend's
// `balance rdp-cookie(<name>)` names, which is not an attribute, stays as it
// is. A backend that hashes a header is written with it.
func TestAccUpdateKeepsWhatIsNotModeled(t *testing.T) {
	requireTerraform(t)
	a := agenttest.Start(t, smallConfig(haproxytest.FreePort(t))+
		"\nbackend be_rdp\n    mode tcp\n    balance rdp-cookie(mstshash)\n    retries 2\n    server rdp1 127.0.0.1:3389\n")
	backends := func(retries int) string {
		return providerConfig(a) + fmt.Sprintf(`
resource "haproxy_backend" "rdp" {
  name    = "be_rdp"
  mode    = "tcp"
  balance = "rdp-cookie"
  retries = %d
}

resource "haproxy_backend" "app" {
  name                        = "be_app"
  mode                        = "http"
  balance                     = "hdr"
  balance_hdr_name            = "Host"
  balance_hdr_use_domain_only = true
}
`, retries)
	}
	resource.Test(t, resource.TestCase{
		ProtoV6ProviderFactories: testProviderFactories,
		Steps: []resource.TestStep{
			{Config: backends(2), ResourceName: "haproxy_backend.rdp", ImportState: true, ImportStateId: "be_rdp", ImportStatePersist: true},
			{
				Config: backends(3),
				Check: fileContains(t, a, "backend be_rdp\n    mode tcp\n    balance rdp-cookie(mstshash)\n    retries 3\n    server rdp1 127.0.0.1:3389\n",
					"backend be_app\n    mode http\n    balance hdr(Host) use_domain_only\n"),
			},
			{ResourceName: "haproxy_backend.app", ImportState: true, ImportStateVerify: true},
		},
	})
}

// TestAccDefaultServer: a backend's default_server is its `default-server` line:
// written, imported, compared by meaning for times, shown as drift after a hand
// edit, and removed when unset.
func TestAccDefaultServer(t *testing.T) {
	requireTerraform(t)
	a := agenttest.Start(t, smallConfig(haproxytest.FreePort(t)))
	backend := func(defaultServer string) string {
		return providerConfig(a) + `
resource "haproxy_backend" "app" {
  name    = "be_app"
  mode    = "http"
  balance = "roundrobin"
` + defaultServer + `
}

resource "haproxy_server" "web1" {
  backend = haproxy_backend.app.name
  name    = "web1"
  address = "127.0.0.1"
  port    = 9001
}
`
	}
	checked := `  default_server = { check = true, inter = "3s", rise = 2, fall = 3 }`
	resource.Test(t, resource.TestCase{
		ProtoV6ProviderFactories: testProviderFactories,
		CheckDestroy:             destroyRestores(t, a),
		Steps: []resource.TestStep{
			{
				Config: backend(checked),
				Check: resource.ComposeAggregateTestCheckFunc(
					resource.TestCheckResourceAttr("haproxy_backend.app", "default_server.inter", "3s"),
					resource.TestCheckNoResourceAttr("haproxy_backend.app", "default_server.ssl"),
					fileContains(t, a, "    default-server check inter 3s rise 2 fall 3\n", "    server web1 127.0.0.1:9001\n"),
				),
			},
			{Config: backend(strings.Replace(checked, `"3s"`, `"3000"`, 1)), PlanOnly: true},
			{ResourceName: "haproxy_backend.app", ImportState: true, ImportStateVerify: true},
			{
				PreConfig: func() {
					a.Edit(t, func(s string) string { return strings.Replace(s, "inter 3s", "inter 5s", 1) })
				},
				Config: backend(checked),
				ConfigPlanChecks: resource.ConfigPlanChecks{PreApply: []plancheck.PlanCheck{
					plancheck.ExpectResourceAction("haproxy_backend.app", plancheck.ResourceActionUpdate),
					plancheck.ExpectResourceAction("haproxy_server.web1", plancheck.ResourceActionNoop),
				}},
				Check: fileContains(t, a, "    default-server check inter 3s rise 2 fall 3\n"),
			},
			{Config: backend(`  default_server = {}`), Check: fileLacks(t, a, "default-server")},
			{Config: backend(`  default_server = {}`), PlanOnly: true},
			{Config: backend(""), Check: fileLacks(t, a, "default-server")},
		},
	})
}
