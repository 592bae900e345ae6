package haproxycfg

import (
	"slices"
	"testing"

	"github.com/tfhaproxy/terraform-provider-haproxy/internal/dataplane"
)

func TestChanged(t *testing.T) {
	base, _ := loadConfig(t, "web-handwritten.cfg")
	cases := []struct {
		name string
		edit func(c *Config) error
		want []string
	}{
		{"nothing", func(*Config) error { return nil }, nil},
		{"one server", func(c *Config) error {
			s := must[dataplane.Server](t)(Servers.Get(c, "be_www", "www1"))
			s.Weight = ptr[int64](1)
			return Servers.Replace(c, "be_www", s)
		}, []string{"backend be_www/server www1"}},
		{"new server", func(c *Config) error {
			return Servers.Create(c, "be_api", dataplane.Server{Name: "api3", Address: "127.0.0.1"})
		}, []string{"backend be_api/server api3"}},
		{"backend settings", func(c *Config) error {
			b := must[backend](t)(Backends.Get(c, "be_api"))
			b.Retries = ptr[int64](5)
			return Backends.Replace(c, b)
		}, []string{"backend be_api"}},
		{"comment only", func(c *Config) error {
			s := c.edit(c.find("backend", "be_api"))
			s.lines = s.lines[:len(s.lines)-1]
			return nil
		}, nil},
		{"acl list", func(c *Config) error { return ACLs.Delete(c, "frontend", "fe_http", 0) }, []string{"frontend fe_http/acls"}},
		{"deleted backend", func(c *Config) error { return Backends.Delete(c, "be_api") },
			[]string{"backend be_api", "backend be_api/http-request rules", "backend be_api/server api1", "backend be_api/server api2"}},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			c := base.Clone()
			if err := tc.edit(c); err != nil {
				t.Fatal(err)
			}
			if got := Changed(base, c); !slices.Equal(got, tc.want) {
				t.Fatalf("Changed = %q, want %q", got, tc.want)
			}
			// A fresh parse of the same bytes shares no pointers, and must agree.
			if got := Changed(Parse(base.Bytes()), Parse(c.Bytes())); !slices.Equal(got, tc.want) {
				t.Fatalf("Changed after reparse = %q, want %q", got, tc.want)
			}
		})
	}
}

func TestTouchedNamesWhatEditsAddress(t *testing.T) {
	base, _ := loadConfig(t, "web-handwritten.cfg")
	c := base.Clone()
	same := must[dataplane.Server](t)(Servers.Get(c, "be_www", "www1"))
	if err := Servers.Replace(c, "be_www", same); err != nil { // changes no byte
		t.Fatal(err)
	}
	if err := Backends.Replace(c, must[backend](t)(Backends.Get(c, "be_api"))); err != nil {
		t.Fatal(err)
	}
	if err := ACLs.ReplaceAll(c, "frontend", "fe_http", must[[]dataplane.ACL](t)(ACLs.List(c, "frontend", "fe_http"))); err != nil {
		t.Fatal(err)
	}
	want := []string{"backend be_api", "backend be_www/server www1", "frontend fe_http/acls"}
	if got := c.Touched(); !slices.Equal(got, want) {
		t.Fatalf("Touched = %q, want %q", got, want)
	}
	if len(Changed(base, c)) != 0 || len(c.Clone().Touched()) != 0 {
		t.Fatal("no-op edits changed objects, or a clone inherited what its parent touched")
	}
}
