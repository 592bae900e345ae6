package agent

import (
	"encoding/json"
	"fmt"
	"slices"
	"strings"
	"testing"

	"github.com/tfhaproxy/terraform-provider-haproxy/internal/dataplane"
)

// Every type of the official http_check, tcp_check, stick_rule and
// server_switching_rule models, with every field it takes, as a client sends
// them, in an order HAProxy 2.6 accepts (a connect starts a sequence of send
// and expect rules). HAProxy 2.6 knows all of them.
var (
	httpCheckSamples = []rule{
		{"type": "comment", "check_comment": `"hello world"`},
		{"type": "connect", "default": true, "port": 8080, "addr": "127.0.0.1", "send_proxy": true, "via_socks4": true, "ssl": true,
			"sni": "example.com", "alpn": "h2,http/1.1", "linger": true, "proto": "h2", "check_comment": "c"},
		{"type": "send", "method": "GET", "uri": "/health", "version": "HTTP/1.1", "body": `"{}"`, "check_comment": "snd",
			"headers": []any{rule{"name": "Host", "fmt": "example.com"}, rule{"name": "X-A", "fmt": "%[src]"}}},
		{"type": "expect", "min_recv": 10, "check_comment": "ex", "ok_status": "L7OK", "error_status": "L7RSP", "tout_status": "L7TOUT",
			"on_success": "ok", "on_error": "err", "status-code": "int(200)", "exclamation_mark": true, "match": "status", "pattern": "500"},
		{"type": "connect", "port_string": "int(8081)"},
		{"type": "send", "method": "POST", "uri_log_format": "/h/%[src]", "body_log_format": "%[date]"},
		{"type": "expect", "match": "hdr", "pattern": `name "set-cookie" value -m beg "sessid="`},
		{"type": "expect", "match": "fhdr", "pattern": "name -m str x value -m sub y"},
		{"type": "expect", "match": "rstatus", "pattern": "^2"},
		{"type": "expect", "match": "string", "pattern": "ok"},
		{"type": "expect", "match": "rstring", "pattern": "^ok"},
		{"type": "send-state"},
		{"type": "disable-on-404"},
		{"type": "set-var", "var_scope": "check", "var_name": "port", "var_expr": "int(8080)"},
		{"type": "set-var-fmt", "var_scope": "check", "var_name": "a", "var_format": "%[src]"},
		{"type": "unset-var", "var_scope": "check", "var_name": "port"},
	}
	tcpCheckSamples = []rule{
		{"action": "comment", "check_comment": "hi"},
		{"action": "connect", "default": true, "port": 6379, "addr": "127.0.0.1", "send_proxy": true, "via_socks4": true, "ssl": true,
			"sni": "example.com", "alpn": "h2", "linger": true, "proto": "none", "check_comment": "c"},
		{"action": "send", "data": `PING\r\n`, "check_comment": "s"},
		{"action": "expect", "min_recv": 2, "check_comment": "e", "ok_status": "L6OK", "error_status": "L7RSP", "tout_status": "L6TOUT",
			"on_success": "ok", "on_error": "err", "status-code": "int(1)", "exclamation_mark": true, "match": "string", "pattern": "-ERR"},
		{"action": "connect", "port_string": "int(6380)"},
		{"action": "send-lf", "fmt": `%[src]\r\n`},
		{"action": "send-binary", "hex_string": "50494e47"},
		{"action": "send-binary-lf", "hex_fmt": "50%[src,hex]"},
		{"action": "expect", "match": "rstring", "pattern": "^OK"},
		{"action": "expect", "match": "string-lf", "pattern": "%[src]"},
		{"action": "expect", "match": "binary", "pattern": "00"},
		{"action": "expect", "match": "rbinary", "pattern": "0."},
		{"action": "expect", "match": "binary-lf", "pattern": "%[src,hex]"},
		{"action": "set-var", "var_scope": "check", "var_name": "port", "var_expr": "int(1)"},
		{"action": "set-var-fmt", "var_scope": "check", "var_name": "p", "var_fmt": "%[src]"},
		{"action": "unset-var", "var_scope": "check", "var_name": "port"},
	}
	stickRuleSamples = []rule{
		{"type": "match", "pattern": "src", "table": "be_checks", "cond": "if", "cond_test": "TRUE"},
		{"type": "on", "pattern": "src"},
		{"type": "store-request", "pattern": "src", "table": "be_checks"},
		{"type": "store-response", "pattern": "src", "cond": "unless", "cond_test": "FALSE"},
	}
	serverRuleSamples = []rule{
		{"target_server": "s1", "cond": "if", "cond_test": "{ src 10.0.0.1 }"},
		{"target_server": "s2", "cond": "unless", "cond_test": "TRUE"},
	}
)

