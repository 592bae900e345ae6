package provider

import (
	"fmt"
	"io"
	"net/http"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/hashicorp/terraform-plugin-testing/helper/resource"
	"github.com/hashicorp/terraform-plugin-testing/terraform"

	"github.com/tfhaproxy/terraform-provider-haproxy/internal/agenttest"
	"github.com/tfhaproxy/terraform-provider-haproxy/internal/haproxytest"
)

// hostsConfig has one frontend on port fe and three backends that answer
// their names: be_a, be_b and be_static.
func hostsConfig(fe int) string {
	s := fmt.Sprintf("global\n    maxconn 1000\n\ndefaults\n    mode http\n    timeout connect 2s\n    timeout client 10s\n    timeout server 10s\n\n"+
		"frontend fe_main\n    bind 127.0.0.1:%d name main\n    default_backend be_static\n", fe)
	for _, b := range []string{"a", "b", "static"} {
		s += fmt.Sprintf("\nbackend be_%s\n    http-request return status 200 content-type text/plain string %s\n", b, b)
	}
	return s
}

// routes checks which backend HAProxy sends each host to, by its answer.
func routes(fe int, want map[string]string) resource.TestCheckFunc {
	return func(*terraform.State) error {
		for host, backend := range want {
			req, _ := http.NewRequest(http.MethodGet, fmt.Sprintf("http://127.0.0.1:%d/", fe), nil)
			req.Host = host
			resp, err := http.DefaultClient.Do(req)
			if err != nil {
				return err
			}
			body, err := io.ReadAll(resp.Body)
			resp.Body.Close()
			if err != nil {
				return err
			}
			if got := strings.TrimSpace(string(body)); got != backend {
				return fmt.Errorf("host %s is answered by %q, want %q", host, got, backend)
			}
		}
		return nil
	}
}

// noReloadSince checks that the agent did not reload since *count was taken.
func noReloadSince(a *agenttest.Agent, count *int) resource.TestCheckFunc {
	return func(*terraform.State) error {
		if got := a.Events.Get("reload").Count; got != *count {
			return fmt.Errorf("%d reloads, want none", got-*count)
		}
		return nil
	}
}

// mapRule is the use_backend rule that looks the host up in the map of the
// resource named.
const mapRule = `
resource "haproxy_backend_switching_rules" "web" {
  parent_type = "frontend"
  parent_name = "fe_main"
  rules = [
    { backend = "%%[req.hdr(host),lower,map(${%s.file},be_static)]" },
  ]
}
`

