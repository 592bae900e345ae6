package agent

import (
	"fmt"
	"strings"
	"testing"

	"github.com/tfhaproxy/terraform-provider-haproxy/internal/dataplane"
)

// TestBodiesAsTheOfficialServerReadsThem, over HTTP: a body with every official
// member null but a few is a create of those few; a member the official model
// does not define is ignored; an official member this agent cannot honour yet is
// a 422 naming it, and nothing is written.
func TestBodiesAsTheOfficialServerReadsThem(t *testing.T) {
	ta := startAgent(t, baseConfig(freePorts(t, 1)[0]))
	body := map[string]any{}
	for _, name := range dataplane.OfficialFields["backend"] {
		body[name] = nil
	}
	body["name"], body["mode"], body["colour"] = "be_nulls", "http", "red"
	body["balance"] = map[string]any{"algorithm": "leastconn", "url_param": nil, "url_param_check_post": nil}
	ta.do("POST", fmt.Sprintf("%s/backends?version=%d", cfgPath, ta.version()), body).expect(t, 202)
	r := ta.do("GET", cfgPath+"/backends/be_nulls", nil).expect(t, 200)
	if want := `{"balance":{"algorithm":"leastconn"},"mode":"http","name":"be_nulls"}` + "\n"; string(r.body) != want {
		t.Fatalf("GET after a create with nulls: %s, want %s", r.body, want)
	}
	if !strings.Contains(ta.file(), "backend be_nulls\n    mode http\n    balance leastconn\n") {
		t.Fatalf("file:\n%s", ta.file())
	}

	before, v := ta.file(), ta.version()
	for _, tc := range []struct{ path, body, field string }{
		{"/backends", `{"name":"be_x","http_response_rule_list":[{"type":"deny"}]}`, `http_response_rule_list`},
	} {
		method := "POST"
		r := ta.do(method, fmt.Sprintf("%s%s?version=%d", cfgPath, tc.path, v), tc.body).expect(t, 422)
		var e errorBody
		r.json(t, &e)
		if e.Code != 422 || !strings.Contains(e.Message, tc.field) {
			t.Errorf("%s %s: %s", method, tc.path, r.body)
		}
	}
	if ta.file() != before || ta.version() != v {
		t.Fatal("a refused body changed the configuration")
	}
}

