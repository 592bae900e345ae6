package haproxycfg

import (
	"encoding/json"
	"reflect"
	"slices"
	"strings"
	"testing"

	"github.com/tfhaproxy/terraform-provider-haproxy/internal/dataplane"
)

// sampleItem is an item of action a of table b with every value its row reads
// set; variant 1 takes the other spelling where there is one (a port that is
// no number, another match).
func sampleItem[M any](b boundActions[M], a *action, enums map[string][]string, variant int) M {
	var m M
	v := reflect.ValueOf(&m).Elem()
	b.field(v, "type").SetString(a.name)
	str := func(member string) string {
		if e, ok := enums[member]; ok {
			return e[variant%len(e)]
		}
		if member == "var_scope" {
			return "check"
		}
		return strings.ReplaceAll(member, "_", "-") + "-v"
	}
	for _, h := range a.headFields {
		setValue(b.field(v, h.field), str(h.field))
	}
	for _, arg := range a.args {
		f := b.field(v, arg.field)
		switch arg.kind {
		case argWord, argText:
			f.SetString(str(arg.field))
		case argRest:
			f.SetString(str(arg.field) + "  x(1),y")
		case argInt:
			setValue(f, "2")
		case argFlag:
			f.SetBool(true)
		case argIntOrText:
			if variant == 0 {
				setValue(f, "8080")
			} else {
				b.field(v, arg.value).SetString("${PORT}x")
			}
		case argTail:
			e := enums[arg.field]
			f.SetString(e[variant%len(e)])
			b.field(v, arg.value).SetString(`name "x y"  value -m beg z`)
		case argHeaders:
			f.Set(reflect.ValueOf([]dataplane.ReturnHeader{{Name: "Host", Fmt: "example.com"}, {Name: "X-B", Fmt: `"b c"`}}))
		default:
			panic("no sample for kind of " + arg.field)
		}
	}
	return m
}

// checkKinds are the check and stick lists with what the tests need of each.
type checkKind struct {
	keyword string
	table   *actionTable
	types   []string // the official model's
	kind    string   // the official model
	enums   map[string][]string
	renames map[string]string
	// roundTrip writes items as the list in a backend and reads them back from
	// the config as edited and from its bytes parsed anew, as JSON.
	roundTrip func(t *testing.T, items any) (edited, parsed string, err error)
}

func listRoundTrip[M any](v ListView[M]) func(t *testing.T, items any) (string, string, error) {
	return func(t *testing.T, items any) (string, string, error) {
		c := Parse([]byte("backend be\n    server s1 127.0.0.1:1\n"))
		if err := v.ReplaceAll(c, "backend", "be", items.([]M)); err != nil {
			return "", "", err
		}
		a, _ := json.Marshal(must[[]M](t)(v.List(c, "backend", "be")))
		b, _ := json.Marshal(must[[]M](t)(v.List(Parse(c.Bytes()), "backend", "be")))
		return string(a), string(b), nil
	}
}

var checkKinds = []checkKind{
	{"http-check", httpChecks.actionTable, dataplane.HTTPCheckTypes, "http_check", httpCheckEnums, nil, listRoundTrip(HTTPChecks)},
	{"tcp-check", tcpChecks.actionTable, dataplane.TCPCheckActions, "tcp_check", tcpCheckEnums, tcpChecks.json, listRoundTrip(TCPChecks)},
	{"stick", stickRules.actionTable, dataplane.StickRuleTypes, "stick_rule", nil, nil, listRoundTrip(StickRules)},
}

// TestCheckTablesAreTheOfficialLists: each table has a row for every type of
// its official model and no other, and every member of the model but metadata
// is read by some row.
func TestCheckTablesAreTheOfficialLists(t *testing.T) {
	for _, l := range checkKinds {
		var names []string
		read := map[string]bool{"type": true, "cond": true, "cond_test": true, "metadata": true}
		for _, a := range l.table.rows {
			names = append(names, a.name)
			for _, h := range a.headFields {
				read[h.field] = true
			}
			for _, arg := range a.args {
				read[arg.field] = true
				read[arg.value] = true
			}
		}
		if got, want := slices.Sorted(slices.Values(names)), slices.Sorted(slices.Values(l.types)); !slices.Equal(got, want) {
			t.Errorf("%s: the table's actions %q, the official types %q", l.keyword, got, want)
		}
		renamed := map[string]bool{}
		for row, member := range l.renames {
			renamed[member] = read[row]
		}
		for _, member := range dataplane.OfficialFields[l.kind] {
			if !read[member] && !renamed[member] {
				t.Errorf("%s: no action reads %q", l.keyword, member)
			}
		}
	}
}

