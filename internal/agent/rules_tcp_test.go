package agent

import (
	"encoding/json"
	"fmt"
	"path/filepath"
	"slices"
	"strings"
	"testing"

	"github.com/tfhaproxy/terraform-provider-haproxy/internal/dataplane"
)

// Every action of the official tcp_request_rule and tcp_response_rule models,
// with every field it takes, as a client sends them: tcpRequest26 and
// tcpResponse26 with values HAProxy 2.6 accepts in the config of
// TestEveryTCPActionAgainstHAProxy, tcpNewer26 with what HAProxy 2.6 refuses,
// and the words of its refusal.
var (
	tcpRequest26 = []rule{
		{"type": "inspect-delay", "timeout": 2000},
		{"type": "connection", "action": "expect-proxy", "cond": "if", "cond_test": "{ src 10.1.0.0/16 }"},
		{"type": "connection", "action": "expect-netscaler-cip", "cond": "if", "cond_test": "{ src 10.2.0.0/16 }"},
		{"type": "connection", "action": "track-sc", "track_stick_counter": 0, "track_key": "src"},
		{"type": "connection", "action": "track-sc", "track_stick_counter": 1, "track_key": "src", "track_table": "be_st"},
		{"type": "connection", "action": "sc-inc-gpc", "sc_idx": "1", "sc_inc_id": "0"},
		{"type": "connection", "action": "sc-inc-gpc0", "sc_inc_id": "0"},
		{"type": "connection", "action": "sc-inc-gpc1", "sc_inc_id": "1"},
		{"type": "connection", "action": "sc-set-gpt", "sc_idx": "1", "sc_inc_id": "0", "sc_int": 5},
		{"type": "connection", "action": "set-mark", "mark_value": "0x10"},
		{"type": "connection", "action": "set-tos", "tos_value": "16"},
		{"type": "connection", "action": "set-src", "expr": "src"},
		{"type": "connection", "action": "set-src-port", "expr": "int(1024)"},
		{"type": "connection", "action": "set-dst", "expr": "dst"},
		{"type": "connection", "action": "set-dst-port", "expr": "int(80)"},
		{"type": "connection", "action": "set-var", "var_scope": "sess", "var_name": "a", "expr": "str(a),lower"},
		{"type": "connection", "action": "set-var-fmt", "var_scope": "sess", "var_name": "b", "var_format": "%[src]"},
		{"type": "connection", "action": "unset-var", "var_scope": "sess", "var_name": "a"},
		with(never, rule{"type": "connection", "action": "silent-drop"}),
		with(never, rule{"type": "connection", "action": "reject"}),
		{"type": "session", "action": "sc-set-gpt0", "sc_inc_id": "0", "gpt_value": "sc0_conn_cnt"},
		{"type": "session", "action": "sc-set-gpt0", "sc_inc_id": "1", "sc_int": 3},
		{"type": "session", "action": "track-sc", "track_stick_counter": 2, "track_key": "src"},
		{"type": "content", "action": "capture", "capture_sample": "req.payload(0,4)", "capture_len": 4},
		{"type": "content", "action": "do-resolve", "resolve_var": "txn.ip", "resolve_resolvers": "dns", "resolve_protocol": "ipv4", "expr": "str(localhost)"},
		{"type": "content", "action": "lua", "lua_action": "hello", "lua_params": "a b"},
		{"type": "content", "action": "sc-set-gpt", "sc_idx": "0", "sc_inc_id": "1", "expr": "int(2)"},
		{"type": "content", "action": "send-spoe-group", "spoe_engine_name": "eng", "spoe_group_name": "g1"},
		{"type": "content", "action": "set-log-level", "log_level": "info"},
		{"type": "content", "action": "set-nice", "nice_value": -5},
		{"type": "content", "action": "set-priority-class", "expr": "int(1)"},
		{"type": "content", "action": "set-priority-offset", "expr": "int(10)"},
		with(never, rule{"type": "content", "action": "switch-mode", "switch_mode_proto": "h1"}),
		with(never, rule{"type": "content", "action": "use-service", "service_name": "lua.svc"}),
		{"type": "content", "action": "accept", "cond": "unless", "cond_test": "{ req.len lt 4 }"},
	}
	tcpResponse26 = []rule{
		{"type": "inspect-delay", "timeout": 1000},
		{"type": "content", "action": "lua", "lua_action": "hello", "lua_params": "x y"},
		{"type": "content", "action": "sc-inc-gpc", "sc_idx": 1, "sc_id": 1},
		{"type": "content", "action": "sc-inc-gpc0", "sc_id": 2},
		{"type": "content", "action": "sc-inc-gpc1", "sc_id": 1},
		{"type": "content", "action": "sc-set-gpt", "sc_idx": 1, "sc_id": 2, "sc_int": 5},
		{"type": "content", "action": "sc-set-gpt", "sc_idx": 1, "sc_id": 1, "sc_expr": "res.len"},
		{"type": "content", "action": "sc-set-gpt0", "sc_id": 1, "expr": "res.len"},
		{"type": "content", "action": "send-spoe-group", "spoe_engine": "eng", "spoe_group": "g1"},
		{"type": "content", "action": "set-log-level", "log_level": "notice"},
		{"type": "content", "action": "set-mark", "mark_value": "7"},
		{"type": "content", "action": "set-nice", "nice_value": 100},
		{"type": "content", "action": "set-tos", "tos_value": "0x08"},
		{"type": "content", "action": "set-var", "var_scope": "txn", "var_name": "len", "expr": "res.len"},
		{"type": "content", "action": "set-var-fmt", "var_scope": "txn", "var_name": "f", "var_format": "%[res.len]"},
		{"type": "content", "action": "unset-var", "var_scope": "txn", "var_name": "len"},
		with(never, rule{"type": "content", "action": "close"}),
		with(never, rule{"type": "content", "action": "reject"}),
		with(never, rule{"type": "content", "action": "silent-drop"}),
		{"type": "content", "action": "accept", "cond": "if", "cond_test": "{ res.len gt 0 }"},
	}
	tcpNewer26 = []struct {
		list    string // the endpoint
		rule    rule
		refusal string
	}{
		{"tcp_request_rules", rule{"type": "session", "action": "attach-srv", "server_name": "be_st/s1", "expr": "str(a)"}, "'tcp-request session' expects"},
		{"tcp_request_rules", rule{"type": "content", "action": "do-log", "log_profile": "p"}, "'tcp-request content' expects"},
		{"tcp_request_rules", rule{"type": "content", "action": "sc-add-gpc", "sc_idx": "1", "sc_inc_id": "0", "sc_int": 2}, "'tcp-request content' expects"},
		{"tcp_request_rules", rule{"type": "content", "action": "set-bandwidth-limit", "bandwidth_limit_name": "up",
			"bandwidth_limit_limit": "1m", "bandwidth_limit_period": "1s"}, "'tcp-request content' expects"},
		{"tcp_request_rules", rule{"type": "content", "action": "set-bc-mark", "expr": "int(1)"}, "'tcp-request content' expects"},
		{"tcp_request_rules", rule{"type": "content", "action": "set-bc-tos", "expr": "int(1)"}, "'tcp-request content' expects"},
		{"tcp_request_rules", rule{"type": "content", "action": "set-fc-mark", "expr": "int(1)"}, "'tcp-request content' expects"},
		{"tcp_request_rules", rule{"type": "content", "action": "set-fc-tos", "expr": "int(1)"}, "'tcp-request content' expects"},
		{"tcp_request_rules", rule{"type": "content", "action": "set-retries", "expr": "int(1)"}, "'tcp-request content' expects"},
		{"tcp_request_rules", rule{"type": "content", "action": "silent-drop", "rst_ttl": 2}, "(got 'rst-ttl')"},
		{"tcp_request_rules", rule{"type": "session", "action": "expect-proxy"}, "is not allowed in 'tcp-request session' rules"},
		{"tcp_response_rules", rule{"type": "content", "action": "do-log", "log_profile": "p"}, "'tcp-response content' expects"},
		{"tcp_response_rules", rule{"type": "content", "action": "sc-add-gpc", "sc_idx": 1, "sc_id": 0, "sc_expr": "res.len"}, "'tcp-response content' expects"},
		{"tcp_response_rules", rule{"type": "content", "action": "set-bandwidth-limit", "bandwidth_limit_name": "down",
			"bandwidth_limit_limit": "1m", "bandwidth_limit_period": "1s"}, "'tcp-response content' expects"},
		{"tcp_response_rules", rule{"type": "content", "action": "set-fc-mark", "expr": "int(1)"}, "'tcp-response content' expects"},
		{"tcp_response_rules", rule{"type": "content", "action": "set-fc-tos", "expr": "int(1)"}, "'tcp-response content' expects"},
		{"tcp_response_rules", rule{"type": "content", "action": "silent-drop", "rst_ttl": 2}, "(got 'rst-ttl')"},
	}
)

