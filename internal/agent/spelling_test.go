package agent

import (
	"fmt"
	"io"
	"net/http"
	"reflect"
	"strings"
	"testing"

	"github.com/tfhaproxy/terraform-provider-haproxy/internal/dataplane"
)

// TestValuesAreSpelledOverHTTP serves values in HAProxy's spelling, as the
// official Data Plane API does: the quickstart's status line reads as its quoted,
// escaped word; written back unchanged it leaves the file as it was; a spelled
// value written through the API is served by HAProxy as HAProxy reads it; and a
// value that would change what its line means is refused with 422 naming its
// field, for writes and dry runs alike, leaving the file as it was.
func TestValuesAreSpelledOverHTTP(t *testing.T) {
	ports := freePorts(t, 2)
	ta := startAgent(t, baseConfig(ports[0])+fmt.Sprintf(`
frontend fe_status
    bind 127.0.0.1:%d
    acl is_up path "/up" '/status page'
    http-request return status 200 content-type text/plain string "haproxy is up\n" if is_up
`, ports[1]))
	before := ta.file()

	var rules []dataplane.HTTPRequestRule
	ta.do("GET", cfgPath+"/frontends/fe_status/http_request_rules", nil).expect(t, 200).json(t, &rules)
	if len(rules) != 1 || rules[0].ReturnContent != `"haproxy is up\n"` {
		t.Fatalf("rules %+v, want return_content %s", rules, `"haproxy is up\n"`)
	}
	var acls []dataplane.ACL
	ta.do("GET", cfgPath+"/frontends/fe_status/acls", nil).expect(t, 200).json(t, &acls)
	if len(acls) != 1 || acls[0].Value != `"/up" '/status page'` {
		t.Fatalf("acls %+v", acls)
	}
	ta.do("PUT", cfgPath+"/frontends/fe_status/http_request_rules?version=1", rules).expect(t, 202)
	ta.do("PUT", cfgPath+"/frontends/fe_status/acls?version=2", acls).expect(t, 202)
	if ta.file() != before {
		t.Fatalf("writing back what was read changed the file:\n%s", ta.file())
	}

	bad := map[string]dataplane.HTTPRequestRule{
		"redir_option": {Type: "redirect", RedirType: "location", RedirValue: "/hidden", RedirOption: "drop-query #", Cond: "if", CondTest: "FALSE"},
		"hdr_format":   {Type: "set-header", HdrName: "X-A", HdrFormat: "two words"},
		"cond_test":    {Type: "deny", Cond: "if", CondTest: "FALSE # TRUE"},
	}
	v := ta.version()
	for field, rule := range bad {
		for _, query := range []string{"", "&dry_run=true"} {
			r := ta.do("POST", fmt.Sprintf("%s/frontends/fe_status/http_request_rules/0?version=%d%s", cfgPath, v, query), rule).expect(t, 422)
			if !strings.Contains(string(r.body), "http-request[0]."+field+": ") {
				t.Errorf("%s%s: the error does not name the field: %s", field, query, r.body)
			}
		}
	}
	if ta.file() != before {
		t.Fatalf("refused writes changed the file:\n%s", ta.file())
	}

	spelled := `"a b\n\t\"q\" \\ \x41 # not a comment"`
	rule := dataplane.HTTPRequestRule{Type: "return", ReturnStatusCode: ptr[int64](200), ReturnContentType: "text/plain",
		ReturnContentFormat: "string", ReturnContent: spelled, Cond: "if", CondTest: `{ path "/spelled" }`}
	r := ta.do("POST", fmt.Sprintf("%s/frontends/fe_status/http_request_rules/0?version=%d", cfgPath, v), rule).expect(t, 202)
	if !strings.Contains(ta.file(), "string "+spelled+` if { path "/spelled" }`) {
		t.Fatalf("the value is not written as spelled:\n%s", ta.file())
	}
	var got dataplane.HTTPRequestRule
	ta.do("GET", cfgPath+"/frontends/fe_status/http_request_rules/0", nil).expect(t, 200).json(t, &got)
	if !reflect.DeepEqual(got, rule) {
		t.Fatalf("read back %+v, want %+v", got, rule)
	}
	if status := ta.waitReload(r.header.Get("Reload-ID")); status != "succeeded" {
		t.Fatalf("reload: %s", status)
	}
	resp, err := http.Get(fmt.Sprintf("http://127.0.0.1:%d/spelled", ports[1]))
	if err != nil {
		t.Fatal(err)
	}
	defer resp.Body.Close()
	body, _ := io.ReadAll(resp.Body)
	if want := "a b\n\t\"q\" \\ A # not a comment"; string(body) != want {
		t.Fatalf("HAProxy serves %q, want %q", body, want)
	}
}