// TestEveryCheckRoundTrips writes an item of every action of each list with
// every value its row reads set, both spellings where there are two, and reads
// it back equal, from the config as edited and from its bytes parsed anew.
func TestEveryCheckRoundTrips(t *testing.T) {
	for _, l := range checkKinds {
		for _, a := range l.table.rows {
			for variant := range 2 {
				var items any
				switch l.keyword {
				case "http-check":
					items = []httpCheck{sampleItem(httpChecks, a, l.enums, variant)}
				case "tcp-check":
					items = []tcpCheck{sampleItem(tcpChecks, a, l.enums, variant)}
				case "stick":
					r := sampleItem(stickRules, a, l.enums, variant)
					r.Cond, r.CondTest = "unless", "{ src 10.0.0.0/8 }"
					items = []stickRule{r}
				}
				want, _ := json.Marshal(items)
				edited, parsed, err := l.roundTrip(t, items)
				if err != nil {
					t.Errorf("%s %s: %v", l.keyword, a.name, err)
					continue
				}
				if edited != string(want) || parsed != string(want) {
					t.Errorf("%s %s:\n wrote %s\n  read %s\nparsed %s", l.keyword, a.name, want, edited, parsed)
				}
			}
		}
	}
}

// TestHandwrittenChecks reads lines as people write them, in HAProxy's syntax.
func TestHandwrittenChecks(t *testing.T) {
	for line, want := range map[string]string{
		`http-check connect default port 8080 addr 127.0.0.1 send-proxy via-socks4 ssl sni example.com alpn h2,http/1.1 linger proto h2 comment "c c"`: `{"type":"connect","check_comment":"\"c c\"","default":true,"port":8080,"addr":"127.0.0.1","send_proxy":true,"via_socks4":true,"ssl":true,"sni":"example.com","alpn":"h2,http/1.1","linger":true,"proto":"h2"}`,
		`http-check connect port ${CHECK_PORT}`: `{"type":"connect","port_string":"${CHECK_PORT}"}`,
		`http-check send meth GET uri /health ver HTTP/1.1 hdr Host example.com hdr X-A %[src] body "{}" comment snd`:                                                `{"type":"send","check_comment":"snd","method":"GET","uri":"/health","version":"HTTP/1.1","headers":[{"fmt":"example.com","name":"Host"},{"fmt":"%[src]","name":"X-A"}],"body":"\"{}\""}`,
		`http-check send meth POST uri-lf /h/%[src] body-lf %[date]`:                                                                                                 `{"type":"send","method":"POST","uri_log_format":"/h/%[src]","body_log_format":"%[date]"}`,
		`http-check expect min-recv 10 comment ex ok-status L7OK error-status L7RSP tout-status L7TOUT on-success ok on-error err status-code int(200) ! status 200`: `{"type":"expect","check_comment":"ex","min_recv":10,"ok_status":"L7OK","error_status":"L7RSP","tout_status":"L7TOUT","on_success":"ok","on_error":"err","status-code":"int(200)","exclamation_mark":true,"match":"status","pattern":"200"}`,
		`http-check expect hdr name "set-cookie" value -m beg "sessid="`:                                                                                             `{"type":"expect","match":"hdr","pattern":"name \"set-cookie\" value -m beg \"sessid=\""}`,
		`http-check expect string if`:                   `{"type":"expect","match":"string","pattern":"if"}`,
		`http-check expect rstatus ^2  comment  x`:      `{"type":"expect","match":"rstatus","pattern":"^2  comment  x"}`,
		`http-check comment "hello world"`:              `{"type":"comment","check_comment":"\"hello world\""}`,
		`http-check send-state`:                         `{"type":"send-state"}`,
		`http-check disable-on-404`:                     `{"type":"disable-on-404"}`,
		`http-check set-var(check.port) int(8080)`:      `{"type":"set-var","var_scope":"check","var_name":"port","var_expr":"int(8080)"}`,
		`http-check set-var-fmt(check.a) %[src]:%[dst]`: `{"type":"set-var-fmt","var_scope":"check","var_name":"a","var_format":"%[src]:%[dst]"}`,
		`http-check unset-var(txn.x)`:                   `{"type":"unset-var","var_scope":"txn","var_name":"x"}`,
		`http-check some-future-rule x`:                 `{"type":"some-future-rule"}`,
		`tcp-check connect port 6379 comment c`:         `{"action":"connect","check_comment":"c","port":6379}`,
		`tcp-check send PING\r\n comment s`:             `{"action":"send","check_comment":"s","data":"PING\\r\\n"}`,
		`tcp-check send-lf %[src]\r\n`:                  `{"action":"send-lf","fmt":"%[src]\\r\\n"}`,
		`tcp-check send-binary 50494e47`:                `{"action":"send-binary","hex_string":"50494e47"}`,
		`tcp-check send-binary-lf 50%[src,hex]`:         `{"action":"send-binary-lf","hex_fmt":"50%[src,hex]"}`,
		`tcp-check expect min-recv 2 string +PONG`:      `{"action":"expect","min_recv":2,"match":"string","pattern":"+PONG"}`,
		`tcp-check expect ! rbinary 0.`:                 `{"action":"expect","exclamation_mark":true,"match":"rbinary","pattern":"0."}`,
		`tcp-check set-var-fmt(check.p) %[src]`:         `{"action":"set-var-fmt","var_scope":"check","var_name":"p","var_fmt":"%[src]"}`,
		`tcp-check comment hi`:                          `{"action":"comment","check_comment":"hi"}`,
		`stick match src table b2 if TRUE`:              `{"type":"match","pattern":"src","table":"b2","cond":"if","cond_test":"TRUE"}`,
		`stick on req.cookie(SRV)`:                      `{"type":"on","pattern":"req.cookie(SRV)"}`,
		`stick store-response src unless  FALSE`:        `{"type":"store-response","pattern":"src","cond":"unless","cond_test":"FALSE"}`,
		`use-server s1 if { src 1.2.3.4 }`:              `{"target_server":"s1","cond":"if","cond_test":"{ src 1.2.3.4 }"}`,
	} {
		c := Parse([]byte("backend be\n    " + line + "\n"))
		var got any
		switch strings.Fields(line)[0] {
		case "http-check":
			got = must[[]httpCheck](t)(HTTPChecks.List(c, "backend", "be"))[0]
		case "tcp-check":
			got = must[[]tcpCheck](t)(TCPChecks.List(c, "backend", "be"))[0]
		case "stick":
			got = must[[]stickRule](t)(StickRules.List(c, "backend", "be"))[0]
		case "use-server":
			got = must[[]serverRule](t)(ServerSwitchingRules.List(c, "backend", "be"))[0]
		}
		if b, _ := json.Marshal(got); string(b) != want {
			t.Errorf("%s:\n got %s\nwant %s", line, b, want)
		}
	}
}

