package agent

import (
	"fmt"
	"io"
	"net/http"
	"strings"
	"testing"

	"github.com/tfhaproxy/terraform-provider-haproxy/internal/dataplane"
)

// write sends a write and waits for its reload to succeed.
func (ta *testAgent) write(t *testing.T, method, path string, body any, status int) response {
	t.Helper()
	r := ta.do(method, path, body).expect(t, status)
	if id := r.header.Get("Reload-ID"); id != "" {
		if got := ta.waitReload(id); got != "succeeded" {
			t.Fatalf("%s %s: reload %s", method, path, got)
		}
	}
	return r
}

// TestDefaultsEndpoints: the official defaults endpoints against a real
// HAProxy: the anonymous section is read and replaced as unnamed_defaults_1
// and keeps its header; a named one is created where it changes no other
// section's defaults, used with `from`, refused deletion while used, and
// deleted after, leaving the file as it was.
func TestDefaultsEndpoints(t *testing.T) {
	ta := startAgent(t, strings.Replace(baseConfig(freePorts(t, 1)[0]), "    timeout http-keep-alive 2s\n",
		"    timeout http-keep-alive 2s\n    http-check send meth GET uri /\n", 1))
	original := ta.file()
	// The lists of a defaults section: its lines, [] where it has none.
	if r := ta.do("GET", cfgPath+"/defaults/unnamed_defaults_1/http_checks", nil).expect(t, 200); !strings.Contains(string(r.body), `"type":"send"`) {
		t.Errorf("the defaults' http_checks: %s", r.body)
	}
	if r := ta.do("GET", cfgPath+"/defaults/unnamed_defaults_1/tcp_checks", nil).expect(t, 200); string(r.body) != "[]\n" {
		t.Errorf("the defaults' tcp_checks: %s", r.body)
	}
	var list []dataplane.Defaults
	ta.do("GET", cfgPath+"/defaults", nil).expect(t, 200).json(t, &list)
	if len(list) != 1 || list[0].Name != "unnamed_defaults_1" || list[0].ClientTimeout == nil || *list[0].ClientTimeout != 10000 {
		t.Fatalf("defaults read as %+v", list)
	}

	anon := list[0]
	anon.Name = "" // the path names it
	anon.Retries = ptr[int64](2)
	ta.write(t, "PUT", fmt.Sprintf("%s/defaults/unnamed_defaults_1?version=%d", cfgPath, ta.version()), anon, 202)
	if got := ta.file(); !strings.Contains(got, "\ndefaults\n") || !strings.Contains(got, "    retries 2\n") || strings.Contains(got, "unnamed") {
		t.Fatalf("replacing the anonymous section wrote\n%s", got)
	}

	tuned := dataplane.Defaults{Name: "tuned", Mode: "http",
		FrontendOptions: dataplane.FrontendOptions{ClientTimeout: ptr[int64](20000)},
		BackendOptions:  dataplane.BackendOptions{ConnectTimeout: ptr[int64](2000), ServerTimeout: ptr[int64](20000)},
		BackendObjects:  dataplane.BackendObjects{Balance: &dataplane.Balance{Algorithm: "leastconn"}}}
	ta.write(t, "POST", fmt.Sprintf("%s/defaults?version=%d", cfgPath, ta.version()), tuned, 202)
	if got := ta.file(); !strings.Contains(got, "defaults tuned\n    mode http\n    timeout client 20s\n    timeout connect 2s\n    timeout server 20s\n    balance leastconn\n\n") || strings.Index(got, "defaults tuned") > strings.Index(got, "\ndefaults\n") {
		t.Fatalf("the new defaults section is not before the anonymous one:\n%s", got)
	}
	var got dataplane.Defaults
	ta.do("GET", cfgPath+"/defaults/tuned", nil).expect(t, 200).json(t, &got)
	if got.Balance == nil || got.Balance.Algorithm != "leastconn" || *got.ServerTimeout != 20000 {
		t.Fatalf("tuned read as %+v", got)
	}

	var fe dataplane.Frontend
	ta.do("GET", cfgPath+"/frontends/fe_main", nil).expect(t, 200).json(t, &fe)
	fe.From = "tuned"
	ta.write(t, "PUT", fmt.Sprintf("%s/frontends/fe_main?version=%d", cfgPath, ta.version()), fe, 202)
	if !strings.Contains(ta.file(), "frontend fe_main from tuned\n") {
		t.Fatalf("from not written:\n%s", ta.file())
	}
	r := ta.do("DELETE", fmt.Sprintf("%s/defaults/tuned?version=%d", cfgPath, ta.version()), nil).expect(t, 400)
	if !strings.Contains(string(r.body), "frontend fe_main") {
		t.Errorf("refused delete says %s; want it to name the frontend", r.body)
	}

	ta.do("GET", cfgPath+"/defaults/tuned/http_request_rules", nil).expect(t, 200)
	ta.write(t, "PUT", fmt.Sprintf("%s/defaults/tuned/acls?version=%d", cfgPath, ta.version()),
		[]dataplane.ACL{{ACLName: "local", Criterion: "src", Value: "127.0.0.1"}}, 202)
	ta.write(t, "PUT", fmt.Sprintf("%s/defaults/tuned/acls?version=%d", cfgPath, ta.version()), []dataplane.ACL{}, 202)

	fe.From = ""
	ta.write(t, "PUT", fmt.Sprintf("%s/frontends/fe_main?version=%d", cfgPath, ta.version()), fe, 202)
	ta.write(t, "DELETE", fmt.Sprintf("%s/defaults/tuned?version=%d", cfgPath, ta.version()), nil, 202)
	anon.Retries = nil
	ta.write(t, "PUT", fmt.Sprintf("%s/defaults/unnamed_defaults_1?version=%d", cfgPath, ta.version()), anon, 202)
	if got := ta.file(); got != original {
		t.Fatalf("after undoing every change the file is\n%s\nwant\n%s", got, original)
	}
	ta.do("POST", fmt.Sprintf("%s/defaults?version=%d", cfgPath, ta.version()), dataplane.Defaults{Name: "unnamed_defaults_2"}).expect(t, 400)
}

