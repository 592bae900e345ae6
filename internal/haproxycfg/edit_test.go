package haproxycfg

import (
	"errors"
	"strings"
	"testing"

	"github.com/tfhaproxy/terraform-provider-haproxy/internal/dataplane"
)

// lineDiff lists the lines removed ("-") and added ("+") from before to after.
func lineDiff(before, after []byte) []string {
	a := strings.SplitAfter(string(before), "\n")
	b := strings.SplitAfter(string(after), "\n")
	var out []string
	for _, op := range diff(a, b) {
		switch {
		case op.new < 0:
			out = append(out, "-"+a[op.old])
		case op.old < 0:
			out = append(out, "+"+b[op.new])
		}
	}
	return out
}

func ptr[T any](v T) *T { return &v }

func TestEditsTouchOnlyTheirLines(t *testing.T) {
	cases := []struct {
		name string
		edit func(c *Config) error
		want []string
	}{
		{"server weight", func(c *Config) error {
			s := must[dataplane.Server](t)(Servers.Get(c, "be_www", "www2"))
			s.Weight = ptr[int64](80)
			return Servers.Replace(c, "be_www", s)
		}, []string{"-\tserver www2 127.0.0.1:19002 check cookie www2 weight 100\n", "+\tserver www2 127.0.0.1:19002 check cookie www2 weight 80\n"}},
		{"server keeps its comment", func(c *Config) error {
			s := must[dataplane.Server](t)(Servers.Get(c, "be_api", "api2"))
			s.Maxconn, s.Check, s.Inter = ptr[int64](300), "", ptr[int64](2000)
			return Servers.Replace(c, "be_api", s)
		}, []string{"-\tserver api2 127.0.0.1:19102 check maxconn 200 # added for the sale\n", "+\tserver api2 127.0.0.1:19102 maxconn 300 inter 2s # added for the sale\n"}},
		{"server address", func(c *Config) error {
			s := must[dataplane.Server](t)(Servers.Get(c, "be_api", "api1"))
			s.Address, s.Port = "10.0.0.1", ptr[int64](8080)
			return Servers.Replace(c, "be_api", s)
		}, []string{"-\tserver api1 127.0.0.1:19101 check maxconn 200\n", "+\tserver api1 10.0.0.1:8080 check maxconn 200\n"}},
		{"unchanged server", func(c *Config) error {
			return Servers.Replace(c, "be_www", must[dataplane.Server](t)(Servers.Get(c, "be_www", "www1")))
		}, nil},
		{"new server after its siblings", func(c *Config) error {
			return Servers.Create(c, "be_www", dataplane.Server{Name: "www4", Address: "127.0.0.1", Port: ptr[int64](19004),
				ServerParams: dataplane.ServerParams{Check: "enabled", Weight: ptr[int64](10)}})
		}, []string{"+\tserver www4 127.0.0.1:19004 check weight 10\n"}},
		{"delete server", func(c *Config) error { return Servers.Delete(c, "be_api", "api1") },
			[]string{"-\tserver api1 127.0.0.1:19101 check maxconn 200\n"}},
		{"backend timeouts", func(c *Config) error {
			b := must[backend](t)(Backends.Get(c, "be_api"))
			b.ServerTimeout, b.ConnectTimeout = ptr[int64](120000), ptr[int64](2500)
			return Backends.Replace(c, b)
		}, []string{"+\ttimeout connect 2500ms\n"}},
		{"backend setting before servers", func(c *Config) error {
			b := must[backend](t)(Backends.Get(c, "be_www"))
			b.Retries, b.Balance.Algorithm = ptr[int64](2), "leastconn"
			return Backends.Replace(c, b)
		}, []string{"-\tbalance roundrobin\n", "+\tbalance leastconn\n", "+\tretries 2\n"}},
		{"backend setting removed", func(c *Config) error {
			b := must[backend](t)(Backends.Get(c, "be_api"))
			b.Redispatch = nil
			return Backends.Replace(c, b)
		}, []string{"-\toption redispatch\n"}},
		{"frontend mode after the header", func(c *Config) error {
			f := must[frontend](t)(Frontends.Get(c, "fe_http"))
			f.Mode, f.DefaultBackend = "http", "be_api"
			return Frontends.Replace(c, f)
		}, []string{"+\tmode http\n", "-\tdefault_backend be_www\n", "+\tdefault_backend be_api\n"}},
		{"insert acl", func(c *Config) error {
			return ACLs.Insert(c, "frontend", "fe_http", 1, dataplane.ACL{ACLName: "is_img", Criterion: "path_end", Value: ".png .jpg"})
		}, []string{"+\tacl is_img path_end .png .jpg\n"}},
		{"delete acl", func(c *Config) error { return ACLs.Delete(c, "frontend", "fe_http", 3) },
			[]string{"-\tacl blocked   src 192.0.2.0/24 198.51.100.7\n"}},
		{"overwrite one rule", func(c *Config) error {
			return HTTPRequestRules.Set(c, "frontend", "fe_http", 2, dataplane.HTTPRequestRule{Type: "set-header", HdrName: "X-Forwarded-Proto", HdrFormat: "https"})
		}, []string{"-\thttp-request set-header X-Forwarded-Proto http\n", "+\thttp-request set-header X-Forwarded-Proto https\n"}},
		{"replace the rule list", func(c *Config) error {
			rules := must[[]dataplane.HTTPRequestRule](t)(HTTPRequestRules.List(c, "frontend", "fe_http"))
			rules = append([]dataplane.HTTPRequestRule{{Type: "allow", Cond: "if", CondTest: "is_health"}}, rules[1:]...)
			rules = append(rules, dataplane.HTTPRequestRule{Type: "del-header", HdrName: "X-Debug"})
			return HTTPRequestRules.ReplaceAll(c, "frontend", "fe_http", rules)
		}, []string{"-\thttp-request deny deny_status 403 if blocked\n", "+\thttp-request allow if is_health\n", "+\thttp-request del-header X-Debug\n"}},
		{"first acl of a backend", func(c *Config) error {
			return ACLs.Insert(c, "backend", "be_api", 0, dataplane.ACL{ACLName: "slow", Criterion: "path_beg", Value: "/report"})
		}, []string{"+\tacl slow path_beg /report\n"}},
		{"new switching rule", func(c *Config) error {
			return BackendSwitchingRules.Insert(c, "frontend", "fe_http", 1, dataplane.BackendSwitchingRule{Name: "be_www", Cond: "if", CondTest: "host_www"})
		}, []string{"+\tuse_backend be_www if host_www\n"}},
		{"rename bind address", func(c *Config) error {
			b := must[dataplane.Bind](t)(Binds.Get(c, "fe_http", "http"))
			b.Port = ptr[int64](18443)
			b.SSL, b.SSLCertificate = true, "/etc/ssl/site.pem"
			return Binds.Replace(c, "fe_http", b)
		}, []string{"-\tbind 127.0.0.1:18080 name http\n", "+\tbind 127.0.0.1:18443 name http ssl crt /etc/ssl/site.pem\n"}},
		{"new bind", func(c *Config) error {
			return Binds.Create(c, "fe_admin", dataplane.Bind{Name: "v6", Address: "::1", Port: ptr[int64](18082)})
		}, []string{"+\tbind ::1:18082 name v6\n"}},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			c, before := loadConfig(t, "web-handwritten.cfg")
			if err := tc.edit(c); err != nil {
				t.Fatal(err)
			}
			got := lineDiff(before, c.Bytes())
			if strings.Join(got, "") != strings.Join(tc.want, "") {
				t.Fatalf("diff:\n%s\nwant:\n%s", strings.Join(got, ""), strings.Join(tc.want, ""))
			}
		})
	}
}

