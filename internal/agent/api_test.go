package agent

import (
	"fmt"
	"net/http"
	"path/filepath"
	"reflect"
	"strings"
	"testing"

	"github.com/tfhaproxy/terraform-provider-haproxy/internal/dataplane"
	"github.com/tfhaproxy/terraform-provider-haproxy/internal/haproxycfg"
)

const cfgPath = "/v3/services/haproxy/configuration"

func TestAuth(t *testing.T) {
	ta := startAgent(t, baseConfig(freePorts(t, 1)[0]))
	for _, path := range []string{"/v3/info", cfgPath + "/backends", "/v3/no/such/path", "/elsewhere"} {
		r := ta.doAs("", "", "GET", path, nil, "")
		r.expect(t, 401)
		var e errorBody
		r.json(t, &e)
		if e.Code != 401 || r.header.Get("WWW-Authenticate") == "" {
			t.Fatalf("GET %s without credentials: %+v %v", path, e, r.header)
		}
		ta.doAs(testUser, "wrong", "GET", path, nil, "").expect(t, 401)
		ta.doAs("nobody", testPassword, "GET", path, nil, "").expect(t, 401)
	}
	ta.do("GET", "/v3/info", nil).expect(t, 200)
	ta.do("GET", "/v3/no/such/path", nil).expect(t, 404)
	ta.do("DELETE", "/v3/info", nil).expect(t, 405)
}

func TestInfoHealthVersion(t *testing.T) {
	ta := startAgent(t, baseConfig(freePorts(t, 1)[0]))
	var info dataplane.Info
	ta.do("GET", "/v3/info", nil).expect(t, 200).json(t, &info)
	if info.API.Version != "test" || !strings.HasPrefix(info.HAProxy.Version, "2.") {
		t.Fatalf("info %+v", info)
	}
	var health dataplane.Health
	ta.do("GET", "/v3/health", nil).expect(t, 200).json(t, &health)
	if health.HAProxy != "up" {
		t.Fatalf("health %+v", health)
	}
	r := ta.do("GET", cfgPath+"/version/", nil).expect(t, 200)
	if strings.TrimSpace(string(r.body)) != "1" || r.header.Get("Configuration-Version") != "1" {
		t.Fatalf("version %q, header %q", r.body, r.header.Get("Configuration-Version"))
	}
}

func TestBackendLifecycleGetAfterPut(t *testing.T) {
	ta := startAgent(t, baseConfig(freePorts(t, 1)[0]))
	be := dataplane.Backend{Name: "be_new", Mode: "http", Description: `"new # app"`,
		BackendOptions: dataplane.BackendOptions{ConnectTimeout: ptr[int64](3000), ServerTimeout: ptr[int64](60000), Retries: ptr[int64](2)},
		ProxyOptions:   dataplane.ProxyOptions{Forwardfor: &dataplane.Forwardfor{Enabled: "enabled", Header: "X-Real-IP"}},
		BackendObjects: dataplane.BackendObjects{
			Balance:       &dataplane.Balance{Algorithm: "leastconn"},
			AdvCheck:      "httpchk",
			HttpchkParams: &dataplane.HttpchkParams{Method: "GET", URI: "/health"},
			DefaultServer: &dataplane.ServerParams{Inter: ptr[int64](2000), Fall: ptr[int64](3)},
			Cookie:        &dataplane.Cookie{Name: "SRV", Type: "insert", Indirect: true, Nocache: true},
		}}
	r := ta.do("POST", cfgPath+"/backends?version=1", be).expect(t, 202)
	id := r.header.Get("Reload-ID")
	if id == "" || r.header.Get("Configuration-Version") != "2" {
		t.Fatalf("POST headers %v", r.header)
	}
	var got dataplane.Backend
	ta.do("GET", cfgPath+"/backends/be_new", nil).expect(t, 200).json(t, &got)
	if !reflect.DeepEqual(got, be) {
		t.Fatalf("GET after POST:\n got %+v\nwant %+v", got, be)
	}
	be.Balance, be.Retries, be.Cookie, be.Description = &dataplane.Balance{Algorithm: "roundrobin"}, nil, nil, ""
	ta.do("PUT", cfgPath+"/backends/be_new?version=2", be).expect(t, 202)
	got = dataplane.Backend{}
	ta.do("GET", cfgPath+"/backends/be_new", nil).expect(t, 200).json(t, &got)
	if !reflect.DeepEqual(got, be) {
		t.Fatalf("GET after PUT:\n got %+v\nwant %+v", got, be)
	}
	if status := ta.waitReload(id); status != "succeeded" {
		t.Fatalf("reload %s: %s", id, status)
	}
	if !strings.Contains(ta.file(), "backend be_new\n    mode http\n") {
		t.Fatalf("file:\n%s", ta.file())
	}
	ta.do("DELETE", cfgPath+"/backends/be_new?version=3", nil).expect(t, 202)
	ta.do("GET", cfgPath+"/backends/be_new", nil).expect(t, 404)
	ta.do("POST", cfgPath+"/backends?version=4&force_reload=true", dataplane.Backend{Name: "be_forced"}).expect(t, 201)
}

