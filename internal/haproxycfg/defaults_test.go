package haproxycfg

import (
	"errors"
	"strings"
	"testing"

	"github.com/tfhaproxy/terraform-provider-haproxy/internal/dataplane"
)

const defaultsConfig = `global
    log stdout format raw local0

defaults base # the shared timeouts
    mode http
    timeout client 5s
    acl is_admin path_beg /admin

defaults
    timeout connect 5s

frontend fe from base
    bind :8080
    default_backend be

listen stats
    bind :8404
    mode http
    balance roundrobin
    server s1 127.0.0.1:9000 check
`

// TestDefaultsNamedAndAnonymous: an anonymous defaults section is read and
// edited under the name the API gives it, and its header keeps no name.
func TestDefaultsNamedAndAnonymous(t *testing.T) {
	c := Parse([]byte(defaultsConfig))
	if got, want := asJSON(t, Defaults.List(c)), `[{"name":"base","metadata":{"comment":"the shared timeouts"},"mode":"http","client_timeout":5000},{"name":"unnamed_defaults_1","connect_timeout":5000}]`; got != want {
		t.Fatalf("defaults read as %s\nwant %s", got, want)
	}
	d := must[defaults](t)(Defaults.Get(c, "unnamed_defaults_1"))
	d.ConnectTimeout = ptr[int64](3000)
	d.Retries = ptr[int64](2)
	if err := Defaults.Replace(c, d); err != nil {
		t.Fatal(err)
	}
	want := strings.Replace(defaultsConfig, "defaults\n    timeout connect 5s\n", "defaults\n    timeout connect 3s\n    retries 2\n", 1)
	if got := string(c.Bytes()); got != want {
		t.Fatalf("replace wrote\n%s\nwant\n%s", got, want)
	}
	if got := c.Touched(); len(got) != 1 || got[0] != "defaults " {
		t.Errorf("touched %q, want the key Changed gives the section, %q", got, "defaults ")
	}
	if err := Defaults.Delete(c, "unnamed_defaults_1"); err != nil {
		t.Fatal(err)
	}
	if strings.Contains(string(c.Bytes()), "retries") {
		t.Errorf("delete left the anonymous section:\n%s", c.Bytes())
	}
	if _, err := Defaults.Get(c, "unnamed_defaults_1"); !errors.Is(err, ErrNotFound) {
		t.Errorf("get after delete: %v, want not found", err)
	}
}

// TestDefaultsAnonymousNameTaken: a named section that has the name an
// anonymous one would get keeps it; the anonymous one takes the next.
func TestDefaultsAnonymousNameTaken(t *testing.T) {
	c := Parse([]byte("defaults\n    mode tcp\n\ndefaults unnamed_defaults_1\n    mode http\n"))
	if got, want := asJSON(t, Defaults.List(c)), `[{"name":"unnamed_defaults_2","mode":"tcp"},{"name":"unnamed_defaults_1","mode":"http"}]`; got != want {
		t.Errorf("read as %s, want %s", got, want)
	}
	if d := must[defaults](t)(Defaults.Get(c, "unnamed_defaults_2")); d.Mode != "tcp" {
		t.Errorf("unnamed_defaults_2 is %+v", d)
	}
}

// TestDefaultsCreatePlace: a new defaults section goes before the first
// defaults section after its `from`, so that no section's defaults change.
func TestDefaultsCreatePlace(t *testing.T) {
	c := Parse([]byte(defaultsConfig))
	if err := Defaults.Create(c, defaults{Name: "more", ProxyOptions: dataplane.ProxyOptions{From: "base"},
		BackendOptions: dataplane.BackendOptions{ServerTimeout: ptr[int64](30000)}}); err != nil {
		t.Fatal(err)
	}
	want := strings.Replace(defaultsConfig, "\ndefaults\n", "\ndefaults more from base\n    timeout server 30s\n\ndefaults\n", 1)
	if got := string(c.Bytes()); got != want {
		t.Fatalf("create wrote\n%s\nwant\n%s", got, want)
	}
	if err := Defaults.Delete(c, "more"); err != nil {
		t.Fatal(err)
	}
	if got := string(c.Bytes()); got != defaultsConfig {
		t.Fatalf("delete after create left\n%s", got)
	}
	// Without defaults sections, a new one goes at the end.
	c = Parse([]byte("frontend fe\n    bind :80\n"))
	if err := Defaults.Create(c, defaults{Name: "d", Mode: "http"}); err != nil {
		t.Fatal(err)
	}
	if got, want := string(c.Bytes()), "frontend fe\n    bind :80\n\ndefaults d\n    mode http\n"; got != want {
		t.Fatalf("create wrote %q, want %q", got, want)
	}
}

