package haproxycfg

import (
	"encoding/json"
	"reflect"
	"slices"
	"strings"
	"testing"

	"github.com/tfhaproxy/terraform-provider-haproxy/internal/dataplane"
)

// sampleRule is a rule of action a with every value its row reads set: variant
// 1 takes the other spelling where there is one (an expression for sc_int, a
// file for the response's content).
func sampleRule(a *action, variant int) httpRule {
	return sampleOf(httpRequestRules, httpRuleEnums, httpRuleRanges, a, variant)
}

// sampleOf is sampleRule for the rows bound to any model, with its enums and
// ranges by the model's members.
func sampleOf[M any](b boundActions[M], enums map[string][]string, ranges map[string][2]int64, a *action, variant int) M {
	var r M
	v := reflect.ValueOf(&r).Elem()
	b.field(v, "type").SetString(a.name)
	str := func(member string) string {
		if e, ok := enums[b.member(member)]; ok {
			return e[variant%len(e)]
		}
		switch member {
		case "mark_value", "tos_value":
			return "0x10"
		case "sc_idx", "sc_id": // strings in tcp_request_rule, numbers all the same
			return "1"
		case "acl_file", "map_file":
			return "/etc/haproxy/" + member + ".lst"
		}
		return strings.ReplaceAll(member, "_", "-") + "-v"
	}
	for _, h := range a.headFields {
		if !setValue(b.field(v, h.field), str(h.field)) {
			setValue(b.field(v, h.field), "1")
		}
	}
	for _, arg := range a.args {
		if arg.kind == argLiteral {
			continue
		}
		f := b.field(v, arg.field)
		switch arg.kind {
		case argWord, argText, argFile:
			f.SetString(str(arg.field))
		case argRest, argOthers:
			f.SetString(str(arg.field) + "  " + "x(1),y")
		case argInt:
			switch {
			case arg.field == "redir_code":
				setValue(f, "302")
			case arg.field == "status": // set-status's, http-error's
				setValue(f, "503")
			case ranges[b.member(arg.field)][0] >= 200:
				setValue(f, "403")
			default:
				setValue(f, "2")
			}
		case argTime, argSize:
			n := int64(1500 + variant*500)
			f.Set(reflect.ValueOf(&n))
		case argFlag:
			f.SetBool(true)
		case argIntOrText:
			if variant == 0 {
				n := int64(5)
				f.Set(reflect.ValueOf(&n))
			} else {
				b.field(v, arg.value).SetString("sc0_get_gpc0")
			}
		case argChoice:
			k := arg.keys[0]
			if arg.field == "return_content_format" {
				k = []string{"lf-string", "file"}[variant]
			}
			f.SetString(k)
			b.field(v, arg.value).SetString(`"/var/www/v` + k + `"`)
		case argHeaders:
			f.Set(reflect.ValueOf([]dataplane.ReturnHeader{{Name: "X-A", Fmt: "%[src]"}, {Name: "X-B", Fmt: `"b c"`}}))
		}
	}
	return r
}

// TestActionTableIsTheOfficialList: the table has a row for every type of the
// official model and no other, and every member of the official model but
// metadata (the line's comment, see metadata.go) is read by some row.
func TestActionTableIsTheOfficialList(t *testing.T) {
	var names []string
	read := map[string]bool{"type": true, "cond": true, "cond_test": true, "metadata": true}
	for _, a := range httpRequestActions.rows {
		names = append(names, a.name)
		for _, h := range a.headFields {
			read[h.field] = true
		}
		for _, arg := range a.args {
			read[arg.field] = true
			if arg.value != "" {
				read[arg.value] = true
			}
		}
	}
	if want := slices.Sorted(slices.Values(dataplane.HTTPRequestRuleTypes)); !slices.Equal(slices.Sorted(slices.Values(names)), want) {
		t.Errorf("the table's actions:\n%q\nthe official types:\n%q", slices.Sorted(slices.Values(names)), want)
	}
	for _, member := range dataplane.OfficialFields["http_request_rule"] {
		if !read[member] {
			t.Errorf("no action reads %q", member)
		}
	}
}