func TestServersGoThroughTheRuntimeAPI(t *testing.T) {
	fe := freePorts(t, 1)[0]
	ta := startAgent(t, baseConfig(fe))
	port := int64(upstream(t, "one", 0))
	s := dataplane.Server{Name: "web1", Address: "127.0.0.1", Port: &port, ServerParams: dataplane.ServerParams{Weight: ptr[int64](10)}}
	r := ta.do("POST", cfgPath+"/backends/be_app/servers?version=1", s).expect(t, 201)
	if r.header.Get("Reload-ID") != "" {
		t.Fatal("a server create went through a reload")
	}
	var rs dataplane.RuntimeServer
	ta.do("GET", "/v3/services/haproxy/runtime/backends/be_app/servers/web1", nil).expect(t, 200).json(t, &rs)
	if *rs.Weight != 10 || *rs.Port != port || rs.AdminState != "ready" {
		t.Fatalf("runtime server %+v", rs)
	}
	resp, err := http.Get(fmt.Sprintf("http://127.0.0.1:%d/", fe))
	if err != nil || resp.StatusCode != 200 || resp.Header.Get("X-Server") != "one" {
		t.Fatalf("traffic through the new server: %v %v", resp, err)
	}
	resp.Body.Close()

	s.Weight = ptr[int64](30)
	ta.do("PUT", cfgPath+"/backends/be_app/servers/web1?version=2", s).expect(t, 200)
	var got dataplane.Server
	ta.do("GET", cfgPath+"/backends/be_app/servers/web1", nil).expect(t, 200).json(t, &got)
	if !reflect.DeepEqual(got, s) {
		t.Fatalf("GET after PUT:\n got %+v\nwant %+v", got, s)
	}
	ta.do("GET", "/v3/services/haproxy/runtime/backends/be_app/servers/web1", nil).expect(t, 200).json(t, &rs)
	if *rs.Weight != 30 {
		t.Fatalf("weight after PUT: %d", *rs.Weight)
	}
	// A change the runtime API cannot make reloads.
	s.Check = "enabled"
	if r := ta.do("PUT", cfgPath+"/backends/be_app/servers/web1?version=3", s).expect(t, 202); ta.waitReload(r.header.Get("Reload-ID")) != "succeeded" {
		t.Fatal("reload failed")
	}
	ta.do("DELETE", cfgPath+"/backends/be_app/servers/web1?version=4", nil).expect(t, 204)
	ta.do("GET", "/v3/services/haproxy/runtime/backends/be_app/servers/web1", nil).expect(t, 404)
	if strings.Contains(ta.file(), "web1") {
		t.Fatal("deleted server still in the file")
	}
}

