package haproxycfg

import (
	"strings"
	"testing"

	"github.com/tfhaproxy/terraform-provider-haproxy/internal/dataplane"
)

// fcgiCfg has fcgi-app sections as people write them: comments, odd spacing,
// quotes, every keyword of HAProxy 2.6's section 10.1.1.
const fcgiCfg = `global
    user haproxy

fcgi-app   php   # the PHP pool
    # where the scripts are
    docroot    /var/www/html   # root
    index  index.php
    path-info ^(/.+\.php)(/.*)?$
    option get-values
    no option keep-conn
    option    mpxs-conns
    option max-reqs   10
    log-stderr global
    log-stderr  127.0.0.1:514 len 1024 format rfc5424 sample 1-3,5:10  local0 info debug   # errors
    acl is_local   src 127.0.0.1
    pass-header Authorization   if is_local
    pass-header X-Foo
    set-param REDIRECT_STATUS 200
    set-param  PHP_AUTH "%[req.hdr(Authorization)] x"   unless is_local   # quoted

fcgi-app bare
    docroot /srv
`

func TestReadFCGIApp(t *testing.T) {
	c := Parse([]byte(fcgiCfg))
	if string(c.Bytes()) != fcgiCfg {
		t.Fatal("not byte for byte")
	}
	got := asJSON(t, must[dataplane.FCGIApp](t)(FCGIApps.GetFull(c, "php")))
	want := `{"name":"php","metadata":{"comment":"the PHP pool"},"docroot":"/var/www/html","index":"index.php","path_info":"^(/.+\\.php)(/.*)?$",` +
		`"get_values":"enabled","keep_conn":"disabled","mpxs_conns":"enabled","max_reqs":10,` +
		`"log_stderrs":[{"global":true},{"address":"127.0.0.1:514","len":1024,"format":"rfc5424","sample":{"ranges":"1-3,5","size":10},"facility":"local0","level":"info","minlevel":"debug"}],` +
		`"pass_headers":[{"name":"Authorization","cond":"if","cond_test":"is_local"},{"name":"X-Foo"}],` +
		`"set_params":[{"name":"REDIRECT_STATUS","format":"200"},{"name":"PHP_AUTH","format":"\"%[req.hdr(Authorization)] x\"","cond":"unless","cond_test":"is_local"}],` +
		`"acl_list":[{"acl_name":"is_local","criterion":"src","value":"127.0.0.1"}]}`
	if got != want {
		t.Errorf("php:\n got %s\nwant %s", got, want)
	}
	if got, want := asJSON(t, FCGIApps.List(c)[1]), `{"name":"bare","docroot":"/srv"}`; got != want {
		t.Errorf("bare: got %s, want %s", got, want)
	}
	// without full_section, no ACLs
	if a := must[dataplane.FCGIApp](t)(FCGIApps.Get(c, "php")); a.ACLList != nil {
		t.Errorf("Get answers the ACLs: %v", a.ACLList)
	}
	if u := Unowned(c); len(u) != 0 {
		t.Errorf("unowned lines: %v", u)
	}
}

// TestFCGIAppWriteBackIsNoChange: the section read and written back, with and
// without its ACLs, leaves every byte as it was.
func TestFCGIAppWriteBackIsNoChange(t *testing.T) {
	c := Parse([]byte(fcgiCfg))
	e := c.Clone()
	for _, name := range []string{"php", "bare"} {
		if err := FCGIApps.ReplaceFull(e, must[dataplane.FCGIApp](t)(FCGIApps.GetFull(c, name))); err != nil {
			t.Fatal(err)
		}
		if err := FCGIApps.Replace(e, must[dataplane.FCGIApp](t)(FCGIApps.Get(c, name))); err != nil {
			t.Fatal(err)
		}
	}
	if got := string(e.Bytes()); got != fcgiCfg {
		t.Errorf("write-back changed the file:\n%s", got)
	}
	if changed := Changed(c, e); len(changed) != 0 {
		t.Errorf("Changed = %v", changed)
	}
}

// TestFCGIAppEdits: an edit changes its own words and keeps the others'
// bytes; a new ACL goes before the lines that may name it.
func TestFCGIAppEdits(t *testing.T) {
	c := Parse([]byte(fcgiCfg))
	e := c.Clone()
	php := must[dataplane.FCGIApp](t)(FCGIApps.Get(c, "php"))
	php.MaxReqs = new(int64(20))
	php.KeepConn = "enabled"
	php.PassHeaders = php.PassHeaders[:1] // X-Foo goes
	php.SetParams[0].Format = "302"
	php.LogStderrs[1].Level = "err"
	if err := FCGIApps.Replace(e, php); err != nil {
		t.Fatal(err)
	}
	bare := must[dataplane.FCGIApp](t)(FCGIApps.GetFull(c, "bare"))
	bare.SetParams = []dataplane.FCGISetParam{{Name: "SCRIPT_NAME", Format: "%[path]", Cond: "if", CondTest: "php"}}
	bare.ACLList = []dataplane.ACL{{ACLName: "php", Criterion: "path_end", Value: ".php"}}
	bare.Index = "index.php"
	if err := FCGIApps.ReplaceFull(e, bare); err != nil {
		t.Fatal(err)
	}
	want := strings.NewReplacer(
		"    no option keep-conn\n", "    option keep-conn\n",
		"    option max-reqs   10\n", "    option max-reqs   20\n",
		"sample 1-3,5:10  local0 info debug   # errors", "sample 1-3,5:10  local0 err debug   # errors",
		"    pass-header X-Foo\n", "",
		"    set-param REDIRECT_STATUS 200\n", "    set-param REDIRECT_STATUS 302\n",
		"fcgi-app bare\n    docroot /srv\n", "fcgi-app bare\n    docroot /srv\n    index index.php\n    acl php path_end .php\n    set-param SCRIPT_NAME %[path] if php\n",
	).Replace(fcgiCfg)
	if got := string(e.Bytes()); got != want {
		t.Errorf("edited:\n%s\nwant:\n%s", got, want)
	}
	if got, want := strings.Join(Changed(c, e), ","), "fcgi-app bare,fcgi-app bare/acls,fcgi-app php"; got != want {
		t.Errorf("Changed = %s, want %s", got, want)
	}
	// the section's ACLs are a list of their own, as a frontend's
	if err := ACLs.Insert(e, "fcgi-app", "php", 0, dataplane.ACL{ACLName: "is_get", Criterion: "method", Value: "GET"}); err != nil {
		t.Fatal(err)
	}
	if !strings.Contains(string(e.Bytes()), "    acl is_get method GET\n    acl is_local   src 127.0.0.1\n") {
		t.Errorf("inserted ACL:\n%s", e.Bytes())
	}
	if err := FCGIApps.Delete(e, "bare"); err != nil {
		t.Fatal(err)
	}
	if strings.Contains(string(e.Bytes()), "bare") {
		t.Errorf("deleted section stays:\n%s", e.Bytes())
	}
}

