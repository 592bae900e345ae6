package agent

import (
	"fmt"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"

	"github.com/tfhaproxy/terraform-provider-haproxy/internal/dataplane"
)

// privilegedSetup is a config with handwritten privileged lines, a harmless
// Lua script it loads, and a Lua script that, loaded, creates a marker file:
// `haproxy -c` runs a script it validates, so a marker that never appears shows
// that nothing reached HAProxy.
type privilegedSetup struct {
	config, hello, evil, marker string
}

func newPrivilegedSetup(t *testing.T) privilegedSetup {
	dir := t.TempDir()
	s := privilegedSetup{hello: filepath.Join(dir, "hello.lua"), evil: filepath.Join(dir, "evil.lua"), marker: filepath.Join(dir, "lua-ran")}
	for path, script := range map[string]string{
		s.hello: "-- handwritten, loaded by the operator's own config\n",
		s.evil:  fmt.Sprintf("local f = io.open(%q, \"w\")\nf:write(\"ran\\n\")\nf:close()\n", s.marker),
	} {
		if err := os.WriteFile(path, []byte(script), 0o644); err != nil {
			t.Fatal(err)
		}
	}
	s.config = strings.Replace(baseConfig(freePorts(t, 1)[0]), "    maxconn 2000\n",
		"    maxconn 2000\n    external-check\n    insecure-fork-wanted\n    lua-load "+s.hello+"\n", 1) + `
backend be_ext
    option external-check
    external-check command /bin/true
`
	return s
}

// withEvil is the file with a second lua-load, of the script that leaves the marker.
func (s privilegedSetup) withEvil(file string) string {
	return strings.Replace(file, "    lua-load "+s.hello+"\n", "    lua-load "+s.hello+"\n    lua-load "+s.evil+"\n", 1)
}

func (s privilegedSetup) luaRan() bool {
	_, err := os.Stat(s.marker)
	return err == nil
}

// forbidden checks a 403 in the official error shape whose message says all of want.
func forbidden(t *testing.T, r response, want ...string) {
	t.Helper()
	r.expect(t, 403)
	var e errorBody
	r.json(t, &e)
	for _, w := range want {
		if e.Code != 403 || !strings.Contains(e.Message, w) {
			t.Fatalf("%s %s: %s, want a 403 saying %q", r.request.Method, r.request.URL, r.body, w)
		}
	}
}

