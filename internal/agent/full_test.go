package agent

import (
	"encoding/json"
	"fmt"
	"net/http"
	"os/exec"
	"path/filepath"
	"reflect"
	"slices"
	"strings"
	"testing"
)

// fullConfig is baseConfig with a handwritten frontend and backend that have
// children of every kind the agent serves, and lines of kinds it does not,
// which full_section leaves alone.
func fullConfig(fe, bind1, bind2, srv1, srv2 int) string {
	return baseConfig(fe) + fmt.Sprintf(`
frontend fe_hand
    # the handwritten entry
    mode http
    bind 127.0.0.1:%d name web
    bind 127.0.0.1:%d name alt
    acl is_api path_beg /api
    acl is_admin src 10.0.0.0/8   # admins
    http-request deny if is_admin !{ src 127.0.0.1 }
    http-request set-header X-Fe hand
    http-response set-header X-Served hand
    tcp-request content accept if { src 127.0.0.1 }
    http-after-response set-header X-After hand   # after
    http-error status 503 content-type text/plain string down
    use_backend be_hand if is_api
    default_backend be_app

backend be_hand
    balance roundrobin
    acl is_get method GET
    http-request set-header X-Be hand if is_get
    tcp-request inspect-delay 5s
    http-response del-header X-Powered-By
    tcp-request content accept
    tcp-response content accept
    http-error status 400
    server s1 127.0.0.1:%d check weight 10
    server s2 127.0.0.1:%d weight 20
`, bind1, bind2, srv1, srv2)
}

// getJSON reads path's answer as generic JSON.
func (ta *testAgent) getJSON(t *testing.T, path string, v any) {
	t.Helper()
	ta.do("GET", path, nil).expect(t, 200).json(t, v)
}

// byName turns a list of named children into the official model's map.
func byName(t *testing.T, items []map[string]any) map[string]any {
	t.Helper()
	out := map[string]any{}
	for _, it := range items {
		out[it["name"].(string)] = it
	}
	return out
}

// sameJSON fails unless a and b are the same JSON value.
func sameJSON(t *testing.T, what string, a, b any) {
	t.Helper()
	norm := func(v any) any {
		raw, err := json.Marshal(v)
		if err != nil {
			t.Fatal(err)
		}
		var out any
		if err := json.Unmarshal(raw, &out); err != nil {
			t.Fatal(err)
		}
		return out
	}
	if x, y := norm(a), norm(b); !reflect.DeepEqual(x, y) {
		ja, _ := json.Marshal(x)
		jb, _ := json.Marshal(y)
		t.Errorf("%s:\n got %s\nwant %s", what, ja, jb)
	}
}

// haproxyCheck runs `haproxy -c` on the agent's file, as an operator would.
func (ta *testAgent) haproxyCheck(t *testing.T) {
	t.Helper()
	cmd := exec.Command("haproxy", "-c", "-f", ta.config)
	cmd.Dir = filepath.Dir(ta.config)
	if out, err := cmd.CombinedOutput(); err != nil {
		t.Fatalf("haproxy -c: %v\n%s\n%s", err, out, ta.file())
	}
}

