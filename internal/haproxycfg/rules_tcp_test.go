package haproxycfg

import (
	"bytes"
	"encoding/json"
	"os"
	"path/filepath"
	"reflect"
	"slices"
	"strings"
	"testing"

	"github.com/tfhaproxy/terraform-provider-haproxy/internal/dataplane"
)

// rowMembers are the model's members the rows of b read, with the ones every
// rule has.
func rowMembers[M any](b boundActions[M]) map[string]bool {
	read := map[string]bool{"type": true, "action": true, "cond": true, "cond_test": true, "metadata": true, "timeout": true}
	for _, a := range b.rows {
		for _, h := range a.headFields {
			read[b.member(h.field)] = true
		}
		for _, arg := range a.args {
			if arg.kind != argLiteral {
				read[b.member(arg.field)] = true
			}
			if arg.value != "" {
				read[b.member(arg.value)] = true
			}
		}
	}
	return read
}

// TestTCPActionTablesAreTheOfficialLists: each TCP table has a row for every
// action of its official model and no other, and every member of the model is
// read by some row (type, timeout and metadata by the list itself).
func TestTCPActionTablesAreTheOfficialLists(t *testing.T) {
	for _, tc := range []struct {
		kind    string
		table   *actionTable
		actions []string
		read    map[string]bool
	}{
		{"tcp_request_rule", tcpRequestActions, dataplane.TCPRequestRuleActions, rowMembers(tcpRequestRows)},
		{"tcp_response_rule", tcpResponseActions, dataplane.TCPResponseRuleActions, rowMembers(tcpResponseRows)},
	} {
		var names []string
		for _, a := range tc.table.rows {
			names = append(names, a.name)
		}
		if got, want := slices.Sorted(slices.Values(names)), slices.Sorted(slices.Values(tc.actions)); !slices.Equal(got, want) {
			t.Errorf("%s: the table's actions:\n%q\nthe official ones:\n%q", tc.kind, got, want)
		}
		for _, member := range dataplane.OfficialFields[tc.kind] {
			if !tc.read[member] {
				t.Errorf("%s: no action reads %q", tc.kind, member)
			}
		}
	}
}

// roundTrips writes items to a fresh section of kind with list v and reads
// them back equal, from the config as edited and from its bytes parsed anew.
func roundTrips[M any](t *testing.T, v ListView[M], kind, what string, items []M) {
	t.Helper()
	c := Parse([]byte(kind + " x\n"))
	if err := v.ReplaceAll(c, kind, "x", items); err != nil {
		t.Errorf("%s: %v", what, err)
		return
	}
	for _, cfg := range []*Config{c, Parse(c.Bytes())} {
		got := must[[]M](t)(v.List(cfg, kind, "x"))
		if !reflect.DeepEqual(got, items) {
			t.Errorf("%s: read back differs: %v\n%s", what, differences(reflect.ValueOf(items), reflect.ValueOf(got)), cfg.Bytes())
		}
	}
}

// TestEveryTCPActionRoundTrips writes a rule of every action of both TCP lists,
// under every type, with every value its row reads set, both spellings where
// there are two, and an inspect-delay, and reads them back equal.
func TestEveryTCPActionRoundTrips(t *testing.T) {
	delay := int64(5000)
	for _, typ := range []string{"connection", "session", "content"} {
		for _, a := range tcpRequestActions.rows {
			for variant := range 2 {
				r := sampleOf(tcpRequestRows, tcpRuleEnums, tcpRuleRanges, a, variant)
				r.Type, r.Cond, r.CondTest = typ, "unless", "{ src 10.0.0.0/8 }"
				roundTrips(t, TCPRequestRules, "frontend", typ+" "+a.name, []tcpRequestRule{{Type: "inspect-delay", Timeout: &delay}, r})
			}
		}
	}
	for _, a := range tcpResponseActions.rows {
		for variant := range 2 {
			r := sampleOf(tcpResponseRows, tcpRuleEnums, tcpRuleRanges, a, variant)
			r.Type, r.Cond, r.CondTest = "content", "if", "{ res.len gt 0 }"
			roundTrips(t, TCPResponseRules, "backend", a.name, []tcpResponseRule{{Type: "inspect-delay", Timeout: &delay}, r})
		}
	}
}