// TestCheckEditsTouchOnlyTheirWords: an item whose meaning did not change keeps
// its line as written; an edit replaces only the words of the fields it
// changes; an insert adds one line.
func TestCheckEditsTouchOnlyTheirWords(t *testing.T) {
	const cfg = "backend be\n" +
		"    option httpchk\n" +
		"    http-check   connect  ssl   port 8443  # tls\n" +
		"    http-check send  uri /health   meth GET  hdr Host  a.example\n" +
		"    http-check expect   comment  up   status 200\n" +
		"    use-server  s1   if  { src 10.0.0.1 }\n" +
		"    stick   on  src   table  t1\n" +
		"    server s1 127.0.0.1:1\n"
	for _, tc := range []struct {
		name string
		edit func(c *Config) error
		want string
	}{
		{"nothing", func(c *Config) error {
			return firstError(HTTPChecks.ReplaceAll(c, "backend", "be", must[[]httpCheck](t)(HTTPChecks.List(c, "backend", "be"))),
				StickRules.ReplaceAll(c, "backend", "be", must[[]stickRule](t)(StickRules.List(c, "backend", "be"))),
				ServerSwitchingRules.ReplaceAll(c, "backend", "be", must[[]serverRule](t)(ServerSwitchingRules.List(c, "backend", "be"))))
		}, cfg},
		{"the port", func(c *Config) error {
			r := must[httpCheck](t)(HTTPChecks.Get(c, "backend", "be", 0))
			r.Port = ptr[int64](9443)
			return HTTPChecks.Set(c, "backend", "be", 0, r)
		}, strings.Replace(cfg, "port 8443", "port 9443", 1)},
		{"a header added", func(c *Config) error {
			r := must[httpCheck](t)(HTTPChecks.Get(c, "backend", "be", 1))
			r.CheckHeaders = append(r.CheckHeaders, dataplane.ReturnHeader{Name: "X-A", Fmt: "b"})
			return HTTPChecks.Set(c, "backend", "be", 1, r)
		}, strings.Replace(cfg, "hdr Host  a.example", "hdr Host  a.example hdr X-A b", 1)},
		{"the pattern", func(c *Config) error {
			r := must[httpCheck](t)(HTTPChecks.Get(c, "backend", "be", 2))
			r.Pattern = "204"
			return HTTPChecks.Set(c, "backend", "be", 2, r)
		}, strings.Replace(cfg, "status 200", "status 204", 1)},
		{"a check inserted", func(c *Config) error {
			return HTTPChecks.Insert(c, "backend", "be", 2, httpCheck{Type: "send-state"})
		}, strings.Replace(cfg, "    http-check expect", "    http-check send-state\n    http-check expect", 1)},
		{"the stick table", func(c *Config) error {
			r := must[stickRule](t)(StickRules.Get(c, "backend", "be", 0))
			r.Table = "t2"
			return StickRules.Set(c, "backend", "be", 0, r)
		}, strings.Replace(cfg, "table  t1", "table  t2", 1)},
		{"the target server", func(c *Config) error {
			r := must[serverRule](t)(ServerSwitchingRules.Get(c, "backend", "be", 0))
			r.TargetServer = "s2"
			return ServerSwitchingRules.Set(c, "backend", "be", 0, r)
		}, strings.Replace(cfg, "use-server  s1", "use-server  s2", 1)},
	} {
		c := Parse([]byte(cfg))
		if err := tc.edit(c); err != nil {
			t.Errorf("%s: %v", tc.name, err)
			continue
		}
		if got := string(c.Bytes()); got != tc.want {
			t.Errorf("%s:\n got %s\nwant %s", tc.name, got, tc.want)
		}
	}
}

