package haproxycfg

import (
	"bytes"
	"errors"
	"fmt"
	"slices"
	"strings"
	"testing"

	"github.com/tfhaproxy/terraform-provider-haproxy/internal/dataplane"
)

// TestLineFiles pins the files a line names, as HAProxy 2.6 reads them (each
// case's file is one `haproxy -c` opens: checked by hand with the real haproxy
// and a file missing, which it names in its alert).
func TestLineFiles(t *testing.T) {
	cases := map[string][]string{
		"acl a src -f /m/a.lst":                                                        {"/m/a.lst"},
		"acl a src -i -f /m/a.lst -f \"/m/b c.lst\"":                                   {"/m/a.lst", "/m/b c.lst"},
		"acl a hdr(host) -M -f /m/h.map":                                               {"/m/h.map"},
		"acl a path -m beg -f /m/a.lst":                                                {"/m/a.lst"},
		"acl a path /x -f /y":                                                          nil, // after the first pattern, -f is a pattern
		"acl a path -- -f /y":                                                          nil,
		"acl a hdr(host),map_str(/m/h.map) -m found":                                   {"/m/h.map"},
		"http-request deny if { src -f /m/a.lst } || { path /x -f /y }":                {"/m/a.lst"},
		"http-request set-header X %[src,map_ip(/m/ip.map,none)]":                      {"/m/ip.map"},
		"use_backend %[req.hdr(host),lower,map_dom(/m/h.map,be)]":                      {"/m/h.map"},
		"http-request set-var(txn.x) req.hdr(host),map(/m/a.map)":                      {"/m/a.map"},
		`http-request set-header X "%[src,map_ip(\"/m/ip.map\")]"`:                     {"/m/ip.map"}, // HAProxy's argument parser unquotes it
		`http-request set-header X %[src,map_ip('/m/ip.map')]`:                         {"/m/ip.map"}, // the line's tokenizer does
		"http-request return status 200 content-type text/plain file /g/a.txt if TRUE": {"/g/a.txt"},
		"http-request return status 503 errorfile /g/503.http":                         {"/g/503.http"},
		"http-request return status 200 lf-file /g/a.txt":                              {"/g/a.txt"},
		"http-request return status 200 errorfiles site":                               nil, // an http-errors section
		"http-response return status 200 content-type text/plain file /g/a.txt":        {"/g/a.txt"},
		"acl return path file /x":                                                      nil,
		"http-request return status 200 content-type text/plain string file":           nil,
		"server s1 127.0.0.1:443 ssl crt /s/c.pem ca-file /s/ca.pem verify required":   {"/s/c.pem", "/s/ca.pem"},
		"server s1 /run/app.sock":                                                      nil, // a server only connects
		"default-server ssl ca-file /s/ca.pem":                                         {"/s/ca.pem"},
		"bind :443 ssl crt /s/ dh-params x crt-list /s/l.txt ca-file /s/ca.pem":        {"/s/", "/s/l.txt", "/s/ca.pem"},
		"bind /g/a.sock mode 600":                                                      {"/g/a.sock"},
		"bind unix@/g/a.sock":                                                          {"/g/a.sock"},
		"bind 127.0.0.1:80,/g/a.sock,unix@/g/b.sock":                                   {"/g/a.sock", "/g/b.sock"},
		"bind uxst@/g/a.sock,stream+unix@/g/b@c.sock,/g/d@e.sock":                      {"/g/a.sock", "/g/b@c.sock", "/g/d@e.sock"},
		"bind ipv4@127.0.0.1:80,fd@3,sockpair@4":                                       nil,
		"bind abns@name":                                                               nil,
		"bind :80 name crt":                                                            nil, // a name, not the keyword
		"bind :443 default-crt /s/a.pem ssl default-crt /s/b.pem":                      {"/s/a.pem", "/s/b.pem"},
		"server s1 127.0.0.1:443 set-proxy-v2-tlv-fmt(1) crt ca-file /s/ca.pem":        {"/s/ca.pem"}, // crt is the TLV's value
		"http-request set-header X-Bitmap %[str(a),bitmap(x)]":                         nil,
		"server-state-file-name /g/be.state":                                           {"/g/be.state"}, // loaded in `haproxy -c` too
		"server-state-file-name use-backend-name":                                      nil,
	}
	for line, want := range cases {
		if got := LineFiles(line); !slices.Equal(got, want) {
			t.Errorf("LineFiles(%s) = %q, want %q", line, got, want)
		}
	}
}