// TestFullSectionReads: GET with full_section=true answers a handwritten
// section's own settings as without it, and every child of the kinds the agent
// serves equal to the child endpoints' answers; children of other kinds are
// left out, as the models carry none of them.
func TestFullSectionReads(t *testing.T) {
	p := freePorts(t, 5)
	ta := startAgent(t, fullConfig(p[0], p[1], p[2], p[3], p[4]))
	children := map[string]map[string]string{ // member: the child endpoint answering it
		"frontends/fe_hand": {"acl_list": "acls", "binds": "binds", "http_request_rule_list": "http_request_rules",
			"backend_switching_rule_list": "backend_switching_rules", "tcp_request_rule_list": "tcp_request_rules",
			"http_response_rule_list": "http_response_rules", "http_after_response_rule_list": "http_after_response_rules",
			"http_error_rule_list": "http_error_rules"},
		"backends/be_hand": {"acl_list": "acls", "servers": "servers", "http_request_rule_list": "http_request_rules",
			"tcp_request_rule_list": "tcp_request_rules", "tcp_response_rule_list": "tcp_response_rules",
			"http_error_rule_list": "http_error_rules", "http_response_rule_list": "http_response_rules"},
	}
	for section, members := range children {
		var full, own map[string]any
		ta.getJSON(t, cfgPath+"/"+section+"?full_section=true", &full)
		ta.getJSON(t, cfgPath+"/"+section, &own)
		for k, v := range own {
			sameJSON(t, section+" "+k, full[k], v)
		}
		for k := range full {
			if _, ok := own[k]; !ok && members[k] == "" {
				t.Errorf("%s?full_section=true has %q, neither an own setting nor a child the agent serves", section, k)
			}
		}
		for member, endpoint := range members {
			var items []map[string]any
			ta.getJSON(t, cfgPath+"/"+section+"/"+endpoint, &items)
			if len(items) == 0 {
				t.Fatalf("%s/%s is empty: the test's config is wrong", section, endpoint)
			}
			var want any = items
			if member == "binds" || member == "servers" {
				want = byName(t, items)
			}
			sameJSON(t, section+" "+member, full[member], want)
		}
		kind, name, _ := strings.Cut(section, "/")
		var list []map[string]any
		ta.getJSON(t, cfgPath+"/"+kind+"?full_section=true", &list)
		i := slices.IndexFunc(list, func(m map[string]any) bool { return m["name"] == name })
		if i < 0 {
			t.Fatalf("%s is not in the full list", section)
		}
		sameJSON(t, kind+"?full_section=true, "+name, list[i], full)
	}
}

