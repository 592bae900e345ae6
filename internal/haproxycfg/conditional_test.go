package haproxycfg

import (
	"errors"
	"strings"
	"testing"

	"github.com/tfhaproxy/terraform-provider-haproxy/internal/dataplane"
)

const conditionalConfig = `defaults
    mode http

backend be_app
    balance roundrobin
    server web1 10.0.0.1:80
    .if defined(CANARY)
    server canary 10.0.0.9:80
    .else
    server web2 10.0.0.2:80
    .endif

backend be_api
    server api1 10.0.0.3:80
`

// TestConditionalEdits: an edit outside conditional blocks goes through, even
// in a section that has one; an edit that would change, add or remove a line
// inside one is refused; a whole file loaded is not checked.
func TestConditionalEdits(t *testing.T) {
	weight := func(name string, w int64) func(*Config) error {
		return func(c *Config) error {
			s, err := Servers.Get(c, "be_app", name)
			if err != nil {
				return err
			}
			s.Weight = &w
			return Servers.Replace(c, "be_app", s)
		}
	}
	for _, tc := range []struct {
		name    string
		edit    func(*Config) error
		refused bool
	}{
		{"a server before the block", weight("web1", 5), false},
		{"a server of another backend", func(c *Config) error { return Servers.Delete(c, "be_api", "api1") }, false},
		{"the backend's own settings", func(c *Config) error {
			b, _ := Backends.Get(c, "be_app")
			b.Balance = &dataplane.Balance{Algorithm: "leastconn"}
			return Backends.Replace(c, b)
		}, false},
		{"a server in the .if branch", weight("canary", 5), true},
		{"a server in the .else branch", weight("web2", 5), true},
		{"deleting a server in a branch", func(c *Config) error { return Servers.Delete(c, "be_app", "web2") }, true},
		{"a new server, which goes after the last one outside the block", func(c *Config) error {
			if err := Servers.Create(c, "be_app", dataplane.Server{Name: "web3", Address: "10.0.0.4"}); err != nil {
				return err
			}
			if want := "    server web1 10.0.0.1:80\n    server web3 10.0.0.4\n    .if defined(CANARY)\n"; !strings.Contains(string(c.Bytes()), want) {
				t.Errorf("web3 is not right after web1:\n%s", c.Bytes())
			}
			return nil
		}, false},

		{"deleting the backend", func(c *Config) error { return Backends.Delete(c, "be_app") }, true},
		{"a raw upload", func(c *Config) error { c.Load([]byte(conditionalConfig + "\nbackend be_new\n")); return nil }, false},
	} {
		t.Run(tc.name, func(t *testing.T) {
			base := Parse([]byte(conditionalConfig))
			next := base.Clone()
			if err := tc.edit(next); err != nil {
				t.Fatalf("edit: %v", err)
			}
			err := ConditionalEdit(base, next)
			if refused := errors.Is(err, ErrConditional); refused != tc.refused {
				t.Fatalf("refused = %v (%v), want %v", refused, err, tc.refused)
			}
		})
	}
	plain := Parse([]byte("backend b\n    server s 10.0.0.1:80\n"))
	next := plain.Clone()
	if err := Servers.Delete(next, "b", "s"); err != nil || ConditionalEdit(plain, next) != nil {
		t.Fatalf("a file without conditional blocks: %v", ConditionalEdit(plain, next))
	}
}

// TestNewLinesGoOutsideConditionalBlocks: in a backend whose only servers are in
// a block, a new server goes after the block's .endif, not inside it.
func TestNewLinesGoOutsideConditionalBlocks(t *testing.T) {
	base := Parse([]byte("backend be\n    balance roundrobin\n    .if defined(A)\n    server a 10.0.0.1:80\n    .endif\n"))
	next := base.Clone()
	if err := Servers.Create(next, "be", dataplane.Server{Name: "b", Address: "10.0.0.2"}); err != nil {
		t.Fatal(err)
	}
	want := "backend be\n    balance roundrobin\n    .if defined(A)\n    server a 10.0.0.1:80\n    .endif\n    server b 10.0.0.2\n"
	if got := string(next.Bytes()); got != want {
		t.Fatalf("got:\n%s\nwant:\n%s", got, want)
	}
	if err := ConditionalEdit(base, next); err != nil {
		t.Fatalf("refused: %v", err)
	}
}
