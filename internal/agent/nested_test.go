package agent

import (
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"testing"
)

// The nested objects of frontends and backends, with values HAProxy 2.6 accepts
// in the config of TestNestedObjectsAgainstHAProxy.
func nestedSamples(errorFile string) (common map[string]any, stats map[string]any) {
	stats = map[string]any{
		"stats_enable": true, "stats_uri_prefix": "/stats", "stats_realm": true, "stats_realm_realm": `Haproxy\ Stats`,
		"stats_auths": []any{map[string]any{"user": "admin", "passwd": "secret"}}, "stats_hide_version": true,
		"stats_show_legends": true, "stats_show_modules": true, "stats_show_desc": "my node", "stats_show_node_name": "n1",
		"stats_refresh_delay": 10000,
	}
	common = map[string]any{
		"mode": "http",
		"stick_table": map[string]any{"type": "string", "keylen": 32, "size": 102400, "expire": 30000, "nopurge": true,
			"peers": "mypeers", "srvkey": "name", "store": "http_req_rate(10s),gpc0"},
		"compression": map[string]any{"algorithms": []any{"gzip", "deflate"}, "types": []any{"text/html", "text/plain"}, "offload": true},
		"email_alert": map[string]any{"from": "a@example.com", "to": "b@example.com", "level": "err", "mailers": "mymailers",
			"myhostname": "host1"},
		"error_files":                 []any{map[string]any{"code": 503, "file": errorFile}},
		"errorfiles_from_http_errors": []any{map[string]any{"name": "myerrors", "codes": []any{503}}},
		"errorloc302":                 map[string]any{"code": 500, "url": "http://example.com/e"},
		"errorloc303":                 map[string]any{"code": 502, "url": "http://example.com/f"},
		"originalto":                  map[string]any{"enabled": "enabled", "except": "127.0.0.0/8", "header": "X-Orig"},
	}
	return common, stats
}

// newerNested are members HAProxy 2.6 does not know, each with the words of the
// message it refuses them with.
var newerNested = []struct {
	kind, member string
	value        any
	message      string
}{
	{"frontends", "compression", map[string]any{"algo-req": "gzip"}, "'compression' expects 'algo', 'type' or 'offload'"},
	{"frontends", "compression", map[string]any{"algos-res": []any{"gzip"}}, "'compression' expects"},
	{"frontends", "compression", map[string]any{"types-req": []any{"text/html"}}, "'compression' expects"},
	{"frontends", "compression", map[string]any{"types-res": []any{"text/html"}}, "'compression' expects"},
	{"frontends", "compression", map[string]any{"direction": "both"}, "'compression' expects"},
	{"frontends", "compression", map[string]any{"minsize_req": 1024}, "'compression' expects"},
	{"frontends", "compression", map[string]any{"minsize_res": 1024}, "'compression' expects"},
	{"frontends", "stats_options", map[string]any{"stats_show_version": true}, "unknown stats parameter 'show-version'"},
	{"frontends", "stats_options", map[string]any{"stats_maxconn": 10}, "unknown stats parameter 'maxconn'"},
	{"frontends", "stick_table", map[string]any{"type": "ip", "size": 10, "write_to": "other"}, "unknown argument 'write-to'"},
	{"frontends", "stick_table", map[string]any{"type": "ip", "size": 10, "recv_only": true}, "unknown argument 'recv-only'"},
	{"frontends", "forwarded", map[string]any{"enabled": "enabled", "proto": true}, "unknown option 'forwarded'"},
	{"backends", "httpchk_params", map[string]any{"method": "GET", "uri": "/", "version": "HTTP/1.1", "host": "example.com"},
		"'option httpchk' cannot handle unexpected argument 'example.com'"},
}