// TestEveryActionRoundTrips writes a rule of every action with every value its
// row reads set, both spellings where there are two, and reads it back equal,
// from the config as edited and from its bytes parsed anew.
func TestEveryActionRoundTrips(t *testing.T) {
	for _, a := range httpRequestActions.rows {
		for variant := range 2 {
			r := sampleRule(a, variant)
			r.Cond, r.CondTest = "unless", "{ src 10.0.0.0/8 }"
			c := Parse([]byte("frontend fe\n    http-request allow\n"))
			if err := HTTPRequestRules.ReplaceAll(c, "frontend", "fe", []httpRule{{Type: "allow"}, r}); err != nil {
				t.Errorf("%s: %v", a.name, err)
				continue
			}
			for _, cfg := range []*Config{c, Parse(c.Bytes())} {
				got := must[[]httpRule](t)(HTTPRequestRules.List(cfg, "frontend", "fe"))
				if len(got) != 2 || !reflect.DeepEqual(got[1], r) {
					t.Errorf("%s: read back differs: %v\n%s", a.name, differences(reflect.ValueOf(r), reflect.ValueOf(got[len(got)-1])), cfg.Bytes())
				}
			}
		}
	}
}

// TestHandwrittenRules reads lines as people write them, in HAProxy's syntax.
func TestHandwrittenRules(t *testing.T) {
	for line, want := range map[string]string{
		`http-request deny status 403 content-type "text/plain" string "go away" hdr X-A %[src] hdr X-B b if { src 10.0.0.1 }`: `{"type":"deny","cond":"if","cond_test":"{ src 10.0.0.1 }","deny_status":403,"return_content":"\"go away\"","return_content_format":"string","return_content_type":"\"text/plain\"","return_hdrs":[{"fmt":"%[src]","name":"X-A"},{"fmt":"b","name":"X-B"}]}`,
		`http-request tarpit deny_status 500 default-errorfiles`:                                                               `{"type":"tarpit","deny_status":500,"return_content_format":"default-errorfiles"}`,
		`http-request return errorfile /etc/haproxy/errors/200.http`:                                                           `{"type":"return","return_content":"/etc/haproxy/errors/200.http","return_content_format":"errorfile"}`,
		`http-request redirect code 301 drop-query location /a set-cookie X=1 if TRUE`:                                         `{"type":"redirect","cond":"if","cond_test":"TRUE","redir_code":301,"redir_option":"drop-query set-cookie X=1","redir_type":"location","redir_value":"/a"}`,
		`http-request track-sc1 src table st_src`:                                                                              `{"type":"track-sc","track_sc_key":"src","track_sc_stick_counter":1,"track_sc_table":"st_src"}`,
		`http-request track-sc0   req.hdr(x)`:                                                                                  `{"type":"track-sc","track_sc_key":"req.hdr(x)","track_sc_stick_counter":0}`,
		`http-request set-var(txn.my_var,ifnotexists) req.hdr(host),lower   if TRUE`:                                           `{"type":"set-var","cond":"if","cond_test":"TRUE","var_expr":"req.hdr(host),lower","var_name":"my_var,ifnotexists","var_scope":"txn"}`,
		`http-request set-var-fmt(sess.a) %[src]:%[src_port]`:                                                                  `{"type":"set-var-fmt","var_format":"%[src]:%[src_port]","var_name":"a","var_scope":"sess"}`,
		`http-request unset-var(req.b)`:                                                                                        `{"type":"unset-var","var_name":"b","var_scope":"req"}`,
		`http-request lua.my-action arg1  "arg 2" if { path /lua }`:                                                            `{"type":"lua","cond":"if","cond_test":"{ path /lua }","lua_action":"my-action","lua_params":"arg1  \"arg 2\""}`,
		`http-request lua.bare`:                                                                                                `{"type":"lua","lua_action":"bare"}`,
		`http-request do-resolve(txn.ip,dns,ipv6) hdr(host),host_only`:                                                         `{"type":"do-resolve","expr":"hdr(host),host_only","protocol":"ipv6","resolvers":"dns","var_name":"txn.ip"}`,
		`http-request do-resolve(txn.ip,dns) hdr(host)`:                                                                        `{"type":"do-resolve","expr":"hdr(host)","resolvers":"dns","var_name":"txn.ip"}`,
		`http-request wait-for-body time 1s at-least 1k if METH_POST`:                                                          `{"type":"wait-for-body","cond":"if","cond_test":"METH_POST","wait_at_least":1024,"wait_time":1000}`,
		`http-request normalize-uri path-strip-dotdot full`:                                                                    `{"type":"normalize-uri","normalizer":"path-strip-dotdot","normalizer_full":true}`,
		`http-request capture req.hdr(host) len 32`:                                                                            `{"type":"capture","capture_len":32,"capture_sample":"req.hdr(host)"}`,
		`http-request capture req.hdr(host) id 0`:                                                                              `{"type":"capture","capture_id":0,"capture_sample":"req.hdr(host)"}`,
		`http-request sc-set-gpt0(1) 5`:                                                                                        `{"type":"sc-set-gpt0","sc_id":1,"sc_int":5}`,
		`http-request sc-set-gpt(2,0) sc0_get_gpt(0)`:                                                                          `{"type":"sc-set-gpt","sc_expr":"sc0_get_gpt(0)","sc_idx":2}`,
		`http-request sc-inc-gpc0(2)`:                                                                                          `{"type":"sc-inc-gpc0","sc_id":2}`,
		`http-request add-acl(/etc/haproxy/a.lst) %[src]`:                                                                      `{"type":"add-acl","acl_file":"/etc/haproxy/a.lst","acl_keyfmt":"%[src]"}`,
		`http-request set-map(/etc/haproxy/m.map) %[src] %[req.hdr(x)]`:                                                        `{"type":"set-map","map_file":"/etc/haproxy/m.map","map_keyfmt":"%[src]","map_valuefmt":"%[req.hdr(x)]"}`,
		`http-request del-header X-Debug -m beg`:                                                                               `{"type":"del-header","hdr_method":"beg","hdr_name":"X-Debug"}`,
		`http-request set-timeout tunnel 5s`:                                                                                   `{"type":"set-timeout","timeout":"5s","timeout_type":"tunnel"}`,
		`http-request set-nice -10`:                                                                                            `{"type":"set-nice","nice_value":-10}`,
		`http-request set-mark 0x1f`:                                                                                           `{"type":"set-mark","mark_value":"0x1f"}`,
		`http-request silent-drop`:                                                                                             `{"type":"silent-drop"}`,
		`http-request auth realm "Private area"`:                                                                               `{"type":"auth","auth_realm":"\"Private area\""}`,
		`http-request replace-uri ^http://(.*) https://\1`:                                                                     `{"type":"replace-uri","uri-fmt":"https://\\1","uri-match":"^http://(.*)"}`,
		`http-request strict-mode off`:                                                                                         `{"type":"strict-mode","strict_mode":"off"}`,
		`http-request set-bandwidth-limit up limit 1m period 1s`:                                                               `{"type":"set-bandwidth-limit","bandwidth_limit_limit":"1m","bandwidth_limit_name":"up","bandwidth_limit_period":"1s"}`,
		`http-request some-future-action x y`:                                                                                  `{"type":"some-future-action"}`,
	} {
		c := Parse([]byte("frontend fe\n    " + line + "\n"))
		got := must[[]httpRule](t)(HTTPRequestRules.List(c, "frontend", "fe"))
		if b, _ := json.Marshal(got[0]); string(b) != want {
			t.Errorf("%s:\n got %s\nwant %s", line, b, want)
		}
	}
}

