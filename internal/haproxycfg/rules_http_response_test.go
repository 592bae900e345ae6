package haproxycfg

import (
	"encoding/json"
	"fmt"
	"io"
	"net/http"
	"net/http/httptest"
	"reflect"
	"slices"
	"strings"
	"testing"

	"github.com/tfhaproxy/terraform-provider-haproxy/internal/dataplane"
)

// responseLists are the response side's lists: their views, tables and
// official models, for the tests that hold for each.
var responseLists = []struct {
	keyword string
	kind    string   // the official model
	types   []string // its types
	table   *actionTable
	// roundTrip writes a rule of every action of the table, every value set,
	// both spellings where there are two, and reads it back.
	roundTrip func(t *testing.T)
}{
	{"http-response", "http_response_rule", dataplane.HTTPResponseRuleTypes, httpResponseActions,
		func(t *testing.T) { roundTripActions(t, HTTPResponseRules, httpResponseRules) }},
	{"http-after-response", "http_after_response_rule", dataplane.HTTPAfterResponseRuleTypes, httpAfterResponseActions,
		func(t *testing.T) { roundTripActions(t, HTTPAfterResponseRules, httpAfterResponseRules) }},
	{"http-error", "http_error_rule", dataplane.HTTPErrorRuleTypes, httpErrorActions,
		func(t *testing.T) { roundTripActions(t, HTTPErrorRules, httpErrorRules) }},
}

// TestResponseTablesAreTheOfficialLists: each table has a row for every type
// of its official model and no other, and every member of the model but
// metadata (the line's comment) is read by some row.
func TestResponseTablesAreTheOfficialLists(t *testing.T) {
	for _, l := range responseLists {
		var names []string
		read := map[string]bool{"type": true, "cond": true, "cond_test": true, "metadata": true}
		for _, a := range l.table.rows {
			names = append(names, a.name)
			for _, h := range a.headFields {
				read[h.field] = true
			}
			for _, arg := range a.args {
				read[arg.field], read[arg.value] = true, true
			}
		}
		if got, want := slices.Sorted(slices.Values(names)), slices.Sorted(slices.Values(l.types)); !slices.Equal(got, want) {
			t.Errorf("%s: the table's actions:\n%q\nthe official types:\n%q", l.keyword, got, want)
		}
		for _, member := range dataplane.OfficialFields[l.kind] {
			if !read[member] {
				t.Errorf("%s: no action reads %q", l.keyword, member)
			}
		}
	}
}

// TestEveryResponseActionRoundTrips: a rule of every action, with every value
// its row reads set, reads back equal from the config as edited and from its
// bytes parsed anew, in a frontend, a backend, a defaults and a listen section.
func TestEveryResponseActionRoundTrips(t *testing.T) {
	for _, l := range responseLists {
		t.Run(l.keyword, l.roundTrip)
	}
}

func roundTripActions[M any](t *testing.T, view ListView[M], b boundActions[M]) {
	for _, kind := range []string{"frontend", "backend", "defaults", "listen"} {
		for _, a := range b.rows {
			for variant := range 2 {
				r := sampleOf(b, httpRuleEnums, httpRuleRanges, a, variant)
				if !b.unconditional {
					v := reflect.ValueOf(&r).Elem()
					b.field(v, "cond").SetString("unless")
					b.field(v, "cond_test").SetString("{ src 10.0.0.0/8 }")
				}
				c := Parse([]byte(kind + " p\n    mode http\n"))
				if err := view.ReplaceAll(c, kind, "p", []M{r, r}); err != nil {
					t.Errorf("%s in a %s: %v", a.name, kind, err)
					continue
				}
				for _, cfg := range []*Config{c, Parse(c.Bytes())} {
					got := must[[]M](t)(view.List(cfg, kind, "p"))
					if len(got) != 2 || !reflect.DeepEqual(got[1], r) {
						t.Errorf("%s: read back differs: %v\n%s", a.name, differences(reflect.ValueOf(r), reflect.ValueOf(got[len(got)-1])), cfg.Bytes())
					}
				}
			}
		}
	}
}

