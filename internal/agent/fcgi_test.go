package agent

import (
	"fmt"
	"strings"
	"testing"
)

// fcgiBackend is a backend that uses a fcgi-app, so that HAProxy reads the
// application as it serves it, not only as a section.
func fcgiBackend(app string, port int) string {
	return fmt.Sprintf("\nbackend be_php\n    use-fcgi-app %s\n    server php1 127.0.0.1:%d proto fcgi\n", app, port)
}

// fcgiHandwritten is a fcgi-app section as people write it: comments, odd
// spacing, quotes, every keyword of HAProxy 2.6.
const fcgiHandwritten = `
fcgi-app   legacy   # the old pool
    # where the scripts are
    docroot    /var/www/html   # root
    index  index.php
    path-info ^(/.+\.php)(/.*)?$
    no option keep-conn
    option    mpxs-conns
    option max-reqs   10
    log-stderr global
    log-stderr  127.0.0.1:514 len 1024 format rfc5424  local0 info   # errors
    acl is_local   src 127.0.0.1
    pass-header Authorization   if is_local
    set-param  PHP_AUTH "%[req.hdr(Authorization)] x"   unless is_local   # quoted
`

// TestFCGIAppsAgainstHAProxy: a fcgi-app with every member set is created
// with its ACLs, read back equal, written as HAProxy reads it (it reloads),
// replaced, its ACLs edited as a list, deleted, over the official v3 paths;
// bad values are refused naming the member, and nothing is written.
func TestFCGIAppsAgainstHAProxy(t *testing.T) {
	ports := freePorts(t, 2)
	ta := startAgent(t, baseConfig(ports[0])+fcgiHandwritten+fcgiBackend("legacy", ports[1]))
	base := cfgPath + "/fcgi_apps"

	app := map[string]any{"name": "php", "metadata": map[string]any{"team": "web"},
		"docroot": "/srv/www", "index": "index.php", "path_info": `^(/.+\.php)(/.*)?$`,
		"get_values": "enabled", "keep_conn": "disabled", "mpxs_conns": "enabled", "max_reqs": 50,
		"log_stderrs": []any{
			map[string]any{"global": true},
			map[string]any{"address": "127.0.0.1:514", "len": 2048, "format": "rfc5424", "sample": map[string]any{"ranges": "1-2", "size": 4},
				"facility": "local1", "level": "warning", "minlevel": "err"},
		},
		"pass_headers": []any{map[string]any{"name": "Authorization", "cond": "if", "cond_test": "from_lan"}, map[string]any{"name": "X-Trace"}},
		"set_params": []any{map[string]any{"name": "REDIRECT_STATUS", "format": "200"},
			map[string]any{"name": "SCRIPT_NAME", "format": "%[path]", "cond": "unless", "cond_test": "from_lan"}},
		"acl_list": []any{map[string]any{"acl_name": "from_lan", "criterion": "src", "value": "10.0.0.0/8"}},
	}
	ta.send(t, "POST", base+"?full_section=true", app)
	assertSame(t, ta.do("GET", base+"/php?full_section=true", nil).expect(t, 200).body, app)
	lines := "fcgi-app php # {\"team\":\"web\"}\n    docroot /srv/www\n    index index.php\n    path-info ^(/.+\\.php)(/.*)?$\n" +
		"    option get-values\n    option mpxs-conns\n    option max-reqs 50\n    no option keep-conn\n" +
		"    log-stderr global\n    log-stderr 127.0.0.1:514 len 2048 format rfc5424 sample 1-2:4 local1 warning err\n" +
		"    acl from_lan src 10.0.0.0/8\n" +
		"    pass-header Authorization if from_lan\n    pass-header X-Trace\n" +
		"    set-param REDIRECT_STATUS 200\n    set-param SCRIPT_NAME %[path] unless from_lan\n"
	if !strings.Contains(ta.file(), lines) {
		t.Errorf("the file has no lines\n%s\nit is:\n%s", lines, ta.file())
	}
	// Without full_section, the section answers no ACLs; the list has both apps.
	var one map[string]any
	ta.do("GET", base+"/php", nil).expect(t, 200).json(t, &one)
	if one["acl_list"] != nil || one["docroot"] != "/srv/www" {
		t.Errorf("GET without full_section: %v", one)
	}
	var list []map[string]any
	ta.do("GET", base, nil).expect(t, 200).json(t, &list)
	if len(list) != 2 || list[0]["name"] != "legacy" || list[1]["name"] != "php" || list[1]["acl_list"] != nil {
		t.Errorf("list: %v", list)
	}
	ta.do("GET", base+"?full_section=true", nil).expect(t, 200).json(t, &list)
	if len(list) != 2 || list[1]["acl_list"] == nil {
		t.Errorf("list with full_section: %v", list)
	}

	// The ACLs are a list of their own, at /fcgi_apps/{name}/acls.
	acls := base + "/php/acls"
	ta.send(t, "POST", acls+"/1", map[string]any{"acl_name": "is_get", "criterion": "method", "value": "GET"})
	ta.send(t, "PUT", acls+"/0", map[string]any{"acl_name": "from_lan", "criterion": "src", "value": "192.168.0.0/16"})
	var got []map[string]any
	ta.do("GET", acls, nil).expect(t, 200).json(t, &got)
	sameJSON(t, "acls", got, []any{map[string]any{"acl_name": "from_lan", "criterion": "src", "value": "192.168.0.0/16"},
		map[string]any{"acl_name": "is_get", "criterion": "method", "value": "GET"}})
	if !strings.Contains(ta.file(), "    acl from_lan src 192.168.0.0/16\n    acl is_get method GET\n    pass-header Authorization if from_lan\n") {
		t.Errorf("ACL lines:\n%s", ta.file())
	}
	ta.send(t, "DELETE", acls+"/1", nil)
	ta.do("GET", acls+"/1", nil).expect(t, 404)
	// An ACL a line uses is not deleted: HAProxy refuses the config, nothing is written.
	before := ta.file()
	r := ta.do("DELETE", fmt.Sprintf("%s/0?version=%d", acls, ta.version()), nil)
	if r.status != 400 || !strings.Contains(string(r.body), "from_lan") {
		t.Errorf("deleting a used ACL: %d %s", r.status, r.body)
	}
	if ta.file() != before {
		t.Errorf("a refused write changed the file")
	}

	// A replace without full_section keeps the ACLs and the header's comment.
	replaced := map[string]any{"name": "php", "docroot": "/srv/www2", "mpxs_conns": "enabled", "max_reqs": 5,
		"set_params": []any{map[string]any{"name": "SCRIPT_NAME", "format": "%[path]", "cond": "if", "cond_test": "from_lan"}}}
	ta.send(t, "PUT", base+"/php", replaced)
	replaced["metadata"] = map[string]any{"team": "web"}
	assertSame(t, ta.do("GET", base+"/php", nil).expect(t, 200).body, replaced)
	if want := "fcgi-app php # {\"team\":\"web\"}\n    docroot /srv/www2\n    option mpxs-conns\n    option max-reqs 5\n    acl from_lan src 192.168.0.0/16\n" +
		"    set-param SCRIPT_NAME %[path] if from_lan\n"; !strings.Contains(ta.file(), want) {
		t.Errorf("replaced: want\n%s\nin\n%s", want, ta.file())
	}

	// null is unset; members the official model does not have are ignored.
	ta.send(t, "PUT", base+"/php", map[string]any{"name": "php", "docroot": "/srv/www2", "index": nil, "max_reqs": nil,
		"pass_headers": nil, "set_params": nil, "acl_list": nil, "v2_leftover": 1})
	if strings.Contains(ta.file(), "max-reqs 5") || strings.Contains(ta.file(), "set-param SCRIPT_NAME") || !strings.Contains(ta.file(), "    acl from_lan") {
		t.Errorf("null members:\n%s", ta.file())
	}

	// Bad values: refused naming the member, nothing written.
	before = ta.file()
	for _, bad := range []struct {
		body   map[string]any
		member string
	}{
		{map[string]any{"name": "x"}, "docroot"},
		{map[string]any{"name": "x y", "docroot": "/a"}, "name"},
		{map[string]any{"name": "x", "docroot": "/a\nglobal"}, "docroot"},
		{map[string]any{"name": "x", "docroot": "/a", "max_reqs": 0}, "max_reqs"},
		{map[string]any{"name": "x", "docroot": "/a", "keep_conn": "yes"}, "keep_conn"},
		{map[string]any{"name": "x", "docroot": "/a", "log_stderrs": []any{map[string]any{"address": "127.0.0.1:514", "facility": "local9"}}}, "log_stderrs[0].facility"},
		{map[string]any{"name": "x", "docroot": "/a", "log_stderrs": []any{map[string]any{"global": true, "level": "info"}}}, "log_stderrs[0].global"},
		{map[string]any{"name": "x", "docroot": "/a", "set_params": []any{map[string]any{"name": "A", "format": "a b"}}}, "set_params[0].format"},
		{map[string]any{"name": "x", "docroot": "/a", "pass_headers": []any{map[string]any{"name": "A", "cond": "if"}}}, "cond_test"},
		{map[string]any{"name": "x", "docroot": "/a", "acl_list": []any{map[string]any{"acl_name": "a", "criterion": "src", "value": "1.1.1.1"}}}, "acl_list"},
		{map[string]any{"name": "x", "docroot": "/a", "max_reqs": "many"}, "max_reqs"},
	} {
		r := ta.do("POST", fmt.Sprintf("%s?version=%d", base, ta.version()), bad.body)
		if r.status != 400 && r.status != 422 || !strings.Contains(string(r.body), bad.member) {
			t.Errorf("bad %v: %d %s, want 400 or 422 naming %s", bad.body, r.status, r.body, bad.member)
		}
	}
	// HAProxy's own refusals, with its reasons: a condition naming no ACL of
	// the section; max-reqs without multiplexing (a warning HAProxy 2.6 fails).
	for reason, body := range map[string]map[string]any{
		"no such ACL":                {"name": "x", "docroot": "/a", "pass_headers": []any{map[string]any{"name": "A", "cond": "if", "cond_test": "nope"}}},
		"multiplexing not supported": {"name": "x", "docroot": "/a", "max_reqs": 2},
	} {
		r := ta.do("POST", fmt.Sprintf("%s?version=%d", base, ta.version()), body)
		if r.status != 400 || !strings.Contains(string(r.body), reason) {
			t.Errorf("%v: %d %s, want HAProxy's refusal: %s", body, r.status, r.body, reason)
		}
	}
	if ta.file() != before {
		t.Errorf("a refused write changed the file:\n%s", ta.file())
	}

	// A fcgi-app a backend uses is not deleted (HAProxy refuses); another is.
	r = ta.do("DELETE", fmt.Sprintf("%s/legacy?version=%d", base, ta.version()), nil)
	if r.status != 400 || !strings.Contains(string(r.body), "legacy") {
		t.Errorf("deleting a used fcgi-app: %d %s", r.status, r.body)
	}
	ta.send(t, "DELETE", base+"/php", nil)
	ta.do("GET", base+"/php", nil).expect(t, 404)
	if r := ta.do("GET", acls, nil).expect(t, 200); strings.TrimSpace(string(r.body)) != "[]" { // as for any list of a missing parent
		t.Errorf("the deleted section's ACLs: %s", r.body)
	}
	if strings.Contains(ta.file(), "php #") || strings.Contains(ta.file(), "from_lan") {
		t.Errorf("the deleted section stays:\n%s", ta.file())
	}
	ta.haproxyCheck(t)
}

