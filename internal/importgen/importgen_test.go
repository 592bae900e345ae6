package importgen

import (
	"bytes"
	"context"
	"encoding/pem"
	"fmt"
	"net/http/httptest"
	"net/http/httputil"
	"net/url"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/tfhaproxy/terraform-provider-haproxy/internal/agenttest"
	"github.com/tfhaproxy/terraform-provider-haproxy/internal/dataplane"
	"github.com/tfhaproxy/terraform-provider-haproxy/internal/haproxytest"
)

func TestImportsOfHandwrittenConfig(t *testing.T) {
	data, err := os.ReadFile("../haproxycfg/testdata/web-handwritten.cfg")
	if err != nil {
		t.Fatal(err)
	}
	inv, err := FromConfig(data)
	if err != nil {
		t.Fatal(err)
	}
	var out bytes.Buffer
	if err := Write(&out, inv); err != nil {
		t.Fatal(err)
	}
	got := out.String()
	for _, want := range []string{
		"to = haproxy_frontend.fe_http\n  id = \"fe_http\"",
		"to = haproxy_bind.fe_admin_127_0_0_1_18081\n  id = \"fe_admin/127.0.0.1:18081\"",
		"to = haproxy_server.be_www_www3\n  id = \"be_www/www3\"",
		"to = haproxy_acl.fe_http_acl_3\n  id = \"frontends/fe_http/3\"",
		"to = haproxy_http_request_rules.be_api\n  id = \"backends/be_api\"",
		"to = haproxy_backend_switching_rules.fe_http\n  id = \"frontends/fe_http\"",
		"to = haproxy_global.global\n  id = \"global\"",
		"to = haproxy_log_targets.global\n  id = \"global\"",
		"to = haproxy_defaults.unnamed_defaults_1\n  id = \"unnamed_defaults_1\"",
		"to = haproxy_log_targets.unnamed_defaults_1\n  id = \"defaults/unnamed_defaults_1\"",
		"to = haproxy_http_checks.be_www\n  id = \"backends/be_www\"",
	} {
		if !strings.Contains(got, want) {
			t.Errorf("missing %q in:\n%s", want, got)
		}
	}
	// global and its log lines, defaults and its log lines, 2 frontends, 2
	// binds, 5 ACLs, 3 rule lists, 1 switching list, 2 backends, 5 servers, 1
	// check list.
	if n := strings.Count(got, "import {"); n != 25 {
		t.Fatalf("%d import blocks, want 25", n)
	}
	if strings.Contains(got, "haproxy_backend_switching_rules.fe_admin") {
		t.Fatal("an empty rule list was imported")
	}
}

func TestLabelsAreUniqueIdentifiers(t *testing.T) {
	var out bytes.Buffer
	inv := Inventory{Backends: []Section{{Name: "9lives", Servers: []string{"a.b", "a-b", "a_b"}}, {Name: "${ENV}"}}}
	if err := Write(&out, inv); err != nil {
		t.Fatal(err)
	}
	got := out.String()
	for _, want := range []string{"haproxy_backend._9lives", "haproxy_server._9lives_a_b\n", "haproxy_server._9lives_a-b\n", "haproxy_server._9lives_a_b_2\n", `id = "$${ENV}"`} {
		if !strings.Contains(got, want) {
			t.Errorf("missing %q in:\n%s", want, got)
		}
	}
}

// TestFromAPIMatchesFromConfig reads the same config through a real agent (as
// `generate-imports --url` does) and from the file: the import blocks are the same.
func TestFromAPIMatchesFromConfig(t *testing.T) {
	data, err := os.ReadFile("../haproxycfg/testdata/mixed-sections.cfg")
	if err != nil {
		t.Fatal(err)
	}
	t.Setenv("HAPROXY_RUN_DIR", t.TempDir())
	config := strings.NewReplacer("127.0.0.1:18090", fmt.Sprintf("127.0.0.1:%d", haproxytest.FreePort(t)),
		"127.0.0.1:18091", fmt.Sprintf("127.0.0.1:%d", haproxytest.FreePort(t)),
		"127.0.0.1:18404", fmt.Sprintf("127.0.0.1:%d", haproxytest.FreePort(t)),
		"127.0.0.1:13306", fmt.Sprintf("127.0.0.1:%d", haproxytest.FreePort(t))).Replace(string(data))
	a := agenttest.Start(t, config)
	c, err := dataplane.NewClient(dataplane.ClientOptions{URL: a.URL, Username: agenttest.User, Password: agenttest.Password})
	if err != nil {
		t.Fatal(err)
	}
	fromAPI, err := FromAPI(context.Background(), c)
	if err != nil {
		t.Fatal(err)
	}
	fromFile, err := FromConfig([]byte(a.File(t)))
	if err != nil {
		t.Fatal(err)
	}
	var api, file bytes.Buffer
	Write(&api, fromAPI)
	Write(&file, fromFile)
	if api.String() != file.String() || strings.Count(api.String(), "import {") < 10 {
		t.Fatalf("through the API:\n%s\nfrom the file:\n%s", api.String(), file.String())
	}
}

// TestHTTPSAgentWithCAFile reads an agent behind HTTPS with a private
// certificate: refused without --ca-file, read with it.
func TestHTTPSAgentWithCAFile(t *testing.T) {
	a := agenttest.Start(t, "defaults\n    mode http\n    timeout connect 1s\n    timeout client 1s\n    timeout server 1s\nbackend be_app\n")
	target, _ := url.Parse(a.URL)
	srv := httptest.NewTLSServer(httputil.NewSingleHostReverseProxy(target))
	defer srv.Close()
	ca := filepath.Join(t.TempDir(), "ca.pem")
	os.WriteFile(ca, pem.EncodeToMemory(&pem.Block{Type: "CERTIFICATE", Bytes: srv.Certificate().Raw}), 0o644)
	t.Setenv("HAPROXY_PASSWORD", agenttest.Password)
	args := []string{"--url", srv.URL, "--username", agenttest.User}
	var out, stderr bytes.Buffer
	if code := Main(args, &out, &stderr); code != 1 || !strings.Contains(stderr.String(), "certificate") {
		t.Fatalf("without --ca-file: exit %d\n%s", code, stderr.String())
	}
	out.Reset()
	stderr.Reset()
	if code := Main(append(args, "--ca-file", ca), &out, &stderr); code != 0 || !strings.Contains(out.String(), "to = haproxy_backend.be_app") {
		t.Fatalf("with --ca-file: exit %d\n%s%s", code, out.String(), stderr.String())
	}
}

// TestFromAPIStoredMaps: through an agent, the map files it stores are
// imported as haproxy_map, by their names.
func TestFromAPIStoredMaps(t *testing.T) {
	a := agenttest.Start(t, "defaults\n    mode http\n    timeout connect 1s\n    timeout client 1s\n    timeout server 1s\nbackend be_app\n")
	c, err := dataplane.NewClient(dataplane.ClientOptions{URL: a.URL, Username: agenttest.User, Password: agenttest.Password})
	if err != nil {
		t.Fatal(err)
	}
	if err := c.CreateMapFile(context.Background(), "hosts.map", []byte("a.example.com be_app\n")); err != nil {
		t.Fatal(err)
	}
	inv, err := FromAPI(context.Background(), c)
	if err != nil {
		t.Fatal(err)
	}
	var out bytes.Buffer
	Write(&out, inv)
	if !strings.Contains(out.String(), "to = haproxy_map.hosts_map\n  id = \"hosts.map\"") {
		t.Fatalf("no import of the stored map in:\n%s", out.String())
	}
}