// TestCheckSamplesCoverTheOfficialModels: the samples set every type and every
// field of the official models but metadata, which is the line's comment
// (TestMetadataOverHTTP writes it for a list).
func TestCheckSamplesCoverTheOfficialModels(t *testing.T) {
	for _, tc := range []struct {
		kind, typeMember string
		types            []string
		samples          []rule
	}{
		{"http_check", "type", dataplane.HTTPCheckTypes, httpCheckSamples},
		{"tcp_check", "action", dataplane.TCPCheckActions, tcpCheckSamples},
		{"stick_rule", "type", dataplane.StickRuleTypes, stickRuleSamples},
		{"server_switching_rule", "", nil, serverRuleSamples},
	} {
		types, fields := map[string]bool{}, map[string]bool{"metadata": true}
		for _, r := range tc.samples {
			if tc.typeMember != "" {
				types[r[tc.typeMember].(string)] = true
			}
			for k := range r {
				fields[k] = true
			}
		}
		for _, typ := range tc.types {
			if !types[typ] {
				t.Errorf("%s: no sample of type %q", tc.kind, typ)
			}
		}
		for _, f := range dataplane.OfficialFields[tc.kind] {
			if !fields[f] {
				t.Errorf("%s: no sample sets %q", tc.kind, f)
			}
		}
	}
}

// checksConfig is baseConfig with a backend for each check list: their servers
// check nothing (no `check`), so that HAProxy only reads the rules.
func checksConfig(port int) string {
	return baseConfig(port) + "    server s0 127.0.0.1:1\n\n" +
		"backend be_http\n    option httpchk\n    server s1 127.0.0.1:1 verify none\n\n" +
		"backend be_tcp\n    mode tcp\n    option tcp-check\n    server s1 127.0.0.1:1 verify none\n\n" +
		"backend be_checks\n    stick-table type ip size 1k\n    server s1 127.0.0.1:1\n    server s2 127.0.0.1:2\n"
}