// TestRoles: an operator can neither use the raw file nor add, change or
// remove a privileged line through any path that writes (typed endpoints, dry
// runs, transactions, commits), and HAProxy never sees what it tried; its
// unrelated edits keep the handwritten privileged lines; an admin may do all of
// it.
func TestRoles(t *testing.T) {
	s := newPrivilegedSetup(t)
	ta := startAgent(t, s.config)
	file := ta.file()
	asOperator := func(method, path string, body any, contentType string) response {
		return ta.doAs(testOperator, testOperatorPassword, method, path, body, contentType)
	}
	operator := "user ops has the operator role"
	var info dataplane.Info
	asOperator("GET", "/v3/info", nil, "").expect(t, 200).json(t, &info)
	if !slices.Contains(info.API.Extensions, dataplane.ExtensionDryRun) {
		t.Fatalf("the operator is not offered dry_run: %v", info.API.Extensions)
	}

	// The raw file is the admin's, to read, validate or write.
	for _, q := range []string{"?version=1&only_validate=true", "?version=1"} {
		forbidden(t, asOperator("POST", cfgPath+"/raw"+q, s.withEvil(file), "text/plain"), operator, "the raw configuration needs the admin role")
	}
	forbidden(t, asOperator("GET", cfgPath+"/raw", nil, ""), operator, "the raw configuration needs the admin role")
	if s.luaRan() || ta.file() != file {
		t.Fatal("an operator's raw upload reached HAProxy or the file")
	}

	// Unrelated edits, in the sections that hold privileged lines too, keep them:
	// the backend read carries its external-check settings, and writing them
	// back as they are changes no privileged line.
	var ext dataplane.Backend
	asOperator("GET", cfgPath+"/backends/be_ext", nil, "").expect(t, 200).json(t, &ext)
	if ext.ExternalCheck != dataplane.Enabled || ext.ExternalCheckCommand != "/bin/true" {
		t.Fatalf("be_ext reads %+v", ext.BackendOptions)
	}
	forbidden(t, asOperator("PUT", cfgPath+"/backends/be_ext?version=1", dataplane.Backend{Name: "be_ext", Mode: "http"}, ""),
		`removes "option external-check" from backend be_ext`)
	ext.Mode, ext.Description = "http", "checked by a program"
	asOperator("PUT", cfgPath+"/backends/be_ext?version=1", ext, "").expect(t, 202)
	asOperator("PUT", cfgPath+"/backends/be_app?version=2", dataplane.Backend{Name: "be_app", BackendObjects: dataplane.BackendObjects{Balance: &dataplane.Balance{Algorithm: "leastconn"}}}, "").expect(t, 202)
	file = ta.file()
	for _, line := range []string{"    lua-load " + s.hello + "\n", "    option external-check\n", "    external-check command /bin/true\n", "    description checked by a program\n", "    balance leastconn\n"} {
		if !strings.Contains(file, line) {
			t.Fatalf("%q is not in the file after the operator's edits:\n%s", line, file)
		}
	}

	// Removing a privileged line is changing it: not directly, not in a dry
	// run, not in a transaction.
	removes := `removes "option external-check" from backend be_ext: option external-check runs a program as the health check; that needs the admin role, and ` + operator
	for _, q := range []string{"?version=3", "?version=3&dry_run=true"} {
		forbidden(t, asOperator("DELETE", cfgPath+"/backends/be_ext"+q, nil, ""), removes)
	}
	var tx dataplane.Transaction
	asOperator("POST", "/v3/services/haproxy/transactions?version=3", nil, "").expect(t, 201).json(t, &tx)
	forbidden(t, asOperator("DELETE", cfgPath+"/backends/be_ext?transaction_id="+tx.ID, nil, ""), removes)
	// An admin's transaction is checked again when an operator commits it, and
	// stays open for an admin.
	ta.do("DELETE", cfgPath+"/backends/be_ext?transaction_id="+tx.ID, nil).expect(t, 202)
	for _, q := range []string{"?dry_run=true", ""} {
		forbidden(t, asOperator("PUT", "/v3/services/haproxy/transactions/"+tx.ID+q, nil, ""), removes)
	}
	ta.do("GET", "/v3/services/haproxy/transactions/"+tx.ID, nil).expect(t, 200).json(t, &tx)
	if tx.Status != "in_progress" || ta.file() != file || s.luaRan() {
		t.Fatalf("after the operator's refused commit: transaction %s, file changed %v", tx.Status, ta.file() != file)
	}
	ta.do("PUT", "/v3/services/haproxy/transactions/"+tx.ID, nil).expect(t, 202)
	if strings.Contains(ta.file(), "be_ext") {
		t.Fatal("the admin's commit did not delete be_ext")
	}

	// The admin may use raw and add code: only validating it already runs it,
	// which is why the operator's attempts had to stop before validation.
	file, version := ta.file(), itoa(ta.version())
	ta.do("POST", cfgPath+"/raw", nil).expect(t, 400) // no version: the route is reached
	ta.doAs(testUser, testPassword, "POST", cfgPath+"/raw?only_validate=true&version="+version, s.withEvil(file), "text/plain").expect(t, 202)
	if !s.luaRan() || ta.file() != file {
		t.Fatal("the admin's only_validate did not run the Lua script, or wrote the file")
	}
	ta.doAs(testUser, testPassword, "POST", cfgPath+"/raw?version="+version, s.withEvil(file), "text/plain").expect(t, 202)
	if !strings.Contains(ta.file(), "lua-load "+s.evil) {
		t.Fatal("the admin's raw upload was not written")
	}
}