// TestHandwrittenTCPRules reads lines as people write them, in HAProxy's syntax.
func TestHandwrittenTCPRules(t *testing.T) {
	for line, want := range map[string]string{
		`tcp-request inspect-delay 5s`:                                        `{"type":"inspect-delay","timeout":5000}`,
		`tcp-request connection accept if { src 10.0.0.0/8 }`:                 `{"type":"connection","action":"accept","cond":"if","cond_test":"{ src 10.0.0.0/8 }"}`,
		`tcp-request connection reject`:                                       `{"type":"connection","action":"reject"}`,
		`tcp-request connection expect-proxy layer4 if { src 10.0.0.1 }`:      `{"type":"connection","action":"expect-proxy","cond":"if","cond_test":"{ src 10.0.0.1 }"}`,
		`tcp-request connection expect-netscaler-cip layer4`:                  `{"type":"connection","action":"expect-netscaler-cip"}`,
		`tcp-request connection track-sc0 src`:                                `{"type":"connection","action":"track-sc","track_key":"src","track_stick_counter":0}`,
		`tcp-request content track-sc2 src table st if { src 10.0.0.1 }`:      `{"type":"content","action":"track-sc","cond":"if","cond_test":"{ src 10.0.0.1 }","track_key":"src","track_stick_counter":2,"track_table":"st"}`,
		`tcp-request content capture req.payload(0,6) len 6`:                  `{"type":"content","action":"capture","capture_len":6,"capture_sample":"req.payload(0,6)"}`,
		`tcp-request content do-resolve(txn.ip,dns,ipv4) req.ssl_sni`:         `{"type":"content","action":"do-resolve","expr":"req.ssl_sni","resolve_protocol":"ipv4","resolve_resolvers":"dns","resolve_var":"txn.ip"}`,
		`tcp-request content set-var(sess.dst) req.ssl_sni,lower`:             `{"type":"content","action":"set-var","expr":"req.ssl_sni,lower","var_name":"dst","var_scope":"sess"}`,
		`tcp-request session set-var-fmt(sess.a) %[src]:%[src_port]`:          `{"type":"session","action":"set-var-fmt","var_format":"%[src]:%[src_port]","var_name":"a","var_scope":"sess"}`,
		`tcp-request content unset-var(txn.a)`:                                `{"type":"content","action":"unset-var","var_name":"a","var_scope":"txn"}`,
		`tcp-request content sc-inc-gpc0(1)`:                                  `{"type":"content","action":"sc-inc-gpc0","sc_inc_id":"1"}`,
		`tcp-request content sc-inc-gpc(2,1)`:                                 `{"type":"content","action":"sc-inc-gpc","sc_idx":"2","sc_inc_id":"1"}`,
		`tcp-request content sc-set-gpt0(0) 7`:                                `{"type":"content","action":"sc-set-gpt0","sc_inc_id":"0","sc_int":7}`,
		`tcp-request session sc-set-gpt0(0) sc0_get_gpc0`:                     `{"type":"session","action":"sc-set-gpt0","gpt_value":"sc0_get_gpc0","sc_inc_id":"0"}`,
		`tcp-request content sc-set-gpt(1,0) int(3)`:                          `{"type":"content","action":"sc-set-gpt","expr":"int(3)","sc_idx":"1","sc_inc_id":"0"}`,
		`tcp-request content lua.hello a "b c"`:                               `{"type":"content","action":"lua","lua_action":"hello","lua_params":"a \"b c\""}`,
		`tcp-request content switch-mode http proto h2 if { req.proto_http }`: `{"type":"content","action":"switch-mode","cond":"if","cond_test":"{ req.proto_http }","switch_mode_proto":"h2"}`,
		`tcp-request content switch-mode http`:                                `{"type":"content","action":"switch-mode"}`,
		`tcp-request content use-service lua.svc`:                             `{"type":"content","action":"use-service","service_name":"lua.svc"}`,
		`tcp-request content send-spoe-group eng g1`:                          `{"type":"content","action":"send-spoe-group","spoe_engine_name":"eng","spoe_group_name":"g1"}`,
		`tcp-request session attach-srv be/s1 name ssl_c_s_dn(CN)`:            `{"type":"session","action":"attach-srv","expr":"ssl_c_s_dn(CN)","server_name":"be/s1"}`,
		`tcp-request content set-nice -5`:                                     `{"type":"content","action":"set-nice","nice_value":-5}`,
		`tcp-request connection silent-drop rst-ttl 3`:                        `{"type":"connection","action":"silent-drop","rst_ttl":3}`,
		`tcp-request content set-bandwidth-limit up limit 1m period 1s`:       `{"type":"content","action":"set-bandwidth-limit","bandwidth_limit_limit":"1m","bandwidth_limit_name":"up","bandwidth_limit_period":"1s"}`,
		`tcp-request connection set-src src,ipmask(24)`:                       `{"type":"connection","action":"set-src","expr":"src,ipmask(24)"}`,
		`tcp-request connection expect-proxy layer7`:                          `{"type":"connection","action":"expect-proxy"}`,
		`tcp-request content some-future-action x`:                            `{"type":"content","action":"some-future-action"}`,
		`tcp-response inspect-delay 100ms`:                                    `{"type":"inspect-delay","timeout":100}`,
		`tcp-response content close if { res.len gt 0 }`:                      `{"type":"content","action":"close","cond":"if","cond_test":"{ res.len gt 0 }"}`,
		`tcp-response content sc-add-gpc(0,1) int(2)`:                         `{"type":"content","action":"sc-add-gpc","sc_expr":"int(2)","sc_id":1}`,
		`tcp-response content sc-set-gpt0(1) res.len`:                         `{"type":"content","action":"sc-set-gpt0","expr":"res.len","sc_id":1}`,
		`tcp-response content set-var(txn.len) res.len`:                       `{"type":"content","action":"set-var","expr":"res.len","var_name":"len","var_scope":"txn"}`,
		`tcp-response content send-spoe-group eng g1`:                         `{"type":"content","action":"send-spoe-group","spoe_engine":"eng","spoe_group":"g1"}`,
		`tcp-response content set-log-level silent unless { res.len gt 10 }`:  `{"type":"content","action":"set-log-level","cond":"unless","cond_test":"{ res.len gt 10 }","log_level":"silent"}`,
	} {
		c := Parse([]byte("listen x\n    " + line + "\n"))
		var got any
		if strings.HasPrefix(line, "tcp-request") {
			got = must[[]tcpRequestRule](t)(TCPRequestRules.List(c, "listen", "x"))[0]
		} else {
			got = must[[]tcpResponseRule](t)(TCPResponseRules.List(c, "listen", "x"))[0]
		}
		if b, _ := json.Marshal(got); string(b) != want {
			t.Errorf("%s:\n got %s\nwant %s", line, b, want)
		}
	}
}

