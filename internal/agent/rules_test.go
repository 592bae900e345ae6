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

type rule = map[string]any

// Every http-request action of the official model, with every field it takes,
// as a client sends them: known26 with values HAProxy 2.6 accepts in the config
// of TestEveryActionAgainstHAProxy (set-timeout in a backend, which it needs),
// newer26 with what HAProxy 2.6 refuses, and the words of its refusal. "@dir/file"
// stands for a file in the agent's directory of that kind.
var (
	never       = rule{"cond": "if", "cond_test": "FALSE"}
	known26Rest = []rule{
		{"type": "add-acl", "acl_file": "@maps/a.lst", "acl_keyfmt": "%[src]"},
		{"type": "del-acl", "acl_file": "@maps/a.lst", "acl_keyfmt": "%[src]"},
		{"type": "set-map", "map_file": "@maps/m.map", "map_keyfmt": "%[src]", "map_valuefmt": "%[req.hdr(x)]"},
		{"type": "del-map", "map_file": "@maps/m.map", "map_keyfmt": "%[src]"},
		{"type": "add-header", "hdr_name": "X-A", "hdr_format": "%[src]"},
		{"type": "set-header", "hdr_name": "X-A", "hdr_format": `"%[src] via agent"`},
		{"type": "del-header", "hdr_name": "X-A", "hdr_method": "beg"},
		{"type": "replace-header", "hdr_name": "X-A", "hdr_match": "(.*)", "hdr_format": `\1`},
		{"type": "replace-value", "hdr_name": "X-A", "hdr_match": "(.*)", "hdr_format": `\1`},
		with(never, rule{"type": "allow"}),
		with(never, rule{"type": "auth", "auth_realm": `"Private area"`}),
		with(never, rule{"type": "cache-use", "cache_name": "c1"}),
		{"type": "capture", "capture_sample": "req.hdr(host)", "capture_len": 10},
		{"type": "capture", "capture_sample": "req.hdr(host)", "capture_id": 0},
		{"type": "disable-l7-retry"},
		{"type": "do-resolve", "var_name": "txn.ip", "resolvers": "dns", "protocol": "ipv4", "expr": "hdr(host)"},
		{"type": "early-hint", "hint_name": "Link", "hint_format": "</a.css>"},
		{"type": "lua", "lua_action": "hello", "lua_params": "a b"},
		{"type": "normalize-uri", "normalizer": "path-strip-dotdot", "normalizer_full": true},
		{"type": "normalize-uri", "normalizer": "percent-to-uppercase", "normalizer_strict": true},
		with(never, rule{"type": "redirect", "redir_type": "location", "redir_value": "/a", "redir_code": 302, "redir_option": "drop-query"}),
		{"type": "replace-path", "path_match": "(.*)", "path_fmt": `/x\1`},
		{"type": "replace-pathq", "path_match": "(.*)", "path_fmt": `/x\1`},
		{"type": "replace-uri", "uri-match": "(.*)", "uri-fmt": `\1`},
		{"type": "sc-inc-gpc", "sc_idx": 1, "sc_id": 1},
		{"type": "sc-inc-gpc0", "sc_id": 1},
		{"type": "sc-inc-gpc1", "sc_id": 2},
		{"type": "sc-set-gpt", "sc_idx": 1, "sc_id": 1, "sc_int": 5},
		{"type": "sc-set-gpt0", "sc_id": 1, "sc_expr": "int(1)"},
		{"type": "send-spoe-group", "spoe_engine": "eng", "spoe_group": "g1"},
		{"type": "set-dst", "expr": "src"},
		{"type": "set-dst-port", "expr": "int(80)"},
		{"type": "set-log-level", "log_level": "info"},
		{"type": "set-mark", "mark_value": "0x10"},
		{"type": "set-method", "method_fmt": "GET"},
		{"type": "set-nice", "nice_value": 10},
		{"type": "set-path", "path_fmt": "/a"},
		{"type": "set-pathq", "path_fmt": "/a?b"},
		{"type": "set-priority-class", "expr": "int(1)"},
		{"type": "set-priority-offset", "expr": "int(1)"},
		{"type": "set-query", "query-fmt": "a=b"},
		{"type": "set-src", "expr": "src"},
		{"type": "set-src-port", "expr": "int(1)"},
		{"type": "set-tos", "tos_value": "16"},
		{"type": "set-uri", "uri-fmt": "/a"},
		{"type": "set-var", "var_scope": "txn", "var_name": "a", "var_expr": "str(a),lower"},
		{"type": "set-var-fmt", "var_scope": "txn", "var_name": "b", "var_format": "%[src]"},
		{"type": "unset-var", "var_scope": "txn", "var_name": "a"},
		{"type": "strict-mode", "strict_mode": "on"},
		{"type": "track-sc", "track_sc_stick_counter": 0, "track_sc_key": "src"},
		{"type": "track-sc", "track_sc_stick_counter": 1, "track_sc_key": "src", "track_sc_table": "fe_main"},
		{"type": "wait-for-body", "wait_time": 1000, "wait_at_least": 1024},
		{"type": "wait-for-handshake"},
		with(never, rule{"type": "deny", "deny_status": 403, "return_content_type": "text/plain", "return_content_format": "string",
			"return_content": `"no"`, "return_hdrs": []any{rule{"name": "X-A", "fmt": "a"}, rule{"name": "X-B", "fmt": "%[src]"}}}),
		with(never, rule{"type": "tarpit", "deny_status": 500, "return_content_format": "default-errorfiles"}),
		with(never, rule{"type": "return", "return_status_code": 200, "return_content_type": "text/plain", "return_content_format": "lf-file",
			"return_content": "@general/body.txt", "return_hdrs": []any{rule{"name": "X-B", "fmt": "b"}}}),
		with(never, rule{"type": "return", "return_content_format": "errorfile", "return_content": "@general/200.http"}),
		with(never, rule{"type": "silent-drop"}),
		with(never, rule{"type": "reject"}),
		with(never, rule{"type": "use-service", "service_name": "prometheus-exporter"}),
	}
	known26Backend = []rule{
		{"type": "set-timeout", "timeout_type": "server", "timeout": "5s"},
		{"type": "set-timeout", "timeout_type": "tunnel", "timeout": "int(100)"},
	}
	newer26 = []struct {
		rule    rule
		refusal string
	}{
		{rule{"type": "add-headers-bin", "hdr_expr": "str(a)", "hdr_prefix": "x"}, "but got 'add-headers-bin'"},
		{rule{"type": "set-headers-bin", "hdr_expr": "str(a)", "hdr_prefix": "x"}, "but got 'set-headers-bin'"},
		{rule{"type": "del-headers-bin", "hdr_expr": "str(a)", "hdr_method": "beg"}, "but got 'del-headers-bin'"},
		{rule{"type": "do-log", "log_profile": "p"}, "but got 'do-log'"},
		{rule{"type": "pause", "expr": "int(1)"}, "but got 'pause'"},
		{rule{"type": "sc-add-gpc", "sc_idx": 1, "sc_id": 1, "sc_int": 5}, "but got 'sc-add-gpc(1,1)'"},
		{rule{"type": "set-bandwidth-limit", "bandwidth_limit_name": "up", "bandwidth_limit_limit": "1m", "bandwidth_limit_period": "1s"}, "but got 'set-bandwidth-limit'"},
		{rule{"type": "set-bc-mark", "expr": "int(1)"}, "but got 'set-bc-mark'"},
		{rule{"type": "set-bc-tos", "expr": "int(1)"}, "but got 'set-bc-tos'"},
		{rule{"type": "set-fc-mark", "expr": "int(1)"}, "but got 'set-fc-mark'"},
		{rule{"type": "set-fc-tos", "expr": "int(1)"}, "but got 'set-fc-tos'"},
		{rule{"type": "set-retries", "expr": "int(1)"}, "but got 'set-retries'"},
		{rule{"type": "silent-drop", "rst_ttl": 2}, "found 'rst-ttl'"},
		{rule{"type": "track-sc", "track_sc_stick_counter": 3, "track_sc_key": "src"}, "track-sc number exceeding 2"},
		{rule{"type": "set-timeout", "timeout_type": "client", "timeout": "5s"}, "(got 'client')"},
	}
)