// TestCreateThenDeleteRestores checks that deleting what was created gives back the
// handwritten file byte for byte, wherever the new section lands.
func TestCreateThenDeleteRestores(t *testing.T) {
	for _, file := range []string{"web-handwritten.cfg", "mixed-sections.cfg", "debian-haproxy.cfg"} {
		t.Run(file, func(t *testing.T) {
			c, before := loadConfig(t, file)
			steps := []error{
				Backends.Create(c, dataplane.Backend{Name: "be_new", Mode: "http", BackendOptions: dataplane.BackendOptions{ConnectTimeout: ptr[int64](5000)}, BackendObjects: dataplane.BackendObjects{Balance: &dataplane.Balance{Algorithm: "roundrobin"}}}),
				Servers.Create(c, "be_new", dataplane.Server{Name: "n1", Address: "127.0.0.1", Port: ptr[int64](9000)}),
				Frontends.Create(c, dataplane.Frontend{Name: "fe_new", Mode: "http", FrontendOptions: dataplane.FrontendOptions{DefaultBackend: "be_new"}}),
				Binds.Create(c, "fe_new", dataplane.Bind{Name: "main", Address: "127.0.0.1", Port: ptr[int64](9001)}),
				ACLs.Insert(c, "frontend", "fe_new", 0, dataplane.ACL{ACLName: "a", Criterion: "path", Value: "/"}),
			}
			for _, err := range steps {
				if err != nil {
					t.Fatal(err)
				}
			}
			created := string(c.Bytes())
			if !strings.Contains(created, "backend be_new\n    mode http\n") && !strings.Contains(created, "backend be_new\n\tmode http\n") && !strings.Contains(created, "backend be_new\n  mode http\n") {
				t.Fatalf("new backend not written as expected:\n%s", created)
			}
			if err := Frontends.Delete(c, "fe_new"); err != nil {
				t.Fatal(err)
			}
			if err := Backends.Delete(c, "be_new"); err != nil {
				t.Fatal(err)
			}
			if got := c.Bytes(); string(got) != string(before) {
				t.Fatalf("after create and delete:\n%s", strings.Join(lineDiff(before, got), ""))
			}
		})
	}
}

