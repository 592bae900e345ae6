package haproxycfg

import (
	"bytes"
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"

	"github.com/tfhaproxy/terraform-provider-haproxy/internal/dataplane"
)

// TestValuesAreSpelledAsWritten pins the representation: a free-form value is its
// text in haproxy.cfg, quotes, backslashes, ${VAR} and blanks between words as
// written; names and keywords are what HAProxy reads.
func TestValuesAreSpelledAsWritten(t *testing.T) {
	c, _ := loadConfig(t, "escapes.cfg")
	rules := must[[]httpRule](t)(HTTPRequestRules.List(c, "frontend", "fe_escapes"))
	acls := must[[]dataplane.ACL](t)(ACLs.List(c, "frontend", "fe_escapes"))
	sw := must[[]dataplane.BackendSwitchingRule](t)(BackendSwitchingRules.List(c, "frontend", "fe_escapes"))
	fe := must[frontend](t)(Frontends.Get(c, "fe_escapes"))
	be := must[backend](t)(Backends.Get(c, "be_escapes"))
	s1 := must[dataplane.Server](t)(Servers.Get(c, "be_escapes", "s1"))
	cases := []struct{ name, got, want string }{
		{"return_content", rules[0].ReturnContent, `"haproxy is up\n\tand \"quoted\" \\ back\x21"`},
		{"return_content_type", rules[0].ReturnContentType, `"text/plain; charset=utf-8"`},
		{"single quotes", rules[1].ReturnContent, `'single ${HOME} \n'`},
		{"escapes without quotes", rules[2].ReturnContent, `plain\ words\#hash\$`},
		{"environment reference", rules[3].ReturnContent, `"${HOME}"`},
		{"hdr_format", rules[5].HdrFormat, `"%[src] via \"haproxy\""`},
		{"cond_test without the comment", rules[5].CondTest, "is_api"},
		{"tab escape", rules[6].HdrFormat, `"a\tb"`},
		{"redir_value", rules[7].RedirValue, `"/new path"`},
		{"cond_test with quotes", rules[7].CondTest, `{ path "/old path" }`},
		{"var_expr", rules[8].VarExpr, `str("hello world")`},
		{"'#' in a quoted pattern", rules[9].CondTest, `{ hdr(user-agent) -m sub "bad # bot" }`},
		{"acl value keeps its blanks", acls[0].Value, `-i  "/api v1"  '/a#b'  /c\ d`},
		{"acl value with escaped quotes", acls[1].Value, `-m str "a \"quoted\" word" 'it''s'`},
		{"switching condition", sw[0].CondTest, `{ path_beg "/api v1" } || has_q`},
		{"description", fe.Description, `Escapes,\ quotes and ${NOT_EXPANDED}`},
		{"log_format", fe.LogFormat, `"%ci:%cp [%tr] %ft %{+Q}r \"quoted\""`},
		{"quoted description", be.Description, `"a backend with escapes"`},
		{"httpchk version", be.HttpchkParams.Version, `HTTP/1.1\r\nHost:\ localhost`},
		{"cookie attr", be.Cookie.Attrs[0].Value, `"SameSite=Lax"`},
		{"server cookie", s1.Cookie, `'s1'`},
		{"acl name", acls[1].ACLName, "has_q"},
		{"rule type", rules[8].Type + " " + rules[8].VarScope + "." + rules[8].VarName, "set-var txn.greeting"},
	}
	for _, tc := range cases {
		if tc.got != tc.want {
			t.Errorf("%s: got %s, want %s", tc.name, tc.got, tc.want)
		}
	}
}

// TestEveryValueWritesBack writes back, unchanged, every object the views read
// from the handwritten configs: the file keeps its bytes, and every item read
// from a line passes the read-back check when written as a new line.
func TestEveryValueWritesBack(t *testing.T) {
	for _, f := range configFiles(t) {
		t.Run(filepath.Base(f), func(t *testing.T) {
			data, err := os.ReadFile(f)
			if err != nil {
				t.Fatal(err)
			}
			st := writeBackAll(Parse(data))
			if problems := append(st.failures, st.refused...); len(problems) > 0 {
				t.Fatalf("%d failures:\n%s", len(problems), strings.Join(problems, "\n"))
			}
			if st.items == 0 && bytes.Contains(data, []byte("\nfrontend ")) {
				t.Fatal("no object read: the test checks nothing")
			}
		})
	}
}