// TestTCPRuleSamplesCoverTheOfficialModels: the samples set every action and
// every field of the official tcp_request_rule and tcp_response_rule models
// but metadata (TestMetadataOverHTTP writes it for a rule list).
func TestTCPRuleSamplesCoverTheOfficialModels(t *testing.T) {
	for _, tc := range []struct {
		kind, list string
		known      []rule
		actions    []string
	}{
		{"tcp_request_rule", "tcp_request_rules", tcpRequest26, dataplane.TCPRequestRuleActions},
		{"tcp_response_rule", "tcp_response_rules", tcpResponse26, dataplane.TCPResponseRuleActions},
	} {
		all := slices.Clone(tc.known)
		for _, n := range tcpNewer26 {
			if n.list == tc.list {
				all = append(all, n.rule)
			}
		}
		actions, fields := map[string]bool{}, map[string]bool{"metadata": true}
		for _, r := range all {
			if a, ok := r["action"].(string); ok {
				actions[a] = true
			}
			for k := range r {
				fields[k] = true
			}
		}
		for _, a := range tc.actions {
			if !actions[a] {
				t.Errorf("%s: no sample of action %q", tc.kind, a)
			}
		}
		for _, f := range dataplane.OfficialFields[tc.kind] {
			if !fields[f] {
				t.Errorf("%s: no sample sets %q", tc.kind, f)
			}
		}
	}
}