func TestNewSectionPlacement(t *testing.T) {
	c, before := loadConfig(t, "web-handwritten.cfg")
	if err := Backends.Create(c, dataplane.Backend{Name: "be_new", BackendObjects: dataplane.BackendObjects{Balance: &dataplane.Balance{Algorithm: "roundrobin"}}}); err != nil {
		t.Fatal(err)
	}
	got := strings.Join(lineDiff(before, c.Bytes()), "")
	want := "+\n+backend be_new\n+\tbalance roundrobin\n"
	if got != want {
		t.Fatalf("diff:\n%s\nwant:\n%s", got, want)
	}
	// A frontend goes after the last frontend, before the backends.
	if err := Frontends.Create(c, dataplane.Frontend{Name: "fe_new"}); err != nil {
		t.Fatal(err)
	}
	if i, j := strings.Index(string(c.Bytes()), "frontend fe_new"), strings.Index(string(c.Bytes()), "\nbackend be_www"); i < 0 || i > j {
		t.Fatalf("frontend placed at %d, first backend at %d", i, j)
	}
}

func TestCRLFFileStaysCRLF(t *testing.T) {
	in := "global\r\n\tmaxconn 10\r\n\r\nbackend b\r\n\tserver s1 127.0.0.1:80 check\r\n"
	c := Parse([]byte(in))
	if err := Servers.Create(c, "b", dataplane.Server{Name: "s2", Address: "127.0.0.1", Port: ptr[int64](81)}); err != nil {
		t.Fatal(err)
	}
	want := in + "\tserver s2 127.0.0.1:81\r\n"
	if got := string(c.Bytes()); got != want {
		t.Fatalf("got %q, want %q", got, want)
	}
}

func TestNoFinalNewline(t *testing.T) {
	in := "backend b\n    server s1 127.0.0.1:80"
	c := Parse([]byte(in))
	if err := Servers.Create(c, "b", dataplane.Server{Name: "s2", Address: "127.0.0.1", Port: ptr[int64](81)}); err != nil {
		t.Fatal(err)
	}
	want := "backend b\n    server s1 127.0.0.1:80\n    server s2 127.0.0.1:81\n"
	if got := string(c.Bytes()); got != want {
		t.Fatalf("got %q, want %q", got, want)
	}
}