// TestHandwrittenResponseRules reads lines as people write them.
func TestHandwrittenResponseRules(t *testing.T) {
	for line, want := range map[string]string{
		`http-response set-status 503 reason "Slow Down" if { status 500 }`:                     `{"type":"set-status","cond":"if","cond_test":"{ status 500 }","status":503,"status_reason":"\"Slow Down\""}`,
		`http-response set-status 404`:                                                          `{"type":"set-status","status":404}`,
		`http-response capture res.hdr(Server) id 0`:                                            `{"type":"capture","capture_id":0,"capture_sample":"res.hdr(Server)"}`,
		`http-response cache-store c1`:                                                          `{"type":"cache-store","cache_name":"c1"}`,
		`http-response deny deny_status 502 if { status 500 }`:                                  `{"type":"deny","cond":"if","cond_test":"{ status 500 }","deny_status":502}`,
		`http-response return status 200 content-type text/plain lf-string "ok %[src]" hdr X a`: `{"type":"return","return_content":"\"ok %[src]\"","return_content_format":"lf-string","return_content_type":"text/plain","return_hdrs":[{"fmt":"a","name":"X"}],"return_status_code":200}`,
		`http-response redirect location /b code 303 if { status 404 }`:                         `{"type":"redirect","cond":"if","cond_test":"{ status 404 }","redir_code":303,"redir_type":"location","redir_value":"/b"}`,
		`http-response set-header Strict-Transport-Security "max-age=31536000"`:                 `{"type":"set-header","hdr_format":"\"max-age=31536000\"","hdr_name":"Strict-Transport-Security"}`,
		`http-response del-header ^X-Internal -m reg`:                                           `{"type":"del-header","hdr_method":"reg","hdr_name":"^X-Internal"}`,
		`http-response track-sc2 res.hdr(x) table t`:                                            `{"type":"track-sc","track_sc_key":"res.hdr(x)","track_sc_stick_counter":2,"track_sc_table":"t"}`,
		`http-response lua.resp-action a  b`:                                                    `{"type":"lua","lua_action":"resp-action","lua_params":"a  b"}`,
		`http-response set-var(res.s) status`:                                                   `{"type":"set-var","var_expr":"status","var_name":"s","var_scope":"res"}`,
		`http-response some-future-action x`:                                                    `{"type":"some-future-action"}`,
	} {
		c := Parse([]byte("frontend fe\n    " + line + "\n"))
		got := must[[]responseRule](t)(HTTPResponseRules.List(c, "frontend", "fe"))
		if b, _ := json.Marshal(got[0]); string(b) != want {
			t.Errorf("%s:\n got %s\nwant %s", line, b, want)
		}
	}
	for line, want := range map[string]string{
		`http-after-response set-header Cache-Control no-store if { status 500 }`: `{"type":"set-header","cond":"if","cond_test":"{ status 500 }","hdr_format":"no-store","hdr_name":"Cache-Control"}`,
		`http-after-response set-status 500 reason Oops`:                          `{"type":"set-status","status":500,"status_reason":"Oops"}`,
		`http-after-response capture res.hdr(x) len 10`:                           `{"type":"capture","capture_len":10,"capture_sample":"res.hdr(x)"}`,
		`http-after-response unset-var(txn.x)`:                                    `{"type":"unset-var","var_name":"x","var_scope":"txn"}`,
	} {
		c := Parse([]byte("backend be\n    " + line + "\n"))
		got := must[[]afterResponseRule](t)(HTTPAfterResponseRules.List(c, "backend", "be"))
		if b, _ := json.Marshal(got[0]); string(b) != want {
			t.Errorf("%s:\n got %s\nwant %s", line, b, want)
		}
	}
	for line, want := range map[string]string{
		`http-error status 503 content-type "text/html" file /etc/haproxy/503.html hdr X-A a hdr X-B "b c"`: `{"type":"status","status":503,"return_content":"/etc/haproxy/503.html","return_content_format":"file","return_content_type":"\"text/html\"","return_hdrs":[{"fmt":"a","name":"X-A"},{"fmt":"\"b c\"","name":"X-B"}]}`,
		`http-error status 400 default-errorfiles`:                                                          `{"type":"status","status":400,"return_content_format":"default-errorfiles"}`,
		`http-error status 429 errorfiles myerrors`:                                                         `{"type":"status","status":429,"return_content":"myerrors","return_content_format":"errorfiles"}`,
		`http-error   status 500   content-type text/plain   string if`:                                     `{"type":"status","status":500,"return_content":"if","return_content_format":"string","return_content_type":"text/plain"}`,
	} {
		c := Parse([]byte("defaults d\n    " + line + "\n"))
		got := must[[]errorRule](t)(HTTPErrorRules.List(c, "defaults", "d"))
		if b, _ := json.Marshal(got[0]); string(b) != want {
			t.Errorf("%s:\n got %s\nwant %s", line, b, want)
		}
	}
}