// TestFullSectionCreate POSTs, each in one request with full_section=true, a
// backend with servers, ACLs and rules, and a frontend with a bind, ACLs, rules
// and use_backend to it: each is one version, HAProxy reloads with it (`haproxy
// -c` passes on the file too), requests flow through both, and a full read
// answers what was sent.
func TestFullSectionCreate(t *testing.T) {
	p := freePorts(t, 2)
	ta := startAgent(t, baseConfig(p[0]))
	u1, u2 := upstream(t, "n1", 0), upstream(t, "n2", 0)
	backend := map[string]any{
		"name": "be_new", "mode": "http", "balance": map[string]any{"algorithm": "roundrobin"},
		"servers": map[string]any{
			"n1": map[string]any{"address": "127.0.0.1", "port": u1, "weight": 10},
			"n2": map[string]any{"name": "n2", "address": "127.0.0.1", "port": u2, "weight": 10},
		},
		"acl_list":               []any{map[string]any{"acl_name": "is_get", "criterion": "method", "value": "GET"}},
		"http_request_rule_list": []any{map[string]any{"type": "set-header", "hdr_name": "X-Be", "hdr_format": "new", "cond": "if", "cond_test": "is_get"}},
		"tcp_request_rule_list": []any{map[string]any{"type": "inspect-delay", "timeout": 2000},
			map[string]any{"type": "content", "action": "accept", "cond": "if", "cond_test": "{ src 127.0.0.1 }"}},
		"tcp_response_rule_list": []any{map[string]any{"type": "content", "action": "accept"}},
	}
	frontend := map[string]any{
		"name": "fe_new", "mode": "http", "default_backend": "be_app",
		"binds":    map[string]any{"pub": map[string]any{"address": "127.0.0.1", "port": p[1]}},
		"acl_list": []any{map[string]any{"acl_name": "is_new", "criterion": "path_beg", "value": "/new"}},
		"http_request_rule_list": []any{
			map[string]any{"type": "set-header", "hdr_name": "X-Fe", "hdr_format": "new"},
			map[string]any{"type": "deny", "deny_status": 403, "cond": "if", "cond_test": "{ path /forbidden }"},
		},
		"backend_switching_rule_list": []any{map[string]any{"name": "be_new", "cond": "if", "cond_test": "is_new"}},
		"tcp_request_rule_list":       []any{map[string]any{"type": "connection", "action": "accept", "cond": "if", "cond_test": "{ src 127.0.0.1 }"}},
	}
	for _, s := range []struct {
		plural string
		body   map[string]any
	}{{"backends", backend}, {"frontends", frontend}} {
		v := ta.version()
		r := ta.do("POST", fmt.Sprintf("%s/%s?full_section=true&version=%d", cfgPath, s.plural, v), s.body).expect(t, 202)
		if got := ta.version(); got != v+1 {
			t.Errorf("POST %s: version %d after %d, want one bump", s.plural, got, v)
		}
		if st := ta.waitReload(r.header.Get("Reload-ID")); st != "succeeded" {
			t.Fatalf("POST %s: reload %s\n%s", s.plural, st, ta.file())
		}
	}
	ta.haproxyCheck(t)
	for _, block := range []string{
		"backend be_new\n    mode http\n    balance roundrobin\n    acl is_get method GET\n    tcp-request inspect-delay 2s\n" +
			"    tcp-request content accept if { src 127.0.0.1 }\n    http-request set-header X-Be new if is_get\n    tcp-response content accept\n" +
			fmt.Sprintf("    server n1 127.0.0.1:%d weight 10\n    server n2 127.0.0.1:%d weight 10\n", u1, u2),
		fmt.Sprintf("frontend fe_new\n    mode http\n    bind 127.0.0.1:%d name pub\n", p[1]) +
			"    acl is_new path_beg /new\n    tcp-request connection accept if { src 127.0.0.1 }\n    http-request set-header X-Fe new\n    http-request deny deny_status 403 if { path /forbidden }\n" +
			"    use_backend be_new if is_new\n    default_backend be_app\n",
	} {
		if !strings.Contains(ta.file(), block) {
			t.Errorf("the file lacks\n%s\nit is\n%s", block, ta.file())
		}
	}

	// Read back: what was sent, with the names the map keys gave.
	backend["servers"].(map[string]any)["n1"].(map[string]any)["name"] = "n1"
	frontend["binds"].(map[string]any)["pub"].(map[string]any)["name"] = "pub"
	var gotBackend, gotFrontend map[string]any
	ta.getJSON(t, cfgPath+"/backends/be_new?full_section=true", &gotBackend)
	ta.getJSON(t, cfgPath+"/frontends/fe_new?full_section=true", &gotFrontend)
	sameJSON(t, "backend be_new", gotBackend, backend)
	sameJSON(t, "frontend fe_new", gotFrontend, frontend)

	// Requests flow: /new through the ACL and use_backend to the new servers.
	seen := map[string]bool{}
	client := &http.Client{Transport: &http.Transport{DisableKeepAlives: true}} // one connection, one choice of server
	for range 4 {
		resp, err := client.Get(fmt.Sprintf("http://127.0.0.1:%d/new", p[1]))
		if err != nil {
			t.Fatal(err)
		}
		resp.Body.Close()
		if resp.StatusCode != 200 {
			t.Fatalf("GET /new through fe_new: %d", resp.StatusCode)
		}
		seen[resp.Header.Get("X-Server")] = true
	}
	if !seen["n1"] || !seen["n2"] {
		t.Errorf("roundrobin over be_new reached %v, want n1 and n2", seen)
	}
	if resp, err := client.Get(fmt.Sprintf("http://127.0.0.1:%d/forbidden", p[1])); err != nil || resp.StatusCode != 403 {
		t.Errorf("GET /forbidden through fe_new: %v %v, want 403", resp, err)
	} else {
		resp.Body.Close()
	}
}