// TestFreshLinesReadAsTheOriginal writes every rule, ACL and switching rule of
// escapes.cfg anew from its model, and checks that HAProxy's tokenizer (ours,
// which TestEscapesAsHAProxyServesThem holds to the real one) reads the new
// line's words exactly as the original's.
func TestFreshLinesReadAsTheOriginal(t *testing.T) {
	c, _ := loadConfig(t, "escapes.cfg")
	st := writeBackAll(c)
	if len(st.failures) > 0 || len(st.refused) > 0 || len(st.changed) > 0 || st.reordered > 0 {
		t.Fatalf("failures %q, refused %q, lines read otherwise when written anew %q", st.failures, st.refused, st.changed)
	}
	if st.listLines != 15 || st.same != 15 || st.childLines != 2 {
		t.Fatalf("%d list lines, %d the same when written anew, %d servers and binds; want the file's 15 and 2", st.listLines, st.same, st.childLines)
	}
}

// writeStats counts what writeBackAll checked.
type writeStats struct {
	sections, items, acls, rules, switching, servers, binds int
	// failures are writes that changed the file or that the read-back check
	// refused; refused are other refusals (rule types the API does not model).
	failures, refused []string
	// Rules, ACLs and switching rules written anew from their model, as a changed
	// item is: how many read as the same words, as the same words in another order
	// (keyword arguments), and which read otherwise (keywords the models lack).
	listLines, same, reordered int
	changed                    []string
	childLines                 int // servers and binds written anew
}

// writeBackAll writes every frontend, backend, server, bind, ACL list and rule
// list of c back as read, each on its own clone. It checks that each write leaves
// the bytes as they were, and that each line written anew from its model reads
// back as that model, and compares the words of the new line with the old.
func writeBackAll(c *Config) *writeStats {
	st := &writeStats{}
	before := c.Bytes()
	try := func(what string, edit func(*Config) error) {
		d := c.Clone()
		err := edit(d)
		switch {
		case errors.Is(err, ErrReadBack):
			st.failures = append(st.failures, fmt.Sprintf("%s: %v", what, err))
		case err != nil:
			st.refused = append(st.refused, fmt.Sprintf("%s: %v", what, err))
		case !bytes.Equal(d.Bytes(), before):
			st.failures = append(st.failures, what+": writing it back changed the file")
		}
	}
	for _, s := range c.sections {
		switch s.Kind {
		case "frontend":
			st.sections++
			try("frontend "+s.Name, func(d *Config) error {
				return Frontends.Replace(d, must2(Frontends.Get(d, s.Name)))
			})
			for _, b := range must2(Binds.List(c, s.Name)) {
				st.binds++
				try("bind "+b.Name, func(d *Config) error { return Binds.Replace(d, s.Name, b) })
			}
			checkFresh(st, s, Binds.keyword, Binds.read, func(m *dataplane.Bind) *Line { return Binds.line(c, nil, m) })
			writeBackList(st, c, s, BackendSwitchingRules, &st.switching, try)
		case "backend":
			st.sections++
			try("backend "+s.Name, func(d *Config) error {
				return Backends.Replace(d, must2(Backends.Get(d, s.Name)))
			})
			for _, sv := range must2(Servers.List(c, s.Name)) {
				st.servers++
				try("server "+sv.Name, func(d *Config) error { return Servers.Replace(d, s.Name, sv) })
			}
			checkFresh(st, s, Servers.keyword, Servers.read, func(m *dataplane.Server) *Line { return c.serverLine(nil, m) })
		default:
			continue
		}
		writeBackList(st, c, s, ACLs, &st.acls, try)
		writeBackList(st, c, s, HTTPRequestRules, &st.rules, try)
		writeBackList(st, c, s, TCPRequestRules, &st.rules, try)
		if s.Kind == "backend" {
			writeBackList(st, c, s, TCPResponseRules, &st.rules, try)
		}
	}
	st.items = st.sections + st.acls + st.rules + st.switching + st.servers + st.binds
	return st
}

func writeBackList[M any](st *writeStats, c *Config, s *Section, v ListView[M], n *int, try func(string, func(*Config) error)) {
	items := must2(v.List(c, s.Kind, s.Name))
	if len(items) == 0 {
		return
	}
	*n += len(items)
	try(fmt.Sprintf("%s lines of %s %s", v.keyword, s.Kind, s.Name), func(d *Config) error {
		return v.ReplaceAll(d, s.Kind, s.Name, items)
	})
	checkFresh(st, s, v.keyword, v.read, func(m *M) *Line { return newLine(strings.Join(v.words(m), " ")) })
}

