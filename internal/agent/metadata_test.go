package agent

import (
	"encoding/json"
	"fmt"
	"os/exec"
	"strings"
	"testing"
)

// TestMetadataOverHTTP, against a real HAProxy: metadata POSTed or PUT on every
// kind of object reads back equal, stands in the file as the comment of the
// object's line, and `haproxy -c` passes; a write without metadata keeps a
// handwritten comment, and {} removes it.
func TestMetadataOverHTTP(t *testing.T) {
	ports := freePorts(t, 3)
	cfg := strings.Replace(baseConfig(ports[0]), "frontend fe_main\n", "frontend fe_main # {\"owner\":\"web\"}\n", 1) +
		fmt.Sprintf("    server s1 127.0.0.1:%d check   #primary\n", ports[1])
	ta := startAgent(t, cfg)
	written := func(r response) {
		t.Helper()
		if r.status != 200 && r.status != 201 && r.status != 202 {
			t.Fatalf("%s %s: %d %s", r.request.Method, r.request.URL, r.status, r.body)
		}
		if id := r.header.Get("Reload-ID"); id != "" {
			if s := ta.waitReload(id); s != "succeeded" {
				t.Fatalf("reload %s: %s", id, s)
			}
		}
	}
	metadataOf := func(path string) string {
		t.Helper()
		var got struct{ Metadata json.RawMessage }
		ta.do("GET", cfgPath+path, nil).expect(t, 200).json(t, &got)
		return string(got.Metadata)
	}

	// Handwritten comments read as metadata.
	if got := metadataOf("/backends/be_app/servers/s1"); got != `{"comment":"primary"}` {
		t.Errorf("handwritten server comment: %s", got)
	}
	if got := metadataOf("/frontends/fe_main"); got != `{"owner":"web"}` {
		t.Errorf("handwritten frontend comment: %s", got)
	}

	// Every kind written with metadata: read back equal, the comment in the file.
	meta := `{"comment":"two\nlines","n":1.50,"owner":"team \u003cops\u003e"}`
	inFile := `# {"comment":"two\nlines","n":1.50,"owner":"team <ops>"}`
	v := func() string { return fmt.Sprintf("?version=%d", ta.version()) }
	written(ta.do("POST", cfgPath+"/backends"+v(), `{"name":"be_meta","metadata":{"comment":"made by the API"},`+
		`"stick_table":{"type":"ip","size":1024,"metadata":{"comment":"table"}},"errorloc302":{"code":503,"url":"/down","metadata":{"comment":"moved"}}}`))
	written(ta.do("POST", cfgPath+"/backends/be_meta/servers"+v(), fmt.Sprintf(`{"name":"s2","address":"127.0.0.1","port":%d,"metadata":%s}`, ports[2], meta)))
	written(ta.do("POST", cfgPath+"/frontends/fe_main/binds"+v(), fmt.Sprintf(`{"name":"b2","address":"127.0.0.1","port":%d,"metadata":%s}`, freePorts(t, 1)[0], meta)))
	written(ta.do("PUT", cfgPath+"/frontends/fe_main/acls"+v(), fmt.Sprintf(`[{"acl_name":"is_api","criterion":"path_beg","value":"/api","metadata":%s},`+
		`{"acl_name":"is_x","criterion":"path_beg","value":"/x","metadata":{"comment":"plain"}}]`, meta)))
	written(ta.do("PUT", cfgPath+"/frontends/fe_main/http_request_rules"+v(), fmt.Sprintf(`[{"type":"deny","cond":"if","cond_test":"is_x","metadata":%s}]`, meta)))
	written(ta.do("PUT", cfgPath+"/frontends/fe_main/backend_switching_rules"+v(), fmt.Sprintf(`[{"name":"be_meta","cond":"if","cond_test":"is_api","metadata":%s}]`, meta)))
	for _, path := range []string{"/backends/be_meta/servers/s2", "/frontends/fe_main/binds/b2", "/frontends/fe_main/acls/0",
		"/frontends/fe_main/http_request_rules/0", "/frontends/fe_main/backend_switching_rules/0"} {
		if got := metadataOf(path); got != meta {
			t.Errorf("%s: metadata %s, want %s", path, got, meta)
		}
	}
	file := ta.file()
	if got := metadataOf("/backends/be_meta"); got != `{"comment":"made by the API"}` {
		t.Errorf("be_meta: metadata %s", got)
	}
	if r := ta.do("GET", cfgPath+"/backends/be_meta", nil).expect(t, 200); !strings.Contains(string(r.body), `"stick_table":{"metadata":{"comment":"table"},"size":1024,"type":"ip"}`) {
		t.Errorf("be_meta's stick table: %s", r.body)
	}
	for _, line := range []string{"\nbackend be_meta # made by the API\n", "    stick-table type ip size 1024 # table\n", "    errorloc302 503 /down # moved\n", " " + inFile + "\n", "    acl is_x path_beg /x # plain\n",
		"    http-request deny if is_x " + inFile + "\n", "    use_backend be_meta if is_api " + inFile + "\n", "\nfrontend fe_main # {\"owner\":\"web\"}\n"} {
		if !strings.Contains(file, line) {
			t.Errorf("the file lacks %q:\n%s", line, file)
		}
	}
	if n := strings.Count(file, inFile); n != 5 {
		t.Errorf("%d lines carry the metadata, want 5:\n%s", n, file)
	}

	// A write without metadata keeps the handwritten comment; {} removes it.
	written(ta.do("PUT", cfgPath+"/backends/be_app/servers/s1"+v(), fmt.Sprintf(`{"name":"s1","address":"127.0.0.1","port":%d,"check":"enabled","weight":7}`, ports[1])))
	written(ta.do("PUT", cfgPath+"/frontends/fe_main"+v(), `{"name":"fe_main","default_backend":"be_app","metadata":null}`))
	file = ta.file()
	if want := fmt.Sprintf("    server s1 127.0.0.1:%d check weight 7   #primary\n", ports[1]); !strings.Contains(file, want) {
		t.Errorf("the server's comment after a PUT without metadata: want %q in\n%s", want, file)
	}
	if !strings.Contains(file, "\nfrontend fe_main # {\"owner\":\"web\"}\n") {
		t.Errorf("the frontend's comment after a PUT with null metadata:\n%s", file)
	}
	written(ta.do("PUT", cfgPath+"/backends/be_app/servers/s1"+v(), fmt.Sprintf(`{"name":"s1","address":"127.0.0.1","port":%d,"check":"enabled","weight":7,"metadata":{}}`, ports[1])))
	if want := fmt.Sprintf("    server s1 127.0.0.1:%d check weight 7\n", ports[1]); !strings.Contains(ta.file(), want) {
		t.Errorf("{} did not remove the comment: want %q in\n%s", want, ta.file())
	}
	if got := metadataOf("/backends/be_app/servers/s1"); got != "" {
		t.Errorf("metadata after {}: %s", got)
	}

	if out, err := exec.Command("haproxy", "-c", "-f", ta.config).CombinedOutput(); err != nil {
		t.Fatalf("haproxy -c: %v\n%s", err, out)
	}
}