// lineDiff returns the lines only a has and the lines only b has, in order.
func lineDiff(a, b string) (removed, added []string) {
	count := func(s string) map[string]int {
		m := map[string]int{}
		for _, l := range strings.SplitAfter(s, "\n") {
			m[l]++
		}
		return m
	}
	ca, cb := count(a), count(b)
	for _, l := range strings.SplitAfter(a, "\n") {
		if cb[l] > 0 {
			cb[l]--
		} else {
			removed = append(removed, l)
		}
	}
	for _, l := range strings.SplitAfter(b, "\n") {
		if ca[l] > 0 {
			ca[l]--
		} else {
			added = append(added, l)
		}
	}
	return removed, added
}

// TestFullSectionReplace PUTs back a full read of handwritten sections with
// one child changed and another left out: only those lines change; the rest,
// comments and lines of kinds the agent does not serve included, keep their
// bytes; one version, and HAProxy reloads.
func TestFullSectionReplace(t *testing.T) {
	p := freePorts(t, 5)
	ta := startAgent(t, fullConfig(p[0], p[1], p[2], p[3], p[4]))
	for _, tc := range []struct {
		section        string
		change         func(m map[string]any)
		removed, added []string
	}{
		{"frontends/fe_hand", func(m map[string]any) {
			m["acl_list"].([]any)[0].(map[string]any)["value"] = "/v2"
			delete(m["binds"].(map[string]any), "alt")
			m["http_after_response_rule_list"].([]any)[0].(map[string]any)["hdr_format"] = "hand2"
			m["http_error_rule_list"].([]any)[0].(map[string]any)["status"] = 504
		}, []string{"    bind 127.0.0.1:" + fmt.Sprint(p[2]) + " name alt\n", "    acl is_api path_beg /api\n",
			"    http-after-response set-header X-After hand   # after\n", "    http-error status 503 content-type text/plain string down\n"},
			[]string{"    acl is_api path_beg /v2\n", "    http-after-response set-header X-After hand2   # after\n",
				"    http-error status 504 content-type text/plain string down\n"}},
		{"backends/be_hand", func(m map[string]any) {
			servers := m["servers"].(map[string]any)
			servers["s1"].(map[string]any)["weight"] = 11
			delete(servers, "s2")
			delete(m, "http_response_rule_list")
		}, []string{"    http-response del-header X-Powered-By\n", fmt.Sprintf("    server s1 127.0.0.1:%d check weight 10\n", p[3]),
			fmt.Sprintf("    server s2 127.0.0.1:%d weight 20\n", p[4])},
			[]string{fmt.Sprintf("    server s1 127.0.0.1:%d check weight 11\n", p[3])}},
	} {
		var m map[string]any
		ta.getJSON(t, cfgPath+"/"+tc.section+"?full_section=true", &m)
		tc.change(m)
		before, v := ta.file(), ta.version()
		r := ta.do("PUT", fmt.Sprintf("%s/%s?full_section=true&version=%d", cfgPath, tc.section, v), m).expect(t, 202)
		if got := ta.version(); got != v+1 {
			t.Errorf("PUT %s: version %d after %d, want one bump", tc.section, got, v)
		}
		if st := ta.waitReload(r.header.Get("Reload-ID")); st != "succeeded" {
			t.Fatalf("PUT %s: reload %s", tc.section, st)
		}
		removed, added := lineDiff(before, ta.file())
		if !slices.Equal(removed, tc.removed) || !slices.Equal(added, tc.added) {
			t.Errorf("PUT %s: removed %q, added %q; want %q and %q", tc.section, removed, added, tc.removed, tc.added)
		}
		var got map[string]any
		ta.getJSON(t, cfgPath+"/"+tc.section+"?full_section=true", &got)
		sameJSON(t, "PUT "+tc.section+" read back", got, m)
	}
	if f := ta.file(); !strings.Contains(f, "    http-response set-header X-Served hand\n") || !strings.Contains(f, "    http-error status 400\n") {
		t.Errorf("lines the writes left alone were lost:\n%s", f)
	}
	ta.haproxyCheck(t)
}