// TestNestedObjectsAgainstHAProxy creates a frontend and backends with every
// nested object set, over HTTP, against a real HAProxy: `haproxy -c` passes,
// HAProxy reloads, and each reads back equal. Each member HAProxy 2.6 does not
// know is refused with HAProxy's own message, and nothing is written.
func TestNestedObjectsAgainstHAProxy(t *testing.T) {
	ports := freePorts(t, 2)
	// The error file of the http-errors section is the operator's: any path.
	operatorFile := filepath.Join(t.TempDir(), "503.http")
	page := []byte("HTTP/1.0 503 Service Unavailable\r\nContent-Type: text/plain\r\n\r\ndown\n")
	if err := os.WriteFile(operatorFile, page, 0o600); err != nil {
		t.Fatal(err)
	}
	ta := startAgent(t, baseConfig(ports[0])+fmt.Sprintf(`
peers mypeers
    peer local 127.0.0.1:%d

mailers mymailers
    mailer m1 127.0.0.1:25

http-errors myerrors
    errorfile 503 %s
`, ports[1], operatorFile))
	// Error files from the API are files HAProxy serves: in the general storage
	// directory (--general-storage-dir's default, beside the config).
	general := filepath.Join(filepath.Dir(ta.config), "general")
	if err := os.MkdirAll(general, 0o755); err != nil {
		t.Fatal(err)
	}
	errorFile := filepath.Join(general, "503.http")
	if err := os.WriteFile(errorFile, page, 0o600); err != nil {
		t.Fatal(err)
	}
	cfgPath := "/v3/services/haproxy/configuration"
	common, stats := nestedSamples(errorFile)
	with := func(base map[string]any, more map[string]any) map[string]any {
		b := map[string]any{}
		for _, m := range []map[string]any{base, more} {
			for k, v := range m {
				b[k] = v
			}
		}
		return b
	}

	fe := with(common, map[string]any{
		"name": "fe_nested", "stats_options": stats, "monitor_fail": map[string]any{"cond": "if", "cond_test": "FALSE"},
	})
	ta.create(cfgPath+"/frontends", fe)
	assertSame(t, ta.do("GET", cfgPath+"/frontends/fe_nested", nil).expect(t, 200).body, fe)

	backendStats := with(stats, map[string]any{"stats_admin": true, "stats_admin_cond": "if", "stats_admin_cond_test": "TRUE"})
	// HAProxy takes stats http-request rules in place of stats auth and realm.
	httpRequestStats := map[string]any{"stats_enable": true, "stats_http_requests": []any{
		map[string]any{"type": "auth", "realm": "R", "cond": "if", "cond_test": "TRUE"}, map[string]any{"type": "allow"}}}
	backends := []map[string]any{
		with(common, map[string]any{
			"name": "be_nested", "stats_options": backendStats,
			"balance":   map[string]any{"algorithm": "url_param", "url_param": "uid", "url_param_check_post": 64, "url_param_max_wait": 5},
			"adv_check": "mysql-check", "mysql_check_params": map[string]any{"username": "haproxy", "client_version": "post-41"},
			"cookie": map[string]any{"name": "SRV", "type": "insert", "domain": []any{map[string]any{"value": ".a.com"}, map[string]any{"value": ".b.com"}},
				"attr": []any{map[string]any{"value": "SameSite=Lax"}}},
			"persist_rule":        map[string]any{"type": "rdp-cookie", "rdp_cookie_name": "mycookie"},
			"source":              map[string]any{"address": "127.0.0.1", "interface": "lo"},
			"hash_type":           map[string]any{"method": "consistent", "function": "sdbm", "modifier": "avalanche"},
			"force_persist_list":  []any{map[string]any{"cond": "if", "cond_test": "TRUE"}},
			"ignore_persist_list": []any{map[string]any{"cond": "unless", "cond_test": "TRUE"}},
		}),
		{"name": "be_pgsql", "mode": "tcp", "adv_check": "pgsql-check", "pgsql_check_params": map[string]any{"username": "pg"},
			"source": map[string]any{"address": "0.0.0.0", "usesrc": "clientip"}},
		{"name": "be_smtp", "mode": "tcp", "adv_check": "smtpchk", "smtpchk_params": map[string]any{"hello": "EHLO", "domain": "example.com"},
			"source": map[string]any{"address": "0.0.0.0", "usesrc": "hdr_ip", "hdr": "x-forwarded-for", "occ": "-1"}},
		{"name": "be_http", "stats_options": httpRequestStats, "adv_check": "httpchk", "httpchk_params": map[string]any{"method": "GET", "uri": "/health", "version": "HTTP/1.1"},
			"source": map[string]any{"address": "0.0.0.0", "port": 1024, "usesrc": "address", "address_second": "127.0.0.2", "port_second": 2000}},
	}
	for _, be := range backends {
		ta.create(cfgPath+"/backends", be)
		assertSame(t, ta.do("GET", cfgPath+"/backends/"+be["name"].(string), nil).expect(t, 200).body, be)
	}
	file := ta.file()
	for _, want := range []string{
		"    stick-table type string len 32 size 102400 expire 30s nopurge peers mypeers srvkey name store http_req_rate(10s),gpc0\n",
		"    errorfile 503 " + errorFile + "\n",
		"    option mysql-check user haproxy post-41\n",
		"    cookie SRV insert domain .a.com domain .b.com attr SameSite=Lax\n",
		"    source 0.0.0.0 usesrc hdr_ip(x-forwarded-for,-1)\n",
	} {
		if !strings.Contains(file, want) {
			t.Errorf("the file has no line %q", want)
		}
	}

	// The deprecated force_persist and ignore_persist are read as one-item
	// force_persist_list and ignore_persist_list, which answers hold; one that
	// contradicts its list is refused.
	for _, m := range []string{"force_persist", "ignore_persist"} {
		name, cond := "be_"+m, map[string]any{"cond": "if", "cond_test": "TRUE"}
		ta.create(cfgPath+"/backends", map[string]any{"name": name, m: cond})
		assertSame(t, ta.do("GET", cfgPath+"/backends/"+name, nil).expect(t, 200).body,
			map[string]any{"name": name, m + "_list": []any{cond}})
		r := ta.do("POST", fmt.Sprintf("%s/backends?version=%d", cfgPath, ta.version()),
			map[string]any{"name": "be_x", m: cond, m + "_list": []any{map[string]any{"cond": "unless", "cond_test": "TRUE"}}})
		if r.status != 422 || !strings.Contains(string(r.body), m) {
			t.Errorf("%s contradicting its list: %d %s", m, r.status, r.body)
		}
	}

	before := ta.file()
	for i, n := range newerNested {
		body := map[string]any{"name": fmt.Sprintf("x%d", i), n.member: n.value}
		if n.member == "httpchk_params" {
			body["adv_check"] = "httpchk"
		}
		r := ta.do("POST", fmt.Sprintf("%s/%s?version=%d", cfgPath, n.kind, ta.version()), body)
		if r.status != 400 || !strings.Contains(string(r.body), n.message) {
			t.Errorf("%s %v: status %d, want 400 with HAProxy's %q: %s", n.member, n.value, r.status, n.message, r.body)
		}
	}
	if ta.file() != before {
		t.Error("a refused member changed the file")
	}

	// An error file outside the allowed directories is refused before HAProxy
	// reads it.
	r := ta.do("POST", fmt.Sprintf("%s/frontends?version=%d", cfgPath, ta.version()),
		map[string]any{"name": "fe_outside", "error_files": []any{map[string]any{"code": 503, "file": operatorFile}}})
	if r.status != 422 || !strings.Contains(string(r.body), "error_files[0].file") {
		t.Errorf("an error file outside the allowed directories: %d %s", r.status, r.body)
	}
}
