package agent

import (
	"fmt"
	"io"
	"net/http"
	"strings"
	"testing"

	"github.com/tfhaproxy/terraform-provider-haproxy/internal/dataplane"
)

// TestEnvironmentIsNotReadable: no value from the API makes HAProxy read the
// agent's environment. A double-quoted ${VAR} is refused with 422 naming the
// field, for writes and dry runs, and nothing is written; single-quoted and
// escaped references are written and served as written; the operator's own
// references stay and keep working; and no answer shows the environment.
func TestEnvironmentIsNotReadable(t *testing.T) {
	const secret = "s3cret-from-the-agents-environment"
	t.Setenv("TFH_TEST_SECRET", secret) // HAProxy and its checks inherit it
	ports := freePorts(t, 2)
	ta := startAgent(t, baseConfig(ports[0])+fmt.Sprintf(`
frontend fe_env
    bind 127.0.0.1:%d
    acl from_env hdr(x-secret) -m str "${TFH_TEST_SECRET}"
    http-request return status 200 content-type text/plain string "${TFH_TEST_SECRET}" if { path /operator }
    default_backend be_app
`, ports[1]))
	get := func(path string) (string, string) {
		t.Helper()
		resp, err := http.Get(fmt.Sprintf("http://127.0.0.1:%d%s", ports[1], path))
		if err != nil {
			t.Fatal(err)
		}
		defer resp.Body.Close()
		body, _ := io.ReadAll(resp.Body)
		return resp.Header.Get("Content-Type"), string(body)
	}
	var bodies []response
	check := func(r response) response { bodies = append(bodies, r); return r }

	before := ta.file()
	v := ta.version()
	rules := cfgPath + "/frontends/fe_env/http_request_rules"
	leak := dataplane.HTTPRequestRule{Type: "return", ReturnStatusCode: ptr[int64](200),
		ReturnContentType: `"text/plain; secret=${TFH_TEST_SECRET}"`, ReturnContentFormat: "string", ReturnContent: "x",
		Cond: "if", CondTest: "{ path /leak }"}
	refused := []struct {
		method, path, field string
		body                any
	}{
		{"POST", fmt.Sprintf("%s/0?version=%d", rules, v), "http-request[0].return_content_type", leak},
		{"POST", fmt.Sprintf("%s/0?version=%d&dry_run=true", rules, v), "http-request[0].return_content_type", leak},
		{"POST", fmt.Sprintf("%s/frontends/fe_env/backend_switching_rules/0?version=%d", cfgPath, v), "use_backend[0].name",
			dataplane.BackendSwitchingRule{Name: `"${TFH_TEST_SECRET}"`, Cond: "if", CondTest: "TRUE"}},
		{"POST", fmt.Sprintf("%s/frontends/fe_env/binds?version=%d", cfgPath, v), "name",
			dataplane.Bind{Name: `"${TFH_TEST_SECRET}"`, Address: "127.0.0.1", Port: ptr[int64](int64(ports[0]))}},
		{"POST", fmt.Sprintf("%s/backends/be_app/servers?version=%d", cfgPath, v), "address",
			dataplane.Server{Name: "s9", Address: "${TFH_TEST_SECRET}", Port: ptr[int64](80)}},
		{"PUT", fmt.Sprintf("%s/backends/be_app?version=%d", cfgPath, v), "description",
			dataplane.Backend{Name: "be_app", Description: `"${TFH_TEST_SECRET}"`}},
	}
	for _, tc := range refused {
		r := check(ta.do(tc.method, tc.path, tc.body).expect(t, 422))
		if !strings.Contains(string(r.body), tc.field+": ") || !strings.Contains(string(r.body), "environment") {
			t.Errorf("%s %s: the error does not name %s and say why: %s", tc.method, tc.path, tc.field, r.body)
		}
	}
	// Names are HAProxy's name characters: a '$' is refused before HAProxy sees it.
	check(ta.do("POST", fmt.Sprintf("%s/backends?version=%d", cfgPath, v), dataplane.Backend{Name: "${TFH_TEST_SECRET}"}).expect(t, 400))
	if ta.file() != before {
		t.Fatalf("refused writes changed the file:\n%s", ta.file())
	}

	// Escaped or single-quoted, the reference is text, served as written.
	keep := []dataplane.HTTPRequestRule{
		{Type: "return", ReturnStatusCode: ptr[int64](200), ReturnContentType: `"text/plain; v=\${TFH_TEST_SECRET}"`,
			ReturnContentFormat: "string", ReturnContent: `'${TFH_TEST_SECRET}'`, Cond: "if", CondTest: "{ path /single }"},
		{Type: "return", ReturnStatusCode: ptr[int64](200), ReturnContentType: "text/plain",
			ReturnContentFormat: "string", ReturnContent: `"\${TFH_TEST_SECRET}"`, Cond: "if", CondTest: "{ path /escaped }"},
	}
	var r response
	for i, rule := range keep {
		r = check(ta.do("POST", fmt.Sprintf("%s/%d?version=%d", rules, i, v+int64(i)), rule).expect(t, 202))
	}
	// A list written whole keeps the operator's line as it is.
	var acls []dataplane.ACL
	ta.do("GET", cfgPath+"/frontends/fe_env/acls", nil).expect(t, 200).json(t, &acls)
	acls = append(acls, dataplane.ACL{ACLName: "literal", Criterion: "hdr(x-v)", Value: `-m str '${TFH_TEST_SECRET}'`})
	r = check(ta.do("PUT", fmt.Sprintf("%s/frontends/fe_env/acls?version=%d", cfgPath, v+2), acls).expect(t, 202))
	if status := ta.waitReload(r.header.Get("Reload-ID")); status != "succeeded" {
		t.Fatalf("reload: %s", status)
	}
	for _, line := range []string{`acl from_env hdr(x-secret) -m str "${TFH_TEST_SECRET}"`, `string "${TFH_TEST_SECRET}" if { path /operator }`} {
		if !strings.Contains(ta.file(), line) {
			t.Errorf("the operator's line %q is gone:\n%s", line, ta.file())
		}
	}
	if ct, body := get("/single"); ct != "text/plain; v=${TFH_TEST_SECRET}" || body != "${TFH_TEST_SECRET}" {
		t.Errorf("single quotes: served %q, %q", ct, body)
	}
	if _, body := get("/escaped"); body != "${TFH_TEST_SECRET}" {
		t.Errorf("escaped: served %q", body)
	}
	if _, body := get("/operator"); body != secret {
		t.Errorf("the operator's reference: served %q, want the variable's value", body)
	}

	for _, r := range bodies {
		if strings.Contains(string(r.body), secret) {
			t.Errorf("%s %s answers with the environment: %s", r.request.Method, r.request.URL, r.body)
		}
	}
}