// TestFullSectionRefusals: a child list of a kind the agent does not serve is
// 422 naming it, with full_section or without; without full_section a child
// member that says something other than the file holds is 422 naming it (the
// official server would ignore it: it is never dropped silently here), while
// one that says what the file holds passes; a full write at an older version
// conflicts with a change to a child it would overwrite. Nothing is written
// by a refused request.
func TestFullSectionRefusals(t *testing.T) {
	p := freePorts(t, 5)
	ta := startAgent(t, fullConfig(p[0], p[1], p[2], p[3], p[4]))
	var fe, be map[string]any
	ta.getJSON(t, cfgPath+"/frontends/fe_hand?full_section=true", &fe)
	ta.getJSON(t, cfgPath+"/backends/be_hand?full_section=true", &be)
	with := func(m map[string]any, k string, v any) map[string]any {
		c := map[string]any{}
		for key, val := range m {
			c[key] = val
		}
		c[k] = v
		return c
	}
	changedACLs := []any{map[string]any{"acl_name": "is_api", "criterion": "path_beg", "value": "/v3"}}
	before, v := ta.file(), ta.version()
	for _, tc := range []struct {
		method, path string
		body         map[string]any
		field        string
		status       int
	}{
		{"PUT", "/frontends/fe_hand", with(fe, "http_response_rule_list", []any{map[string]any{"type": "allow"}}), `http_response_rule_list`, 422},
		{"PUT", "/frontends/fe_hand", with(fe, "acl_list", changedACLs), "acl_list", 422},
		{"PUT", "/backends/be_hand", with(be, "servers", map[string]any{"s1": map[string]any{"address": "127.0.0.1", "port": 1}}), "servers", 422},
		{"POST", "/backends", map[string]any{"name": "be_x", "servers": map[string]any{"x": map[string]any{"address": "127.0.0.1", "port": 1}}}, "servers", 422},
		{"PUT", "/backends/be_hand?full_section=true", with(be, "servers", map[string]any{"s9": map[string]any{"name": "s8", "address": "127.0.0.1"}}), "servers.s9.name", 400},
	} {
		r := ta.do(tc.method, fmt.Sprintf("%s%s%sversion=%d", cfgPath, tc.path, map[bool]string{true: "&", false: "?"}[strings.Contains(tc.path, "?")], v), tc.body).expect(t, tc.status)
		if !strings.Contains(string(r.body), tc.field) {
			t.Errorf("%s %s: %s does not name %s", tc.method, tc.path, r.body, tc.field)
		}
	}
	if ta.file() != before || ta.version() != v {
		t.Fatal("a refused write changed the configuration")
	}

	// Without full_section, children that say what the file holds (a full read
	// sent back) ask for no change: the section's own settings are written.
	r := ta.do("PUT", fmt.Sprintf("%s/frontends/fe_hand?version=%d", cfgPath, v), with(fe, "description", "edited")).expect(t, 202)
	ta.waitReload(r.header.Get("Reload-ID"))
	removed, added := lineDiff(before, ta.file())
	if len(removed) != 0 || !slices.Equal(added, []string{"    description edited\n"}) {
		t.Errorf("PUT without full_section: removed %q, added %q", removed, added)
	}

	// A change to a server after the version a full write is made at conflicts.
	old := ta.version()
	if r := ta.do("PUT", fmt.Sprintf("%s/backends/be_hand/servers/s2?version=%d", cfgPath, old), map[string]any{"name": "s2", "address": "127.0.0.1", "port": p[4], "weight": 30}); r.status != 200 && r.status != 202 {
		t.Fatalf("PUT server s2: %d %s", r.status, r.body)
	}
	before = ta.file()
	ta.do("PUT", fmt.Sprintf("%s/backends/be_hand?full_section=true&version=%d", cfgPath, old), be).expect(t, 409)
	if ta.file() != before {
		t.Fatal("a conflicting full write changed the file")
	}
}
