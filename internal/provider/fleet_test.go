package provider

import (
	"fmt"
	"net/http"
	"net/http/httptest"
	"net/http/httputil"
	"net/url"
	"regexp"
	"strings"
	"sync/atomic"
	"testing"

	"github.com/hashicorp/terraform-plugin-testing/helper/resource"
	"github.com/hashicorp/terraform-plugin-testing/plancheck"
	"github.com/hashicorp/terraform-plugin-testing/terraform"

	"github.com/tfhaproxy/terraform-provider-haproxy/internal/agenttest"
	"github.com/tfhaproxy/terraform-provider-haproxy/internal/haproxytest"
)

// fleetNode is one node of a test fleet: an agent with its own HAProxy,
// reached through a proxy the test can make refuse writes, as a node that
// goes down in the middle of an apply does.
type fleetNode struct {
	name         string
	agent        *agenttest.Agent
	url          string // the proxy's
	port         int    // HAProxy's frontend
	refuseWrites atomic.Bool
}

// startFleet starts n nodes, named a, b, c...; each HAProxy on its own port,
// with otherwise the same configuration.
func startFleet(t *testing.T, n int) []*fleetNode {
	var nodes []*fleetNode
	for i := range n {
		node := &fleetNode{name: string(rune('a' + i)), port: haproxytest.FreePort(t)}
		node.agent = agenttest.Start(t, smallConfig(node.port))
		target, _ := url.Parse(node.agent.URL)
		proxy := httputil.NewSingleHostReverseProxy(target)
		srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
			if node.refuseWrites.Load() && r.Method != http.MethodGet {
				// The connection is cut, as by a node that went away.
				conn, _, err := w.(http.Hijacker).Hijack()
				if err == nil {
					conn.Close()
				}
				return
			}
			proxy.ServeHTTP(w, r)
		}))
		t.Cleanup(srv.Close)
		node.url = srv.URL
		nodes = append(nodes, node)
	}
	return nodes
}

// fleetProvider is the provider block for nodes; extra goes into a node's
// block by its name.
func fleetProvider(nodes []*fleetNode, extra map[string]string) string {
	var b strings.Builder
	fmt.Fprintf(&b, "%s\nprovider \"haproxy\" {\n  username = %q\n  password = %q\n  nodes = [\n", requiredProviders, agenttest.User, agenttest.Password)
	for _, n := range nodes {
		fmt.Fprintf(&b, "    { name = %q, url = %q %s },\n", n.name, n.url, extra[n.name])
	}
	b.WriteString("  ]\n}\n")
	return b.String()
}

// eachNodeHas checks every node's haproxy.cfg for want.
func eachNodeHas(t *testing.T, nodes []*fleetNode, want ...string) func(*terraform.State) error {
	var checks []resource.TestCheckFunc
	for _, n := range nodes {
		checks = append(checks, fileContains(t, n.agent, want...))
	}
	return resource.ComposeAggregateTestCheckFunc(checks...)
}

// eachNodeRestored is destroyRestores for every node.
func eachNodeRestored(t *testing.T, nodes []*fleetNode) func(*terraform.State) error {
	var checks []resource.TestCheckFunc
	for _, n := range nodes {
		checks = append(checks, destroyRestores(t, n.agent))
	}
	return resource.ComposeAggregateTestCheckFunc(checks...)
}