// TestTCPRuleEditsTouchOnlyTheirWords: an unchanged list keeps its bytes, a new
// rule adds one line, and an edit replaces only the words it changes.
func TestTCPRuleEditsTouchOnlyTheirWords(t *testing.T) {
	const cfg = "frontend fe\n" +
		"    tcp-request  inspect-delay   5s\n" +
		"    tcp-request   content  track-sc1  src   table  st_src   if  { src 10.0.0.0/8 }  # keep\n" +
		"    tcp-request content   accept if   { req.ssl_hello_type 1 }\n"
	for _, tc := range []struct {
		name string
		edit func(r []tcpRequestRule) []tcpRequestRule
		want string // the file after the edit
	}{
		{"nothing", func(r []tcpRequestRule) []tcpRequestRule { return r }, cfg},
		{"legacy action, same meaning", func(r []tcpRequestRule) []tcpRequestRule {
			r[1].Action, r[1].TrackStickCounter = "track-sc1", nil
			return r
		}, cfg},
		{"the delay", func(r []tcpRequestRule) []tcpRequestRule { r[0].Timeout = ptr[int64](10000); return r },
			strings.Replace(cfg, "inspect-delay   5s", "inspect-delay   10s", 1)},
		{"the table", func(r []tcpRequestRule) []tcpRequestRule { r[1].TrackTable = "st2"; return r },
			strings.Replace(cfg, "table  st_src", "table  st2", 1)},
		{"the type", func(r []tcpRequestRule) []tcpRequestRule { r[1].Type = "session"; return r },
			strings.Replace(cfg, "content  track-sc1", "session  track-sc1", 1)},
		{"the condition", func(r []tcpRequestRule) []tcpRequestRule { r[2].Cond = "unless"; return r },
			strings.Replace(cfg, "accept if", "accept unless", 1)},
		{"one inserted", func(r []tcpRequestRule) []tcpRequestRule {
			return slices.Insert(r, 2, tcpRequestRule{Type: "content", Action: "reject", Cond: "if", CondTest: "FALSE"})
		}, strings.Replace(cfg, "  # keep\n", "  # keep\n    tcp-request content reject if FALSE\n", 1)},
		{"one deleted", func(r []tcpRequestRule) []tcpRequestRule { return r[1:] },
			strings.Replace(cfg, "    tcp-request  inspect-delay   5s\n", "", 1)},
	} {
		c := Parse([]byte(cfg))
		rules := tc.edit(must[[]tcpRequestRule](t)(TCPRequestRules.List(c, "frontend", "fe")))
		if err := TCPRequestRules.ReplaceAll(c, "frontend", "fe", rules); err != nil {
			t.Errorf("%s: %v", tc.name, err)
			continue
		}
		if got := string(c.Bytes()); got != tc.want {
			t.Errorf("%s:\n got %s\nwant %s", tc.name, got, tc.want)
		}
	}
}