// TestRuleEditsTouchOnlyTheirWords: a rule whose meaning did not change keeps its
// line as written; an edit replaces only the words of the fields it changes.
func TestRuleEditsTouchOnlyTheirWords(t *testing.T) {
	const cfg = "frontend fe\n" +
		"    http-request   deny  status 403   if { src 10.0.0.1 }   # blocked\n" +
		"    http-request   track-sc1  src   table  st_src   if  { src 10.0.0.0/8 }  # keep\n" +
		"    http-request redirect  code 301   location /a drop-query\n"
	for _, tc := range []struct {
		name string
		edit func(r []httpRule)
		want string // the file after the edit
	}{
		{"nothing", func([]httpRule) {}, cfg},
		{"legacy type, same meaning", func(r []httpRule) { r[1].Type, r[1].TrackScStickCounter = "track-sc1", nil }, cfg},
		{"the table", func(r []httpRule) { r[1].TrackScTable = "st2" },
			strings.Replace(cfg, "table  st_src", "table  st2", 1)},
		{"the table, cleared", func(r []httpRule) { r[1].TrackScTable = "" },
			strings.Replace(cfg, "src   table  st_src   if", "src   if", 1)},
		{"the counter", func(r []httpRule) { r[1].TrackScStickCounter = ptr[int64](2) },
			strings.Replace(cfg, "track-sc1", "track-sc2", 1)},
		{"the condition", func(r []httpRule) { r[0].CondTest = "{ src 10.0.0.2 }" },
			strings.Replace(cfg, "{ src 10.0.0.1 }", "{ src 10.0.0.2 }", 1)},
		{"a header added", func(r []httpRule) { r[0].ReturnHeaders = []dataplane.ReturnHeader{{Name: "X-A", Fmt: "a"}} },
			strings.Replace(cfg, "status 403   if", "status 403   hdr X-A a if", 1)},
		{"the redirect's value", func(r []httpRule) { r[2].RedirValue = "/b" },
			strings.Replace(cfg, "location /a", "location /b", 1)},
	} {
		c := Parse([]byte(cfg))
		rules := must[[]httpRule](t)(HTTPRequestRules.List(c, "frontend", "fe"))
		tc.edit(rules)
		if err := HTTPRequestRules.ReplaceAll(c, "frontend", "fe", rules); err != nil {
			t.Errorf("%s: %v", tc.name, err)
			continue
		}
		if got := string(c.Bytes()); got != tc.want {
			t.Errorf("%s:\n got %s\nwant %s", tc.name, got, tc.want)
		}
	}
}