func TestAccFleet(t *testing.T) {
	requireTerraform(t)
	nodes := startFleet(t, 3)
	a, b, c := nodes[0], nodes[1], nodes[2]
	config := func(weight int) string {
		return fleetProvider(nodes, nil) + fmt.Sprintf(`
resource "haproxy_backend" "app" {
  name    = "be_app"
  mode    = "http"
  balance = "roundrobin"
}

resource "haproxy_server" "web1" {
  backend = haproxy_backend.app.name
  name    = "web1"
  address = "127.0.0.1"
  port    = 9001
  weight  = %d
}

resource "haproxy_acl" "api" {
  parent_type = "frontend"
  parent_name = "fe_main"
  acl_name    = "is_api"
  criterion   = "path_beg"
  value       = "/api"
}
`, weight)
	}
	const web2 = `
resource "haproxy_server" "web2" {
  backend = haproxy_backend.app.name
  name    = "web2"
  address = "127.0.0.1"
  port    = 9002
}
`
	resource.Test(t, resource.TestCase{
		ProtoV6ProviderFactories: testProviderFactories,
		CheckDestroy:             eachNodeRestored(t, nodes),
		Steps: []resource.TestStep{
			{
				Config: config(20),
				Check: resource.ComposeAggregateTestCheckFunc(
					eachNodeHas(t, nodes, "backend be_app\n", "    server web1 127.0.0.1:9001 weight 20\n", "    acl is_api path_beg /api\n"),
					resource.TestCheckResourceAttr("haproxy_server.web1", "nodes_differ.#", "0"),
				),
			},
			{
				Config: config(30),
				Check:  eachNodeHas(t, nodes, "    server web1 127.0.0.1:9001 weight 30\n"),
			},
			{
				// Someone edits node b by hand: plan names it, and shows the update
				// that makes it equal again.
				PreConfig: func() {
					b.agent.Edit(t, func(s string) string {
						s = strings.Replace(s, "    acl is_api path_beg /api\n", "", 1)
						return strings.Replace(s, "web1 127.0.0.1:9001 weight 30", "web1 127.0.0.1:9001 weight 99", 1)
					})
				},
				Config:             config(30),
				PlanOnly:           true,
				ExpectNonEmptyPlan: true,
				Check: resource.ComposeAggregateTestCheckFunc(
					resource.TestCheckResourceAttr("haproxy_server.web1", "nodes_differ.#", "1"),
					resource.TestCheckResourceAttr("haproxy_server.web1", "nodes_differ.0", "b"),
					resource.TestCheckResourceAttr("haproxy_acl.api", "nodes_differ.#", "1"),
					resource.TestCheckResourceAttr("haproxy_backend.app", "nodes_differ.#", "0"),
				),
			},
			{
				Config: config(30),
				ConfigPlanChecks: resource.ConfigPlanChecks{PreApply: []plancheck.PlanCheck{
					plancheck.ExpectResourceAction("haproxy_server.web1", plancheck.ResourceActionUpdate),
					plancheck.ExpectResourceAction("haproxy_backend.app", plancheck.ResourceActionNoop),
					plancheck.ExpectResourceAction("haproxy_acl.api", plancheck.ResourceActionUpdate),
				}},
				Check: resource.ComposeAggregateTestCheckFunc(
					eachNodeHas(t, nodes, "    server web1 127.0.0.1:9001 weight 30\n", "    acl is_api path_beg /api\n"),
					resource.TestCheckResourceAttr("haproxy_server.web1", "nodes_differ.#", "0"),
				),
			},
			{
				// Node c goes away after the plan: the apply fails and names it,
				// having written a and b.
				PreConfig:   func() { c.refuseWrites.Store(true) },
				Config:      config(40),
				ExpectError: regexp.MustCompile(`node c \(http://127\.0\.0\.1:\d+\)`),
			},
			{
				// It is back: plan names it, and the apply makes it equal.
				PreConfig: func() {
					c.refuseWrites.Store(false)
					for _, n := range []*fleetNode{a, b} {
						if !strings.Contains(n.agent.File(t), "weight 40\n") {
							t.Errorf("node %s lacks what was written before c failed:\n%s", n.name, n.agent.File(t))
						}
					}
					if !strings.Contains(c.agent.File(t), "weight 30\n") {
						t.Errorf("node c changed though its write failed:\n%s", c.agent.File(t))
					}
				},
				Config:             config(40),
				PlanOnly:           true,
				ExpectNonEmptyPlan: true,
			},
			{
				Config: config(40),
				Check: resource.ComposeAggregateTestCheckFunc(
					eachNodeHas(t, nodes, "    server web1 127.0.0.1:9001 weight 40\n"),
					resource.TestCheckResourceAttr("haproxy_server.web1", "nodes_differ.#", "0"),
				),
			},
			{
				// A node that lost an object gets it back whole.
				PreConfig: func() {
					c.agent.Edit(t, func(s string) string {
						return strings.Replace(s, "    server web1 127.0.0.1:9001 weight 40\n", "", 1)
					})
				},
				Config: config(40),
				Check:  eachNodeHas(t, nodes, "    server web1 127.0.0.1:9001 weight 40\n"),
			},
			{
				// A create that reached a and b, not c: kept in the state, tainted.
				PreConfig:   func() { c.refuseWrites.Store(true) },
				Config:      config(40) + web2,
				ExpectError: regexp.MustCompile(`node c \(http://127\.0\.0\.1:\d+\)`),
			},
			{
				// The next apply replaces it on every node.
				PreConfig: func() {
					c.refuseWrites.Store(false)
					if err := eachNodeHas(t, nodes[:2], "server web2 127.0.0.1:9002")(nil); err != nil {
						t.Error(err)
					}
					if strings.Contains(c.agent.File(t), "web2") {
						t.Errorf("node c has web2, though its write failed")
					}
				},
				Config: config(40) + web2,
				ConfigPlanChecks: resource.ConfigPlanChecks{PreApply: []plancheck.PlanCheck{
					plancheck.ExpectResourceAction("haproxy_server.web2", plancheck.ResourceActionDestroyBeforeCreate),
				}},
				Check: eachNodeHas(t, nodes, "    server web2 127.0.0.1:9002\n"),
			},
			{ResourceName: "haproxy_server.web1", ImportState: true, ImportStateVerify: true},
			{ResourceName: "haproxy_backend.app", ImportState: true, ImportStateVerify: true},
		},
	})
}

