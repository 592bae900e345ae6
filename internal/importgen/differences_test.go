package importgen

import (
	"bytes"
	"context"
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/tfhaproxy/terraform-provider-haproxy/internal/agenttest"
	"github.com/tfhaproxy/terraform-provider-haproxy/internal/dataplane"
	"github.com/tfhaproxy/terraform-provider-haproxy/internal/haproxytest"
)

const twoNodesConfig = `defaults
    mode http
    timeout connect 1s
    timeout client 1s
    timeout server 1s

frontend fe_main
    acl is_api path_beg /api
    acl is_static path_beg /static
    use_backend be_app if is_api

backend be_app
    balance roundrobin
    server web1 127.0.0.1:9001

backend be_static
    server s1 127.0.0.1:9002
`

// TestImportsFromTwoNodes: generate-imports with two agents' URLs imports the
// first's objects, and reports each object that differs, naming the node:
// a backend edited by hand, a backend only the second has, and an ACL line
// changed there.
func TestImportsFromTwoNodes(t *testing.T) {
	a := agenttest.Start(t, twoNodesConfig)
	b := agenttest.Start(t, twoNodesConfig)
	hostA, hostB := strings.TrimPrefix(a.URL, "http://"), strings.TrimPrefix(b.URL, "http://")
	t.Setenv("HAPROXY_URL", "")
	t.Setenv("HAPROXY_PASSWORD", agenttest.Password)
	run := func(args ...string) (code int, stdout, stderr string) {
		var out, errs bytes.Buffer
		code = Main(append([]string{"--username", agenttest.User}, args...), &out, &errs)
		return code, out.String(), errs.String()
	}

	// The same on both: said so, and --fail-on-differ passes.
	code, out, stderr := run("--url", a.URL, "--url", b.URL, "--fail-on-differ")
	if code != 0 || !strings.Contains(stderr, "every object is the same on the 2 nodes") || !strings.Contains(out, "to = haproxy_backend.be_app\n") {
		t.Fatalf("two equal nodes: exit %d\nstdout:\n%s\nstderr:\n%s", code, out, stderr)
	}

	b.Edit(t, func(s string) string {
		s = strings.Replace(s, "    balance roundrobin\n", "    balance leastconn\n", 1)
		s = strings.Replace(s, "acl is_static path_beg /static", "acl is_static path_beg /assets", 1)
		return s + "\nbackend be_only_b\n"
	})
	want := "generate-imports: 4 objects differ between the nodes; the imports are of " + hostA + "'s, the first --url:\n" +
		"  haproxy_acl frontends/fe_main/is_static path_beg /static: differs on " + hostB + "\n" +
		"  haproxy_backend be_app: differs on " + hostB + "\n" +
		"  haproxy_acl frontends/fe_main/is_static path_beg /assets: not on " + hostA + ", on " + hostB + "\n" +
		"  haproxy_backend be_only_b: not on " + hostA + ", on " + hostB + "\n"
	for _, args := range [][]string{{"--url", a.URL, "--url", b.URL}, {"--url", a.URL + "," + b.URL}} {
		code, out, stderr = run(args...)
		if code != 0 || stderr != want {
			t.Errorf("generate-imports %s: exit %d, stderr:\n%s\nwant:\n%s", strings.Join(args, " "), code, stderr, want)
		}
		// The imports are the first node's.
		if !strings.Contains(out, "to = haproxy_backend.be_static\n") || strings.Contains(out, "be_only_b") || strings.Count(out, "import {") != 10 {
			t.Errorf("the imports are not node a's:\n%s", out)
		}
	}
	if code, _, stderr = run("--url", a.URL, "--url", b.URL, "--fail-on-differ"); code != 2 || stderr != want {
		t.Errorf("--fail-on-differ: exit %d\n%s", code, stderr)
	}
	// The other node first: its objects are imported, and a's differ.
	if _, out, stderr = run("--url", b.URL, "--url", a.URL); !strings.Contains(out, "be_only_b") ||
		!strings.Contains(stderr, "  haproxy_backend be_only_b: differs on "+hostA+"\n") {
		t.Errorf("b first:\nstdout:\n%s\nstderr:\n%s", out, stderr)
	}

	// A module for the nodes has them in its provider block.
	dir := filepath.Join(t.TempDir(), "fleet")
	if code, _, stderr = run("--url", a.URL, "--url", b.URL, "--module-dir", dir); code != 0 {
		t.Fatalf("--module-dir: exit %d\n%s", code, stderr)
	}
	main, _ := os.ReadFile(filepath.Join(dir, "main.tf"))
	if !strings.Contains(string(main), fmt.Sprintf("  nodes = [\n    { url = %q },\n    { url = %q },\n  ]\n", a.URL, b.URL)) ||
		strings.Contains(string(main), "HAPROXY_URL") {
		t.Errorf("main.tf:\n%s", main)
	}

	// A node that cannot be reached fails the command, named.
	down := fmt.Sprintf("127.0.0.1:%d", haproxytest.FreePort(t))
	if code, _, stderr = run("--url", a.URL, "--url", "http://"+down); code != 1 || !strings.Contains(stderr, "node "+down) {
		t.Errorf("a node down: exit %d\n%s", code, stderr)
	}
}