// TestFCGIAppBadValues: each bad value is refused naming its member, and
// changes nothing.
func TestFCGIAppBadValues(t *testing.T) {
	app := func(change func(a *dataplane.FCGIApp)) func(e *Config) error {
		a := dataplane.FCGIApp{Name: "new", Docroot: "/srv"}
		change(&a)
		return func(e *Config) error { return FCGIApps.Create(e, a) }
	}
	expectRefusals(t, fcgiCfg, []refusal{
		{"docroot", app(func(a *dataplane.FCGIApp) { a.Docroot = "" })},
		{"docroot", app(func(a *dataplane.FCGIApp) { a.Docroot = "/a b" })}, // two words
		{"name", app(func(a *dataplane.FCGIApp) { a.Name = "a b" })},
		{"index", app(func(a *dataplane.FCGIApp) { a.Index = "x\ny" })},
		{"max_reqs", app(func(a *dataplane.FCGIApp) { a.MaxReqs = new(int64(0)) })},
		{"keep_conn", app(func(a *dataplane.FCGIApp) { a.KeepConn = "on" })},
		{"log_stderrs[0].global", app(func(a *dataplane.FCGIApp) {
			a.LogStderrs = []dataplane.FCGILogStderr{{Global: true, Facility: "local0"}}
		})},
		{"log_stderrs[0].facility", app(func(a *dataplane.FCGIApp) {
			a.LogStderrs = []dataplane.FCGILogStderr{{Address: "127.0.0.1:514"}}
		})},
		{"log_stderrs[0].facility", app(func(a *dataplane.FCGIApp) {
			a.LogStderrs = []dataplane.FCGILogStderr{{Address: "127.0.0.1:514", Facility: "local9"}}
		})},
		{"log_stderrs[1].sample.size", app(func(a *dataplane.FCGIApp) {
			a.LogStderrs = []dataplane.FCGILogStderr{{Global: true},
				{Address: "127.0.0.1:514", Facility: "local0", Sample: &dataplane.FCGILogSampling{Ranges: "1"}}}
		})},
		{"log_stderrs[0].sample.ranges", app(func(a *dataplane.FCGIApp) {
			a.LogStderrs = []dataplane.FCGILogStderr{{Address: "127.0.0.1:514", Facility: "local0", Sample: &dataplane.FCGILogSampling{Size: 2}}}
		})},
		{"log_stderrs[0].minlevel", app(func(a *dataplane.FCGIApp) {
			a.LogStderrs = []dataplane.FCGILogStderr{{Address: "127.0.0.1:514", Facility: "local0", Minlevel: "info"}}
		})},
		{"log_stderrs[0].len", app(func(a *dataplane.FCGIApp) {
			a.LogStderrs = []dataplane.FCGILogStderr{{Address: "127.0.0.1:514", Facility: "local0", Len: -1}}
		})},
		{"pass_headers[0].name", app(func(a *dataplane.FCGIApp) { a.PassHeaders = []dataplane.FCGIPassHeader{{}} })},
		{"pass_headers[0].cond", app(func(a *dataplane.FCGIApp) {
			a.PassHeaders = []dataplane.FCGIPassHeader{{Name: "X", Cond: "when", CondTest: "a"}}
		})},
		{"pass_headers[0].cond_test", app(func(a *dataplane.FCGIApp) {
			a.PassHeaders = []dataplane.FCGIPassHeader{{Name: "X", Cond: "if"}}
		})},
		{"set_params[0].format", app(func(a *dataplane.FCGIApp) { a.SetParams = []dataplane.FCGISetParam{{Name: "X"}} })},
		{"set_params[0].format", app(func(a *dataplane.FCGIApp) { // a blank would split it
			a.SetParams = []dataplane.FCGISetParam{{Name: "X", Format: "a b"}}
		})},
		{"set_params[1].name", app(func(a *dataplane.FCGIApp) {
			a.SetParams = []dataplane.FCGISetParam{{Name: "A", Format: "1"}, {Name: "B # c", Format: "1"}}
		})},
		{"acl_list", app(func(a *dataplane.FCGIApp) { // children need full_section
			a.ACLList = []dataplane.ACL{{ACLName: "a", Criterion: "src", Value: "127.0.0.1"}}
		})},
	})
}
