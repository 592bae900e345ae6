package agent

import (
	"fmt"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"
)

// item is one element of a list as a client sends it.
type item = map[string]any

// putList PUTs items as the whole list at path (under cfgPath): HAProxy reloads
// with them, and a GET answers exactly what was PUT.
func putList(t *testing.T, ta *testAgent, path string, items []item) {
	t.Helper()
	r := ta.do("PUT", fmt.Sprintf("%s%s?version=%d", cfgPath, path, ta.version()), items).expect(t, 202)
	if st := ta.waitReload(r.header.Get("Reload-ID")); st != "succeeded" {
		t.Fatalf("%s: reload %s", path, st)
	}
	var got []item
	ta.getJSON(t, cfgPath+path, &got)
	sameJSON(t, "GET "+path+" after PUT", got, items)
}

// refusedByHAProxy POSTs each item at index 0 of the list at path: 400 with
// HAProxy's message, and the file unchanged.
func refusedByHAProxy(t *testing.T, ta *testAgent, path string, refusals map[string]item) {
	t.Helper()
	before := ta.file()
	for message, it := range refusals {
		r := ta.do("POST", fmt.Sprintf("%s%s/0?version=%d", cfgPath, path, ta.version()), it).expect(t, 400)
		if !strings.Contains(string(r.body), message) {
			t.Errorf("%v: want HAProxy's refusal %q, got %s", it, message, r.body)
		}
	}
	if ta.file() != before {
		t.Errorf("a refused item changed the file:\n%s", ta.file())
	}
}

// fullSectionList checks a list as a member of its section with
// full_section=true: a GET carries what the list endpoint answers, and a PUT
// of the section with the member changed writes the list.
func fullSectionList(t *testing.T, ta *testAgent, section, member, list string, items []item) {
	t.Helper()
	var s item
	ta.getJSON(t, cfgPath+"/"+section+"?full_section=true", &s)
	var held []item
	ta.getJSON(t, cfgPath+"/"+section+"/"+list, &held)
	if len(held) == 0 {
		t.Fatalf("%s has no %s to compare", section, list)
	}
	sameJSON(t, section+" "+member, s[member], held)
	s[member] = items
	r := ta.do("PUT", fmt.Sprintf("%s/%s?full_section=true&version=%d", cfgPath, section, ta.version()), s).expect(t, 202)
	if st := ta.waitReload(r.header.Get("Reload-ID")); st != "succeeded" {
		t.Fatalf("full PUT of %s: reload %s", section, st)
	}
	var got []item
	ta.getJSON(t, cfgPath+"/"+section+"/"+list, &got)
	sameJSON(t, "GET "+list+" after a full PUT", got, items)
}

func TestLogTargetsAgainstHAProxy(t *testing.T) {
	ta := startAgent(t, baseConfig(freePorts(t, 1)[0])+"    log global\n")
	targets := []item{
		{"global": true},
		{"address": "127.0.0.1:514", "length": 2048, "format": "rfc5424", "sample_range": "1-3,5", "sample_size": 6,
			"facility": "local0", "level": "info", "minlevel": "err"},
		{"address": "/dev/log", "facility": "daemon", "metadata": item{"owner": "ops"}},
		{"address": "stdout", "format": "raw", "facility": "local7", "level": "debug"},
	}
	putList(t, ta, "/frontends/fe_main/log_targets", targets)
	putList(t, ta, "/backends/be_app/log_targets", []item{{"nolog": true}})
	if f := ta.file(); !strings.Contains(f, "    log 127.0.0.1:514 len 2048 format rfc5424 sample 1-3,5:6 local0 info err\n") ||
		!strings.Contains(f, "    no log\n") {
		t.Errorf("the file does not say the log targets as HAProxy spells them:\n%s", f)
	}
	fullSectionList(t, ta, "frontends/fe_main", "log_target_list", "log_targets", targets[1:3])
	fullSectionList(t, ta, "backends/be_app", "log_target_list", "log_targets", []item{{"global": true}})
	refusedByHAProxy(t, ta, "/frontends/fe_main/log_targets", map[string]item{
		"unknown log facility 'profile'": {"address": "127.0.0.1", "profile": "p", "facility": "local0"},
	})
	r := ta.do("POST", fmt.Sprintf("%s/frontends/fe_main/log_targets/0?version=%d", cfgPath, ta.version()), item{"address": "a", "facility": "local9"}).expect(t, 400)
	if !strings.Contains(string(r.body), "facility") {
		t.Errorf("a bad facility: %s", r.body)
	}
	ta.haproxyCheck(t)
}

