package provider

import (
	"bytes"
	"context"
	"fmt"
	"net/http"
	"net/http/httptest"
	"net/http/httputil"
	"net/url"
	"os"
	"path/filepath"
	"regexp"
	"strconv"
	"strings"
	"testing"

	"github.com/hashicorp/terraform-plugin-testing/helper/resource"

	"github.com/tfhaproxy/terraform-provider-haproxy/internal/agenttest"
	"github.com/tfhaproxy/terraform-provider-haproxy/internal/dataplane"
	"github.com/tfhaproxy/terraform-provider-haproxy/internal/haproxytest"
	"github.com/tfhaproxy/terraform-provider-haproxy/internal/importgen"
)

// TestAccNodesDataSource: haproxy_nodes reads each node of a fleet on its own
// (each its own configuration version), an optional node that is down as
// unreachable, and fails naming a node that is down or answers with an error.
func TestAccNodesDataSource(t *testing.T) {
	requireTerraform(t)
	nodes := startFleet(t, 2)
	a, b := nodes[0], nodes[1]
	// One more change on b than on a: each node's version is its own.
	clientOf := func(n *fleetNode) *dataplane.Client {
		c, err := dataplane.NewClient(dataplane.ClientOptions{URL: n.agent.URL, Username: agenttest.User, Password: agenttest.Password})
		if err != nil {
			t.Fatal(err)
		}
		return c
	}
	if err := clientOf(b).CreateBackend(context.Background(), dataplane.Backend{Name: "be_only_b"}, dataplane.WriteOptions{}); err != nil {
		t.Fatal(err)
	}
	versionOf := func(n *fleetNode) string {
		v, err := clientOf(n).Version(context.Background())
		if err != nil {
			t.Fatal(err)
		}
		return strconv.FormatInt(v, 10)
	}
	if versionOf(a) == versionOf(b) {
		t.Fatalf("nodes a and b are both at version %s: the test would not tell them apart", versionOf(a))
	}
	haproxyVersionOf := func(n *fleetNode) string {
		info, err := clientOf(n).Info(context.Background())
		if err != nil || !regexp.MustCompile(`^\d+\.\d+`).MatchString(info.HAProxy.Version) {
			t.Fatalf("node %s's /v3/info: %+v, %v", n.name, info, err)
		}
		return info.HAProxy.Version
	}
	// Node c listens nowhere.
	down := &fleetNode{name: "c", url: fmt.Sprintf("http://127.0.0.1:%d", haproxytest.FreePort(t))}
	// Node d answers /v3/info, and refuses to say its configuration's version.
	target, _ := url.Parse(b.agent.URL)
	proxy := httputil.NewSingleHostReverseProxy(target)
	refusing := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		if strings.HasSuffix(r.URL.Path, "/configuration/version") {
			http.Error(w, `{"code": 403, "message": "not for you"}`, http.StatusForbidden)
			return
		}
		proxy.ServeHTTP(w, r)
	}))
	t.Cleanup(refusing.Close)
	refuses := &fleetNode{name: "d", url: refusing.URL}

	const data = `
data "haproxy_nodes" "all" {}
`
	node := func(i int, attr, want string) resource.TestCheckFunc {
		return resource.TestCheckResourceAttr("data.haproxy_nodes.all", fmt.Sprintf("nodes.%d.%s", i, attr), want)
	}
	host := strings.TrimPrefix(a.agent.URL, "http://")
	resource.Test(t, resource.TestCase{
		ProtoV6ProviderFactories: testProviderFactories,
		Steps: []resource.TestStep{
			{
				Config: fleetProvider(nodes, nil) + data,
				Check: resource.ComposeAggregateTestCheckFunc(
					resource.TestCheckResourceAttr("data.haproxy_nodes.all", "nodes.#", "2"),
					node(0, "name", "a"), node(0, "url", a.url), node(0, "canary", "true"), node(0, "optional", "false"),
					node(0, "reachable", "true"), node(0, "api_version", "test"),
					node(0, "haproxy_version", haproxyVersionOf(a)), node(0, "configuration_version", versionOf(a)),
					node(1, "name", "b"), node(1, "url", b.url), node(1, "canary", "false"), node(1, "optional", "false"),
					node(1, "reachable", "true"), node(1, "api_version", "test"),
					node(1, "haproxy_version", haproxyVersionOf(b)), node(1, "configuration_version", versionOf(b)),
				),
			},
			{
				// b is the canary: it comes first.
				Config: fleetProvider(nodes, map[string]string{"b": ", canary = true"}) + data,
				Check:  resource.ComposeAggregateTestCheckFunc(node(0, "name", "b"), node(0, "canary", "true"), node(1, "name", "a"), node(1, "canary", "false")),
			},
			{
				Config: fleetProvider([]*fleetNode{a, b, down}, map[string]string{"c": ", optional = true"}) + data,
				Check: resource.ComposeAggregateTestCheckFunc(
					resource.TestCheckResourceAttr("data.haproxy_nodes.all", "nodes.#", "3"),
					node(1, "reachable", "true"), node(1, "configuration_version", versionOf(b)),
					node(2, "name", "c"), node(2, "url", down.url), node(2, "optional", "true"), node(2, "reachable", "false"),
					resource.TestCheckNoResourceAttr("data.haproxy_nodes.all", "nodes.2.api_version"),
					resource.TestCheckNoResourceAttr("data.haproxy_nodes.all", "nodes.2.haproxy_version"),
					resource.TestCheckNoResourceAttr("data.haproxy_nodes.all", "nodes.2.configuration_version"),
				),
			},
			{
				Config:      fleetProvider([]*fleetNode{a, b, down}, nil) + data,
				ExpectError: regexp.MustCompile(`node c \(` + regexp.QuoteMeta(down.url)),
			},
			{
				// An answer that is an error fails the read, optional or not.
				Config:      fleetProvider([]*fleetNode{a, refuses}, map[string]string{"d": ", optional = true"}) + data,
				ExpectError: regexp.MustCompile(`(?s)Reading node d.*node d \(` + regexp.QuoteMeta(refusing.URL) + `\).*403`),
			},
			{
				// One url is one node, named by its host and port, the canary.
				Config: requiredProviders + fmt.Sprintf("provider \"haproxy\" {\n  url = %q\n  username = %q\n  password = %q\n}\n",
					a.agent.URL, agenttest.User, agenttest.Password) + data,
				Check: resource.ComposeAggregateTestCheckFunc(
					resource.TestCheckResourceAttr("data.haproxy_nodes.all", "nodes.#", "1"),
					node(0, "name", host), node(0, "url", a.agent.URL), node(0, "canary", "true"), node(0, "optional", "false"),
					node(0, "reachable", "true"), node(0, "configuration_version", versionOf(a)),
				),
			},
		},
	})
}