// TestRuleChecks: values outside what the official model allows, and actions
// without the values they need, are refused naming the field.
func TestRuleChecks(t *testing.T) {
	for want, r := range map[string]httpRule{
		"type":                   {Type: "no-such-action"},
		"hdr_name":               {Type: "set-header", HdrFormat: "x"},
		"var_name":               {Type: "set-var", VarScope: "txn", VarExpr: "str(a)"},
		"lua_action":             {Type: "lua"},
		"redir_type":             {Type: "redirect", RedirCode: ptr[int64](301)},
		"redir_code":             {Type: "redirect", RedirType: "location", RedirValue: "/", RedirCode: ptr[int64](300)},
		"wait_time":              {Type: "wait-for-body"},
		"track_sc_stick_counter": {Type: "track-sc", TrackScKey: "src"},
		"timeout_type":           {Type: "set-timeout", TimeoutType: "forever", Timeout: "1s"},
		"normalizer":             {Type: "normalize-uri", Normalizer: "all"},
		"nice_value":             {Type: "set-nice", NiceValue: 2000},
		"mark_value":             {Type: "set-mark", MarkValue: "0xZZ"},
		"deny_status":            {Type: "deny", DenyStatus: ptr[int64](600)},
		"protocol":               {Type: "do-resolve", VarName: "txn.a", Resolvers: "dns", Protocol: "ipv5", Expr: "src"},
		"return_hdrs[0].fmt":     {Type: "return", ReturnHeaders: []dataplane.ReturnHeader{{Name: "X-A"}}},
		"hdr_format":             {Type: "set-header", HdrName: "X-A", HdrFormat: "a\nb"},
		"acl_file":               {Type: "set-header", HdrName: "X-A", HdrFormat: "b", ACLFile: "/x"},
	} {
		c := Parse([]byte("frontend fe\n"))
		err := HTTPRequestRules.ReplaceAll(c, "frontend", "fe", []httpRule{r})
		if err == nil || !strings.Contains(err.Error(), ": http-request[0]."+want+": ") {
			t.Errorf("%s: got %v", want, err)
		}
	}
}