func TestStatusCodes(t *testing.T) {
	ta := startAgent(t, baseConfig(freePorts(t, 1)[0])+"\nbackend be_cond\n    .if defined(CANARY)\n    server canary 127.0.0.1:9\n    .endif\n\nbackend be_rt\n    server s1 127.0.0.1:9\n")
	before := ta.file()
	srv := dataplane.Server{Name: "s1", Address: "127.0.0.1", Port: ptr[int64](9)}
	missingCA := filepath.Join(filepath.Dir(ta.config), "ssl", "missing-ca.pem") // in the agent's --ssl-certs-dir
	cases := []struct {
		name, method, path string
		body               any
		contentType        string
		status             int
	}{
		{"missing backend", "GET", "/backends/nope", nil, "", 404},
		{"missing server", "GET", "/backends/be_app/servers/nope", nil, "", 404},
		{"servers of a missing backend", "GET", "/backends/nope/servers", nil, "", 200},
		{"server under a missing backend", "POST", "/backends/nope/servers?version=1", srv, "", 400},
		{"existing backend", "POST", "/backends?version=1", dataplane.Backend{Name: "be_app"}, "", 409},
		{"neither version nor transaction", "POST", "/backends", dataplane.Backend{Name: "x"}, "", 400},
		{"both", "POST", "/backends?version=1&transaction_id=abc", dataplane.Backend{Name: "x"}, "", 400},
		{"transaction with force_reload", "POST", "/backends?transaction_id=abc&force_reload=true", dataplane.Backend{Name: "x"}, "", 400},
		{"unknown transaction", "POST", "/backends?transaction_id=abc", dataplane.Backend{Name: "x"}, "", 400},
		{"future version", "POST", "/backends?version=7", dataplane.Backend{Name: "x"}, "", 409},
		{"bad version", "POST", "/backends?version=x", dataplane.Backend{Name: "x"}, "", 400},
		{"wrong content type", "POST", "/backends?version=1", `{"name":"x"}`, "text/xml", 415},
		{"not JSON", "POST", "/backends?version=1", `{"name":`, "application/json", 422},
		{"official field not supported yet", "POST", "/backends?version=1", `{"name":"x","colour":"red","http_response_rule_list":[{"type":"deny"}]}`, "application/json", 422},
		{"server of a missing backend", "DELETE", "/backends/nope/servers/s1?version=1", nil, "", 404},
		{"wrong type", "POST", "/backends?version=1", `{"name":"x","retries":"three"}`, "application/json", 422},
		{"too large", "POST", "/backends?version=1", `{"name":"` + strings.Repeat("x", 9<<20) + `"}`, "application/json", 413},
		{"bad enum", "POST", "/backends?version=1", dataplane.Backend{Name: "x", Mode: "udp"}, "", 400},
		{"name with a newline", "POST", "/backends?version=1", dataplane.Backend{Name: "x\nbackend evil"}, "", 400},
		{"directive injection", "POST", "/backends/be_app/servers?version=1", dataplane.Server{Name: "s", Address: "127.0.0.1:80\n    http-request deny"}, "", 400},
		{"injection in a rule", "POST", "/frontends/fe_main/http_request_rules/0?version=1", dataplane.HTTPRequestRule{Type: "deny", Cond: "if", CondTest: "TRUE\nbind :1"}, "", 400},
		{"injection in an acl", "POST", "/frontends/fe_main/acls/0?version=1", dataplane.ACL{ACLName: "a", Criterion: "path", Value: "/\r\nbind :1"}, "", 400},
		{"name mismatch", "PUT", "/backends/be_app?version=1", dataplane.Backend{Name: "other"}, "", 400},
		{"index past the end", "POST", "/frontends/fe_main/acls/5?version=1", dataplane.ACL{ACLName: "a", Criterion: "path", Value: "/"}, "", 400},
		{"missing index", "GET", "/frontends/fe_main/acls/0", nil, "", 404},
		{"bad index", "GET", "/frontends/fe_main/acls/x", nil, "", 400},
		{"rejected by haproxy", "POST", "/backends/be_app/servers?version=1", dataplane.Server{Name: "s", Address: "127.0.0.1", Port: ptr[int64](80),
			ServerParams: dataplane.ServerParams{SSL: "enabled", SSLCafile: missingCA}}, "", 400},
		{"file outside the agent's directories", "POST", "/backends/be_app/servers?version=1", dataplane.Server{Name: "s", Address: "127.0.0.1", Port: ptr[int64](80),
			ServerParams: dataplane.ServerParams{SSL: "enabled", SSLCafile: "/nonexistent/ca.pem"}}, "", 422},
		{"raw without a newline", "POST", "/raw?version=1", "global", "text/plain", 400},
		{"raw with a control character", "POST", "/raw?version=1", "global\n  maxconn 1\x00\n", "text/plain", 400},
		{"missing reload", "GET", "/v3/services/haproxy/reloads/nope", nil, "", 404},
		{"runtime name with a command in it", "GET", "/v3/services/haproxy/runtime/backends/be_app;shutdown%20sessions/servers", nil, "", 400},
		{"runtime server name with a space", "DELETE", "/v3/services/haproxy/runtime/backends/be_app/servers/a%20b", nil, "", 400},
		{"runtime address that is a name", "PUT", "/v3/services/haproxy/runtime/backends/be_rt/servers/s1", dataplane.RuntimeServer{Address: "not-an-ip"}, "", 400},
		{"runtime address with five numbers", "PUT", "/v3/services/haproxy/runtime/backends/be_rt/servers/s1", dataplane.RuntimeServer{Address: "1.2.3.4.5"}, "", 400},
		{"runtime address with a port in it", "PUT", "/v3/services/haproxy/runtime/backends/be_rt/servers/s1", dataplane.RuntimeServer{Address: "127.0.0.1:80"}, "", 400},
		{"runtime port out of range", "PUT", "/v3/services/haproxy/runtime/backends/be_rt/servers/s1", dataplane.RuntimeServer{Address: "127.0.0.1", Port: ptr[int64](99999)}, "", 400},
		{"backend name too long", "POST", "/backends?version=1", dataplane.Backend{Name: strings.Repeat("b", 256)}, "", 422},
		{"server name too long", "POST", "/backends/be_app/servers?version=1", dataplane.Server{Name: strings.Repeat("s", 256), Address: "127.0.0.1"}, "", 422},
		{"acl name too long", "POST", "/frontends/fe_main/acls/0?version=1", dataplane.ACL{ACLName: strings.Repeat("a", 256), Criterion: "path", Value: "/"}, "", 422},
		{"value too long", "POST", "/frontends/fe_main/acls/0?version=1", dataplane.ACL{ACLName: "a", Criterion: "path", Value: strings.Repeat("v", 64<<10+1)}, "", 422},
		{"missing transaction", "GET", "/v3/services/haproxy/transactions/nope", nil, "", 404},
		{"server inside a conditional block", "DELETE", "/backends/be_cond/servers/canary?version=1", nil, "", 409},
	}
	for _, tc := range cases {
		path := tc.path
		if !strings.HasPrefix(path, "/v3/") {
			path = cfgPath + path
		}
		r := ta.doAs(testUser, testPassword, tc.method, path, tc.body, tc.contentType)
		if r.status != tc.status {
			t.Errorf("%s: status %d, want %d: %s", tc.name, r.status, tc.status, r.body)
			continue
		}
		if tc.status >= 400 {
			var e errorBody
			r.json(t, &e)
			if e.Code != tc.status || e.Message == "" || e.Message == "not found" || r.header.Get("Configuration-Version") == "" {
				t.Errorf("%s: error body %s, headers %v (a bare \"not found\" is the router's: the request missed its route)", tc.name, r.body, r.header)
			}
		}
	}
	if ta.file() != before {
		t.Fatalf("refused requests changed the file:\n%s", ta.file())
	}
	if v := ta.version(); v != 1 {
		t.Fatalf("version %d after refused requests", v)
	}
	// The runtime server is as it was.
	var rs dataplane.RuntimeServer
	ta.do("GET", "/v3/services/haproxy/runtime/backends/be_rt/servers/s1", nil).expect(t, 200).json(t, &rs)
	if rs.Address != "127.0.0.1" || rs.Port == nil || *rs.Port != 9 {
		t.Fatalf("runtime server after refused changes: %+v", rs)
	}
	// A too long name or value is refused naming its field and the limit.
	for path, body := range map[string]any{
		"/backends?version=1":                 dataplane.Backend{Name: strings.Repeat("b", 256)},
		"/frontends/fe_main/acls/0?version=1": dataplane.ACL{ACLName: "a", Criterion: "path", Value: strings.Repeat("v", 64<<10+1)},
	} {
		r := ta.do("POST", cfgPath+path, body).expect(t, 422)
		if !strings.Contains(string(r.body), "maximum is") || !strings.Contains(string(r.body), "name") && !strings.Contains(string(r.body), "value") {
			t.Errorf("POST %s: %s", path, r.body)
		}
	}
	// A validation error carries HAProxy's own message.
	r := ta.do("POST", cfgPath+"/backends/be_app/servers?version=1", dataplane.Server{Name: "s", Address: "127.0.0.1", Port: ptr[int64](80),
		ServerParams: dataplane.ServerParams{SSL: "enabled", SSLCafile: missingCA}})
	if !strings.Contains(string(r.body), "validation error") || !strings.Contains(string(r.body), "missing-ca.pem") {
		t.Fatalf("validation error body: %s", r.body)
	}
}