// TestAccNodesOfGeneratedModule: the root module generate-imports writes for
// several URLs configures the provider with those nodes, in that order.
func TestAccNodesOfGeneratedModule(t *testing.T) {
	requireTerraform(t)
	nodes := startFleet(t, 2)
	t.Setenv(EnvURL, "")
	t.Setenv(EnvUsername, agenttest.User)
	t.Setenv(EnvPassword, agenttest.Password)
	dir := filepath.Join(t.TempDir(), "fleet")
	var stdout, stderr bytes.Buffer
	if code := importgen.Main([]string{"--url", nodes[1].url + "," + nodes[0].url, "--module-dir", dir}, &stdout, &stderr); code != 0 {
		t.Fatalf("generate-imports: exit %d\n%s", code, stderr.String())
	}
	main, err := os.ReadFile(filepath.Join(dir, "main.tf"))
	if err != nil {
		t.Fatal(err)
	}
	resource.Test(t, resource.TestCase{
		ProtoV6ProviderFactories: testProviderFactories,
		Steps: []resource.TestStep{{
			Config: string(main) + `data "haproxy_nodes" "all" {}`,
			Check: resource.ComposeAggregateTestCheckFunc(
				resource.TestCheckResourceAttr("data.haproxy_nodes.all", "nodes.#", "2"),
				resource.TestCheckResourceAttr("data.haproxy_nodes.all", "nodes.0.url", nodes[1].url),
				resource.TestCheckResourceAttr("data.haproxy_nodes.all", "nodes.0.canary", "true"),
				resource.TestCheckResourceAttr("data.haproxy_nodes.all", "nodes.1.url", nodes[0].url),
				resource.TestCheckResourceAttr("data.haproxy_nodes.all", "nodes.1.reachable", "true"),
			),
		}},
	})
}