// TestDefaultsRefused: what HAProxy would refuse is refused naming why.
func TestDefaultsRefused(t *testing.T) {
	c := Parse([]byte(defaultsConfig))
	for _, tc := range []struct {
		name string
		err  error
		want string
	}{
		{"delete a defaults section a from names", Defaults.Delete(c, "base"), "named by `from` in frontend fe"},
		{"stick-table", Defaults.Replace(c, defaults{Name: "base", ProxyObjects: dataplane.ProxyObjects{StickTable: &dataplane.StickTable{Type: "ip"}}}), "stick_table"},
		{"an anonymous section's name", Defaults.Create(c, defaults{Name: "unnamed_defaults_7"}), "unnamed_defaults_"},
		{"an existing name", Defaults.Create(c, defaults{Name: "unnamed_defaults_1"}), "already exists"},
	} {
		if tc.err == nil || !strings.Contains(tc.err.Error(), tc.want) {
			t.Errorf("%s: %v, want an error saying %q", tc.name, tc.err, tc.want)
		}
	}
	if got := string(c.Bytes()); got != defaultsConfig {
		t.Errorf("refused edits changed the file:\n%s", got)
	}
}

// TestListenView: a listen section reads as the union of a frontend and a
// backend, its servers and binds are its own, and edits keep it a listen
// section.
func TestListenView(t *testing.T) {
	c := Parse([]byte(defaultsConfig))
	if got, want := asJSON(t, must[listen](t)(Listens.GetFull(c, "stats"))),
		`{"name":"stats","mode":"http","balance":{"algorithm":"roundrobin"},"binds":{":8404":{"name":":8404","port":8404}},"servers":{"s1":{"name":"s1","address":"127.0.0.1","port":9000,"check":"enabled"}}}`; got != want {
		t.Fatalf("listen read as %s\nwant %s", got, want)
	}
	if err := ListenServers.Create(c, "stats", dataplane.Server{Name: "s2", Address: "127.0.0.1", Port: ptr[int64](9001)}); err != nil {
		t.Fatal(err)
	}
	l := must[listen](t)(Listens.Get(c, "stats"))
	l.Balance.Algorithm = "leastconn"
	l.MonitorURI = "/up"
	l.ServerTimeout = ptr[int64](10000)
	if err := Listens.Replace(c, l); err != nil {
		t.Fatal(err)
	}
	if err := ACLs.ReplaceAll(c, "listen", "stats", []dataplane.ACL{{ACLName: "local", Criterion: "src", Value: "127.0.0.1"}}); err != nil {
		t.Fatal(err)
	}
	want := strings.Replace(defaultsConfig, "listen stats\n    bind :8404\n    mode http\n    balance roundrobin\n    server s1 127.0.0.1:9000 check\n",
		"listen stats\n    monitor-uri /up\n    timeout server 10s\n    bind :8404\n    mode http\n    balance leastconn\n    acl local src 127.0.0.1\n    server s1 127.0.0.1:9000 check\n    server s2 127.0.0.1:9001\n", 1)
	if got := string(c.Bytes()); got != want {
		t.Fatalf("listen edits wrote\n%s\nwant\n%s", got, want)
	}
	if _, err := Servers.List(c, "stats"); !errors.Is(err, ErrMissingParent) {
		t.Errorf("a listen section's servers as a backend's: %v, want a missing parent", err)
	}
	if err := Listens.Delete(c, "stats"); err != nil {
		t.Fatal(err)
	}
	if strings.Contains(string(c.Bytes()), "listen") {
		t.Errorf("delete left\n%s", c.Bytes())
	}
}