// TestForbidPrivilegedDirectives: with the flag, nobody, an admin included,
// adds, changes or removes a privileged line, and HAProxy never sees the
// attempt; the handwritten ones stay, and everything else is still allowed.
func TestForbidPrivilegedDirectives(t *testing.T) {
	s := newPrivilegedSetup(t)
	ta := startAgentWith(t, s.config, Options{ForbidPrivileged: true})
	file := ta.file()
	flag := "this agent forbids that to every user (--forbid-privileged-directives)"
	asAdmin := func(method, path string, body any) response {
		return ta.doAs(testUser, testPassword, method, path, body, "text/plain")
	}
	for _, q := range []string{"?version=1&only_validate=true", "?version=1"} {
		forbidden(t, asAdmin("POST", cfgPath+"/raw"+q, s.withEvil(file)), `adds "lua-load `+s.evil+`" to global: lua-load loads and runs a Lua script`, flag)
	}
	forbidden(t, asAdmin("POST", cfgPath+"/raw?version=1", strings.Replace(file, "    insecure-fork-wanted\n", "", 1)), `removes "insecure-fork-wanted" from global`, flag)
	forbidden(t, ta.do("DELETE", cfgPath+"/backends/be_ext?version=1", nil), `removes "option external-check"`, flag)
	forbidden(t, ta.doAs(testOperator, testOperatorPassword, "DELETE", cfgPath+"/backends/be_ext?version=1", nil, ""), flag)
	if s.luaRan() || ta.file() != file {
		t.Fatal("a forbidden change reached HAProxy or the file")
	}

	// A raw upload that keeps the handwritten lines, respaced and commented
	// even, may change the rest.
	edited := strings.Replace(file, "    lua-load "+s.hello+"\n", "    lua-load   "+s.hello+"  # kept\n", 1) + "\nbackend be_raw\n    balance first\n"
	asAdmin("POST", cfgPath+"/raw?version=1", edited).expect(t, 202)
	var ext dataplane.Backend // as read, with its external-check settings
	ta.doAs(testOperator, testOperatorPassword, "GET", cfgPath+"/backends/be_ext", nil, "").expect(t, 200).json(t, &ext)
	ext.Mode = "tcp"
	ta.doAs(testOperator, testOperatorPassword, "PUT", cfgPath+"/backends/be_ext?version=2", ext, "").expect(t, 202)
	if file := ta.file(); !strings.Contains(file, "backend be_raw\n") || !strings.Contains(file, "lua-load   "+s.hello+"  # kept\n") ||
		!strings.Contains(file, "    external-check command /bin/true\n") || !strings.Contains(file, "    mode tcp\n") {
		t.Fatalf("after the allowed edits:\n%s", file)
	}
}

// TestNoAuthIsOperator: without authentication (--insecure-no-auth) every
// caller is an operator: no raw file, no privileged line.
func TestNoAuthIsOperator(t *testing.T) {
	s := newPrivilegedSetup(t)
	ta := startAgent(t, s.config)
	ta.agent.opts.Users = nil // before any request: as --insecure-no-auth starts it
	noAuth := "the agent runs without authentication (--insecure-no-auth), where every caller has the operator role"
	forbidden(t, ta.doAs("", "", "POST", cfgPath+"/raw?version=1&only_validate=true", s.withEvil(ta.file()), "text/plain"), noAuth, "needs the admin role")
	forbidden(t, ta.doAs("", "", "DELETE", cfgPath+"/backends/be_ext?version=1", nil, ""), `removes "option external-check"`, noAuth)
	ta.doAs("", "", "PUT", cfgPath+"/backends/be_app?version=1", dataplane.Backend{Name: "be_app", Mode: "http"}, "").expect(t, 202)
	if s.luaRan() {
		t.Fatal("the Lua script ran")
	}
}