// checkFresh writes each line of keyword in s anew from its model: the new line
// must read back as the model. For list lines, it compares their words.
func checkFresh[M any](st *writeStats, s *Section, keyword string, read func(*Line) M, fresh func(*M) *Line) {
	list := keyword != Servers.keyword && keyword != Binds.keyword
	for _, l := range s.lines {
		if l.keyword() != keyword || len(l.words) < 2 {
			continue
		}
		m := read(l)
		if err := readsBack(&m, func(m *M) written[M] { nl := fresh(m); return written[M]{read(nl), lineProblem(nl), nl.files} }); err != nil {
			st.failures = append(st.failures, fmt.Sprintf("%s %s: %q: %v", s.Kind, s.Name, strings.TrimSpace(l.raw), err))
		}
		if !list {
			st.childLines++
			continue
		}
		st.listLines++
		nl := fresh(&m)
		switch {
		case slices.Equal(nl.words, l.words):
			st.same++
		case slices.Equal(sorted(nl.words), sorted(l.words)):
			st.reordered++
		default:
			st.changed = append(st.changed, fmt.Sprintf("%q -> %q", strings.TrimSpace(l.content()), nl.content()))
		}
	}
}

func sorted(s []string) []string { return slices.Sorted(slices.Values(s)) }

func must2[T any](v T, err error) T {
	if err != nil {
		panic(err)
	}
	return v
}

// TestReadBackRefuses writes values that HAProxy would read differently from what
// the model says: each is refused with ErrReadBack naming its field, and the file
// does not change.
func TestReadBackRefuses(t *testing.T) {
	c, before := loadConfig(t, "web-handwritten.cfg")
	rule := func(r httpRule) error { return HTTPRequestRules.Insert(c, "frontend", "fe_http", 1, r) }
	cases := []struct {
		name  string
		err   error
		field string
	}{
		{"'#' cuts the condition", rule(httpRule{Type: "redirect", RedirType: "location", RedirValue: "/hidden", RedirOption: "drop-query #", Cond: "if", CondTest: "FALSE"}), "http-request[1].redir_option"},
		{"a blank splits a value", rule(httpRule{Type: "set-header", HdrName: "X-A", HdrFormat: "a b"}), "http-request[1].hdr_format"},
		{"a quote left open", rule(httpRule{Type: "return", ReturnContentType: "text/plain", ReturnContentFormat: "string", ReturnContent: `"open`}), "http-request[1].return_content"},
		{"an open quote in the middle", rule(httpRule{Type: "set-header", HdrName: "X-A", HdrFormat: `'a`, Cond: "if", CondTest: "TRUE"}), "http-request[1].hdr_format"},
		{"an invalid \\x", rule(httpRule{Type: "set-header", HdrName: "X-A", HdrFormat: `"\xZZ"`}), "http-request[1].hdr_format"},
		{"'if' ends the arguments", rule(httpRule{Type: "set-var", VarScope: "txn", VarName: "a", VarExpr: "str(a) if TRUE"}), "http-request[1].var_expr"},
		{"'#' in a condition", rule(httpRule{Type: "deny", Cond: "if", CondTest: "TRUE # or not"}), "http-request[1].cond_test"},
		{"a field the type does not write", rule(httpRule{Type: "deny", HdrName: "X-A"}), "http-request[1].hdr_name"},
		{"'#' in var_name", rule(httpRule{Type: "set-var", VarScope: "txn", VarName: "a#b", VarExpr: "str(x)", Cond: "if", CondTest: "FALSE"}), "http-request[1].var_name"},
		{"'#' in lua_action", rule(httpRule{Type: "lua", LuaAction: "act#", Cond: "if", CondTest: "FALSE"}), "http-request[1].lua_action"},
		{"'#' in lua_params", rule(httpRule{Type: "lua", LuaAction: "act", LuaParams: "a # b", Cond: "if", CondTest: "FALSE"}), "http-request[1].lua_params"},
		{"'#' in a criterion", ACLs.Insert(c, "frontend", "fe_http", 0, dataplane.ACL{ACLName: "a", Criterion: "path#x", Value: "/y"}), "acl[0].criterion"},
		{"'#' in an acl value", ACLs.Insert(c, "frontend", "fe_http", 0, dataplane.ACL{ACLName: "a", Criterion: "path", Value: "/x #/y"}), "acl[0].value"},
		{"a quote across criterion and value", ACLs.Insert(c, "frontend", "fe_http", 0, dataplane.ACL{ACLName: "a", Criterion: `"path`, Value: `x"`}), "acl[0].criterion"},
		{"a blank in a backend name", BackendSwitchingRules.Insert(c, "frontend", "fe_http", 0, dataplane.BackendSwitchingRule{Name: "be_api unless", Cond: "if", CondTest: "TRUE"}), "use_backend[0].name"},
		{"a blank in sni", Servers.Create(c, "be_www", dataplane.Server{Name: "x", Address: "127.0.0.1", ServerParams: dataplane.ServerParams{SNI: "str(a) check"}}), "sni"},
		{"a port inside the address", Servers.Create(c, "be_www", dataplane.Server{Name: "x", Address: "127.0.0.1:80"}), "address"},
		{"a blank in a bind certificate", Binds.Create(c, "fe_http", dataplane.Bind{Name: "x", Address: "127.0.0.1", Port: ptr[int64](1), SSLCertificate: "/a.pem ssl"}), "ssl_certificate"},
		{"'#' in a description", Backends.Replace(c, dataplane.Backend{Name: "be_www", Description: "the # sign"}), "description"},
		{"a blank in log-format", Frontends.Create(c, dataplane.Frontend{Name: "fe_x", FrontendOptions: dataplane.FrontendOptions{LogFormat: "%ci [%t]"}}), "log_format"},
		{"a blank in a cookie attr", Backends.Replace(c, dataplane.Backend{Name: "be_www", BackendObjects: dataplane.BackendObjects{Cookie: &dataplane.Cookie{Name: "SRV", Attrs: []dataplane.CookieValue{{Value: "a b"}}}}}), "cookie.attr[0].value"},
	}
	for _, tc := range cases {
		var fe *FieldError
		switch {
		case !errors.Is(tc.err, ErrReadBack) || !errors.Is(tc.err, ErrInvalid):
			t.Errorf("%s: error %v, want %v", tc.name, tc.err, ErrReadBack)
		case !errors.As(tc.err, &fe) || fe.Field != tc.field:
			t.Errorf("%s: error %v does not name %s", tc.name, tc.err, tc.field)
		case !strings.Contains(tc.err.Error(), tc.field+": "):
			t.Errorf("%s: message %q does not name %s", tc.name, tc.err, tc.field)
		}
	}
	if got := c.Bytes(); !bytes.Equal(got, before) {
		t.Fatalf("refused writes changed the config:\n%s", strings.Join(lineDiff(before, got), ""))
	}
}