// TestEveryCheckAgainstHAProxy PUTs every check and server rule, with every
// field set, over HTTP to an agent that runs a real HAProxy: each list reads
// back equal, HAProxy reloads, and the file says the rules as HAProxy spells
// them. A rule HAProxy 2.6 refuses is a 400 with its message, and nothing is
// written; nor is a value the official models do not allow.
func TestEveryCheckAgainstHAProxy(t *testing.T) {
	ta := startAgent(t, checksConfig(freePorts(t, 1)[0]))
	for _, list := range []struct {
		path  string
		rules []rule
	}{
		{"/backends/be_http/http_checks", httpCheckSamples},
		{"/backends/be_tcp/tcp_checks", tcpCheckSamples},
		{"/backends/be_checks/stick_rules", stickRuleSamples},
		{"/backends/be_checks/server_switching_rules", serverRuleSamples},
	} {
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
	ta.haproxyCheck(t)
	for _, line := range []string{
		"    http-check connect default port 8080 addr 127.0.0.1 send-proxy via-socks4 ssl sni example.com alpn h2,http/1.1 linger proto h2 comment c\n",
		"    http-check send meth GET uri /health ver HTTP/1.1 hdr Host example.com hdr X-A %[src] body \"{}\" comment snd\n",
		"    http-check expect min-recv 10 comment ex ok-status L7OK error-status L7RSP tout-status L7TOUT on-success ok on-error err status-code int(200) ! status 500\n",
		"    http-check expect hdr name \"set-cookie\" value -m beg \"sessid=\"\n",
		"    http-check set-var(check.port) int(8080)\n",
		"    tcp-check connect port int(6380)\n",
		"    tcp-check send PING\\r\\n comment s\n",
		"    stick match src table be_checks if TRUE\n",
		"    use-server s2 unless TRUE\n",
	} {
		if !strings.Contains(ta.file(), line) {
			t.Errorf("the file does not say %q:\n%s", line, ta.file())
		}
	}

	before, v := ta.file(), ta.version()
	for _, tc := range []struct {
		path    string
		rule    rule
		refusal string
	}{
		{"/backends/be_checks/server_switching_rules", rule{"target_server": "s1"}, "'use-server' requires either 'if' or 'unless' followed by a condition"},
		{"/backends/be_checks/server_switching_rules", rule{"target_server": "nope", "cond": "if", "cond_test": "TRUE"}, "unable to find server 'nope' referenced in a 'use-server' rule"},
		{"/backends/be_checks/stick_rules", rule{"type": "on", "pattern": "src", "table": "no_table"}, "unable to find stick-table 'no_table'"},
		{"/backends/be_http/http_checks", rule{"type": "set-var", "var_scope": "nowhere", "var_name": "a", "var_expr": "int(1)"}, "invalid variable name 'nowhere.a'"},
	} {
		r := ta.do("POST", fmt.Sprintf("%s%s/0?version=%d", cfgPath, tc.path, v), tc.rule).expect(t, 400)
		if !strings.Contains(string(r.body), tc.refusal) {
			t.Errorf("%v: want HAProxy's refusal %q, got %s", tc.rule, tc.refusal, r.body)
		}
	}
	// Values the official models do not allow never reach HAProxy: 400 naming
	// the member, as for every invalid value (see statusOf).
	for _, tc := range []struct {
		path   string
		rule   rule
		member string
	}{
		{"/backends/be_http/http_checks", rule{"type": "expect", "match": "status"}, "pattern"},
		{"/backends/be_http/http_checks", rule{"type": "send", "method": "FETCH"}, "method"},
		{"/backends/be_tcp/tcp_checks", rule{"action": "connect", "port": 70000}, "port"},
		{"/backends/be_tcp/tcp_checks", rule{"action": "send", "data": "a\nb"}, "data"},
		{"/backends/be_checks/stick_rules", rule{"type": "store", "pattern": "src"}, "type"},
	} {
		r := ta.do("POST", fmt.Sprintf("%s%s/0?version=%d", cfgPath, tc.path, v), tc.rule).expect(t, 400)
		if !strings.Contains(string(r.body), "invalid value: ") || !strings.Contains(string(r.body), "[0]."+tc.member+": ") {
			t.Errorf("%v: want an error naming %s, got %s", tc.rule, tc.member, r.body)
		}
	}
	if ta.file() != before || ta.version() != v {
		t.Error("a refused rule changed the file")
	}
}

// TestChecksInFullSection: a backend read with full_section=true carries its
// check and server-rule lists, a full write replaces them, and one without
// full_section that says other lists than the file is a 422 naming the member.
func TestChecksInFullSection(t *testing.T) {
	ta := startAgent(t, checksConfig(freePorts(t, 1)[0]))
	var be map[string]any
	ta.getJSON(t, cfgPath+"/backends/be_checks?full_section=true", &be)
	for _, m := range []string{"http_check_list", "tcp_check_rule_list", "server_switching_rule_list", "stick_rule_list"} {
		if be[m] != nil {
			t.Errorf("%s of a backend without such lines: %v", m, be[m])
		}
	}
	be["http_check_list"] = []rule{{"type": "send", "method": "GET", "uri": "/"}, {"type": "expect", "match": "status", "pattern": "200"}}
	be["tcp_check_rule_list"] = []rule{{"action": "connect"}, {"action": "send", "data": "PING"}}
	be["server_switching_rule_list"] = serverRuleSamples
	be["stick_rule_list"] = stickRuleSamples
	r := ta.do("PUT", fmt.Sprintf("%s/backends/be_checks?full_section=true&version=%d", cfgPath, ta.version()), be).expect(t, 202)
	if st := ta.waitReload(r.header.Get("Reload-ID")); st != "succeeded" {
		t.Fatalf("reload %s\n%s", st, ta.file())
	}
	var got map[string]any
	ta.getJSON(t, cfgPath+"/backends/be_checks?full_section=true", &got)
	sameJSON(t, "be_checks?full_section=true", got, be)
	if f := ta.file(); !strings.Contains(f, "    http-check send meth GET uri /\n    http-check expect status 200\n    tcp-check connect\n    tcp-check send PING\n") ||
		!strings.Contains(f, "    use-server s1 if { src 10.0.0.1 }\n") || !strings.Contains(f, "    stick on src\n") {
		t.Errorf("the file:\n%s", f)
	}

	before, v := ta.file(), ta.version()
	for _, m := range []string{"http_check_list", "tcp_check_rule_list", "server_switching_rule_list", "stick_rule_list"} {
		body := map[string]any{}
		for k, x := range got {
			body[k] = x
		}
		items := slices.Clone(body[m].([]any))
		body[m] = items[:len(items)-1]
		r := ta.do("PUT", fmt.Sprintf("%s/backends/be_checks?version=%d", cfgPath, v), body).expect(t, 422)
		if !strings.Contains(string(r.body), m) {
			t.Errorf("%s without full_section: %s", m, r.body)
		}
	}
	if ta.file() != before || ta.version() != v {
		t.Error("a refused write changed the file")
	}
}