func with(a, b rule) rule {
	out := rule{}
	for k, v := range a {
		out[k] = v
	}
	for k, v := range b {
		out[k] = v
	}
	return out
}

// TestRuleSamplesCoverTheOfficialModel: the samples set every type and every
// field of the official http_request_rule model but metadata, which is the
// line's comment, not a word of the action (TestMetadataOverHTTP writes it).
func TestRuleSamplesCoverTheOfficialModel(t *testing.T) {
	types, fields := map[string]bool{}, map[string]bool{"metadata": true}
	all := slices.Concat(known26Rest, known26Backend)
	for _, n := range newer26 {
		all = append(all, n.rule)
	}
	for _, r := range all {
		types[r["type"].(string)] = true
		for k := range r {
			fields[k] = true
		}
	}
	for _, typ := range dataplane.HTTPRequestRuleTypes {
		if !types[typ] {
			t.Errorf("no sample of type %q", typ)
		}
	}
	for _, f := range dataplane.OfficialFields["http_request_rule"] {
		if !fields[f] {
			t.Errorf("no sample sets %q", f)
		}
	}
}

// TestEveryActionAgainstHAProxy PUTs every action HAProxy 2.6 knows, with every
// field set, over HTTP to an agent that runs a real HAProxy: the lists read back
// equal, `haproxy -c` passes and HAProxy reloads. Each action or value HAProxy
// 2.6 does not know is refused with its own message, and nothing is written.
func TestEveryActionAgainstHAProxy(t *testing.T) {
	port := freePorts(t, 1)[0]
	own := t.TempDir() // the operator's: a Lua action and an SPOE engine
	lua := filepath.Join(own, "hello.lua")
	spoe := filepath.Join(own, "spoe.conf")
	writeFile(t, lua, `core.register_action("hello", {"http-req"}, function(txn, a, b) end, 2)`+"\n")
	writeFile(t, spoe, "[eng]\nspoe-agent a\n    groups g1\n    use-backend be_spoe\n    timeout hello 1s\n    timeout idle 1s\n"+
		"    timeout processing 1s\nspoe-message m1\n    args src\nspoe-group g1\n    messages m1\n")
	cfg := strings.Replace(baseConfig(port), "global\n", "global\n    lua-load "+lua+"\n    expose-experimental-directives\n", 1)
	cfg = strings.Replace(cfg, "    default_backend be_app\n", "    default_backend be_app\n    filter spoe engine eng config "+spoe+
		"\n    filter cache c1\n    declare capture request len 32\n    stick-table type ip size 1k store gpc(2),gpt(2)\n", 1)
	cfg += "    server s0 127.0.0.1:1\n\ncache c1\n    total-max-size 4\n\nresolvers dns\n    nameserver n1 127.0.0.1:53\n\n" +
		"backend be_spoe\n    mode tcp\n    server s 127.0.0.1:2\n"
	ta := startAgent(t, cfg)
	dir := filepath.Dir(ta.config)
	for name, content := range map[string]string{"maps/a.lst": "", "maps/m.map": "", "general/body.txt": "hello %[src]\n",
		"general/200.http": "HTTP/1.0 200 OK\r\nContent-Length: 3\r\n\r\nok\n"} {
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

	for _, list := range []struct {
		path  string
		rules []rule
	}{{"/frontends/fe_main/http_request_rules", files(known26Rest)}, {"/backends/be_app/http_request_rules", known26Backend}} {
		r := ta.do("PUT", fmt.Sprintf("%s%s?version=%d", cfgPath, list.path, ta.version()), list.rules).expect(t, 202)
		if st := ta.waitReload(r.header.Get("Reload-ID")); st != "succeeded" {
			t.Fatalf("%s: reload %s", list.path, st)
		}
		var got []map[string]any
		ta.do("GET", cfgPath+list.path, nil).expect(t, 200).json(t, &got)
		if len(got) != len(list.rules) {
			t.Fatalf("%s: %d rules read back, %d sent", list.path, len(got), len(list.rules))
		}
		for i := range got {
			b, _ := json.Marshal(got[i])
			assertSame(t, b, list.rules[i])
		}
	}
	if f := ta.file(); !strings.Contains(f, "    http-request track-sc1 src table fe_main\n") ||
		!strings.Contains(f, "    http-request lua.hello a b\n") || !strings.Contains(f, "    http-request set-timeout tunnel int(100)\n") {
		t.Errorf("the file does not say the rules as HAProxy spells them:\n%s", f)
	}

	before := ta.file()
	for _, n := range newer26 {
		path := "/frontends/fe_main/http_request_rules"
		if n.rule["type"] == "set-timeout" {
			path = "/backends/be_app/http_request_rules"
		}
		r := ta.do("POST", fmt.Sprintf("%s%s/0?version=%d", cfgPath, path, ta.version()), n.rule)
		r.expect(t, 400)
		if !strings.Contains(string(r.body), n.refusal) {
			t.Errorf("%s: want HAProxy's refusal %q, got %s", n.rule["type"], n.refusal, r.body)
		}
	}
	if ta.file() != before {
		t.Error("a refused rule changed the file")
	}
}