func TestFailOnDifferNeedsSeveralURLs(t *testing.T) {
	t.Setenv("HAPROXY_URL", "")
	for _, args := range [][]string{{"--url", "http://127.0.0.1:1", "--fail-on-differ"}, {"--config", "x.cfg", "--fail-on-differ"}} {
		var out, stderr bytes.Buffer
		if code := Main(args, &out, &stderr); code != 1 || !strings.Contains(stderr.String(), "--fail-on-differ needs several --url") {
			t.Errorf("%v: exit %d\n%s", args, code, stderr.String())
		}
	}
	var out, stderr bytes.Buffer
	if code := Main([]string{"--url", "http://127.0.0.1:1,,http://127.0.0.1:2"}, &out, &stderr); code != 1 || !strings.Contains(stderr.String(), "an empty URL") {
		t.Errorf("an empty URL in a list: exit %d\n%s", code, stderr.String())
	}
}

// TestEveryObjectHasARead: through a fleet of one agent, every object of a
// config with every kind of section (and a stored map) is read as its
// resource reads it, without error, and none differs.
func TestEveryObjectHasARead(t *testing.T) {
	data, err := os.ReadFile("../haproxycfg/testdata/mixed-sections.cfg")
	if err != nil {
		t.Fatal(err)
	}
	t.Setenv("HAPROXY_RUN_DIR", t.TempDir())
	config := strings.NewReplacer("127.0.0.1:18090", fmt.Sprintf("127.0.0.1:%d", haproxytest.FreePort(t)),
		"127.0.0.1:18091", fmt.Sprintf("127.0.0.1:%d", haproxytest.FreePort(t)),
		"127.0.0.1:18404", fmt.Sprintf("127.0.0.1:%d", haproxytest.FreePort(t)),
		"127.0.0.1:13306", fmt.Sprintf("127.0.0.1:%d", haproxytest.FreePort(t))).Replace(string(data))
	a := agenttest.Start(t, config+"\ncache assets\n    total-max-size 4\n    max-age 60\n")
	opts := dataplane.ClientOptions{URL: a.URL, Username: agenttest.User, Password: agenttest.Password}
	c, err := dataplane.NewClient(opts)
	if err != nil {
		t.Fatal(err)
	}
	if err := c.CreateMapFile(context.Background(), "hosts.map", []byte("a.example.com be_app\n")); err != nil {
		t.Fatal(err)
	}
	fleet, err := dataplane.NewFleet([]dataplane.NodeOptions{{ClientOptions: opts}}, 0)
	if err != nil {
		t.Fatal(err)
	}
	inv, differences, err := FromNodes(context.Background(), fleet)
	if err != nil || len(differences) > 0 {
		t.Fatalf("%v, differences %+v", err, differences)
	}
	types := map[string]bool{}
	for _, o := range inv.Objects() {
		types[o.Type] = true
	}
	for _, want := range []string{"haproxy_global", "haproxy_tcp_checks", "haproxy_backend_switching_rules", "haproxy_defaults", "haproxy_listen", "haproxy_frontend",
		"haproxy_backend", "haproxy_server", "haproxy_bind", "haproxy_acl", "haproxy_http_request_rules", "haproxy_resolvers",
		"haproxy_section", "haproxy_map"} {
		if !types[want] {
			t.Errorf("no %s among the objects read: %v", want, types)
		}
	}
}

// TestACLKeysAreNotIndexes: the same ACL line at another index on another
// node is the same line; a second equal line is another.
func TestACLKeysAreNotIndexes(t *testing.T) {
	keys := func(ids ...string) []string {
		var objs []Object
		for _, id := range ids {
			objs = append(objs, Object{Type: "haproxy_acl", ID: id, Identity: "frontends/fe acl is_api path_beg /api"})
		}
		var out []string
		for _, key := range keyed(objs) {
			out = append(out, key)
		}
		return out
	}
	a, b := keys("frontends/fe/0"), keys("frontends/fe/3")
	if a[0] != b[0] {
		t.Errorf("one line at two indexes: keys %q and %q", a[0], b[0])
	}
	if two := keys("frontends/fe/0", "frontends/fe/1"); two[0] == two[1] {
		t.Errorf("two equal lines have one key %q", two[0])
	}
}
