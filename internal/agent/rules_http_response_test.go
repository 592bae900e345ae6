package agent

import (
	"encoding/json"
	"fmt"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"

	"github.com/tfhaproxy/terraform-provider-haproxy/internal/dataplane"
)

// refused is a rule HAProxy 2.6 does not know, and the words of its refusal.
type refused struct {
	rule    rule
	refusal string
}

// responseList is one of the response side's lists with samples of every
// action of its official model, every field set, as a client sends them:
// known26 with what HAProxy 2.6 accepts in the config of
// TestEveryResponseActionAgainstHAProxy, newer26 with what it refuses. "@dir/file"
// stands for a file in the agent's directory of that kind.
type responseList struct {
	endpoint string
	kind     string // the official model
	types    []string
	known26  []rule
	newer26  []refused
}

var responseLists = []responseList{
	{dataplane.ListHTTPResponseRules, "http_response_rule", dataplane.HTTPResponseRuleTypes, []rule{
		{"type": "add-acl", "acl_file": "@maps/a.lst", "acl_keyfmt": "%[src]"},
		{"type": "del-acl", "acl_file": "@maps/a.lst", "acl_keyfmt": "%[src]"},
		{"type": "set-map", "map_file": "@maps/m.map", "map_keyfmt": "%[src]", "map_valuefmt": "%[res.hdr(x)]"},
		{"type": "del-map", "map_file": "@maps/m.map", "map_keyfmt": "%[src]"},
		{"type": "add-header", "hdr_name": "X-A", "hdr_format": "%[src]"},
		{"type": "set-header", "hdr_name": "X-A", "hdr_format": `"%[src] via agent"`},
		{"type": "del-header", "hdr_name": "X-A", "hdr_method": "beg"},
		{"type": "replace-header", "hdr_name": "X-A", "hdr_match": "(.*)", "hdr_format": `\1`},
		{"type": "replace-value", "hdr_name": "X-A", "hdr_match": "(.*)", "hdr_format": `\1`},
		with(never, rule{"type": "allow"}),
		{"type": "cache-store", "cache_name": "c1"},
		{"type": "capture", "capture_sample": "res.hdr(server)", "capture_id": 0},
		{"type": "lua", "lua_action": "hello", "lua_params": "a b"},
		with(never, rule{"type": "redirect", "redir_type": "location", "redir_value": "/a", "redir_code": 303, "redir_option": "drop-query"}),
		{"type": "sc-inc-gpc", "sc_idx": 1, "sc_id": 1},
		{"type": "sc-inc-gpc0", "sc_id": 1},
		{"type": "sc-inc-gpc1", "sc_id": 2},
		{"type": "sc-set-gpt", "sc_idx": 1, "sc_id": 1, "sc_int": 5},
		{"type": "sc-set-gpt0", "sc_id": 1, "sc_expr": "int(1)"},
		{"type": "send-spoe-group", "spoe_engine": "eng", "spoe_group": "g1"},
		{"type": "set-log-level", "log_level": "info"},
		{"type": "set-mark", "mark_value": "0x10"},
		{"type": "set-nice", "nice_value": -10},
		{"type": "set-status", "status": 503, "status_reason": `"Slow Down"`, "cond": "if", "cond_test": "{ status 500 }"},
		{"type": "set-tos", "tos_value": "16"},
		{"type": "set-var", "var_scope": "txn", "var_name": "a", "var_expr": "status"},
		{"type": "set-var-fmt", "var_scope": "res", "var_name": "b", "var_format": "%[status]"},
		{"type": "unset-var", "var_scope": "txn", "var_name": "a"},
		{"type": "strict-mode", "strict_mode": "off"},
		{"type": "track-sc", "track_sc_stick_counter": 0, "track_sc_key": "src"},
		{"type": "track-sc", "track_sc_stick_counter": 2, "track_sc_key": "src", "track_sc_table": "fe_main"},
		{"type": "wait-for-body", "wait_time": 1000, "wait_at_least": 1024},
		with(never, rule{"type": "deny", "deny_status": 502, "return_content_type": "text/plain", "return_content_format": "string",
			"return_content": `"no"`, "return_hdrs": []any{rule{"name": "X-A", "fmt": "a"}, rule{"name": "X-B", "fmt": "%[src]"}}}),
		with(never, rule{"type": "return", "return_status_code": 200, "return_content_type": "text/plain", "return_content_format": "lf-file",
			"return_content": "@general/body.txt", "return_hdrs": []any{rule{"name": "X-B", "fmt": "b"}}}),
		with(never, rule{"type": "silent-drop"}),
	}, []refused{
		{rule{"type": "add-headers-bin", "hdr_expr": "str(a)", "hdr_prefix": "x"}, "but got 'add-headers-bin'"},
		{rule{"type": "set-headers-bin", "hdr_expr": "str(a)", "hdr_prefix": "x"}, "but got 'set-headers-bin'"},
		{rule{"type": "del-headers-bin", "hdr_expr": "str(a)", "hdr_method": "beg"}, "but got 'del-headers-bin'"},
		{rule{"type": "do-log", "log_profile": "p"}, "but got 'do-log'"},
		{rule{"type": "pause", "expr": "int(1)"}, "but got 'pause'"},
		{rule{"type": "sc-add-gpc", "sc_idx": 1, "sc_id": 1, "sc_int": 5}, "but got 'sc-add-gpc(1,1)'"},
		{rule{"type": "set-bandwidth-limit", "bandwidth_limit_name": "up", "bandwidth_limit_limit": "1m", "bandwidth_limit_period": "1s"}, "but got 'set-bandwidth-limit'"},
		{rule{"type": "set-fc-mark", "expr": "int(1)"}, "but got 'set-fc-mark'"},
		{rule{"type": "set-fc-tos", "expr": "int(1)"}, "but got 'set-fc-tos'"},
		{rule{"type": "set-timeout", "timeout_type": "server", "timeout": "5s"}, "but got 'set-timeout'"},
		{rule{"type": "silent-drop", "rst_ttl": 2}, "found 'rst-ttl'"},
	}},
	{dataplane.ListHTTPAfterResponseRules, "http_after_response_rule", dataplane.HTTPAfterResponseRuleTypes, []rule{
		{"type": "add-header", "hdr_name": "X-A", "hdr_format": "%[src]"},
		{"type": "set-header", "hdr_name": "Cache-Control", "hdr_format": "no-store", "cond": "if", "cond_test": "{ status 500 }"},
		{"type": "del-header", "hdr_name": "X-A", "hdr_method": "sub"},
		{"type": "replace-header", "hdr_name": "X-A", "hdr_match": "(.*)", "hdr_format": `\1`},
		{"type": "replace-value", "hdr_name": "X-A", "hdr_match": "(.*)", "hdr_format": `\1`},
		with(never, rule{"type": "allow"}),
		{"type": "capture", "capture_sample": "res.hdr(server)", "capture_id": 0},
		{"type": "set-status", "status": 500, "status_reason": "Oops", "cond": "unless", "cond_test": "{ status 200 }"},
		{"type": "set-var", "var_scope": "txn", "var_name": "a", "var_expr": "status"},
		{"type": "set-var-fmt", "var_scope": "txn", "var_name": "b", "var_format": "%[status]"},
		{"type": "unset-var", "var_scope": "txn", "var_name": "a"},
		{"type": "strict-mode", "strict_mode": "on"},
	}, []refused{
		{rule{"type": "add-headers-bin", "hdr_expr": "str(a)", "hdr_prefix": "x"}, "but got 'add-headers-bin'"},
		{rule{"type": "set-headers-bin", "hdr_expr": "str(a)", "hdr_prefix": "x"}, "but got 'set-headers-bin'"},
		{rule{"type": "del-headers-bin", "hdr_expr": "str(a)", "hdr_method": "beg"}, "but got 'del-headers-bin'"},
		{rule{"type": "capture", "capture_sample": "res.hdr(server)", "capture_len": 10}, "expects 'id', found 'len'"},
		{rule{"type": "del-acl", "acl_file": "@maps/a.lst", "acl_keyfmt": "%[src]"}, "but got 'del-acl("},
		{rule{"type": "del-map", "map_file": "@maps/m.map", "map_keyfmt": "%[src]"}, "but got 'del-map("},
		{rule{"type": "set-map", "map_file": "@maps/m.map", "map_keyfmt": "%[src]", "map_valuefmt": "x"}, "but got 'set-map("},
		{rule{"type": "do-log", "log_profile": "p"}, "but got 'do-log'"},
		{rule{"type": "set-log-level", "log_level": "info"}, "but got 'set-log-level'"},
		{rule{"type": "sc-add-gpc", "sc_idx": 1, "sc_id": 1, "sc_expr": "int(1)"}, "but got 'sc-add-gpc(1,1)'"},
		{rule{"type": "sc-inc-gpc", "sc_idx": 1, "sc_id": 1}, "but got 'sc-inc-gpc(1,1)'"},
		{rule{"type": "sc-inc-gpc0", "sc_id": 1}, "but got 'sc-inc-gpc0(1)'"},
		{rule{"type": "sc-inc-gpc1", "sc_id": 1}, "but got 'sc-inc-gpc1(1)'"},
		{rule{"type": "sc-set-gpt", "sc_idx": 1, "sc_id": 1, "sc_int": 2}, "but got 'sc-set-gpt(1,1)'"},
		{rule{"type": "sc-set-gpt0", "sc_id": 1, "sc_int": 2}, "but got 'sc-set-gpt0(1)'"},
	}},
	{dataplane.ListHTTPErrorRules, "http_error_rule", dataplane.HTTPErrorRuleTypes, []rule{
		{"type": "status", "status": 503, "return_content_format": "default-errorfiles"},
		{"type": "status", "status": 500, "return_content_format": "errorfile", "return_content": "@general/500.http"},
		{"type": "status", "status": 502, "return_content_format": "errorfiles", "return_content": "myerrors"},
		{"type": "status", "status": 504, "return_content_type": "text/plain", "return_content_format": "file", "return_content": "@general/body.txt"},
		{"type": "status", "status": 429, "return_content_type": `"text/plain; charset=utf-8"`, "return_content_format": "lf-file",
			"return_content": "@general/body.txt", "return_hdrs": []any{rule{"name": "Retry-After", "fmt": "10"}}},
		{"type": "status", "status": 403, "return_content_type": "text/plain", "return_content_format": "string", "return_content": `"go away"`},
		{"type": "status", "status": 401, "return_content_type": "text/plain", "return_content_format": "lf-string", "return_content": `"no %[src]"`,
			"return_hdrs": []any{rule{"name": "X-A", "fmt": "a"}, rule{"name": "X-B", "fmt": `"b c"`}}},
	}, nil},
}