// TestGlobalLogTargetsAgainstHAProxy: the global section's log lines are the
// list at /global/log_targets, at the official path, which has no section
// name; the other global settings stay as written.
func TestGlobalLogTargetsAgainstHAProxy(t *testing.T) {
	ta := startAgent(t, strings.Replace(baseConfig(freePorts(t, 1)[0]), "    maxconn 2000\n", "    maxconn 2000\n    log 127.0.0.1:514 local0  # by hand\n", 1))
	var got []item
	ta.getJSON(t, cfgPath+"/global/log_targets", &got)
	sameJSON(t, "GET /global/log_targets", got, []item{{"address": "127.0.0.1:514", "facility": "local0", "metadata": item{"comment": "by hand"}}})
	putList(t, ta, "/global/log_targets", []item{
		{"address": "127.0.0.1:514", "facility": "local0", "metadata": item{"comment": "by hand"}},
		{"address": "/dev/log", "facility": "daemon", "level": "notice"},
	})
	if f := ta.file(); !strings.Contains(f, "global\n    maxconn 2000\n    log 127.0.0.1:514 local0  # by hand\n    log /dev/log daemon notice\n") {
		t.Errorf("the global section does not hold its log lines after its settings:\n%s", f)
	}
	r := ta.do("DELETE", fmt.Sprintf("%s/global/log_targets/0?version=%d", cfgPath, ta.version()), nil).expect(t, 202)
	if st := ta.waitReload(r.header.Get("Reload-ID")); st != "succeeded" {
		t.Fatalf("delete: reload %s", st)
	}
	if f := ta.file(); strings.Contains(f, "127.0.0.1:514") || !strings.Contains(f, "    maxconn 2000\n    log /dev/log daemon notice\n") {
		t.Errorf("after deleting the first global log line:\n%s", f)
	}
	refusedByHAProxy(t, ta, "/global/log_targets", map[string]item{
		"unknown log facility 'profile'": {"address": "127.0.0.1", "profile": "p", "facility": "local0"},
	})
	ta.haproxyCheck(t)
}

// TestPeersLogTargetsAgainstHAProxy: a peers section's log lines are the list
// at /peers/{name}/log_targets, at the official path.
func TestPeersLogTargetsAgainstHAProxy(t *testing.T) {
	ports := freePorts(t, 2)
	ta := startAgent(t, baseConfig(ports[0])+fmt.Sprintf("\npeers pb\n    bind 127.0.0.1:%d name main\n    server web1\n", ports[1]))
	putList(t, ta, "/peers/pb/log_targets", []item{{"address": "127.0.0.1:514", "facility": "local0", "level": "err"}})
	if f := ta.file(); !strings.Contains(f, "\npeers pb\n    log 127.0.0.1:514 local0 err\n") {
		t.Errorf("the peers section does not hold its log line:\n%s", f)
	}
	ta.haproxyCheck(t)
}

func TestCapturesAgainstHAProxy(t *testing.T) {
	ta := startAgent(t, baseConfig(freePorts(t, 1)[0]))
	captures := []item{{"type": "request", "length": 32}, {"type": "response", "length": 64, "metadata": item{"for": "x-id"}}}
	putList(t, ta, "/frontends/fe_main/captures", captures)
	if f := ta.file(); !strings.Contains(f, "    declare capture request len 32\n") {
		t.Errorf("the file does not say the captures as HAProxy spells them:\n%s", f)
	}
	// a capture action fills a declared request slot by its index
	putList(t, ta, "/frontends/fe_main/http_request_rules", []item{{"type": "capture", "capture_sample": "req.hdr(host)", "capture_id": 0}})
	fullSectionList(t, ta, "frontends/fe_main", "capture_list", "captures", captures[:1])
	r := ta.do("PUT", fmt.Sprintf("%s/frontends/fe_main/captures?version=%d", cfgPath, ta.version()), []item{{"type": "request"}}).expect(t, 400)
	if !strings.Contains(string(r.body), "length") {
		t.Errorf("a capture without length: %s", r.body)
	}
	ta.do("GET", cfgPath+"/backends/be_app/captures", nil).expect(t, 404)
	ta.haproxyCheck(t)
}