// TestListenEndpoints: a listen section has its own endpoints, its servers
// and binds are reachable under it (and not as a backend's), its settings are
// replaced in place, and HAProxy serves what was written through it.
func TestListenEndpoints(t *testing.T) {
	ports := freePorts(t, 3)
	app1, app2 := upstream(t, "app1", 0), upstream(t, "app2", 0)
	config := baseConfig(ports[0]) + fmt.Sprintf(`
listen lst
    bind 127.0.0.1:%d name web
    balance roundrobin
    server s1 127.0.0.1:%d
`, ports[1], app1)
	ta := startAgent(t, config)

	var servers []dataplane.Server
	ta.do("GET", cfgPath+"/listens/lst/servers", nil).expect(t, 200).json(t, &servers)
	if len(servers) != 1 || servers[0].Name != "s1" {
		t.Fatalf("listen servers read as %+v", servers)
	}
	r := ta.do("GET", cfgPath+"/backends/lst/servers", nil).expect(t, 404)
	if !strings.Contains(string(r.body), "/listens/lst/servers") {
		t.Errorf("a listen section's servers read as a backend's: %s; want a pointer to its path", r.body)
	}
	ta.do("GET", cfgPath+"/backends/nothing/servers", nil).expect(t, 200) // the official answer for a missing parent
	if r := ta.do("GET", cfgPath+"/backends/lst/servers/s1", nil).expect(t, 404); !strings.Contains(string(r.body), "/listens/lst/servers") {
		t.Errorf("a listen section's server read as a backend's: %s", r.body)
	}

	ta.write(t, "DELETE", fmt.Sprintf("%s/listens/lst/servers/s1?version=%d", cfgPath, ta.version()), nil, 202)
	ta.write(t, "POST", fmt.Sprintf("%s/listens/lst/servers?version=%d", cfgPath, ta.version()),
		dataplane.Server{Name: "s2", Address: "127.0.0.1", Port: ptr(int64(app2))}, 202)
	ta.write(t, "POST", fmt.Sprintf("%s/listens/lst/binds?version=%d", cfgPath, ta.version()),
		dataplane.Bind{Name: "second", Address: "127.0.0.1", Port: ptr(int64(ports[2]))}, 202)
	var l dataplane.Listen
	ta.do("GET", cfgPath+"/listens/lst", nil).expect(t, 200).json(t, &l)
	l.Balance = &dataplane.Balance{Algorithm: "leastconn"}
	l.Mode = "http"
	ta.write(t, "PUT", fmt.Sprintf("%s/listens/lst?version=%d", cfgPath, ta.version()), l, 202)
	ta.write(t, "PUT", fmt.Sprintf("%s/listens/lst/http_request_rules?version=%d", cfgPath, ta.version()),
		[]dataplane.HTTPRequestRule{{Type: "set-header", HdrName: "X-Via", HdrFormat: "listen"}}, 202)

	want := fmt.Sprintf("listen lst\n    mode http\n    bind 127.0.0.1:%d name web\n    bind 127.0.0.1:%d name second\n    balance leastconn\n    http-request set-header X-Via listen\n    server s2 127.0.0.1:%d\n",
		ports[1], ports[2], app2)
	if got := ta.file(); !strings.HasSuffix(got, want) {
		t.Fatalf("the listen section is\n%s\nwant it to end with\n%s", got, want)
	}
	for _, port := range []int{ports[1], ports[2]} {
		resp, err := http.Get(fmt.Sprintf("http://127.0.0.1:%d/", port))
		if err != nil {
			t.Fatal(err)
		}
		body, _ := io.ReadAll(resp.Body)
		resp.Body.Close()
		if resp.Header.Get("X-Server") != "app2" {
			t.Errorf("port %d answered by %q: %s", port, resp.Header.Get("X-Server"), body)
		}
	}

	before := ta.file()
	full := dataplane.Listen{Name: "lst2", Mode: "tcp",
		Binds:   map[string]dataplane.Bind{"b": {Address: "127.0.0.1", Port: ptr(int64(freePorts(t, 1)[0]))}},
		Servers: map[string]dataplane.Server{"a": {Address: "127.0.0.1", Port: ptr(int64(app1))}}}
	ta.write(t, "POST", fmt.Sprintf("%s/listens?full_section=true&version=%d", cfgPath, ta.version()), full, 202)
	var lists []dataplane.Listen
	ta.do("GET", cfgPath+"/listens?full_section=true", nil).expect(t, 200).json(t, &lists)
	if len(lists) != 2 || lists[1].Name != "lst2" || len(lists[1].Servers) != 1 || len(lists[1].Binds) != 1 {
		t.Fatalf("listens read as %+v", lists)
	}
	ta.write(t, "DELETE", fmt.Sprintf("%s/listens/lst2?version=%d", cfgPath, ta.version()), nil, 202)
	if got := ta.file(); got != before {
		t.Fatalf("create then delete left\n%s\nwant\n%s", got, before)
	}
}