// TestResponseSamplesCoverTheOfficialModels: the samples set every type and
// every field of each official model but metadata, which is the line's
// comment (TestMetadataOverHTTP writes it).
func TestResponseSamplesCoverTheOfficialModels(t *testing.T) {
	for _, l := range responseLists {
		types, fields := map[string]bool{}, map[string]bool{"metadata": true}
		all := slices.Clone(l.known26)
		for _, n := range l.newer26 {
			all = append(all, n.rule)
		}
		for _, r := range all {
			types[r["type"].(string)] = true
			for k := range r {
				fields[k] = true
			}
		}
		for _, typ := range l.types {
			if !types[typ] {
				t.Errorf("%s: no sample of type %q", l.endpoint, typ)
			}
		}
		for _, f := range dataplane.OfficialFields[l.kind] {
			if !fields[f] {
				t.Errorf("%s: no sample sets %q", l.endpoint, f)
			}
		}
	}
}

// TestEveryResponseActionAgainstHAProxy PUTs, for each response list, every
// action HAProxy 2.6 knows, with every field set, over HTTP to an agent that
// runs a real HAProxy, under a frontend and under a backend: the lists read
// back equal, the file says them as HAProxy spells them, `haproxy -c` passes
// and HAProxy reloads. Each action or value HAProxy 2.6 does not know is
// refused with its own message, and nothing is written.
func TestEveryResponseActionAgainstHAProxy(t *testing.T) {
	port := freePorts(t, 1)[0]
	own := t.TempDir() // the operator's: a Lua action and an SPOE engine
	lua := filepath.Join(own, "hello.lua")
	spoe := filepath.Join(own, "spoe.conf")
	writeFile(t, lua, `core.register_action("hello", {"http-res"}, function(txn, a, b) end, 2)`+"\n")
	writeFile(t, spoe, "[eng]\nspoe-agent a\n    groups g1\n    use-backend be_spoe\n    timeout hello 1s\n    timeout idle 1s\n"+
		"    timeout processing 1s\nspoe-message m1\n    args src\nspoe-group g1\n    messages m1\n")
	errorfile := filepath.Join(own, "503.http")
	writeFile(t, errorfile, "HTTP/1.0 503 Service Unavailable\r\nContent-Length: 5\r\n\r\ndown\n")
	filters := "    filter spoe engine eng config " + spoe + "\n    filter cache c1\n"
	cfg := strings.Replace(baseConfig(port), "global\n", "global\n    lua-load "+lua+"\n", 1)
	cfg = strings.Replace(cfg, "    default_backend be_app\n", "    default_backend be_app\n"+filters+
		"    declare capture response len 32\n    stick-table type ip size 1k store gpc(2),gpt(2)\n", 1)
	cfg += filters + "    stick-table type ip size 1k store gpc(2),gpt(2)\n    server s0 127.0.0.1:1\n\ncache c1\n    total-max-size 4\n\nhttp-errors myerrors\n    errorfile 503 " + errorfile + "\n\n" +
		"backend be_spoe\n    mode tcp\n    server s 127.0.0.1:2\n"
	ta := startAgent(t, cfg)
	dir := filepath.Dir(ta.config)
	for name, content := range map[string]string{"maps/a.lst": "", "maps/m.map": "", "general/body.txt": "hello %[src]\n",
		"general/500.http": "HTTP/1.0 500 Internal Server Error\r\nContent-Length: 4\r\n\r\nbad\n"} {
		if err := os.MkdirAll(filepath.Dir(filepath.Join(dir, name)), 0o755); err != nil {
			t.Fatal(err)
		}
		writeFile(t, filepath.Join(dir, name), content)
	}
	files := func(rules []rule) []rule {
		var out []rule
		for _, r := range rules {
			c := rule{}
			for k, v := range r {
				if s, ok := v.(string); ok && strings.HasPrefix(s, "@") {
					v = filepath.Join(dir, s[1:])
				}
				c[k] = v
			}
			out = append(out, c)
		}
		return out
	}

	for _, l := range responseLists {
		for _, parent := range []string{"/frontends/fe_main/", "/backends/be_app/"} {
			path, rules := parent+l.endpoint, files(l.known26)
			if parent == "/backends/be_app/" && l.endpoint == dataplane.ListHTTPResponseRules {
				rules = slices.DeleteFunc(rules, func(r rule) bool { return r["type"] == "capture" }) // a frontend's slot
			}
			r := ta.do("PUT", fmt.Sprintf("%s%s?version=%d", cfgPath, path, ta.version()), rules).expect(t, 202)
			if st := ta.waitReload(r.header.Get("Reload-ID")); st != "succeeded" {
				t.Fatalf("%s: reload %s", path, st)
			}
			var got []map[string]any
			ta.do("GET", cfgPath+path, nil).expect(t, 200).json(t, &got)
			if len(got) != len(rules) {
				t.Fatalf("%s: %d rules read back, %d sent", path, len(got), len(rules))
			}
			for i := range got {
				b, _ := json.Marshal(got[i])
				assertSame(t, b, rules[i])
			}
		}
	}
	f := ta.file()
	for _, line := range []string{
		"    http-response set-status 503 reason \"Slow Down\" if { status 500 }\n",
		"    http-response track-sc2 src table fe_main\n",
		"    http-response lua.hello a b\n",
		"    http-after-response set-status 500 reason Oops unless { status 200 }\n",
		"    http-error status 502 errorfiles myerrors\n",
		"    http-error status 401 content-type text/plain lf-string \"no %[src]\" hdr X-A a hdr X-B \"b c\"\n",
	} {
		if strings.Count(f, line) < 2 {
			t.Errorf("the file does not say %q in the frontend and the backend:\n%s", line, f)
		}
	}
	if !strings.Contains(f, "    http-response capture res.hdr(server) id 0\n") {
		t.Errorf("the file does not say the frontend's capture:\n%s", f)
	}
	var full map[string]any
	ta.getJSON(t, cfgPath+"/backends/be_app?full_section=true", &full)
	for _, member := range []string{"http_response_rule_list", "http_after_response_rule_list", "http_error_rule_list"} {
		if items, _ := full[member].([]any); len(items) == 0 {
			t.Errorf("a full read of be_app has no %s: %v", member, full[member])
		}
	}

	before := ta.file()
	for _, l := range responseLists {
		for _, n := range l.newer26 {
			path := "/frontends/fe_main/" + l.endpoint
			r := ta.do("POST", fmt.Sprintf("%s%s/0?version=%d", cfgPath, path, ta.version()), files([]rule{n.rule})[0])
			r.expect(t, 400)
			if !strings.Contains(string(r.body), n.refusal) {
				t.Errorf("%s %s: want HAProxy's refusal %q, got %s", l.endpoint, n.rule["type"], n.refusal, r.body)
			}
		}
	}
	if ta.file() != before {
		t.Error("a refused rule changed the file")
	}
}