func TestFiltersAgainstHAProxy(t *testing.T) {
	cfg := baseConfig(freePorts(t, 1)[0]) + "    server s0 127.0.0.1:1\n\ncache c1\n    total-max-size 4\n\n" +
		"fcgi-app php\n    docroot /var/www\n\nbackend be_spoe\n    mode tcp\n    server s 127.0.0.1:2\n\n" +
		"backend be_php\n    use-fcgi-app php\n    server s 127.0.0.1:3 proto fcgi\n"
	ta := startAgent(t, cfg)
	spoe := filepath.Join(filepath.Dir(ta.config), "general", "spoe.conf")
	if err := os.MkdirAll(filepath.Dir(spoe), 0o755); err != nil {
		t.Fatal(err)
	}
	writeFile(t, spoe, "[eng]\nspoe-agent a\n    groups g1\n    use-backend be_spoe\n    timeout hello 1s\n    timeout idle 1s\n"+
		"    timeout processing 1s\nspoe-message m1\n    args src\nspoe-group g1\n    messages m1\n")
	frontend := []item{
		{"type": "trace", "trace_name": "t1", "trace_rnd_parsing": true, "trace_rnd_forwarding": true, "trace_hexdump": true},
		{"type": "cache", "cache_name": "c1"},
		{"type": "compression", "metadata": item{"why": "bandwidth"}},
		{"type": "spoe", "spoe_engine": "eng", "spoe_config": spoe},
	}
	putList(t, ta, "/frontends/fe_main/filters", frontend)
	putList(t, ta, "/backends/be_app/filters", []item{{"type": "trace"}})
	putList(t, ta, "/backends/be_php/filters", []item{{"type": "fcgi-app", "app_name": "php", "metadata": item{"owner": "php"}}})
	if f := ta.file(); !strings.Contains(f, "    filter trace name t1 random-parsing random-forwarding hexdump\n") ||
		!strings.Contains(f, "    filter spoe engine eng config "+spoe+"\n") {
		t.Errorf("the file does not say the filters as HAProxy spells them:\n%s", f)
	}
	fullSectionList(t, ta, "frontends/fe_main", "filter_list", "filters", frontend[:2])
	fullSectionList(t, ta, "backends/be_app", "filter_list", "filters", []item{{"type": "compression"}})
	refusedByHAProxy(t, ta, "/frontends/fe_main/filters", map[string]item{
		"'filter' : unknown keyword 'bwlim-in'":      {"type": "bwlim-in", "bandwidth_limit_name": "b", "default_limit": 1024, "default_period": 1000},
		"'filter' : unknown keyword 'bwlim-out'":     {"type": "bwlim-out", "bandwidth_limit_name": "b", "limit": 1024, "key": "src", "table": "fe_main"},
		"'filter' : unknown keyword 'comp-req'":      {"type": "comp-req"},
		"'filter' : unknown keyword 'comp-res'":      {"type": "comp-res"},
		"'filter trace' : unknown keyword 'max-fwd'": {"type": "trace", "trace_max_fwd": 3},
	})
	// a filter names only files in the directories the agent allows
	r := ta.do("POST", fmt.Sprintf("%s/frontends/fe_main/filters/0?version=%d", cfgPath, ta.version()), item{"type": "spoe", "spoe_config": "/etc/passwd"}).expect(t, 422)
	if !strings.Contains(string(r.body), "spoe_config") {
		t.Errorf("a spoe config outside the allowed directories: %s", r.body)
	}
	// filter_sequence_list (newer than 2.6) has no endpoint of its own: it is
	// written with its section, and 2.6 refuses it.
	var fe item
	ta.getJSON(t, cfgPath+"/frontends/fe_main?full_section=true", &fe)
	fe["filter_sequence_list"] = []item{{"direction": "request", "filters": []string{"c1", "compression"}}}
	before := ta.file()
	r = ta.do("PUT", fmt.Sprintf("%s/frontends/fe_main?full_section=true&version=%d", cfgPath, ta.version()), fe).expect(t, 400)
	if !strings.Contains(string(r.body), "unknown keyword 'filter-sequence'") || ta.file() != before {
		t.Errorf("filter-sequence on 2.6: %s", r.body)
	}
	ta.haproxyCheck(t)
}