// TestResponseRuleEditsTouchOnlyTheirWords: a rule whose meaning did not
// change keeps its line as written; an edit replaces only the words it changes;
// a new rule is one new line.
func TestResponseRuleEditsTouchOnlyTheirWords(t *testing.T) {
	const cfg = "backend be\n" +
		"    http-response   set-status  503   reason  \"Slow Down\"   if { status 500 }   # slow\n" +
		"    http-response   deny  status 502   if  { status 500 }\n" +
		"    http-after-response   set-header   X-A   a\n" +
		"    http-error   status 503    content-type   text/plain   string   down   hdr  X-A a\n"
	for _, tc := range []struct {
		name string
		edit func(c *Config) error
		want string
	}{
		{"nothing", func(c *Config) error {
			r := must[[]responseRule](t)(HTTPResponseRules.List(c, "backend", "be"))
			return HTTPResponseRules.ReplaceAll(c, "backend", "be", r)
		}, cfg},
		{"the reason", func(c *Config) error {
			r := must[[]responseRule](t)(HTTPResponseRules.List(c, "backend", "be"))
			r[0].StatusReason = "Later"
			return HTTPResponseRules.ReplaceAll(c, "backend", "be", r)
		}, strings.Replace(cfg, `reason  "Slow Down"`, "reason  Later", 1)},
		{"deny's status, spelled status", func(c *Config) error {
			r := must[[]responseRule](t)(HTTPResponseRules.List(c, "backend", "be"))
			r[1].DenyStatus = ptr[int64](503)
			return HTTPResponseRules.ReplaceAll(c, "backend", "be", r)
		}, strings.Replace(cfg, "status 502", "status 503", 1)},
		{"a rule inserted", func(c *Config) error {
			return HTTPResponseRules.Insert(c, "backend", "be", 1, responseRule{Type: "set-header", HdrName: "X-B", HdrFormat: "b"})
		}, strings.Replace(cfg, "# slow\n", "# slow\n    http-response set-header X-B b\n", 1)},
		{"an after-response rule's format", func(c *Config) error {
			r := must[[]afterResponseRule](t)(HTTPAfterResponseRules.List(c, "backend", "be"))
			r[0].HdrFormat = "b"
			return HTTPAfterResponseRules.ReplaceAll(c, "backend", "be", r)
		}, strings.Replace(cfg, "X-A   a\n", "X-A   b\n", 1)},
		{"an error rule's content", func(c *Config) error {
			r := must[[]errorRule](t)(HTTPErrorRules.List(c, "backend", "be"))
			r[0].ReturnContent = `"gone away"`
			return HTTPErrorRules.ReplaceAll(c, "backend", "be", r)
		}, strings.Replace(cfg, "string   down", `string   "gone away"`, 1)},
		{"an error rule appended", func(c *Config) error {
			return HTTPErrorRules.Insert(c, "backend", "be", 1, errorRule{Type: "status", Status: 504, ReturnContentFormat: "default-errorfiles"})
		}, cfg + "    http-error status 504 default-errorfiles\n"},
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

// TestResponseRuleChecks: values the official models do not allow, and actions
// without the values they need, are refused naming the member.
func TestResponseRuleChecks(t *testing.T) {
	check := func(name string, err error, want string) {
		t.Helper()
		if err == nil || !strings.Contains(err.Error(), want+": ") {
			t.Errorf("%s: got %v, want an error about %s", name, err, want)
		}
	}
	for want, r := range map[string]responseRule{
		"type":               {Type: "auth"}, // an http-request action only
		"status":             {Type: "set-status", Status: 1000},
		"capture_id":         {Type: "capture", CaptureSample: "res.hdr(x)"},
		"cache_name":         {Type: "cache-store"},
		"redir_code":         {Type: "redirect", RedirType: "location", RedirValue: "/", RedirCode: ptr[int64](300)},
		"deny_status":        {Type: "deny", DenyStatus: ptr[int64](100)},
		"mark_value":         {Type: "set-mark", MarkValue: "x"},
		"cond_test":          {Type: "allow", Cond: "if"},
		"hdr_format":         {Type: "set-header", HdrName: "X", HdrFormat: "a\rb"},
		"return_hdrs[1].fmt": {Type: "return", ReturnHeaders: []dataplane.ReturnHeader{{Name: "a", Fmt: "b"}, {Name: "c"}}},
	} {
		check(want, HTTPResponseRules.ReplaceAll(Parse([]byte("frontend fe\n")), "frontend", "fe", []responseRule{r}), "http-response[0]."+want)
	}
	for want, r := range map[string]afterResponseRule{
		"type":        {Type: "deny"},
		"status":      {Type: "set-status"},
		"strict_mode": {Type: "strict-mode", StrictMode: "maybe"},
		"var_scope":   {Type: "unset-var", VarScope: "global", VarName: "a"},
	} {
		check(want, HTTPAfterResponseRules.ReplaceAll(Parse([]byte("backend be\n")), "backend", "be", []afterResponseRule{r}), "http-after-response[0]."+want)
	}
	for want, r := range map[string]errorRule{
		"type":                  {Type: "deny", Status: 503},
		"status":                {Type: "status", Status: 418},
		"return_content_format": {Type: "status", Status: 503, ReturnContentFormat: "html"},
		"return_content":        {Type: "status", Status: 503, ReturnContentFormat: "string", ReturnContent: "a\nb"},
	} {
		check(want, HTTPErrorRules.ReplaceAll(Parse([]byte("backend be\n")), "backend", "be", []errorRule{r}), "http-error[0]."+want)
	}
	if err := HTTPErrorRules.ReplaceAll(Parse([]byte("global\n")), "global", "", nil); err == nil {
		t.Error("http-error lines in the global section were accepted")
	}
}

// TestResponseRuleFiles: the files the response lists' lines name are found,
// so that the file check sees them; http-error has no condition, so an `if`
// there is a value.
func TestResponseRuleFiles(t *testing.T) {
	for line, want := range map[string][]string{
		"http-response set-map(/a/r.map) %[src] x":                           {"/a/r.map"},
		"http-response deny errorfile /a/403.http if TRUE":                   {"/a/403.http"},
		"http-response return lf-file /a/r.txt":                              {"/a/r.txt"},
		"http-after-response del-acl(/a/x.lst) %[src]":                       {"/a/x.lst"},
		"http-after-response set-map(/a/m.map) %[src] x":                     {"/a/m.map"},
		"http-error status 503 errorfile /a/503.http":                        {"/a/503.http"},
		"http-error status 503 content-type if lf-file /a/503.txt hdr X-A a": {"/a/503.txt"},
		"http-error status 503 errorfiles myerrors":                          nil,
	} {
		if got := LineFiles(line); !slices.Equal(got, want) {
			t.Errorf("LineFiles(%s) = %q, want %q", line, got, want)
		}
	}
}

// TestResponseListsAreObjects: each list is one object of its section, so a
// change to one conflicts with writers of that list only.
func TestResponseListsAreObjects(t *testing.T) {
	a := Parse([]byte("frontend fe\n    http-response allow\n    http-after-response allow\n    http-error status 503\n"))
	b := a.Clone()
	if err := HTTPAfterResponseRules.Delete(b, "frontend", "fe", 0); err != nil {
		t.Fatal(err)
	}
	if got := Changed(a, b); !slices.Equal(got, []string{"frontend fe/http-after-response rules"}) {
		t.Errorf("changed %q", got)
	}
	if got := b.Touched(); !slices.Equal(got, []string{"frontend fe/http-after-response rules"}) {
		t.Errorf("touched %q", got)
	}
}

// TestResponseRulesAsHAProxyServesThem holds the response lists to the real
// HAProxy: the statuses, headers and bodies its http-response,
// http-after-response and http-error lines make are the values the views read
// (quotes and escapes as HAProxy reads them), and the lines written anew from
// what the views read serve the same.
func TestResponseRulesAsHAProxyServesThem(t *testing.T) {
	upstream := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) { io.WriteString(w, "up") }))
	defer upstream.Close()
	cfg := fmt.Sprintf(`defaults
    mode http
    timeout connect 1s
    timeout client 5s
    timeout server 5s

frontend fe
    bind 127.0.0.1:%d
    http-after-response   set-header X-After 'single ${HOME}'
    use_backend be_up if { path /up }
    default_backend be_down

backend be_up
    http-response set-header  X-Resp "a \"quoted\"\tvalue"
    http-response set-status 299 reason "Fine Then"   # fine
    server s1 %s

backend be_down
    retries 0
    http-error status 503 content-type "text/plain" string "down \"now\"\x21"
    server s1 127.0.0.1:%d
`, freePort(t), strings.TrimPrefix(upstream.URL, "http://"), freePort(t))
	c := Parse([]byte(cfg))
	resp := must[[]responseRule](t)(HTTPResponseRules.List(c, "backend", "be_up"))
	after := must[[]afterResponseRule](t)(HTTPAfterResponseRules.List(c, "frontend", "fe"))
	errs := must[[]errorRule](t)(HTTPErrorRules.List(c, "backend", "be_down"))
	value := func(spelled string) string {
		toks, _ := tokenize(spelled)
		if len(toks) != 1 {
			t.Fatalf("%s is %d words", spelled, len(toks))
		}
		return toks[0].text
	}
	wantHeader, wantAfter, wantBody := value(resp[0].HdrFormat), value(after[0].HdrFormat), value(errs[0].ReturnContent)
	if wantHeader != "a \"quoted\"\tvalue" || wantAfter != "single ${HOME}" || wantBody != `down "now"!` || resp[1].Status != 299 {
		t.Fatalf("read %q, %q, %q, %d", wantHeader, wantAfter, wantBody, resp[1].Status)
	}
	fresh := c.Clone()
	n := 0
	for i := range fresh.sections {
		e := fresh.edit(i)
		for k, l := range e.lines {
			var words []string
			switch l.keyword() {
			case HTTPResponseRules.keyword:
				m := HTTPResponseRules.read(l)
				words = HTTPResponseRules.words(&m)
			case HTTPAfterResponseRules.keyword:
				m := HTTPAfterResponseRules.read(l)
				words = HTTPAfterResponseRules.words(&m)
			case HTTPErrorRules.keyword:
				m := HTTPErrorRules.read(l)
				words = HTTPErrorRules.words(&m)
			default:
				continue
			}
			e.lines[k] = newLine(indentOf(l) + strings.Join(words, " ") + l.eol())
			n++
		}
	}
	if n != 4 || string(fresh.Bytes()) == cfg {
		t.Fatalf("%d lines written anew, want 4, and a file with other bytes:\n%s", n, fresh.Bytes())
	}
	for name, text := range map[string]string{"as written": cfg, "written anew": string(fresh.Bytes())} {
		t.Run(name, func(t *testing.T) {
			runHAProxy(t, text)
			port := strings.TrimPrefix(strings.Fields(text[strings.Index(text, "bind "):])[1], "127.0.0.1:")
			get := func(path string) (*http.Response, string) {
				r, err := http.Get("http://127.0.0.1:" + port + path)
				if err != nil {
					t.Fatal(err)
				}
				defer r.Body.Close()
				b, _ := io.ReadAll(r.Body)
				return r, string(b)
			}
			if r, body := get("/up"); r.StatusCode != 299 || r.Status != "299 Fine Then" || r.Header.Get("X-Resp") != wantHeader ||
				r.Header.Get("X-After") != wantAfter || body != "up" {
				t.Errorf("/up: %s %q, X-Resp %q, X-After %q", r.Status, body, r.Header.Get("X-Resp"), r.Header.Get("X-After"))
			}
			if r, body := get("/down"); r.StatusCode != 503 || body != wantBody || r.Header.Get("X-After") != wantAfter {
				t.Errorf("/down: %s %q, X-After %q", r.Status, body, r.Header.Get("X-After"))
			}
		})
	}
}
