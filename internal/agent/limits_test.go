package agent

import (
	"fmt"
	"reflect"
	"strings"
	"testing"

	"github.com/tfhaproxy/terraform-provider-haproxy/internal/dataplane"
	"github.com/tfhaproxy/terraform-provider-haproxy/internal/haproxycfg"
)

// TestListLimits: over HTTP with a real HAProxy, a list at MaxListItems is
// replaced, dry run and for real, and replaced again with changes; one item more
// is 413 and a value that makes a line longer than MaxLineBytes is 422 naming the
// item, both in the Data Plane API's error body, with nothing written.
func TestListLimits(t *testing.T) {
	ta := startAgent(t, baseConfig(freePorts(t, 1)[0]))
	acls := func(n int, value string) []dataplane.ACL {
		out := make([]dataplane.ACL, n)
		for i := range out {
			out[i] = dataplane.ACL{ACLName: fmt.Sprint("a", i), Criterion: "path_beg", Value: fmt.Sprintf("/%s%d", value, i)}
		}
		return out
	}
	path := cfgPath + "/frontends/fe_main/acls"

	ta.do("PUT", path+"?version=1&dry_run=true", acls(haproxycfg.MaxListItems, "p")).expect(t, 200)
	ta.do("PUT", path+"?version=1", acls(haproxycfg.MaxListItems, "p")).expect(t, 202)
	changed := acls(haproxycfg.MaxListItems, "p")
	for i := 0; i < len(changed); i += 10 {
		changed[i].Value = fmt.Sprint("/changed", i)
	}
	ta.do("PUT", fmt.Sprintf("%s?version=%d", path, ta.version()), changed).expect(t, 202)
	var got []dataplane.ACL
	ta.do("GET", path, nil).expect(t, 200).json(t, &got)
	if len(got) != haproxycfg.MaxListItems || !reflect.DeepEqual(got[10:12], changed[10:12]) {
		t.Fatalf("after the replaces: %d ACLs, [10] %+v, [11] %+v", len(got), got[10], got[11])
	}

	file, version := ta.file(), ta.version()
	refused := func(method, path string, body any, status int, message string) {
		t.Helper()
		for _, query := range []string{"", "&dry_run=true"} {
			r := ta.do(method, fmt.Sprintf("%s?version=%d%s", path, version, query), body).expect(t, status)
			var e errorBody
			r.json(t, &e)
			if e.Code != status || !strings.Contains(e.Message, message) {
				t.Fatalf("%s %s: error body %+v, want code %d and %q", method, path, e, status, message)
			}
		}
		if ta.file() != file || ta.version() != version {
			t.Fatalf("%s %s: a refused write changed the config", method, path)
		}
	}
	refused("PUT", path, acls(haproxycfg.MaxListItems+1, "p"), 413, fmt.Sprintf("%d items in one list, the limit is %d", haproxycfg.MaxListItems+1, haproxycfg.MaxListItems))
	long := dataplane.ACL{ACLName: "long", Criterion: "path_beg", Value: strings.Repeat("x", haproxycfg.MaxLineBytes)}
	refused("PUT", path, append(got[:3:3], long), 422, "acl[3] would be a line of")
	refused("POST", path+"/5", long, 422, "acl[5] would be a line of")
	refused("PUT", cfgPath+"/frontends/fe_main/http_request_rules", []dataplane.HTTPRequestRule{{Type: "deny", Cond: "if", CondTest: strings.Repeat("x", haproxycfg.MaxLineBytes)}},
		422, "http-request[0] would be a line of")
}