// TestServerTemplatesAgainstHAProxy creates templates with every server
// keyword HAProxy 2.6 knows (the servers' samples, keywords_test.go), reads
// them back equal, refuses each keyword 2.6 does not know with HAProxy's
// message, and reads and writes them with their backend (full_section).
func TestServerTemplatesAgainstHAProxy(t *testing.T) {
	ta := startAgent(t, baseConfig(freePorts(t, 1)[0])+"    option httpchk\n    server s0 127.0.0.1:1 check\n\nresolvers dns\n    nameserver n1 127.0.0.1:53\n")
	files := writePKI(t, filepath.Join(filepath.Dir(ta.config), "ssl"))
	var known []string
	for m := range serverSamples {
		if !slices.Contains(serverNewerThan26, m) && !slices.Contains(notHere, m) && m != "id" {
			known = append(known, m)
		}
	}
	slices.Sort(known)
	body := func(prefix string, members ...string) item {
		b := item{"prefix": prefix, "num_or_range": "1-2", "fqdn": "localhost", "port": 8080}
		for _, m := range members {
			v := serverSamples[m]
			if s, ok := v.(string); ok && strings.HasPrefix(s, "@") {
				v = files[s[1:]]
			}
			b[m] = v
		}
		return b
	}
	path := cfgPath + "/backends/be_app/server_templates"
	for i, members := range slices.Collect(slices.Chunk(known, 24)) {
		// ssl and agent-check need their companions (verify, agent-port) on the same line
		b := body(fmt.Sprintf("t%d", i), append(members, "ssl", "verify", "agent-check", "agent-port")...)
		b["id"] = 100 + 10*i
		ta.create(path, b)
		assertSame(t, ta.do("GET", fmt.Sprintf("%s/t%d", path, i), nil).expect(t, 200).body, b)
	}
	before := ta.file()
	for _, m := range serverNewerThan26 {
		if _, carried := carriedBy[m]; carried {
			continue
		}
		r := ta.do("POST", fmt.Sprintf("%s?version=%d", path, ta.version()), body("new", m)).expect(t, 400)
		if !strings.Contains(string(r.body), "unknown keyword") {
			t.Errorf("%s: want HAProxy's refusal, got %s", m, r.body)
		}
	}
	if ta.file() != before {
		t.Error("a refused template changed the file")
	}

	var be item
	ta.getJSON(t, cfgPath+"/backends/be_app?full_section=true", &be)
	var held []item
	ta.getJSON(t, path, &held)
	templates := be["server_templates"].(map[string]any)
	if len(templates) != len(held) {
		t.Fatalf("full_section has %d templates, the endpoint %d", len(templates), len(held))
	}
	for _, h := range held {
		sameJSON(t, "server_templates."+h["prefix"].(string), templates[h["prefix"].(string)], h)
	}
	be["server_templates"] = item{"web": item{"num_or_range": "3", "fqdn": "localhost", "check": "enabled", "weight": 5}}
	r := ta.do("PUT", fmt.Sprintf("%s/backends/be_app?full_section=true&version=%d", cfgPath, ta.version()), be).expect(t, 202)
	if st := ta.waitReload(r.header.Get("Reload-ID")); st != "succeeded" {
		t.Fatalf("full PUT: reload %s", st)
	}
	var got []item
	ta.getJSON(t, path, &got)
	sameJSON(t, "templates after a full PUT", got, []item{{"prefix": "web", "num_or_range": "3", "fqdn": "localhost", "check": "enabled", "weight": 5}})
	if f := ta.file(); !strings.Contains(f, "    server-template web 3 localhost check weight 5\n") || !strings.Contains(f, "    server s0 127.0.0.1:1 check\n") {
		t.Errorf("the file after a full PUT:\n%s", f)
	}
	ta.do("DELETE", fmt.Sprintf("%s/web?version=%d", path, ta.version()), nil).expect(t, 202)
	ta.do("GET", path+"/web", nil).expect(t, 404)
	ta.haproxyCheck(t)
}