func TestErrors(t *testing.T) {
	c, before := loadConfig(t, "web-handwritten.cfg")
	cases := []struct {
		name  string
		err   error
		kind  error
		field string
	}{
		{"newline in server name", Servers.Create(c, "be_www", dataplane.Server{Name: "x\nbind :1", Address: "127.0.0.1"}), ErrInvalid, "name"},
		{"newline in address", Servers.Create(c, "be_www", dataplane.Server{Name: "x", Address: "127.0.0.1\nbind :1"}), ErrInvalid, "address"},
		{"control char in sni", Servers.Create(c, "be_www", dataplane.Server{Name: "x", Address: "h", ServerParams: dataplane.ServerParams{SNI: "a\x00b"}}), ErrInvalid, "sni"},
		{"space in server name", Servers.Create(c, "be_www", dataplane.Server{Name: "a b", Address: "h"}), ErrInvalid, "name"},
		{"bad port", Servers.Create(c, "be_www", dataplane.Server{Name: "x", Address: "h", Port: ptr[int64](70000)}), ErrInvalid, "port"},
		{"bad check flag", Servers.Create(c, "be_www", dataplane.Server{Name: "x", Address: "h", ServerParams: dataplane.ServerParams{Check: "yes"}}), ErrInvalid, "check"},
		{"existing server", Servers.Create(c, "be_www", dataplane.Server{Name: "www1", Address: "h"}), ErrExists, ""},
		{"missing backend", Servers.Create(c, "nope", dataplane.Server{Name: "x", Address: "h"}), ErrMissingParent, ""},
		{"missing backend is not found too", Servers.Create(c, "nope", dataplane.Server{Name: "x", Address: "h"}), ErrNotFound, ""},
		{"missing server", Servers.Delete(c, "be_www", "nope"), ErrNotFound, ""},
		{"newline in acl value", ACLs.Insert(c, "frontend", "fe_http", 0, dataplane.ACL{ACLName: "a", Criterion: "path", Value: "/x\n    server evil 1.2.3.4:80"}), ErrInvalid, "acl[0].value"},
		{"newline in condition", HTTPRequestRules.Insert(c, "frontend", "fe_http", 0, dataplane.HTTPRequestRule{Type: "deny", Cond: "if", CondTest: "x\r\nbind :1"}), ErrInvalid, "http-request[0].cond_test"},
		{"unknown rule type", HTTPRequestRules.Insert(c, "frontend", "fe_http", 0, dataplane.HTTPRequestRule{Type: "explode"}), ErrInvalid, "http-request[0].type"},
		{"index past the end", ACLs.Insert(c, "frontend", "fe_http", 9, dataplane.ACL{ACLName: "a", Criterion: "path"}), ErrOutOfRange, ""},
		{"bad frontend mode", Frontends.Create(c, dataplane.Frontend{Name: "f", Mode: "udp"}), ErrInvalid, "mode"},
		{"newline in description", Backends.Replace(c, dataplane.Backend{Name: "be_www", Description: "a\nb"}), ErrInvalid, "description"},
		{"existing backend", Backends.Create(c, dataplane.Backend{Name: "be_api"}), ErrExists, ""},
		{"switching rules in a backend", BackendSwitchingRules.Insert(c, "backend", "be_api", 0, dataplane.BackendSwitchingRule{Name: "x"}), ErrInvalid, "parent_type"},
	}
	for _, tc := range cases {
		if !errors.Is(tc.err, tc.kind) {
			t.Errorf("%s: error %v, want %v", tc.name, tc.err, tc.kind)
			continue
		}
		var fe *FieldError
		if tc.field != "" && (!errors.As(tc.err, &fe) || fe.Field != tc.field) {
			t.Errorf("%s: error %v does not name field %q", tc.name, tc.err, tc.field)
		}
	}
	if got := c.Bytes(); string(got) != string(before) {
		t.Fatalf("failed edits changed the config:\n%s", strings.Join(lineDiff(before, got), ""))
	}
}

func TestTimes(t *testing.T) {
	for in, want := range map[string]int64{"5s": 5000, "5000": 5000, "500ms": 500, "1m": 60000, "2h": 7200000, "1d": 86400000, "1500us": 2} {
		if got, ok := parseTime(in); !ok || got != want {
			t.Errorf("parseTime(%q) = %d, %v; want %d", in, got, ok, want)
		}
	}
	for in, want := range map[int64]string{5000: "5s", 500: "500ms", 60000: "1m", 90000: "90s", 0: "0", 7200000: "2h"} {
		if got := formatTime(in); got != want {
			t.Errorf("formatTime(%d) = %q; want %q", in, got, want)
		}
	}
	if _, ok := parseTime("5x"); ok {
		t.Error("parseTime accepted 5x")
	}
}