func TestStaleVersions(t *testing.T) {
	ta := startAgent(t, baseConfig(freePorts(t, 1)[0]))
	ta.do("POST", cfgPath+"/backends?version=1", dataplane.Backend{Name: "b1"}).expect(t, 202)
	ta.do("POST", cfgPath+"/backends?version=1", dataplane.Backend{Name: "b2"}).expect(t, 202) // another object: fine
	ta.do("PUT", cfgPath+"/backends/b1?version=1", dataplane.Backend{Name: "b1", Mode: "tcp"}).expect(t, 409)
	r := ta.do("PUT", cfgPath+"/backends/b1?version=2", dataplane.Backend{Name: "b1", Mode: "tcp"}).expect(t, 202)
	var e errorBody
	ta.do("PUT", cfgPath+"/backends/b1?version=2", dataplane.Backend{Name: "b1", Mode: "http"}).expect(t, 409).json(t, &e)
	if !strings.HasPrefix(e.Message, "version mismatch: ") {
		t.Fatalf("message %q", e.Message)
	}
	_ = r
}

func TestTransactions(t *testing.T) {
	ta := startAgent(t, baseConfig(freePorts(t, 1)[0]))
	var tx dataplane.Transaction
	ta.do("POST", "/v3/services/haproxy/transactions?version=1", nil).expect(t, 201).json(t, &tx)
	if tx.Status != "in_progress" || tx.Version != 1 || tx.ID == "" {
		t.Fatalf("transaction %+v", tx)
	}
	q := "?transaction_id=" + tx.ID
	ta.do("POST", cfgPath+"/backends"+q, dataplane.Backend{Name: "be_tx"}).expect(t, 202)
	ta.do("POST", cfgPath+"/backends/be_tx/servers"+q, dataplane.Server{Name: "s1", Address: "127.0.0.1", Port: ptr[int64](9)}).expect(t, 202)
	ta.do("DELETE", cfgPath+"/backends/be_tx/servers/s1"+q, nil).expect(t, 202)
	ta.do("GET", cfgPath+"/backends/be_tx"+q, nil).expect(t, 200)
	ta.do("GET", cfgPath+"/backends/be_tx", nil).expect(t, 404)
	if !strings.Contains(string(ta.do("GET", cfgPath+"/raw"+q, nil).expect(t, 200).body), "backend be_tx") {
		t.Fatal("raw inside the transaction lacks its backend")
	}
	r := ta.do("PUT", "/v3/services/haproxy/transactions/"+tx.ID, nil).expect(t, 202)
	if r.header.Get("Reload-ID") == "" || r.header.Get("Configuration-Version") != "2" {
		t.Fatalf("commit headers %v", r.header)
	}
	ta.do("GET", cfgPath+"/backends/be_tx", nil).expect(t, 200)
	ta.do("GET", "/v3/services/haproxy/transactions/"+tx.ID, nil).expect(t, 404)

	// Outdated: another writer changed the transaction's object first.
	ta.do("POST", "/v3/services/haproxy/transactions?version=2", nil).expect(t, 201).json(t, &tx)
	ta.do("PUT", cfgPath+"/backends/be_tx?transaction_id="+tx.ID, dataplane.Backend{Name: "be_tx", Mode: "tcp"}).expect(t, 202)
	ta.do("PUT", cfgPath+"/backends/be_tx?version=2", dataplane.Backend{Name: "be_tx", Mode: "http"}).expect(t, 202)
	ta.do("PUT", "/v3/services/haproxy/transactions/"+tx.ID, nil).expect(t, 406)
	ta.do("GET", "/v3/services/haproxy/transactions/"+tx.ID, nil).expect(t, 200).json(t, &tx)
	if tx.Status != "outdated" {
		t.Fatalf("status %q", tx.Status)
	}
	ta.do("DELETE", "/v3/services/haproxy/transactions/"+tx.ID, nil).expect(t, 204)
	var list []dataplane.Transaction
	ta.do("GET", "/v3/services/haproxy/transactions", nil).expect(t, 200).json(t, &list)
	if len(list) != 0 {
		t.Fatalf("transactions left: %+v", list)
	}
	for i := range 20 {
		ta.do("POST", "/v3/services/haproxy/transactions?version=3", nil).expect(t, 201)
		_ = i
	}
	ta.do("POST", "/v3/services/haproxy/transactions?version=3", nil).expect(t, 429)
}

