package haproxycfg

import (
	"bytes"
	"errors"
	"strings"
	"testing"

	"github.com/tfhaproxy/terraform-provider-haproxy/internal/dataplane"
)

// TestExpandsEnv pins where HAProxy 2.6 reads a '$' as an environment variable
// (checked with the real haproxy: an unknown keyword spelled each way is quoted
// back expanded or not): inside double quotes, unless escaped.
func TestExpandsEnv(t *testing.T) {
	cases := map[string]bool{
		`"${HOME}"`:                  true,
		`"$HOME"`:                    true,
		`"text/plain; home=${HOME}"`: true,
		`"${HOME-default}"`:          true,
		`"$1"`:                       true, // HAProxy refuses it: not a name
		`a "b" "c $X"`:               true,
		`"\${HOME}"`:                 false,
		`"\$HOME"`:                   false,
		`'${HOME}'`:                  false,
		`${HOME}`:                    false,
		`$HOME`:                      false,
		`plain\$`:                    false,
		`"a" '$X' b\ $Y`:             false,
		`"no dollar" # "${HOME}"`:    false, // a comment: refused elsewhere
		`'it''s' "\\" "${X}"`:        true,
		`"a \" ${X}"`:                true,
		`"%[req.hdr(host)] \$5 off"`: false,
		`{ path "/a b" } || "${X}"`:  true,
		`'"${X}"'`:                   false,
		`"'${X}'"`:                   true,
		`str("a"),concat("${X}")`:    true,
		`str("a"),concat("\${X}")`:   false,
		`"\\${X}"`:                   true, // the backslash is escaped, not the '$'
	}
	for s, want := range cases {
		if got := expandsEnv(s); got != want {
			t.Errorf("expandsEnv(%s) = %v, want %v", s, got, want)
		}
	}
}

// TestEnvReferencesRefused writes values HAProxy would replace with the agent's
// environment: each is refused with ErrReadBack naming its field and saying how to
// keep the '$', and the file does not change.
func TestEnvReferencesRefused(t *testing.T) {
	c, before := loadConfig(t, "web-handwritten.cfg")
	rule := func(r httpRule) error { return HTTPRequestRules.Insert(c, "frontend", "fe_http", 1, r) }
	cases := []struct {
		name, field string
		err         error
	}{
		{"content type", "http-request[1].return_content_type", rule(httpRule{Type: "return", ReturnStatusCode: ptr[int64](200),
			ReturnContentType: `"text/plain; home=${HOME}"`, ReturnContentFormat: "string", ReturnContent: "x"})},
		{"$NAME without braces", "http-request[1].hdr_format", rule(httpRule{Type: "set-header", HdrName: "X-A", HdrFormat: `"$HOME"`})},
		{"in a condition", "http-request[1].cond_test", rule(httpRule{Type: "deny", Cond: "if", CondTest: `{ path "${HOME}" }`})},
		{"in an acl value", "acl[0].value", ACLs.Insert(c, "frontend", "fe_http", 0, dataplane.ACL{ACLName: "a", Criterion: "path", Value: `"${HOME}"`})},
		{"in a backend name", "use_backend[0].name", BackendSwitchingRules.Insert(c, "frontend", "fe_http", 0, dataplane.BackendSwitchingRule{Name: `"${HOME}"`, Cond: "if", CondTest: "TRUE"})},
		{"in a description", "description", Backends.Replace(c, dataplane.Backend{Name: "be_www", Description: `"${HOME}"`})},
		{"in a new backend", "description", Backends.Create(c, dataplane.Backend{Name: "be_new", Description: `"${HOME}"`})},
		{"in a server's sni", "sni", Servers.Create(c, "be_www", dataplane.Server{Name: "x", Address: "127.0.0.1", ServerParams: dataplane.ServerParams{SNI: `"${HOME}"`}})},
		{"a server address, unquoted", "address", Servers.Create(c, "be_www", dataplane.Server{Name: "x", Address: "${HOME}"})},
		{"a bind address, single quoted", "address", Binds.Create(c, "fe_http", dataplane.Bind{Name: "x", Address: "'${HOME}'", Port: ptr[int64](1)})},
		{"a bind name", "name", Binds.Create(c, "fe_http", dataplane.Bind{Name: `"${HOME}"`, Address: "127.0.0.1", Port: ptr[int64](1)})},
	}
	for _, tc := range cases {
		var fe *FieldError
		switch {
		case !errors.Is(tc.err, ErrReadBack):
			t.Errorf("%s: error %v, want %v", tc.name, tc.err, ErrReadBack)
		case !errors.As(tc.err, &fe) || fe.Field != tc.field:
			t.Errorf("%s: error %v does not name %s", tc.name, tc.err, tc.field)
		case !strings.Contains(tc.err.Error(), "environment"):
			t.Errorf("%s: message %q does not say why", tc.name, tc.err)
		}
	}
	if got := c.Bytes(); !bytes.Equal(got, before) {
		t.Fatalf("refused writes changed the config:\n%s", strings.Join(lineDiff(before, got), ""))
	}
}