// TestEveryTCPActionAgainstHAProxy PUTs every TCP action HAProxy 2.6 knows,
// with every field set, over HTTP to an agent that runs a real HAProxy: the
// lists read back equal, the file says them as HAProxy spells them, `haproxy
// -c` passes and HAProxy reloads. Each action HAProxy 2.6 does not know is
// refused with its own message, and nothing is written.
func TestEveryTCPActionAgainstHAProxy(t *testing.T) {
	p := freePorts(t, 2)
	own := t.TempDir() // the operator's: a Lua action and service, an SPOE engine
	lua, spoe := filepath.Join(own, "hello.lua"), filepath.Join(own, "spoe.conf")
	writeFile(t, lua, `core.register_action("hello", {"tcp-req", "tcp-res"}, function(txn, a, b) end, 2)`+"\n"+
		`core.register_service("svc", "tcp", function(applet) end)`+"\n")
	writeFile(t, spoe, "[eng]\nspoe-agent a\n    groups g1\n    use-backend be_spoe\n    timeout hello 1s\n    timeout idle 1s\n"+
		"    timeout processing 1s\nspoe-message m1\n    args src\nspoe-group g1\n    messages m1\n")
	cfg := strings.Replace(baseConfig(p[0]), "global\n", "global\n    lua-load "+lua+"\n", 1) + fmt.Sprintf(`
frontend fe_tcp
    mode tcp
    bind 127.0.0.1:%d name tcp
    filter spoe engine eng config %s
    stick-table type ip size 1k store gpc(2),gpt(2)
    default_backend be_st

backend be_st
    mode tcp
    filter spoe engine eng config %s
    stick-table type ip size 1k store gpc(2),gpt(2)
    server s1 127.0.0.1:1

backend be_spoe
    mode tcp
    server s 127.0.0.1:2

resolvers dns
    nameserver n1 127.0.0.1:53
`, p[1], spoe, spoe)
	ta := startAgent(t, cfg)

	for _, list := range []struct {
		path  string
		rules []rule
	}{{"/frontends/fe_tcp/tcp_request_rules", tcpRequest26}, {"/backends/be_st/tcp_response_rules", tcpResponse26}} {
		r := ta.do("PUT", fmt.Sprintf("%s%s?version=%d", cfgPath, list.path, ta.version()), list.rules).expect(t, 202)
		if st := ta.waitReload(r.header.Get("Reload-ID")); st != "succeeded" {
			t.Fatalf("%s: reload %s\n%s", list.path, st, ta.file())
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
	for _, line := range []string{
		"    tcp-request inspect-delay 2s\n", "    tcp-request connection expect-proxy layer4 if { src 10.1.0.0/16 }\n",
		"    tcp-request connection track-sc1 src table be_st\n", "    tcp-request session sc-set-gpt0(0) sc0_conn_cnt\n",
		"    tcp-request content do-resolve(txn.ip,dns,ipv4) str(localhost)\n", "    tcp-request content switch-mode http proto h1 if FALSE\n",
		"    tcp-request content capture req.payload(0,4) len 4\n", "    tcp-response inspect-delay 1s\n",
		"    tcp-response content sc-set-gpt(1,1) res.len\n", "    tcp-response content lua.hello x y\n",
	} {
		if !strings.Contains(ta.file(), line) {
			t.Errorf("the file lacks %q:\n%s", line, ta.file())
		}
	}
	ta.haproxyCheck(t)

	before := ta.file()
	for _, n := range tcpNewer26 {
		path := "/frontends/fe_tcp/" + n.list
		if n.list == "tcp_response_rules" {
			path = "/backends/be_st/" + n.list
		}
		r := ta.do("POST", fmt.Sprintf("%s%s/0?version=%d", cfgPath, path, ta.version()), n.rule).expect(t, 400)
		if !strings.Contains(string(r.body), n.refusal) {
			t.Errorf("%s: want HAProxy's refusal %q, got %s", n.rule["action"], n.refusal, r.body)
		}
	}
	if ta.file() != before {
		t.Error("a refused rule changed the file")
	}
}

// TestTCPRulesOverHTTP: a handwritten list reads as the official server
// answers it; one rule is inserted, edited and deleted by index with one line
// changed each time; bad values are 400 naming the member and write nothing;
// tcp_response_rules exist under backends only.
func TestTCPRulesOverHTTP(t *testing.T) {
	p := freePorts(t, 1)
	ta := startAgent(t, strings.Replace(baseConfig(p[0]), "\nbackend be_app\n",
		"\nbackend be_app\n    tcp-request  inspect-delay 5s   # hand\n    tcp-request content accept if { req.len gt 0 }\n"+
			"    tcp-response content close if { res.len gt 100 }\n", 1))
	base := cfgPath + "/backends/be_app/tcp_request_rules"
	var got []map[string]any
	ta.do("GET", base, nil).expect(t, 200).json(t, &got)
	want := `[{"metadata":{"comment":"hand"},"timeout":5000,"type":"inspect-delay"},{"action":"accept","cond":"if","cond_test":"{ req.len gt 0 }","type":"content"}]`
	if b, _ := json.Marshal(got); string(b) != want {
		t.Fatalf("GET %s: %s, want %s", base, b, want)
	}
	if r := ta.do("GET", cfgPath+"/backends/be_app/tcp_response_rules/0", nil).expect(t, 200); !strings.Contains(string(r.body), `"action":"close"`) {
		t.Errorf("tcp_response_rules/0: %s", r.body)
	}
	ta.do("GET", cfgPath+"/frontends/fe_main/tcp_response_rules", nil).expect(t, 404)

	for _, step := range []struct {
		method, path  string
		body          any
		removed, adds []string
	}{
		{"POST", base + "/1", rule{"type": "content", "action": "reject", "cond": "if", "cond_test": "{ req.len gt 1000 }",
			"index": 1, "expr": nil, "timeout": nil}, // a v2 client's index is ignored, null is unset
			nil, []string{"    tcp-request content reject if { req.len gt 1000 }\n"}},
		{"PUT", base + "/0", rule{"type": "inspect-delay", "timeout": 3000},
			[]string{"    tcp-request  inspect-delay 5s   # hand\n"}, []string{"    tcp-request  inspect-delay 3s   # hand\n"}},
		{"DELETE", base + "/1", nil, []string{"    tcp-request content reject if { req.len gt 1000 }\n"}, nil},
	} {
		before := ta.file()
		r := ta.do(step.method, fmt.Sprintf("%s?version=%d", step.path, ta.version()), step.body)
		if r.status != 202 && r.status != 204 {
			t.Fatalf("%s %s: %d %s", step.method, step.path, r.status, r.body)
		}
		if st := ta.waitReload(r.header.Get("Reload-ID")); st != "succeeded" {
			t.Fatalf("%s %s: reload %s", step.method, step.path, st)
		}
		removed, added := lineDiff(before, ta.file())
		if !slices.Equal(removed, step.removed) || !slices.Equal(added, step.adds) {
			t.Errorf("%s %s: removed %q, added %q", step.method, step.path, removed, added)
		}
	}

	before := ta.file()
	for _, tc := range []struct {
		body  any
		field string
	}{
		{[]rule{{"type": "content", "action": "set-nice", "nice_value": 5000}}, "nice_value"},
		{[]rule{{"type": "content", "action": "track-sc", "track_key": "src"}}, "track_stick_counter"},
		{[]rule{{"type": "content", "action": "accept", "timeout": 5}}, "timeout"},
		{[]rule{{"type": "inspect-delay"}}, "timeout"},
		{[]rule{{"type": "content", "action": "set-var", "var_scope": "txn", "var_name": "a", "expr": "str(a)\nx"}}, "expr"},
		{[]rule{{"type": "stream", "action": "accept"}}, "type"},
	} {
		r := ta.do("PUT", fmt.Sprintf("%s?version=%d", base, ta.version()), tc.body).expect(t, 400)
		if !strings.Contains(string(r.body), tc.field) {
			t.Errorf("PUT %v: %s does not name %s", tc.body, r.body, tc.field)
		}
	}
	if ta.file() != before {
		t.Error("a refused list changed the file")
	}
}