// TestTCPRuleChecks: values outside what the official models allow, and
// rules without the values they need, are refused naming the member; the
// members the official server reads in place of the documented ones are
// taken as the documented ones.
func TestTCPRuleChecks(t *testing.T) {
	for want, r := range map[string]tcpRequestRule{
		"type":                {Action: "accept"},
		"type ":               {Type: "request", Action: "accept"},
		"timeout":             {Type: "inspect-delay"},
		"timeout ":            {Type: "content", Action: "accept", Timeout: ptr[int64](1)},
		"action":              {Type: "inspect-delay", Timeout: ptr[int64](1), Action: "accept"},
		"action ":             {Type: "content", Action: "no-such-action"},
		"action  ":            {Type: "content"},
		"cond":                {Type: "content", Action: "accept", Cond: "when", CondTest: "TRUE"},
		"cond_test":           {Type: "content", Action: "accept", Cond: "if"},
		"track_key":           {Type: "content", Action: "track-sc", TrackStickCounter: ptr[int64](0)},
		"track_stick_counter": {Type: "content", Action: "track-sc", TrackKey: "src", TrackStickCounter: ptr[int64](-1)},
		"capture_len":         {Type: "content", Action: "capture", CaptureSample: "src"},
		"capture_sample":      {Type: "content", Action: "capture", CaptureLen: 4},
		"resolve_protocol":    {Type: "content", Action: "do-resolve", ResolveVar: "txn.a", ResolveResolvers: "dns", ResolveProtocol: "ipv5", Expr: "src"},
		"resolve_resolvers":   {Type: "content", Action: "do-resolve", ResolveVar: "txn.a", Expr: "src"},
		"sc_inc_id":           {Type: "content", Action: "sc-inc-gpc0", ScIncID: "x"},
		"sc_idx":              {Type: "content", Action: "sc-inc-gpc", ScIdx: "1;", ScIncID: "0"},
		"log_level":           {Type: "content", Action: "set-log-level", LogLevel: "loud"},
		"nice_value":          {Type: "content", Action: "set-nice", NiceValue: 2000},
		"mark_value":          {Type: "content", Action: "set-mark", MarkValue: "0xZZ"},
		"rst_ttl":             {Type: "content", Action: "silent-drop", RstTTL: 256},
		"var_scope":           {Type: "content", Action: "unset-var", VarScope: "global", VarName: "a"},
		"lua_action":          {Type: "content", Action: "lua"},
		"expr":                {Type: "content", Action: "set-src", Expr: "src\nx"},
		"server_name":         {Type: "content", Action: "accept", ServerName: "s1"}, // not written by accept: never dropped silently
	} {
		c := Parse([]byte("frontend fe\n"))
		err := TCPRequestRules.ReplaceAll(c, "frontend", "fe", []tcpRequestRule{r})
		if want = strings.TrimSpace(want); err == nil || !strings.Contains(err.Error(), ": tcp-request[0]."+want+": ") {
			t.Errorf("%s: got %v", want, err)
		}
	}
	for want, r := range map[string]tcpResponseRule{
		"type":      {Type: "connection", Action: "accept"},
		"action":    {Type: "content", Action: "expect-proxy"},
		"sc_idx":    {Type: "content", Action: "sc-inc-gpc", ScIdx: -1},
		"tos_value": {Type: "content", Action: "set-tos", TosValue: "x"},
	} {
		c := Parse([]byte("backend be\n"))
		err := TCPResponseRules.ReplaceAll(c, "backend", "be", []tcpResponseRule{r})
		if err == nil || !strings.Contains(err.Error(), ": tcp-response[0]."+want+": ") {
			t.Errorf("%s: got %v", want, err)
		}
	}
	c := Parse([]byte("frontend fe\n"))
	if err := TCPResponseRules.ReplaceAll(c, "frontend", "fe", nil); err == nil || !strings.Contains(err.Error(), "parent_type") {
		t.Errorf("tcp-response in a frontend: %v", err)
	}

	// The official server's own spellings.
	req := []tcpRequestRule{
		{Type: "content", Action: "capture", Expr: "req.len", CaptureLen: 4},
		{Type: "content", Action: "do-resolve", VarName: "txn.ip", ResolveResolvers: "dns", Expr: "src"},
		{Type: "session", Action: "sc-set-gpt0", ScIncID: "0", Expr: "int(1)"},
		{Type: "content", Action: "track-sc2", TrackKey: "src"},
	}
	if err := TCPRequestRules.ReplaceAll(c, "frontend", "fe", req); err != nil {
		t.Fatal(err)
	}
	want := "frontend fe\n    tcp-request content capture req.len len 4\n    tcp-request content do-resolve(txn.ip,dns) src\n" +
		"    tcp-request session sc-set-gpt0(0) int(1)\n    tcp-request content track-sc2 src\n"
	if got := string(c.Bytes()); got != want {
		t.Errorf("got %s\nwant %s", got, want)
	}
	if req[0].CaptureSample != "req.len" || req[1].ResolveVar != "txn.ip" || req[2].GptValue != "int(1)" || *req[3].TrackStickCounter != 2 {
		t.Errorf("not answered in the documented members: %+v", req)
	}
}