// TestDefaultsFullSection: a named defaults section read with its lists
// (full_section) carries each of them, and written back as read changes no
// byte; a list left out of a full write is emptied.
func TestDefaultsFullSection(t *testing.T) {
	const cfg = "defaults web\n" +
		"    mode http\n" +
		"    http-request set-header X-A a\n" +
		"    http-response del-header Server\n" +
		"    http-after-response set-header X-B b\n" +
		"    http-error status 503\n" +
		"    tcp-request inspect-delay 5s\n" +
		"    tcp-response content accept\n" +
		"    http-check send meth GET uri /\n" +
		"    tcp-check connect\n" +
		"    log global\n"
	c := Parse([]byte(cfg))
	d, err := Defaults.GetFull(c, "web")
	if err != nil {
		t.Fatal(err)
	}
	lists := map[string]int{"http-request": len(d.HTTPRequestRuleList), "http-response": len(d.HTTPResponseRuleList),
		"http-after-response": len(d.HTTPAfterResponseRuleList), "http-error": len(d.HTTPErrorRuleList),
		"tcp-request": len(d.TCPRequestRuleList), "tcp-response": len(d.TCPResponseRuleList),
		"http-check": len(d.HTTPCheckList), "tcp-check": len(d.TCPCheckRuleList), "log": len(d.LogTargetList)}
	for keyword, n := range lists {
		if n != 1 {
			t.Errorf("%s: %d items in the full read, want 1", keyword, n)
		}
	}
	if err := Defaults.ReplaceFull(c, d); err != nil || string(c.Bytes()) != cfg {
		t.Fatalf("a full read written back: %v\n%s", err, c.Bytes())
	}
	d.TCPCheckRuleList = nil
	if err := Defaults.ReplaceFull(c, d); err != nil || strings.Contains(string(c.Bytes()), "tcp-check") {
		t.Fatalf("a full write without the tcp checks: %v\n%s", err, c.Bytes())
	}
}

// TestListenFullSection: a listen section read with its lists carries each
// kind a frontend or a backend has, and written back as read changes no byte.
func TestListenFullSection(t *testing.T) {
	const cfg = "listen web\n" +
		"    mode http\n" +
		"    bind :80\n" +
		"    http-request set-header X-A a\n" +
		"    http-response del-header Server\n" +
		"    http-after-response set-header X-B b\n" +
		"    http-error status 503\n" +
		"    tcp-request inspect-delay 5s\n" +
		"    tcp-response content accept\n" +
		"    http-check send meth GET uri /\n" +
		"    tcp-check connect\n" +
		"    log global\n" +
		"    declare capture request len 8\n" +
		"    filter compression\n" +
		"    stick on src\n" +
		"    use-server s1 if TRUE\n" +
		"    server s1 127.0.0.1:80\n" +
		"    server-template tpl 2 127.0.0.1:81\n"
	c := Parse([]byte(cfg))
	l, err := Listens.GetFull(c, "web")
	if err != nil {
		t.Fatal(err)
	}
	for keyword, n := range map[string]int{"http-response": len(l.HTTPResponseRuleList), "http-after-response": len(l.HTTPAfterResponseRuleList),
		"http-error": len(l.HTTPErrorRuleList), "tcp-request": len(l.TCPRequestRuleList), "tcp-response": len(l.TCPResponseRuleList),
		"http-check": len(l.HTTPCheckList), "tcp-check": len(l.TCPCheckRuleList), "log": len(l.LogTargetList),
		"declare capture": len(l.CaptureList), "filter": len(l.FilterList), "stick": len(l.StickRuleList),
		"use-server": len(l.ServerSwitchingRuleList), "server": len(l.Servers), "bind": len(l.Binds),
		"server-template": len(l.ServerTemplates)} {
		if n != 1 {
			t.Errorf("%s: %d items in the full read, want 1", keyword, n)
		}
	}
	if err := Listens.ReplaceFull(c, l); err != nil || string(c.Bytes()) != cfg {
		t.Fatalf("a full read written back: %v\n%s", err, c.Bytes())
	}
}