func TestRawConfiguration(t *testing.T) {
	ta := startAgent(t, baseConfig(freePorts(t, 1)[0]))
	r := ta.do("GET", cfgPath+"/raw", nil).expect(t, 200)
	if string(r.body) != ta.file() || !strings.HasPrefix(r.header.Get("Content-Type"), "text/plain") {
		t.Fatalf("raw GET: %q %v", r.body, r.header)
	}
	edited := ta.file() + "\n# added through the raw endpoint\nbackend be_raw\n    balance first\n"
	ta.doAs(testUser, testPassword, "POST", cfgPath+"/raw?version=1&only_validate=true", edited, "text/plain").expect(t, 202)
	if strings.Contains(ta.file(), "be_raw") {
		t.Fatal("only_validate wrote the file")
	}
	ta.doAs(testUser, testPassword, "POST", cfgPath+"/raw?version=1", edited, "text/plain").expect(t, 202)
	if ta.file() != edited {
		t.Fatalf("file after raw POST:\n%s", ta.file())
	}
	ta.doAs(testUser, testPassword, "POST", cfgPath+"/raw?version=2", edited+"    bogus-keyword\n", "text/plain").expect(t, 400)
}

func TestListsEndpoints(t *testing.T) {
	ta := startAgent(t, baseConfig(freePorts(t, 1)[0]))
	acls := []dataplane.ACL{{ACLName: "is_api", Criterion: "path_beg", Value: "/api"}, {ACLName: "is_static", Criterion: "path_end", Value: ".css .js"}, {ACLName: "is_api", Criterion: "hdr(host)", Value: "-i api.example.com"}}
	ta.do("PUT", cfgPath+"/frontends/fe_main/acls?version=1", acls).expect(t, 202)
	var got []dataplane.ACL
	ta.do("GET", cfgPath+"/frontends/fe_main/acls", nil).expect(t, 200).json(t, &got)
	if !reflect.DeepEqual(got, acls) {
		t.Fatalf("acls %+v", got)
	}
	ta.do("GET", cfgPath+"/frontends/fe_main/acls?acl_name=is_api", nil).expect(t, 200).json(t, &got)
	if len(got) != 2 {
		t.Fatalf("filtered acls %+v", got)
	}
	ta.do("POST", cfgPath+"/frontends/fe_main/acls/1?version=2", dataplane.ACL{ACLName: "is_img", Criterion: "path_end", Value: ".png"}).expect(t, 202)
	var one dataplane.ACL
	ta.do("GET", cfgPath+"/frontends/fe_main/acls/1", nil).expect(t, 200).json(t, &one)
	if one.ACLName != "is_img" {
		t.Fatalf("acl 1 = %+v", one)
	}
	ta.do("DELETE", cfgPath+"/frontends/fe_main/acls/0?version=3", nil).expect(t, 202)

	rules := []dataplane.HTTPRequestRule{
		{Type: "deny", DenyStatus: ptr[int64](403), Cond: "unless", CondTest: "is_api"},
		{Type: "set-header", HdrName: "X-Via", HdrFormat: `"agent test"`},
		{Type: "redirect", RedirType: "scheme", RedirValue: "https", RedirCode: ptr[int64](301), Cond: "if", CondTest: "{ hdr(host) -i secure.example.com }"},
	}
	ta.do("PUT", cfgPath+"/frontends/fe_main/http_request_rules?version=4", rules).expect(t, 202)
	var gotRules []dataplane.HTTPRequestRule
	ta.do("GET", cfgPath+"/frontends/fe_main/http_request_rules", nil).expect(t, 200).json(t, &gotRules)
	if !reflect.DeepEqual(gotRules, rules) {
		t.Fatalf("rules:\n got %+v\nwant %+v", gotRules, rules)
	}
	ta.do("POST", cfgPath+"/backends?version=5", dataplane.Backend{Name: "be_api"}).expect(t, 202)
	sw := []dataplane.BackendSwitchingRule{{Name: "be_api", Cond: "if", CondTest: "is_api"}}
	ta.do("PUT", cfgPath+"/frontends/fe_main/backend_switching_rules?version=6", sw).expect(t, 202)
	var gotSw []dataplane.BackendSwitchingRule
	ta.do("GET", cfgPath+"/frontends/fe_main/backend_switching_rules", nil).expect(t, 200).json(t, &gotSw)
	if !reflect.DeepEqual(gotSw, sw) {
		t.Fatalf("switching rules %+v", gotSw)
	}
	ta.do("GET", cfgPath+"/backends/be_app/backend_switching_rules", nil).expect(t, 404)
	ta.do("PUT", cfgPath+"/frontends/fe_main/binds/main?version=7", dataplane.Bind{Name: "main", Address: "127.0.0.1", Port: ptr[int64](int64(freePorts(t, 1)[0])), Maxconn: ptr[int64](100)}).expect(t, 202)
	var binds []dataplane.Bind
	ta.do("GET", cfgPath+"/frontends/fe_main/binds", nil).expect(t, 200).json(t, &binds)
	if len(binds) != 1 || *binds[0].Maxconn != 100 {
		t.Fatalf("binds %+v", binds)
	}
	var unnamed dataplane.Bind
	ta.do("POST", cfgPath+"/frontends/fe_main/binds?version=8", dataplane.Bind{Address: "127.0.0.1", Port: ptr[int64](int64(freePorts(t, 1)[0]))}).expect(t, 202).json(t, &unnamed)
	if r := ta.waitReload(ta.do("DELETE", cfgPath+"/frontends/fe_main/acls/0?version=9", nil).expect(t, 202).header.Get("Reload-ID")); r != "succeeded" {
		t.Fatalf("reload %s", r)
	}
}