// TestTCPRuleParents: the TCP lists live where HAProxy takes them, named
// defaults and listen sections included; tcp-response not in a frontend.
func TestTCPRuleParents(t *testing.T) {
	const cfg = "defaults d\n    mode tcp\n\nlisten l\n    bind :1\n"
	for _, kind := range []string{"defaults", "listen"} {
		name := map[string]string{"defaults": "d", "listen": "l"}[kind]
		c := Parse([]byte(cfg))
		if err := TCPRequestRules.ReplaceAll(c, kind, name, []tcpRequestRule{{Type: "inspect-delay", Timeout: ptr[int64](1000)}}); err != nil {
			t.Fatalf("%s: %v", kind, err)
		}
		if err := TCPResponseRules.ReplaceAll(c, kind, name, []tcpResponseRule{{Type: "content", Action: "close"}}); err != nil {
			t.Fatalf("%s: %v", kind, err)
		}
		req := must[[]tcpRequestRule](t)(TCPRequestRules.List(c, kind, name))
		res := must[[]tcpResponseRule](t)(TCPResponseRules.List(c, kind, name))
		if len(req) != 1 || *req[0].Timeout != 1000 || len(res) != 1 || res[0].Action != "close" {
			t.Errorf("%s: read back %+v %+v\n%s", kind, req, res, c.Bytes())
		}
	}
	c := Parse([]byte("frontend f\n"))
	if _, err := TCPResponseRules.List(c, "frontend", "f"); err == nil || !strings.Contains(err.Error(), "parent_type") {
		t.Errorf("tcp-response in a frontend: %v", err)
	}
}