// TestCheckChecks: values outside what the official models allow, and items
// without the values they need, are refused naming the member.
func TestCheckChecks(t *testing.T) {
	for _, tc := range []struct {
		want string // the member named, after the list's keyword and index
		run  func(c *Config) error
	}{
		{"http-check[0].type", httpList(httpCheck{Type: "no-such-rule"})},
		{"http-check[0].type", httpList(httpCheck{})},
		{"http-check[0].match", httpList(httpCheck{Type: "expect", Match: "header", Pattern: "x"})},
		{"http-check[0].pattern", httpList(httpCheck{Type: "expect", Match: "status"})},
		{"http-check[0].match", httpList(httpCheck{Type: "expect", Pattern: "200"})},
		{"http-check[0].method", httpList(httpCheck{Type: "send", Method: "FETCH"})},
		{"http-check[0].ok_status", httpList(httpCheck{Type: "expect", Match: "status", Pattern: "200", OkStatus: "L7FINE"})},
		{"http-check[0].error_status", httpList(httpCheck{Type: "expect", Match: "status", Pattern: "200", ErrorStatus: "L7OK"})},
		{"http-check[0].tout_status", httpList(httpCheck{Type: "expect", Match: "status", Pattern: "200", ToutStatus: "L7OK"})},
		{"http-check[0].port", httpList(httpCheck{Type: "connect", Port: ptr[int64](0)})},
		{"http-check[0].port", httpList(httpCheck{Type: "connect", Port: ptr[int64](65536)})},
		{"http-check[0].min_recv", httpList(httpCheck{Type: "expect", Match: "status", Pattern: "200", MinRecv: ptr[int64](-2)})},
		{"http-check[0].check_comment", httpList(httpCheck{Type: "comment"})},
		{"http-check[0].headers[0].fmt", httpList(httpCheck{Type: "send", CheckHeaders: []dataplane.ReturnHeader{{Name: "X-A"}}})},
		{"http-check[0].uri", httpList(httpCheck{Type: "send", URI: "/a\n/b"})},
		{"http-check[0].var_name", httpList(httpCheck{Type: "set-var", VarScope: "check", VarExpr: "int(1)"})},
		{"http-check[0].addr", httpList(httpCheck{Type: "send", Addr: "127.0.0.1"})},
		{"http-check[0].sni", httpList(httpCheck{Type: "connect", SNI: "a b"})},
		{"http-check[0].body", httpList(httpCheck{Type: "send", Body: `"${HOME}"`})},
		{"http-check[0].pattern", httpList(httpCheck{Type: "expect", Match: "string", Pattern: "a # b"})},
		{"tcp-check[0].action", tcpList(tcpCheck{Action: "send-string"})},
		{"tcp-check[0].data", tcpList(tcpCheck{Action: "send"})},
		{"tcp-check[0].hex_string", tcpList(tcpCheck{Action: "send-binary"})},
		{"tcp-check[0].match", tcpList(tcpCheck{Action: "expect", Match: "status", Pattern: "200"})},
		{"tcp-check[0].var_fmt", tcpList(tcpCheck{Action: "set-var-fmt", VarScope: "check", VarName: "a"})},
		{"tcp-check[0].port_string", tcpList(tcpCheck{Action: "connect", Port: ptr[int64](1), PortString: "x"})},
		{"stick[0].type", stickList(stickRule{Type: "store", Pattern: "src"})},
		{"stick[0].pattern", stickList(stickRule{Type: "on"})},
		{"stick[0].cond_test", stickList(stickRule{Type: "on", Pattern: "src", Cond: "if"})},
		{"stick[0].table", stickList(stickRule{Type: "on", Pattern: "src", Table: "a b"})},
		{"use-server[0].target_server", func(c *Config) error {
			return ServerSwitchingRules.ReplaceAll(c, "backend", "be", []serverRule{{Cond: "if", CondTest: "TRUE"}})
		}},
		{"use-server[0].cond", func(c *Config) error {
			return ServerSwitchingRules.ReplaceAll(c, "backend", "be", []serverRule{{TargetServer: "s1", Cond: "when", CondTest: "TRUE"}})
		}},
	} {
		c := Parse([]byte("backend be\n    server s1 127.0.0.1:1\n"))
		before := string(c.Bytes())
		err := tc.run(c)
		if err == nil || !strings.Contains(err.Error(), ": "+tc.want+": ") {
			t.Errorf("%s: got %v", tc.want, err)
		}
		if string(c.Bytes()) != before {
			t.Errorf("%s: a refused list changed the config", tc.want)
		}
	}
}