func TestDryRun(t *testing.T) {
	ta := startAgent(t, baseConfig(freePorts(t, 1)[0]))
	before := ta.file()
	bad := dataplane.HTTPRequestRule{Type: "deny", Cond: "if", CondTest: "no_such_acl"}
	r := ta.do("POST", cfgPath+"/frontends/fe_main/http_request_rules/0?version=1&dry_run=true", bad).expect(t, 400)
	if !strings.Contains(string(r.body), "no_such_acl") {
		t.Fatalf("dry run error does not carry HAProxy's message: %s", r.body)
	}
	ta.do("POST", cfgPath+"/frontends/fe_main/http_request_rules/0?version=1&dry_run=true", dataplane.HTTPRequestRule{Type: "allow"}).expect(t, 200)
	if ta.file() != before || ta.version() != 1 {
		t.Fatal("dry runs changed the file")
	}
	var tx dataplane.Transaction
	ta.do("POST", "/v3/services/haproxy/transactions?version=1", nil).expect(t, 201).json(t, &tx)
	ta.do("POST", cfgPath+"/frontends/fe_main/http_request_rules/0?transaction_id="+tx.ID, bad).expect(t, 202)
	ta.do("PUT", "/v3/services/haproxy/transactions/"+tx.ID+"?dry_run=true", nil).expect(t, 400)
	if ta.file() != before {
		t.Fatal("a dry-run commit changed the file")
	}
}