// TestAccFleetCanaryProbe: a change that breaks the canary (its probe fails)
// never reaches the other nodes.
func TestAccFleetCanaryProbe(t *testing.T) {
	requireTerraform(t)
	nodes := startFleet(t, 3)
	probe := map[string]string{"a": fmt.Sprintf(`, probe_url = "http://127.0.0.1:%d/"`, nodes[0].port)}
	config := func(status int) string {
		return fleetProvider(nodes, probe) + fmt.Sprintf(`
resource "haproxy_http_request_rules" "fe" {
  parent_type = "frontend"
  parent_name = "fe_main"
  rules = [
    { type = "return", return_status_code = %d },
  ]
}
`, status)
	}
	resource.Test(t, resource.TestCase{
		ProtoV6ProviderFactories: testProviderFactories,
		Steps: []resource.TestStep{
			{
				Config: config(200),
				Check:  eachNodeHas(t, nodes, "    http-request return status 200\n"),
			},
			{
				Config:      config(503),
				ExpectError: regexp.MustCompile(`(?s)node a .*probe failed.*503`),
			},
			{
				PreConfig: func() {
					for _, n := range nodes[1:] {
						if file := n.agent.File(t); !strings.Contains(file, "http-request return status 200\n") || strings.Contains(file, "503") {
							t.Errorf("node %s received what broke the canary:\n%s", n.name, file)
						}
					}
				},
				// The canary holds the change; the others differ until it is fixed.
				Config:             config(503),
				PlanOnly:           true,
				ExpectNonEmptyPlan: true,
			},
			{
				// Fixed: every node equal again, though the frontend the list is in
				// differs (each node binds its own port), which is not the list's.
				Config: config(200),
				Check: resource.ComposeAggregateTestCheckFunc(
					eachNodeHas(t, nodes, "    http-request return status 200\n"),
					resource.TestCheckResourceAttr("haproxy_http_request_rules.fe", "nodes_differ.#", "0"),
				),
			},
		},
	})
}

// TestAccFleetGlobal: destroying haproxy_global writes back each node's own
// global section, lines of its own included.
func TestAccFleetGlobal(t *testing.T) {
	requireTerraform(t)
	nodes := startFleet(t, 2)
	nodes[1].agent.Edit(t, func(s string) string {
		return strings.Replace(s, "global\n", "global\n    nbthread 1\n", 1)
	})
	config := fleetProvider(nodes, nil) + `
resource "haproxy_global" "g" {
  maxconn = 2000
}
`
	resource.Test(t, resource.TestCase{
		ProtoV6ProviderFactories: testProviderFactories,
		CheckDestroy:             eachNodeRestored(t, nodes),
		Steps: []resource.TestStep{
			{
				// b's nbthread is its own: not the resource's, so no difference.
				Config: config,
				Check: resource.ComposeAggregateTestCheckFunc(
					eachNodeHas(t, nodes, "    maxconn 2000\n"),
					fileContains(t, nodes[1].agent, "    nbthread 1\n"),
					resource.TestCheckResourceAttr("haproxy_global.g", "nodes_differ.#", "0"),
				),
			},
			{
				// What the resource sets, changed on b by hand, is.
				PreConfig: func() {
					nodes[1].agent.Edit(t, func(s string) string { return strings.Replace(s, "maxconn 2000", "maxconn 10", 1) })
				},
				Config:             config,
				PlanOnly:           true,
				ExpectNonEmptyPlan: true,
				Check:              resource.TestCheckResourceAttr("haproxy_global.g", "nodes_differ.0", "b"),
			},
			{
				Config: config,
				Check: resource.ComposeAggregateTestCheckFunc(
					eachNodeHas(t, nodes, "    maxconn 2000\n"),
					fileContains(t, nodes[1].agent, "    nbthread 1\n"),
				),
			},
		},
	})
}

// TestAccFleetUserlist: a userlist is written as several calls, each computed
// from the node's own copy, so a node whose users differ gets its own fix.
func TestAccFleetUserlist(t *testing.T) {
	requireTerraform(t)
	nodes := startFleet(t, 2)
	config := fleetProvider(nodes, nil) + `
resource "haproxy_userlist" "admins" {
  name = "admins"
  users = {
    alice = { password = "'first pw'", secure_password = false }
    bob   = { password = "'second pw'", secure_password = false }
  }
}
`
	resource.Test(t, resource.TestCase{
		ProtoV6ProviderFactories: testProviderFactories,
		Steps: []resource.TestStep{
			{
				Config: config,
				Check:  eachNodeHas(t, nodes, "    user alice insecure-password 'first pw'\n", "    user bob insecure-password 'second pw'\n"),
			},
			{
				// On b alone, bob is gone and alice's password changed.
				PreConfig: func() {
					nodes[1].agent.Edit(t, func(s string) string {
						s = strings.Replace(s, "    user bob insecure-password 'second pw'\n", "", 1)
						return strings.Replace(s, "'first pw'", "'changed'", 1)
					})
				},
				Config: config,
				ConfigPlanChecks: resource.ConfigPlanChecks{PreApply: []plancheck.PlanCheck{
					plancheck.ExpectResourceAction("haproxy_userlist.admins", plancheck.ResourceActionUpdate),
				}},
				Check: resource.ComposeAggregateTestCheckFunc(
					eachNodeHas(t, nodes, "    user alice insecure-password 'first pw'\n", "    user bob insecure-password 'second pw'\n"),
					resource.TestCheckResourceAttr("haproxy_userlist.admins", "nodes_differ.#", "0"),
				),
			},
		},
	})
}