// TestFilesRefused: every value that names a file outside what the config
// allows is refused with ErrFile naming its field, for every view, and the file
// does not change; inside, the same writes pass.
func TestFilesRefused(t *testing.T) {
	c, before := loadConfig(t, "web-handwritten.cfg")
	c.AllowFiles(func(path string) error {
		if strings.HasPrefix(path, "/allowed/") {
			return nil
		}
		return fmt.Errorf("%q is not allowed", path)
	})
	type write func(file string) error
	rule := func(r func(f string) httpRule) write {
		return func(f string) error { return HTTPRequestRules.Insert(c, "frontend", "fe_http", 1, r(f)) }
	}
	cases := []struct {
		name, field string
		write       write
	}{
		{"acl -f", "acl[0].value", func(f string) error {
			return ACLs.Insert(c, "frontend", "fe_http", 0, dataplane.ACL{ACLName: "a", Criterion: "src", Value: "-f " + f})
		}},
		{"acl map converter", "acl[0].criterion", func(f string) error {
			return ACLs.Insert(c, "frontend", "fe_http", 0, dataplane.ACL{ACLName: "a", Criterion: "hdr(host),map_str(" + f + ")", Value: "-m found"})
		}},
		{"condition", "http-request[1].cond_test", rule(func(f string) httpRule {
			return httpRule{Type: "deny", Cond: "if", CondTest: "{ src -f " + f + " }"}
		})},
		{"header format", "http-request[1].hdr_format", rule(func(f string) httpRule {
			return httpRule{Type: "set-header", HdrName: "X", HdrFormat: "%[src,map_ip(" + f + ")]"}
		})},
		{"return file", "http-request[1].return_content", rule(func(f string) httpRule {
			return httpRule{Type: "return", ReturnStatusCode: ptr[int64](200), ReturnContentType: "text/plain", ReturnContentFormat: "file", ReturnContent: f}
		})},
		{"return errorfile", "http-request[1].return_content", rule(func(f string) httpRule {
			return httpRule{Type: "return", ReturnStatusCode: ptr[int64](503), ReturnContentFormat: "errorfile", ReturnContent: f}
		})},
		{"deny file", "http-request[1].return_content", rule(func(f string) httpRule {
			return httpRule{Type: "deny", DenyStatus: ptr[int64](403), ReturnContentType: "text/plain", ReturnContentFormat: "lf-file", ReturnContent: f}
		})},
		{"add-acl file", "http-request[1].acl_file", rule(func(f string) httpRule {
			return httpRule{Type: "add-acl", ACLFile: f, ACLKeyfmt: "%[src]"}
		})},
		{"set-map file", "http-request[1].map_file", rule(func(f string) httpRule {
			return httpRule{Type: "set-map", MapFile: f, MapKeyfmt: "%[src]", MapValuefmt: "x"}
		})},
		{"use_backend", "use_backend[0].name", func(f string) error {
			return BackendSwitchingRules.Insert(c, "frontend", "fe_http", 0, dataplane.BackendSwitchingRule{Name: "%[req.hdr(host),map_dom(" + f + ",be_www)]"})
		}},
		{"server crt", "ssl_certificate", func(f string) error {
			return Servers.Create(c, "be_www", dataplane.Server{Name: "x", Address: "127.0.0.1", ServerParams: dataplane.ServerParams{SSL: "enabled", SSLCertificate: f}})
		}},
		{"server ca-file", "ssl_cafile", func(f string) error {
			return Servers.Create(c, "be_www", dataplane.Server{Name: "x", Address: "127.0.0.1", ServerParams: dataplane.ServerParams{SSL: "enabled", SSLCafile: f}})
		}},
		{"default-server ca-file", "default_server.ssl_cafile", func(f string) error {
			return Backends.Replace(c, dataplane.Backend{Name: "be_www", BackendObjects: dataplane.BackendObjects{DefaultServer: &dataplane.ServerParams{SSLCafile: f}}})
		}},
		{"bind crt", "ssl_certificate", func(f string) error {
			return Binds.Create(c, "fe_http", dataplane.Bind{Name: "x", Port: ptr[int64](1), SSL: true, SSLCertificate: f})
		}},
		{"bind crt-list", "crt_list", func(f string) error {
			return Binds.Create(c, "fe_http", dataplane.Bind{Name: "x", Port: ptr[int64](1), SSL: true, CrtList: f})
		}},
		{"bind ca-file", "ssl_cafile", func(f string) error {
			return Binds.Create(c, "fe_http", dataplane.Bind{Name: "x", Port: ptr[int64](1), SSL: true, SSLCafile: f})
		}},
		{"bind default-crt", "default_crt_list[1]", func(f string) error {
			return Binds.Create(c, "fe_http", dataplane.Bind{Name: "x", Port: ptr[int64](1), SSL: true, DefaultCrtList: []string{"/allowed/a.pem", f}})
		}},
		{"bind socket", "address", func(f string) error {
			return Binds.Create(c, "fe_http", dataplane.Bind{Name: "x", Address: "unix@" + f})
		}},
		{"server words", "ssl_cafile", func(f string) error {
			_, err := ServerWords(dataplane.Server{Name: "x", Address: "127.0.0.1", ServerParams: dataplane.ServerParams{SSLCafile: f}}, c.allowFile)
			return err
		}},
	}
	for _, tc := range cases {
		for _, f := range []string{"/etc/shadow", "relative.lst", "/etc/allowed/x"} {
			err := tc.write(f)
			var fe *FieldError
			switch {
			case !errors.Is(err, ErrFile) || !errors.Is(err, ErrInvalid):
				t.Errorf("%s %s: error %v, want %v", tc.name, f, err, ErrFile)
			case !errors.As(err, &fe) || !strings.HasSuffix(fe.Field, tc.field):
				t.Errorf("%s %s: error %v does not name %s", tc.name, f, err, tc.field)
			case !strings.Contains(err.Error(), f):
				t.Errorf("%s %s: message %q does not name the file", tc.name, f, err)
			}
		}
	}
	if got := c.Bytes(); !bytes.Equal(got, before) {
		t.Fatalf("refused writes changed the config:\n%s", strings.Join(lineDiff(before, got), ""))
	}
	for _, tc := range cases {
		if err := tc.write("/allowed/file"); err != nil {
			t.Errorf("%s in an allowed directory: %v", tc.name, err)
		}
		c, _ = loadConfig(t, "web-handwritten.cfg")
		c.AllowFiles(func(path string) error {
			if strings.HasPrefix(path, "/allowed/") {
				return nil
			}
			return fmt.Errorf("%q is not allowed", path)
		})
	}
}