func httpList(r httpCheck) func(c *Config) error {
	return func(c *Config) error { return HTTPChecks.ReplaceAll(c, "backend", "be", []httpCheck{r}) }
}

func tcpList(r tcpCheck) func(c *Config) error {
	return func(c *Config) error { return TCPChecks.ReplaceAll(c, "backend", "be", []tcpCheck{r}) }
}

func stickList(r stickRule) func(c *Config) error {
	return func(c *Config) error { return StickRules.ReplaceAll(c, "backend", "be", []stickRule{r}) }
}

// TestCheckParents: the check lists are in defaults, backend and listen
// sections, the server rules in backend and listen ones, none in a frontend.
func TestCheckParents(t *testing.T) {
	c := Parse([]byte("defaults d\n    tcp-check connect\nfrontend fe\nbackend be\nlisten li\n    use-server s1 if TRUE\n    http-check send-state\n"))
	if got := must[[]tcpCheck](t)(TCPChecks.List(c, "defaults", "d")); len(got) != 1 {
		t.Errorf("defaults' tcp checks: %v", got)
	}
	if got := must[[]serverRule](t)(ServerSwitchingRules.List(c, "listen", "li")); len(got) != 1 {
		t.Errorf("listen's use-server rules: %v", got)
	}
	if got := must[[]httpCheck](t)(HTTPChecks.List(c, "listen", "li")); len(got) != 1 {
		t.Errorf("listen's http checks: %v", got)
	}
	for _, err := range []error{
		StickRules.ReplaceAll(c, "frontend", "fe", []stickRule{{Type: "on", Pattern: "src"}}),
		StickRules.ReplaceAll(c, "defaults", "d", []stickRule{{Type: "on", Pattern: "src"}}),
		ServerSwitchingRules.ReplaceAll(c, "defaults", "d", nil),
		HTTPChecks.ReplaceAll(c, "frontend", "fe", nil),
		TCPChecks.ReplaceAll(c, "frontend", "fe", nil),
	} {
		if err == nil || !strings.Contains(err.Error(), "parent_type") {
			t.Errorf("a list in a section that has none: %v", err)
		}
	}
}