// TestEnvReferencesKept: a '$' HAProxy keeps is written as given, and a
// handwritten reference stays when a write leaves its value as it is.
func TestEnvReferencesKept(t *testing.T) {
	c := Parse([]byte("frontend fe\n    bind ${ADDR}:${PORT} name main\n    acl home hdr(x) -m str \"${HOME}\"\n" +
		"    http-request return status 200 content-type text/plain string \"${HOME}\" if { path /home }\n" +
		"    default_backend be\n\nbackend be\n    description \"${DESC}\"\n    server s1 \"${ADDR}\":80\n"))
	rules := must[[]httpRule](t)(HTTPRequestRules.List(c, "frontend", "fe"))
	rules = append(rules,
		httpRule{Type: "set-header", HdrName: "X-A", HdrFormat: `"\${HOME}"`},
		httpRule{Type: "set-header", HdrName: "X-B", HdrFormat: `'${HOME}'`})
	if err := HTTPRequestRules.ReplaceAll(c, "frontend", "fe", rules); err != nil {
		t.Fatalf("rules: %v", err)
	}
	acls := must[[]dataplane.ACL](t)(ACLs.List(c, "frontend", "fe"))
	if err := ACLs.ReplaceAll(c, "frontend", "fe", append(acls, dataplane.ACL{ACLName: "b", Criterion: "path", Value: `'${X}'`})); err != nil {
		t.Fatalf("acls: %v", err)
	}
	bind := must[dataplane.Bind](t)(Binds.Get(c, "fe", "main"))
	bind.AcceptProxy = true
	if err := Binds.Replace(c, "fe", bind); err != nil {
		t.Fatalf("bind: %v", err)
	}
	be := must[backend](t)(Backends.Get(c, "be"))
	be.Mode = "http"
	if err := Backends.Replace(c, be); err != nil {
		t.Fatalf("backend: %v", err)
	}
	s1 := must[dataplane.Server](t)(Servers.Get(c, "be", "s1"))
	s1.Weight = ptr[int64](5)
	if err := Servers.Replace(c, "be", s1); err != nil {
		t.Fatalf("server: %v", err)
	}
	got := string(c.Bytes())
	for _, line := range []string{
		"bind ${ADDR}:${PORT} name main accept-proxy\n",
		"acl home hdr(x) -m str \"${HOME}\"\n",
		"acl b path '${X}'\n",
		"string \"${HOME}\" if { path /home }\n",
		"http-request set-header X-A \"\\${HOME}\"\n",
		"http-request set-header X-B '${HOME}'\n",
		"description \"${DESC}\"\n",
		"server s1 \"${ADDR}\":80 weight 5\n",
	} {
		if !strings.Contains(got, line) {
			t.Errorf("the config lacks %q:\n%s", line, got)
		}
	}
	// The kept value is not a licence: changing it refuses the new one.
	be.Description = `"${OTHER}"`
	if err := Backends.Replace(c, be); !errors.Is(err, ErrReadBack) {
		t.Fatalf("a changed reference: %v, want %v", err, ErrReadBack)
	}
}