// TestRuleFiles: every argument of an action that names a file is found, so the
// file check sees it.
func TestRuleFiles(t *testing.T) {
	for line, want := range map[string][]string{
		"http-request add-acl(/a/b.lst) %[src]":                   {"/a/b.lst"},
		"http-request del-acl(/a/b.lst) %[src] if TRUE":           {"/a/b.lst"},
		"http-request set-map(/a/m.map) %[src] x":                 {"/a/m.map"},
		"http-request del-map(/a/m.map) %[src]":                   {"/a/m.map"},
		"http-request deny status 403 errorfile /a/403.http":      {"/a/403.http"},
		"http-request tarpit lf-file /a/t.txt":                    {"/a/t.txt"},
		"http-request return content-type a/b file /a/f if TRUE":  {"/a/f"},
		"http-request return errorfiles myerrors":                 nil,
		"http-response set-map(/a/r.map) %[src] x":                {"/a/r.map"},
		"http-request set-header X-A file":                        nil,
		`http-request return content-type a/b string "file /a/f"`: nil,
	} {
		if got := LineFiles(line); !slices.Equal(got, want) {
			t.Errorf("LineFiles(%s) = %q, want %q", line, got, want)
		}
	}
}

// TestRowsBindToOtherModels: a rule list whose model names the members
// otherwise (tcp_request_rule's "action", "track_key"...) reuses the rows as
// they are, bound with its names; its lines start with more keywords.
func TestRowsBindToOtherModels(t *testing.T) {
	type tcpRule struct {
		Type              string `json:"type"`
		Action            string `json:"action"`
		Cond              string `json:"cond,omitempty"`
		CondTest          string `json:"cond_test,omitempty"`
		TrackKey          string `json:"track_key,omitempty"`
		TrackStickCounter *int64 `json:"track_stick_counter,omitempty"`
		TrackTable        string `json:"track_table,omitempty"`
		LuaAction         string `json:"lua_action,omitempty"`
		LuaParams         string `json:"lua_params,omitempty"`
	}
	b := bindActions[tcpRule](newActionTable(actTrackSc, actLua), map[string]string{"type": "action",
		"track_sc_key": "track_key", "track_sc_stick_counter": "track_stick_counter", "track_sc_table": "track_table"})
	l := newLine("tcp-request content track-sc2 src table st if { src 10.0.0.1 }")
	got := b.read(l, 2)
	want := tcpRule{Action: "track-sc", TrackKey: "src", TrackStickCounter: ptr[int64](2), TrackTable: "st", Cond: "if", CondTest: "{ src 10.0.0.1 }"}
	if !reflect.DeepEqual(got, want) {
		t.Fatalf("got %+v\nwant %+v", got, want)
	}
	if w := strings.Join(b.words(&got), " "); w != "track-sc2 src table st if { src 10.0.0.1 }" {
		t.Errorf("written as %q", w)
	}
	if err := b.checkRequired(&tcpRule{Action: "track-sc", TrackStickCounter: ptr[int64](0)}); err == nil || err.Error() != "invalid value: track_key: is required for action track-sc" {
		t.Errorf("got %v", err)
	}
}