func TestReloadFailureRestoresLastAccepted(t *testing.T) {
	ports := freePorts(t, 2)
	ta := startAgent(t, baseConfig(ports[0]))
	// A port something else holds passes haproxy -c but fails the reload.
	busy := upstream(t, "busy", 0)
	r := ta.do("POST", cfgPath+"/frontends/fe_main/binds?version=1", dataplane.Bind{Name: "busy", Address: "127.0.0.1", Port: ptr[int64](int64(busy))}).expect(t, 202)
	if status := ta.waitReload(r.header.Get("Reload-ID")); status != "failed" {
		t.Fatalf("reload with a busy port: %s", status)
	}
	var rl dataplane.Reload
	ta.do("GET", "/v3/services/haproxy/reloads/"+r.header.Get("Reload-ID"), nil).json(t, &rl)
	if !strings.Contains(rl.Response, "restored") {
		t.Fatalf("reload response %q", rl.Response)
	}
	// The reload is reported once HAProxy runs the restored file again.
	if strings.Contains(ta.file(), "busy") {
		t.Fatalf("the last accepted config was not restored:\n%s", ta.file())
	}
	var health dataplane.Health
	ta.do("GET", "/v3/health", nil).json(t, &health)
	if health.HAProxy != "up" {
		t.Fatalf("haproxy %s after a failed reload: %s", health.HAProxy, rl.Response)
	}
}

