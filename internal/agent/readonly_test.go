package agent

import (
	"fmt"
	"net/http"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"

	"golang.org/x/crypto/bcrypt"

	"github.com/tfhaproxy/terraform-provider-haproxy/internal/dataplane"
	"github.com/tfhaproxy/terraform-provider-haproxy/internal/sslcerttest"
)

// TestReadOnlyUser walks the whole route table as the read-only user: every
// call that writes, validates or touches a transaction, and the raw file, gets
// 403 in the official error shape and changes nothing; every other read of an
// object that exists gets 200.
func TestReadOnlyUser(t *testing.T) {
	fe, app := freePorts(t, 1)[0], upstream(t, "app", 0)
	ta := startAgent(t, strings.Replace(strings.Replace(baseConfig(fe), "    maxconn 2000\n", "    maxconn 2000\n    log 127.0.0.1:514 local0\n", 1), "\ndefaults\n", `
defaults dflt
    mode http
    acl d_acl path_beg /d
    http-request set-header X-D 1
    http-response set-header X-D 1
    http-after-response set-header X-D 1
    http-error status 503
    tcp-request content accept
    tcp-response content accept
    http-check send-state
    tcp-check connect
    log global

defaults
`, 1)+fmt.Sprintf(`    acl be_acl path_beg /b
    http-request set-header X-Be 1
    stick-table type ip size 1k
    stick on src
    use-server web1 if TRUE
    http-check send-state
    tcp-check connect
    tcp-request content accept
    tcp-response content accept
    http-response set-header X-R 1
    http-after-response set-header X-A 1
    http-error status 503
    log global
    filter compression
    server web1 127.0.0.1:%d
    server-template srv 2 localhost:80

frontend fe_main_rules
    bind 127.0.0.1:%d name main
    acl fe_acl path_beg /a
    http-request set-header X-Fe 1
    tcp-request connection accept
    use_backend be_app if fe_acl
    tcp-request content accept
    http-response set-header X-R 1
    http-after-response set-header X-A 1
    http-error status 503
    log global
    declare capture request len 8
    filter compression

listen lst
    bind 127.0.0.1:%d name main
    acl l_acl path_beg /l
    http-request set-header X-L 1
    http-response set-header X-L 1
    http-after-response set-header X-L 1
    http-error status 503
    tcp-request content accept
    tcp-response content accept
    http-check send-state
    tcp-check connect
    log global
    declare capture request len 8
    filter compression
    stick-table type ip size 1k
    stick on src
    use-server web1 if TRUE
    use_backend be_app if l_acl
    server web1 127.0.0.1:%d
`, app, freePorts(t, 1)[0], freePorts(t, 1)[0], app)+otherSectionsForRoutes(append(freePorts(t, 4), freeUDPPort(t))))
	// One reload to read, and one open transaction.
	r := ta.do("POST", cfgPath+"/backends?version=1", dataplane.Backend{Name: "be_other"}).expect(t, 202)
	reloadID := r.header.Get("Reload-ID")
	if status := ta.waitReload(reloadID); status != "succeeded" {
		t.Fatalf("reload %s: %s", reloadID, status)
	}
	var tx dataplane.Transaction
	ta.do("POST", "/v3/services/haproxy/transactions?version=2", nil).expect(t, 201).json(t, &tx)
	file, version := ta.file(), ta.version()
	certs := filepath.Join(filepath.Dir(ta.config), "ssl")
	os.Mkdir(certs, 0o700)
	writeFile(t, filepath.Join(certs, "site.pem"), string(sslcerttest.New(t, sslcerttest.Template{CommonName: "site.test"}).PEM()))

	// fill names an object that exists for each of the route's parameters.
	fill := func(rt *route) string {
		segs := rt.segments()
		for i, seg := range segs {
			if !strings.HasPrefix(seg, "{") {
				continue
			}
			switch prev := segs[i-1]; {
			case seg == "{index}":
				segs[i] = "0"
			case prev == "frontends":
				segs[i] = "fe_main_rules"
			case prev == "backends":
				segs[i] = "be_app"
			case prev == "defaults":
				segs[i] = "dflt"
			case prev == "listens":
				segs[i] = "lst"
			case prev == "servers":
				segs[i] = "web1"
			case prev == "binds":
				segs[i] = "main"
			case prev == "server_templates":
				segs[i] = "srv"
			case prev == "reloads":
				segs[i] = reloadID
			case prev == "ssl_certificates":
				segs[i] = "site.pem"
			case prev == "transactions":
				segs[i] = tx.ID
			case otherSectionNames[prev] != "":
				segs[i] = otherSectionNames[prev]
			case prev == "maps", prev == "acls", prev == "entries": // maps_test.go reads them
				segs[i] = "none.map"
			default:
				t.Fatalf("%s: no value for %s", rt.path, seg)
			}
		}
		path := "/v3/" + strings.Join(segs, "/")
		for q, v := range otherSectionParents {
			if slices.Contains(rt.query, q) {
				path += "?" + q + "=" + v
			}
		}
		return path
	}
	refused := func(method, path string, body any, contentType string) {
		t.Helper()
		r := ta.doAs(testReadOnlyUser, testReadOnlyPassword, method, path, body, contentType).expect(t, 403)
		var e errorBody
		r.json(t, &e)
		if e.Code != 403 || !strings.Contains(e.Message, "read-only user "+testReadOnlyUser) {
			t.Fatalf("%s %s as the read-only user: %s", method, path, r.body)
		}
	}
	writes, reads := 0, 0
	for _, rt := range ta.agent.routes {
		path := fill(rt)
		if rt.path == rawPath { // the admin's, reads included (TestRoles)
			for _, method := range []string{"GET", "POST"} {
				r := ta.doAs(testReadOnlyUser, testReadOnlyPassword, method, path+"?version="+itoa(version), file, "text/plain").expect(t, 403)
				if !strings.Contains(string(r.body), "user ci has the read-only role; the raw configuration needs the admin role") {
					t.Fatalf("%s raw as the read-only user: %s", method, r.body)
				}
			}
			continue
		}
		if rt.method == http.MethodGet && strings.HasPrefix(rt.path, configBase+"users") { // TestUserPasswordsAreSecrets
			ta.doAs(testReadOnlyUser, testReadOnlyPassword, "GET", path, nil, "").expect(t, 403)
			continue
		}
		if rt.method == http.MethodGet && !strings.HasPrefix(rt.path, "/services/haproxy/transactions") {
			status := http.StatusOK
			if slices.ContainsFunc([]string{"quic_initial_rules/", "ssl_front_uses/", "force_be_switches/"}, func(l string) bool { return strings.Contains(path, l) }) {
				status = http.StatusNotFound // HAProxy 2.6 refuses these lines: there is none to read
			}
			if strings.Contains(path, "none.map") {
				status = http.StatusNotFound // this config has no map
			}
			ta.doAs(testReadOnlyUser, testReadOnlyPassword, "GET", path, nil, "").expect(t, status)
			if slices.Contains(rt.query, "transaction_id") {
				sep := "?"
				if strings.Contains(path, "?") {
					sep = "&"
				}
				refused("GET", path+sep+"transaction_id="+tx.ID, nil, "")
			}
			reads++
			continue
		}
		// A request an operator could make: the version and a body of
		// the route's own kind; and the same asking only to validate.
		query := "?version=" + itoa(version)
		if strings.Contains(path, "?") {
			query = "&version=" + itoa(version)
		}
		var body any
		contentType := ""
		switch rt.body.(type) {
		case nil:
		case text:
			body, contentType = file, "text/plain"
		default:
			body = rt.body
		}
		refused(rt.method, path+query, body, contentType)
		for _, validate := range []string{"dry_run", "only_validate"} {
			if slices.Contains(rt.query, validate) {
				refused(rt.method, path+query+"&"+validate+"=true", body, contentType)
			}
		}
		writes++
	}
	if writes < 40 || reads < 25 {
		t.Fatalf("only %d writes and %d reads in the route table", writes, reads)
	}
	if ta.file() != file || ta.version() != version {
		t.Fatal("a read-only user's call changed the configuration")
	}
	ta.do("GET", "/v3/services/haproxy/transactions/"+tx.ID, nil).expect(t, 200)

	// It is told of no extension it may not use, so a plan does not dry_run.
	var info dataplane.Info
	ta.doAs(testReadOnlyUser, testReadOnlyPassword, "GET", "/v3/info", nil, "").expect(t, 200).json(t, &info)
	if slices.Contains(info.API.Extensions, dataplane.ExtensionDryRun) {
		t.Fatalf("the read-only user is offered %v", info.API.Extensions)
	}
	info = dataplane.Info{}
	ta.do("GET", "/v3/info", nil).expect(t, 200).json(t, &info)
	if !slices.Contains(info.API.Extensions, dataplane.ExtensionDryRun) {
		t.Fatalf("the admin is not offered dry_run: %v", info.API.Extensions)
	}
	// Its password is checked like anyone's.
	ta.doAs(testReadOnlyUser, "wrong", "GET", "/v3/info", nil, "").expect(t, 401)
}