// TestCorpusTCPRules reads the TCP rules of every section of every corpus
// config that may hold them (listen and defaults included), writes each list
// back unchanged, and writes each rule anew: the bytes stay, and every new line
// reads back as its rule. It reports how many rules it read and those whose
// action no row reads (an action HAProxy does not have, or a typo).
func TestCorpusTCPRules(t *testing.T) {
	files, _ := filepath.Glob(filepath.Join(corpusDir, "*.cfg"))
	if len(files) == 0 {
		t.Skip("no corpus at " + corpusDir)
	}
	var rules, lists int
	var unread []string
	for _, f := range files {
		data, err := os.ReadFile(f)
		if err != nil {
			t.Fatal(err)
		}
		c := Parse(data)
		for _, s := range c.sections {
			n, u := corpusTCPList(t, c, s, TCPRequestRules, tcpRequestActions, func(r *tcpRequestRule) string { return r.Action })
			m, v := corpusTCPList(t, c, s, TCPResponseRules, tcpResponseActions, func(r *tcpResponseRule) string { return r.Action })
			rules, unread = rules+n+m, append(append(unread, u...), v...)
			if n > 0 {
				lists++
			}
			if m > 0 {
				lists++
			}
		}
	}
	t.Logf("%d configs: %d TCP rules in %d lists read, written back unchanged and written anew equal; %d with an action no row reads: %q",
		len(files), rules, lists, len(unread), unread)
}

// corpusTCPList checks the list v of section s, when s may hold it.
func corpusTCPList[M any](t *testing.T, c *Config, s *Section, v ListView[M], table *actionTable, action func(*M) string) (int, []string) {
	if !slices.Contains(v.parents, s.Kind) {
		return 0, nil
	}
	name := s.Name
	if i := slices.Index(c.sections, s); s.Kind == "defaults" && name == "" {
		name = c.anonymousNames()[i] // as the API names it
	}
	items := must[[]M](t)(v.List(c, s.Kind, name))
	if len(items) == 0 {
		return 0, nil
	}
	d := c.Clone()
	if err := v.ReplaceAll(d, s.Kind, name, items); err != nil {
		t.Logf("%s %s: refused by the checks: %v", s.Kind, s.Name, err)
	} else if !bytes.Equal(d.Bytes(), c.Bytes()) {
		t.Errorf("%s %s: writing the %s lines back changed the file", s.Kind, s.Name, v.keyword)
	}
	var unread []string
	for i := range items {
		if a := action(&items[i]); a != "" && table.byName[a] == nil {
			unread = append(unread, a)
		}
		if err := readsBack(&items[i], v.written); err != nil {
			t.Errorf("%s %s: %s[%d] written anew: %v", s.Kind, s.Name, v.keyword, i, err)
		}
	}
	return len(items), unread
}