// TestFilesKept: handwritten lines naming files anywhere keep working, and a
// write that leaves such a value as it is passes; a changed line does not.
func TestFilesKept(t *testing.T) {
	c := Parse([]byte("frontend fe\n    bind :443 ssl crt /etc/ssl/site.pem name main\n" +
		"    acl blocked src -f /etc/blocked.lst\n    http-request deny if blocked\n    default_backend be\n\n" +
		"backend be\n    default-server ca-file /etc/ssl/ca.pem\n    server s1 127.0.0.1:443 ssl crt /etc/ssl/client.pem\n"))
	c.AllowFiles(func(path string) error { return fmt.Errorf("%q is not allowed", path) })
	bind := must[dataplane.Bind](t)(Binds.Get(c, "fe", "main"))
	bind.AcceptProxy = true
	if err := Binds.Replace(c, "fe", bind); err != nil {
		t.Fatalf("bind: %v", err)
	}
	s1 := must[dataplane.Server](t)(Servers.Get(c, "be", "s1"))
	s1.Weight = ptr[int64](5)
	if err := Servers.Replace(c, "be", s1); err != nil {
		t.Fatalf("server: %v", err)
	}
	be := must[backend](t)(Backends.Get(c, "be"))
	be.Mode = "http"
	if err := Backends.Replace(c, be); err != nil {
		t.Fatalf("backend: %v", err)
	}
	acls := must[[]dataplane.ACL](t)(ACLs.List(c, "frontend", "fe"))
	if err := ACLs.ReplaceAll(c, "frontend", "fe", append(acls, dataplane.ACL{ACLName: "b", Criterion: "path", Value: "/x"})); err != nil {
		t.Fatalf("acls: %v", err)
	}
	for _, line := range []string{"crt /etc/ssl/site.pem name main accept-proxy\n", "acl blocked src -f /etc/blocked.lst\n",
		"default-server ca-file /etc/ssl/ca.pem\n", "server s1 127.0.0.1:443 ssl crt /etc/ssl/client.pem weight 5\n", "mode http\n"} {
		if !strings.Contains(string(c.Bytes()), line) {
			t.Errorf("the config lacks %q:\n%s", line, c.Bytes())
		}
	}
	// The kept file is not a licence for another one, nor for another line.
	s1.SSLCertificate = "/etc/ssl/other.pem"
	if err := Servers.Replace(c, "be", s1); !errors.Is(err, ErrFile) {
		t.Errorf("a changed certificate: %v, want %v", err, ErrFile)
	}
	acls[0].Value = "-i -f /etc/blocked.lst"
	if err := ACLs.ReplaceAll(c, "frontend", "fe", acls); !errors.Is(err, ErrFile) {
		t.Errorf("a changed acl line: %v, want %v", err, ErrFile)
	}
}