// TestUsersFiles: operators, read-only users and admins come from three
// htpasswd files; a name in two is refused, and so is an empty file.
func TestUsersFiles(t *testing.T) {
	dir := t.TempDir()
	write := func(name, content string) string {
		p := filepath.Join(dir, name)
		if err := os.WriteFile(p, []byte(content), 0o600); err != nil {
			t.Fatal(err)
		}
		return p
	}
	hash, _ := bcrypt.GenerateFromPassword([]byte("pw"), bcrypt.MinCost)
	line := func(name string) string { return name + ":" + string(hash) + "\n" }
	ops, ro, admins := write("users", line("ops")), write("read-only", "# CI\n"+line("ci")), write("admins", line("root"))
	u, err := LoadUsers(UserFiles{Operators: ops, ReadOnly: ro, Admins: admins})
	if err != nil {
		t.Fatal(err)
	}
	for name, want := range map[string]Role{"ops": RoleOperator, "ci": RoleReadOnly, "root": RoleAdmin, "nobody": 0} {
		if got := u.Role(name); got != want || u.Check(name, "pw") != (want != 0) {
			t.Errorf("%s: role %s, want %s", name, got, want)
		}
	}
	if u, err := LoadUsers(UserFiles{Operators: ops}); err != nil || u.Role("ops") != RoleOperator || u.Check("ci", "pw") || u.Check("root", "pw") {
		t.Fatalf("the users file alone: %v", err)
	}
	if u, err := LoadUsers(UserFiles{Admins: admins}); err != nil || u.Role("root") != RoleAdmin {
		t.Fatalf("the admin users file alone: %v", err)
	}
	if _, err := LoadUsers(UserFiles{Operators: ops, Admins: write("both", line("ops"))}); err == nil || !strings.Contains(err.Error(), "also in the operator users file") {
		t.Fatalf("a user in two files: %v", err)
	}
	if _, err := LoadUsers(UserFiles{Operators: ops, ReadOnly: write("empty", "# nobody\n")}); err == nil || !strings.Contains(err.Error(), "no users") {
		t.Fatalf("an empty read-only file: %v", err)
	}
	if _, err := LoadUsers(UserFiles{}); err == nil {
		t.Fatal("no users file at all was accepted")
	}
}