// TestResponseRulesRefusedOverHTTP: a value the official model does not allow
// is 400 naming the member, as every invalid value is, and nothing is written.
func TestResponseRulesRefusedOverHTTP(t *testing.T) {
	ta := startAgent(t, baseConfig(freePorts(t, 1)[0]))
	before, v := ta.file(), ta.version()
	for _, tc := range []struct {
		path  string
		body  any
		field string
	}{
		{"/frontends/fe_main/http_response_rules", []rule{{"type": "set-status", "status": 42}}, "http-response[0].status"},
		{"/frontends/fe_main/http_response_rules", []rule{{"type": "auth"}}, "http-response[0].type"},
		{"/backends/be_app/http_after_response_rules", []rule{{"type": "set-header", "hdr_name": "X", "hdr_format": "a\nb"}}, "http-after-response[0].hdr_format"},
		{"/backends/be_app/http_error_rules", []rule{{"type": "status", "status": 418}}, "http-error[0].status"},
		{"/backends/be_app/http_error_rules/0", rule{"type": "status", "status": 503, "return_content_format": "html"}, "return_content_format"},
		{"/frontends/fe_main?full_section=true", map[string]any{"name": "fe_main", "http_error_rule_list": []rule{{"type": "status", "status": 0}}}, "http_error_rule_list[0].status"},
	} {
		method := "PUT"
		if strings.HasSuffix(tc.path, "/0") {
			method = "POST"
		}
		sep := "?"
		if strings.Contains(tc.path, "?") {
			sep = "&"
		}
		r := ta.do(method, fmt.Sprintf("%s%s%sversion=%d", cfgPath, tc.path, sep, v), tc.body).expect(t, 400)
		if !strings.Contains(string(r.body), tc.field) {
			t.Errorf("%s %s: %s, want it to name %s", method, tc.path, r.body, tc.field)
		}
	}
	if ta.file() != before || ta.version() != v {
		t.Fatal("a refused body changed the configuration")
	}
}