// TestAccMap routes hosts by a map whose entries Terraform owns: entries
// added, changed and removed in the running HAProxy with no reload, the file
// holding them; a hand edit of the file is drift, written back; import.
func TestAccMap(t *testing.T) {
	requireTerraform(t)
	fe := haproxytest.FreePort(t)
	a := agenttest.Start(t, hostsConfig(fe))
	file := filepath.Join(filepath.Dir(a.Config), "maps", "hosts.map")
	config := func(entries string) string {
		return providerConfig(a) + `
resource "haproxy_map" "hosts" {
  name    = "hosts.map"
  entries = {` + entries + `}
}
` + fmt.Sprintf(mapRule, "haproxy_map.hosts")
	}
	reloads := 0
	countReloads := func() { reloads = a.Events.Get("reload").Count }
	fileHolds := func(want string) resource.TestCheckFunc {
		return func(*terraform.State) error {
			if data, err := os.ReadFile(file); err != nil || string(data) != want {
				return fmt.Errorf("%s holds %q (%v), want %q", file, data, err, want)
			}
			return nil
		}
	}
	resource.Test(t, resource.TestCase{
		ProtoV6ProviderFactories: testProviderFactories,
		CheckDestroy:             destroyRestores(t, a),
		Steps: []resource.TestStep{
			{
				Config: config(`"a.example.com" = "be_a"`),
				Check: resource.ComposeTestCheckFunc(routes(fe, map[string]string{"a.example.com": "a", "b.example.com": "static"}),
					fileHolds("a.example.com be_a\n"), resource.TestCheckResourceAttr("haproxy_map.hosts", "file", file)),
			},
			{
				PreConfig: countReloads,
				Config:    config(`"a.example.com" = "be_a", "b.example.com" = "be_b"`),
				Check: resource.ComposeTestCheckFunc(routes(fe, map[string]string{"a.example.com": "a", "b.example.com": "b"}),
					noReloadSince(a, &reloads), fileHolds("a.example.com be_a\nb.example.com be_b\n")),
			},
			{
				PreConfig: countReloads,
				Config:    config(`"b.example.com" = "be_a"`),
				Check: resource.ComposeTestCheckFunc(routes(fe, map[string]string{"a.example.com": "static", "b.example.com": "a"}),
					noReloadSince(a, &reloads), fileHolds("b.example.com be_a\n")),
			},
			{
				PreConfig: func() {
					if err := os.WriteFile(file, []byte("b.example.com be_a\nc.example.com be_b\n"), 0o644); err != nil {
						t.Fatal(err)
					}
				},
				Config:   config(`"b.example.com" = "be_a"`),
				PlanOnly: true, ExpectNonEmptyPlan: true,
			},
			{Config: config(`"b.example.com" = "be_a"`), Check: fileHolds("b.example.com be_a\n")},
			{ResourceName: "haproxy_map.hosts", ImportState: true, ImportStateId: "hosts.map", ImportStateVerify: true},
		},
	})
}

// TestAccMapEntry adds an entry to a map HAProxy has loaded whose other
// entries are not Terraform's, changes it and removes it, each with no
// reload, and imports it.
func TestAccMapEntry(t *testing.T) {
	requireTerraform(t)
	fe := haproxytest.FreePort(t)
	a := agenttest.Start(t, hostsConfig(fe))
	config := func(entry string) string {
		return providerConfig(a) + `
resource "haproxy_map" "hosts" {
  name = "hosts.map"
  lifecycle {
    ignore_changes = [entries]
  }
}
` + fmt.Sprintf(mapRule, "haproxy_map.hosts") + entry
	}
	entry := func(backend string) string {
		return fmt.Sprintf(`
resource "haproxy_map_entry" "a" {
  map        = haproxy_map.hosts.name
  key        = "a.example.com"
  value      = %q
  depends_on = [haproxy_backend_switching_rules.web] # HAProxy loads the map once a rule names it
}
`, backend)
	}
	reloads := 0
	countReloads := func() { reloads = a.Events.Get("reload").Count }
	resource.Test(t, resource.TestCase{
		ProtoV6ProviderFactories: testProviderFactories,
		CheckDestroy:             destroyRestores(t, a),
		Steps: []resource.TestStep{
			{Config: config(""), Check: routes(fe, map[string]string{"a.example.com": "static"})},
			{
				PreConfig: countReloads,
				Config:    config(entry("be_a")),
				Check: resource.ComposeTestCheckFunc(routes(fe, map[string]string{"a.example.com": "a"}), noReloadSince(a, &reloads),
					resource.TestCheckResourceAttr("haproxy_map_entry.a", "id", "hosts.map/a.example.com")),
			},
			{
				PreConfig: countReloads,
				Config:    config(entry("be_b")),
				Check:     resource.ComposeTestCheckFunc(routes(fe, map[string]string{"a.example.com": "b"}), noReloadSince(a, &reloads)),
			},
			{ResourceName: "haproxy_map_entry.a", ImportState: true, ImportStateId: "hosts.map/a.example.com", ImportStateVerify: true},
			{
				PreConfig: countReloads,
				Config:    config(""),
				Check:     resource.ComposeTestCheckFunc(routes(fe, map[string]string{"a.example.com": "static"}), noReloadSince(a, &reloads)),
			},
		},
	})
}