// otherSectionsForRoutes are sections of the other kinds (sections_other.go)
// with the children otherSectionNames name, so that every route reads one.
func otherSectionsForRoutes(ports []int) string {
	return fmt.Sprintf(`
peers pr
    peer p1 127.0.0.1:%d

peers pb
    bind 127.0.0.1:%d name main
    server web1
    table t1 type ip size 1k
    log 127.0.0.1:514 local0

ring r1
    server web1 127.0.0.1:%d

resolvers dns
    nameserver ns1 127.0.0.1:53

userlist ul
    group g1
    user u1 insecure-password pw

cache c1
    total-max-size 4

http-errors he
    errorfile 503 /dev/null

mailers m1
    mailer m1 127.0.0.1:25

fcgi-app php
    docroot /srv
    acl a1 path_end .php

log-forward lf
    bind 127.0.0.1:%d name main
    dgram-bind 127.0.0.1:%d name main
    log 127.0.0.1:514 local0
`, ports[0], ports[1], ports[2], ports[3], ports[4])
}

// otherSectionNames name an object of otherSectionsForRoutes after the path
// segment before it; otherSectionParents are the parents' query parameters.
var (
	otherSectionNames = map[string]string{"resolvers": "dns", "userlists": "ul", "peer_section": "pr", "peers": "pb",
		"caches": "c1", "http_errors_sections": "he", "rings": "r1", "mailers_section": "m1", "nameservers": "ns1",
		"users": "u1", "groups": "g1", "peer_entries": "p1", "mailer_entries": "m1", "tables": "t1",
		"fcgi_apps": "php", "log_forwards": "lf", "dgram_binds": "main"}
	otherSectionParents = map[string]string{"resolver": "dns", "userlist": "ul", "peer_section": "pr", "mailers_section": "m1"}
)
