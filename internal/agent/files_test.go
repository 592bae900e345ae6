package agent

import (
	"fmt"
	"io"
	"net/http"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/tfhaproxy/terraform-provider-haproxy/internal/dataplane"
	"github.com/tfhaproxy/terraform-provider-haproxy/internal/filedirs"
)

// secretLine stands for a line of /etc/shadow: what a client must never read
// back through HAProxy's messages.
const secretLine = "root:TOPSECRETHASH:19000:0:99999:7:::"

// TestFilesAreNotAnOracle: a value naming a file outside the agent's
// directories is 422 naming the field, for writes, dry runs, list replaces,
// transactions and the runtime API, and nothing is written; no answer quotes the
// file, even when HAProxy itself reads it (a handwritten line, a raw check);
// files inside the directories work end to end; the operator's own lines naming
// files elsewhere keep working.
func TestFilesAreNotAnOracle(t *testing.T) {
	outside := t.TempDir()
	secret, allowlist := filepath.Join(outside, "shadow"), filepath.Join(outside, "allowlist")
	writeFile(t, secret, secretLine+"\n")
	writeFile(t, allowlist, "10.9.9.9\n")
	ports := freePorts(t, 2)
	ta := startAgent(t, baseConfig(ports[0])+fmt.Sprintf(`
frontend fe_files
    bind 127.0.0.1:%d
    acl operator src -f %s
    http-request deny if operator
    default_backend be_app
`, ports[1], allowlist))
	dir := filepath.Dir(ta.config)
	maps, general := filepath.Join(dir, "maps"), filepath.Join(dir, "general")
	for _, d := range []string{maps, general} {
		if err := os.MkdirAll(d, 0o700); err != nil {
			t.Fatal(err)
		}
	}
	var answers []response
	check := func(r response) response { answers = append(answers, r); return r }

	before, v := ta.file(), ta.version()
	acls, rules := cfgPath+"/frontends/fe_files/acls", cfgPath+"/frontends/fe_files/http_request_rules"
	leak := dataplane.ACL{ACLName: "leak", Criterion: "src", Value: "-f " + secret}
	tx := struct{ ID string }{}
	ta.do("POST", fmt.Sprintf("/v3/services/haproxy/transactions?version=%d", v), nil).expect(t, 201).json(t, &tx)
	refused := []struct {
		method, path, field string
		body                any
	}{
		{"POST", fmt.Sprintf("%s/0?version=%d", acls, v), "acl[0].value", leak},
		{"POST", fmt.Sprintf("%s/0?version=%d&dry_run=true", acls, v), "acl[0].value", leak},
		{"POST", fmt.Sprintf("%s/0?transaction_id=%s", acls, tx.ID), "acl[0].value", leak},
		{"PUT", fmt.Sprintf("%s?version=%d", acls, v), "acl[1].value", []dataplane.ACL{{ACLName: "operator", Criterion: "src", Value: "-f " + allowlist}, leak}},
		{"POST", fmt.Sprintf("%s/0?version=%d&dry_run=true", acls, v), "acl[0].value",
			dataplane.ACL{ACLName: "rel", Criterion: "src", Value: "-f ../" + filepath.Base(outside) + "/shadow"}},
		{"POST", fmt.Sprintf("%s/0?version=%d&dry_run=true", acls, v), "acl[0].value",
			dataplane.ACL{ACLName: "dots", Criterion: "src", Value: "-f " + maps + "/../../" + filepath.Base(outside) + "/shadow"}},
		{"POST", fmt.Sprintf("%s/0?version=%d", rules, v), "http-request[0].return_content",
			dataplane.HTTPRequestRule{Type: "return", ReturnStatusCode: ptr[int64](200), ReturnContentType: "text/plain",
				ReturnContentFormat: "file", ReturnContent: secret, Cond: "if", CondTest: "{ path /leak }"}},
		{"POST", fmt.Sprintf("%s/0?version=%d&dry_run=true", rules, v), "http-request[0].hdr_format",
			dataplane.HTTPRequestRule{Type: "set-header", HdrName: "X-Leak", HdrFormat: "%[src,map_ip(" + secret + ")]"}},
		{"POST", fmt.Sprintf("%s/frontends/fe_files/binds?version=%d", cfgPath, v), "ssl_certificate",
			dataplane.Bind{Name: "tls", Address: "127.0.0.1", Port: ptr[int64](int64(ports[0])), SSL: true, SSLCertificate: secret}},
		{"POST", fmt.Sprintf("%s/frontends/fe_files/binds?version=%d", cfgPath, v), "address",
			dataplane.Bind{Name: "sock", Address: secret}}, // HAProxy would replace the file with its socket
		{"POST", fmt.Sprintf("%s/backends/be_app/servers?version=%d", cfgPath, v), "ssl_cafile",
			dataplane.Server{Name: "s9", Address: "127.0.0.1", Port: ptr[int64](1), ServerParams: dataplane.ServerParams{SSL: "enabled", SSLCafile: secret}}},
		{"POST", fmt.Sprintf("%s/backends?version=%d", cfgPath, v), "server_state_file_name", // HAProxy loads it in `haproxy -c`
			dataplane.Backend{Name: "be_state", BackendOwn: dataplane.BackendOwn{ServerStateFileName: secret}}},
		{"POST", "/v3/services/haproxy/runtime/backends/be_app/servers", "ssl_cafile",
			dataplane.Server{Name: "s9", Address: "127.0.0.1", Port: ptr[int64](1), ServerParams: dataplane.ServerParams{SSL: "enabled", SSLCafile: secret}}},
	}
	for _, tc := range refused {
		r := check(ta.do(tc.method, tc.path, tc.body).expect(t, 422))
		if !strings.Contains(string(r.body), tc.field+": ") || !strings.Contains(string(r.body), "outside the directories") && !strings.Contains(string(r.body), "relative") {
			t.Errorf("%s %s: the error does not name %s and say why: %s", tc.method, tc.path, tc.field, r.body)
		}
	}
	ta.do("DELETE", "/v3/services/haproxy/transactions/"+tx.ID, nil).expect(t, 204)
	if ta.file() != before || ta.version() != v {
		t.Fatalf("refused writes changed the file (version %d, was %d):\n%s", ta.version(), v, ta.file())
	}
	if _, err := os.Stat(secret); err != nil {
		t.Fatal(err)
	}

	// Inside the directories, the same kinds of values work end to end.
	writeFile(t, filepath.Join(maps, "blocked.lst"), "127.0.0.1\n")
	writeFile(t, filepath.Join(general, "hello.txt"), "hello from a file\n")
	items := []dataplane.ACL{{ACLName: "operator", Criterion: "src", Value: "-f " + allowlist}, {ACLName: "blocked", Criterion: "src", Value: "-f " + maps + "/blocked.lst"}}
	r := check(ta.do("PUT", fmt.Sprintf("%s?version=%d", acls, v), items).expect(t, 202))
	ta.waitReload(r.header.Get("Reload-ID"))
	r = check(ta.do("PUT", fmt.Sprintf("%s?version=%d", rules, ta.version()), []dataplane.HTTPRequestRule{
		{Type: "deny", Cond: "if", CondTest: "operator"},
		{Type: "return", ReturnStatusCode: ptr[int64](200), ReturnContentType: "text/plain", ReturnContentFormat: "file",
			ReturnContent: general + "/hello.txt", Cond: "if", CondTest: "{ path /hello }"},
		{Type: "deny", DenyStatus: ptr[int64](403), Cond: "if", CondTest: "blocked"},
	}).expect(t, 202))
	if status := ta.waitReload(r.header.Get("Reload-ID")); status != "succeeded" {
		t.Fatalf("reload %s", status)
	}
	for path, want := range map[string]string{"/hello": "200 hello from a file\n", "/other": "403 "} {
		resp, err := http.Get(fmt.Sprintf("http://127.0.0.1:%d%s", ports[1], path))
		if err != nil {
			t.Fatal(err)
		}
		body, _ := io.ReadAll(resp.Body)
		resp.Body.Close()
		if got := fmt.Sprintf("%d %s", resp.StatusCode, body); !strings.HasPrefix(got, want) {
			t.Errorf("GET %s: %q, want %q", path, got, want)
		}
	}
	if !strings.Contains(ta.file(), "acl operator src -f "+allowlist+"\n") {
		t.Errorf("the operator's line changed:\n%s", ta.file())
	}

	// HAProxy reads the operator's file anew at each check: once it holds a
	// secret, its alert about it is withheld from any write's answer. A raw
	// check naming a file outside is answered the same way.
	writeFile(t, allowlist, secretLine+"\n")
	r = check(ta.do("POST", fmt.Sprintf("%s/backends?version=%d", cfgPath, ta.version()), dataplane.Backend{Name: "be_other"}).expect(t, 400))
	if !strings.Contains(string(r.body), filedirs.Withheld) {
		t.Errorf("the alert about the operator's file was not withheld: %s", r.body)
	}
	raw := strings.Replace(ta.file(), "-f "+allowlist, "-f "+secret, 1)
	r = check(ta.doAs(testUser, testPassword, "POST", fmt.Sprintf("%s/raw?version=%d&only_validate=true", cfgPath, ta.version()), raw, "text/plain").expect(t, 400))
	if !strings.Contains(string(r.body), filedirs.Withheld) {
		t.Errorf("the raw check's alert was not withheld: %s", r.body)
	}
	for _, a := range answers {
		if strings.Contains(string(a.body), "TOPSECRET") {
			t.Errorf("%s %s quotes the secret file: %s", a.request.Method, a.request.URL, a.body)
		}
	}
}

func writeFile(t *testing.T, path, content string) {
	t.Helper()
	if err := os.WriteFile(path, []byte(content), 0o600); err != nil {
		t.Fatal(err)
	}
}