// TestNewerListsAgainstHAProxy: quic-initial, ssl-f-use and force-be-switch
// lines are newer than HAProxy 2.6, which refuses each with its message
// whichever way it comes (a list PUT, an insert, the official append, a full
// section write, a transaction's commit), the file unchanged; the lists read
// empty, and read back what a transaction wrote.
func TestNewerListsAgainstHAProxy(t *testing.T) {
	ta := startAgent(t, baseConfig(freePorts(t, 1)[0]))
	files := writePKI(t, filepath.Join(filepath.Dir(ta.config), "ssl"))
	lists := []struct {
		plural, member, refusal string
		items                   []item
	}{
		{"quic_initial_rules", "quic_initial_rule_list", "unknown keyword 'quic-initial'",
			[]item{{"type": "reject", "cond": "if", "cond_test": "{ src 10.0.0.1 }"}, {"type": "dgram-drop"}}},
		{"ssl_front_uses", "ssl_front_use_list", "unknown keyword 'ssl-f-use'",
			[]item{{"certificate": files["site.pem"], "ocsp_update": "disabled", "alpn": "h2", "verify": "none"}}},
		{"force_be_switches", "force_be_switch_list", "unknown keyword 'force-be-switch'",
			[]item{{"cond": "unless", "cond_test": "FALSE"}}},
	}
	before := ta.file()
	for _, l := range lists {
		path := cfgPath + "/frontends/fe_main/" + l.plural
		var got []item
		ta.getJSON(t, path, &got)
		if len(got) != 0 {
			t.Errorf("%s: %v", l.plural, got)
		}
		refuse := func(r response) {
			t.Helper()
			r.expect(t, 400)
			if !strings.Contains(string(r.body), l.refusal) {
				t.Errorf("%s: want HAProxy's refusal %q, got %s", l.plural, l.refusal, r.body)
			}
		}
		refuse(ta.do("PUT", fmt.Sprintf("%s?version=%d", path, ta.version()), l.items))
		refuse(ta.do("POST", fmt.Sprintf("%s/0?version=%d", path, ta.version()), l.items[0]))
		if l.plural != "quic_initial_rules" { // the official way to add one
			refuse(ta.do("POST", fmt.Sprintf("%s?version=%d", path, ta.version()), l.items[0]))
		}
		var fe item
		ta.getJSON(t, cfgPath+"/frontends/fe_main?full_section=true", &fe)
		fe[l.member] = l.items
		refuse(ta.do("PUT", fmt.Sprintf("%s/frontends/fe_main?full_section=true&version=%d", cfgPath, ta.version()), fe))
	}
	if ta.file() != before {
		t.Fatalf("a refused write changed the file:\n%s", ta.file())
	}

	// Written in a transaction, which HAProxy validates at its commit, the
	// lines read back as the items, with their section too; the commit is
	// refused.
	var tx struct{ ID string }
	ta.do("POST", fmt.Sprintf("/v3/services/haproxy/transactions?version=%d", ta.version()), nil).expect(t, 201).json(t, &tx)
	for _, l := range lists {
		ta.do("PUT", fmt.Sprintf("%s/frontends/fe_main/%s?transaction_id=%s", cfgPath, l.plural, tx.ID), l.items).expect(t, 202)
		var got []item
		ta.getJSON(t, fmt.Sprintf("%s/frontends/fe_main/%s?transaction_id=%s", cfgPath, l.plural, tx.ID), &got)
		sameJSON(t, l.plural+" in a transaction", got, l.items)
	}
	var fe item
	ta.getJSON(t, fmt.Sprintf("%s/frontends/fe_main?full_section=true&transaction_id=%s", cfgPath, tx.ID), &fe)
	for _, l := range lists {
		sameJSON(t, l.member, fe[l.member], l.items)
	}
	r := ta.do("PUT", fmt.Sprintf("/v3/services/haproxy/transactions/%s", tx.ID), nil)
	if r.status != 400 || !strings.Contains(string(r.body), "unknown keyword 'quic-initial'") {
		t.Errorf("committing the newer lines: %d %s", r.status, r.body)
	}
	if ta.file() != before {
		t.Fatalf("a refused commit changed the file:\n%s", ta.file())
	}
}