func ptr[T any](v T) *T { return &v }

// TestLongestNames: names of MaxNameLength characters are written, and HAProxy
// runs them (it has no limit of its own; the agent's is for the runtime API,
// logs and stats); one more character is 422 naming the field.
func TestLongestNames(t *testing.T) {
	ta := startAgent(t, baseConfig(freePorts(t, 1)[0]))
	be, srv := strings.Repeat("b", haproxycfg.MaxNameLength), strings.Repeat("s", haproxycfg.MaxNameLength)
	r := ta.do("POST", cfgPath+"/backends?version=1", dataplane.Backend{Name: be}).expect(t, 202)
	if s := ta.waitReload(r.header.Get("Reload-ID")); s != "succeeded" {
		t.Fatalf("reload %s", s)
	}
	r = ta.do("POST", cfgPath+"/backends/"+be+"/servers?version=2", dataplane.Server{Name: srv, Address: "127.0.0.1", Port: ptr[int64](9)})
	if r.status == 202 {
		ta.waitReload(r.header.Get("Reload-ID"))
	} else {
		r.expect(t, 201) // through the runtime API
	}
	ta.do("GET", "/v3/services/haproxy/runtime/backends/"+be+"/servers/"+srv, nil).expect(t, 200)
	r = ta.do("POST", cfgPath+"/backends/"+be+"/servers?version=3", dataplane.Server{Name: srv + "s", Address: "127.0.0.1", Port: ptr[int64](9)}).expect(t, 422)
	if !strings.Contains(string(r.body), "name: 256 bytes long, the maximum is 255") {
		t.Fatalf("too long a server name: %s", r.body)
	}
}