// TestFCGIAppHandwritten: a handwritten fcgi-app reads as its model; written
// back as read, with its ACLs, it leaves the file byte for byte; an edit
// changes only the words it is about.
func TestFCGIAppHandwritten(t *testing.T) {
	ports := freePorts(t, 2)
	ta := startAgent(t, baseConfig(ports[0])+fcgiHandwritten+fcgiBackend("legacy", ports[1]))
	path := cfgPath + "/fcgi_apps/legacy"
	want := map[string]any{"name": "legacy", "metadata": map[string]any{"comment": "the old pool"},
		"docroot": "/var/www/html", "index": "index.php", "path_info": `^(/.+\.php)(/.*)?$`, "keep_conn": "disabled", "mpxs_conns": "enabled", "max_reqs": 10,
		"log_stderrs": []any{map[string]any{"global": true},
			map[string]any{"address": "127.0.0.1:514", "len": 1024, "format": "rfc5424", "facility": "local0", "level": "info"}},
		"pass_headers": []any{map[string]any{"name": "Authorization", "cond": "if", "cond_test": "is_local"}},
		"set_params":   []any{map[string]any{"name": "PHP_AUTH", "format": `"%[req.hdr(Authorization)] x"`, "cond": "unless", "cond_test": "is_local"}},
		"acl_list":     []any{map[string]any{"acl_name": "is_local", "criterion": "src", "value": "127.0.0.1"}},
	}
	r := ta.do("GET", path+"?full_section=true", nil).expect(t, 200)
	assertSame(t, r.body, want)

	before := ta.file()
	ta.send(t, "PUT", path+"?full_section=true", string(r.body))
	ta.send(t, "PUT", path, want)
	if ta.file() != before {
		t.Errorf("writing back what was read changed the file:\n%s", ta.file())
	}

	want["max_reqs"] = 20
	want["log_stderrs"].([]any)[1].(map[string]any)["level"] = "err"
	want["pass_headers"] = append(want["pass_headers"].([]any), map[string]any{"name": "X-Real-IP"})
	ta.send(t, "PUT", path+"?full_section=true", want)
	wantFile := strings.NewReplacer(
		"    option max-reqs   10\n", "    option max-reqs   20\n",
		"format rfc5424  local0 info   # errors", "format rfc5424  local0 err   # errors",
		"    pass-header Authorization   if is_local\n", "    pass-header Authorization   if is_local\n    pass-header X-Real-IP\n",
	).Replace(before)
	if got := ta.file(); got != wantFile {
		t.Errorf("the edit changed more than its words:\n got %s\nwant %s", got, wantFile)
	}
	ta.haproxyCheck(t)
}