// TestAnswersAsTheOfficialServer: answers with sorted members, 404 for a server
// of a missing backend, the specification and runtime information at the
// official paths, truthful empty lists, the official raw-config wording, and
// runtime servers: added with check disabled, PUT answered with the server as
// it now runs.
func TestAnswersAsTheOfficialServer(t *testing.T) {
	ta := startAgent(t, baseConfig(freePorts(t, 1)[0])+"\nbackend be_tcp\n    mode tcp\n    option tcp-check\n    tcp-check connect\n    tcp-check send PING\\r\\n\n"+
		"    server-template a 1 127.0.0.1:1\n    server-template b 1 127.0.0.1:2\n")

	// Members in alphabetical order, nested ones too.
	r := ta.do("PUT", fmt.Sprintf("%s/backends/be_app?version=%d", cfgPath, ta.version()),
		dataplane.Backend{Name: "be_app", Mode: "http", BackendOptions: dataplane.BackendOptions{Retries: ptr[int64](2)}, BackendObjects: dataplane.BackendObjects{Balance: &dataplane.Balance{Algorithm: "uri", URIWhole: true, URILen: ptr[int64](8)}}}).expect(t, 202)
	// The runtime calls below go to a worker: not one a reload is replacing.
	ta.waitReload(r.header.Get("Reload-ID"))
	r = ta.do("GET", cfgPath+"/backends/be_app", nil).expect(t, 200)
	if want := `{"balance":{"algorithm":"uri","uri_len":8,"uri_whole":true},"mode":"http","name":"be_app","retries":2}` + "\n"; string(r.body) != want {
		t.Fatalf("GET: %s, want %s", r.body, want)
	}

	ta.do("DELETE", fmt.Sprintf("%s/backends/nope/servers/s1?version=%d", cfgPath, ta.version()), nil).expect(t, 404)

	var spec map[string]any
	ta.do("GET", "/v3/specification", nil).expect(t, 200).json(t, &spec)
	if paths, _ := spec["paths"].(map[string]any); spec["openapi"] == nil || paths["/v3/services/haproxy/runtime/info"] == nil {
		t.Fatalf("specification: %v", spec["openapi"])
	}
	var info struct{ Info map[string]any }
	ta.do("GET", "/v3/services/haproxy/runtime/info", nil).expect(t, 200).json(t, &info)
	if pid, _ := info.Info["pid"].(float64); pid <= 0 || !strings.HasPrefix(fmt.Sprint(info.Info["version"]), "2.") ||
		!strings.Contains(fmt.Sprint(info.Info["release_date"]), "-") || info.Info["uptime"] == nil {
		t.Fatalf("runtime info: %v", info.Info)
	}

	// Lists of lines a section does not have: empty, as the official server
	// answers them, under a missing parent too.
	for _, path := range []string{"/backends/be_app/tcp_checks", "/backends/be_app/http_checks", "/backends/be_app/http_response_rules",
		"/frontends/fe_main/http_response_rules", "/frontends/fe_main/http_error_rules", "/backends/nope/tcp_checks"} {
		if r := ta.do("GET", cfgPath+path, nil).expect(t, 200); string(r.body) != "[]\n" {
			t.Errorf("GET %s: %s", path, r.body)
		}
	}
	var templates []dataplane.ServerTemplate
	ta.do("GET", cfgPath+"/backends/be_tcp/server_templates", nil).expect(t, 200).json(t, &templates)
	if len(templates) != 2 {
		t.Errorf("server_templates of a backend that has two: %+v", templates)
	}

	r = ta.do("POST", fmt.Sprintf("%s/raw?version=%d", cfgPath, ta.version()), "global").expect(t, 400)
	var e errorBody
	r.json(t, &e)
	if e.Message != "invalid configuration: no newline character found" {
		t.Errorf("raw without a newline: %q", e.Message)
	}

	// The wordings clients match on to retry.
	r = ta.do("POST", cfgPath+"/backends", dataplane.Backend{Name: "be_x"}).expect(t, 400)
	if !strings.Contains(string(r.body), "version or transaction not specified") {
		t.Errorf("write without version: %s", r.body)
	}
	var tx dataplane.Transaction
	ta.do("POST", fmt.Sprintf("/v3/services/haproxy/transactions?version=%d", ta.version()), nil).expect(t, 201).json(t, &tx)
	ta.do("PUT", cfgPath+"/backends/be_app?transaction_id="+tx.ID, dataplane.Backend{Name: "be_app", Mode: "tcp"}).expect(t, 202)
	r = ta.do("PUT", fmt.Sprintf("%s/backends/be_app?version=%d", cfgPath, ta.version()), dataplane.Backend{Name: "be_app", Mode: "http"}).expect(t, 202)
	reload := r.header.Get("Reload-ID")
	r = ta.do("PUT", "/v3/services/haproxy/transactions/"+tx.ID, nil).expect(t, 406)
	if !strings.Contains(string(r.body), "transaction is outdated and cannot be committed") {
		t.Errorf("outdated commit: %s", r.body)
	}

	// Runtime API: check disabled is a server without check.
	ta.waitReload(reload)
	rt := "/v3/services/haproxy/runtime/backends/be_app/servers"
	ta.do("POST", rt, dataplane.Server{Name: "dyn", Address: "127.0.0.1", Port: ptr[int64](9),
		ServerParams: dataplane.ServerParams{Check: dataplane.Disabled, Weight: ptr[int64](7)}}).expect(t, 201)
	r = ta.do("PUT", rt+"/dyn", dataplane.RuntimeServer{Weight: ptr[int64](3)}).expect(t, 200)
	var now map[string]any
	r.json(t, &now)
	if now["name"] != "dyn" || now["address"] != "127.0.0.1" || now["port"] != float64(9) || now["weight"] != float64(3) ||
		now["admin_state"] != "ready" || now["operational_state"] == nil {
		t.Fatalf("runtime PUT answered %s", r.body)
	}
	// The read-only members of the official runtime_server, from HAProxy's
	// own state: the weight set now and the one it was added with.
	if now["backend_name"] != "be_app" || now["uweight"] != float64(3) || now["iweight"] != float64(7) ||
		now["id"] == "" || now["id"] == nil || now["backend_id"] == nil || now["check_status"] == nil {
		t.Fatalf("runtime PUT answered %s", r.body)
	}
	if strings.Contains(ta.file(), "dyn") {
		t.Fatal("a runtime server reached the file")
	}
}