// TestReadBackAccepts writes values in HAProxy's spelling: each line says what
// the model says, spelled as given.
func TestReadBackAccepts(t *testing.T) {
	c, before := loadConfig(t, "web-handwritten.cfg")
	rules := []httpRule{
		{Type: "return", ReturnStatusCode: ptr[int64](200), ReturnContentType: `"text/plain; charset=utf-8"`, ReturnContentFormat: "string", ReturnContent: `"haproxy is up\n"`, Cond: "if", CondTest: `{ path "/status page" }`},
		{Type: "set-header", HdrName: "X-A", HdrFormat: `"%[src] \"quoted\" # not a comment"`},
		{Type: "set-header", HdrName: "X-B", HdrFormat: `a\ b\#c`},
		{Type: "redirect", RedirType: "location", RedirValue: `'/x y'`, RedirCode: ptr[int64](302), RedirOption: "drop-query  append-slash", Cond: "unless", CondTest: "TRUE"},
		{Type: "set-var", VarScope: "txn", VarName: "v", VarExpr: `str("a b"),lower`},
	}
	if err := HTTPRequestRules.ReplaceAll(c, "frontend", "fe_http", rules); err != nil {
		t.Fatal(err)
	}
	if got := must[[]httpRule](t)(HTTPRequestRules.List(c, "frontend", "fe_http")); asJSON(t, got) != asJSON(t, rules) {
		t.Fatalf("read back\n%s\nwant\n%s", asJSON(t, got), asJSON(t, rules))
	}
	want := []string{
		"+\thttp-request return status 200 content-type \"text/plain; charset=utf-8\" string \"haproxy is up\\n\" if { path \"/status page\" }\n",
		"+\thttp-request set-header X-A \"%[src] \\\"quoted\\\" # not a comment\"\n",
		"+\thttp-request set-header X-B a\\ b\\#c\n",
		"+\thttp-request redirect location '/x y' code 302 drop-query  append-slash unless TRUE\n",
		"+\thttp-request set-var(txn.v) str(\"a b\"),lower\n",
	}
	var added []string
	for _, l := range lineDiff(before, c.Bytes()) {
		if strings.HasPrefix(l, "+") {
			added = append(added, l)
		}
	}
	if !slices.Equal(added, want) {
		t.Fatalf("added lines\n%q\nwant\n%q", added, want)
	}
}
