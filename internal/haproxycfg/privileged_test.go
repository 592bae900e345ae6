package haproxycfg

import (
	"errors"
	"os"
	"strings"
	"testing"

	"github.com/tfhaproxy/terraform-provider-haproxy/internal/dataplane"
)

const privilegedConfig = `global
    user haproxy
    lua-load /etc/haproxy/hello.lua
    stats socket /run/haproxy/admin.sock level admin

userlist people
    user alice insecure-password secret
    group admins users alice

program api
    command /usr/local/bin/agent --listen 127.0.0.1:5555
    no option start-on-reload

backend be_app
    option external-check
    external-check command /usr/local/bin/check
    server web1 10.0.0.1:80
`

// TestPrivilegedEdit: an edit that adds, changes or removes a line of a
// privileged directive is refused, naming it; any other edit, and a privileged
// line only moved or respaced, is not.
func TestPrivilegedEdit(t *testing.T) {
	load := func(edit func(string) string) func(*Config) error {
		return func(c *Config) error { c.Load([]byte(edit(privilegedConfig))); return nil }
	}
	replace := func(old, new string) func(*Config) error {
		return load(func(s string) string { return strings.Replace(s, old, new, 1) })
	}
	for _, tc := range []struct {
		name string
		edit func(*Config) error
		want string // in the error; "" for an edit that is not refused
	}{
		{"a server's weight", func(c *Config) error {
			s, err := Servers.Get(c, "be_app", "web1")
			if err != nil {
				return err
			}
			w := int64(5)
			s.Weight = &w
			return Servers.Replace(c, "be_app", s)
		}, ""},
		{"a new backend", func(c *Config) error { return Backends.Create(c, dataplane.Backend{Name: "be_new"}) }, ""},
		{"a raw upload of the same file", load(func(s string) string { return s }), ""},
		{"a raw upload that respaces and moves privileged lines, and adds a comment",
			replace("    user haproxy\n    lua-load /etc/haproxy/hello.lua\n", "  lua-load   /etc/haproxy/hello.lua # hello\n\tuser haproxy\n"), ""},
		{"a userlist user, not global's", replace("    group admins", "    user bob insecure-password x\n    group admins"), ""},
		{"a lua-load added", replace("    user haproxy\n", "    user haproxy\n    lua-load /tmp/evil.lua\n"),
			`adds "lua-load /tmp/evil.lua" to global: lua-load loads and runs a Lua script`},
		{"a lua-load changed", replace("hello.lua", "evil.lua"), `adds "lua-load /etc/haproxy/evil.lua" to global`},
		{"a lua-load quoted", replace("lua-load /etc/haproxy/hello.lua", `lua-load "/etc/haproxy/hello.lua"`), `adds "lua-load \"/etc/haproxy/hello.lua\""`},
		{"the user removed", replace("    user haproxy\n", ""), `removes "user haproxy" from global: user sets the user HAProxy runs as`},
		{"a stats socket", replace("level admin", "level admin\n    stats socket 127.0.0.1:9999 level admin"), "stats socket opens a runtime API socket"},
		{"a program's command", replace("--listen 127.0.0.1:5555", "--listen 0.0.0.0:5555"), "to program api: program section runs a command"},
		{"a new program section", load(func(s string) string { return s + "\nprogram evil\n    command /bin/sh -c id\n" }), `adds "program evil" to program evil`},
		{"an external check command", replace("/usr/local/bin/check", "/bin/sh"), "to backend be_app: external-check sets the program"},
		{"deleting the backend that has one", func(c *Config) error { return Backends.Delete(c, "be_app") }, `removes "option external-check" from backend be_app`},
		{"no option external-check", replace("    option external-check\n", "    no option external-check\n"), "option external-check runs a program"},
		{"an opentracing filter", replace("    server web1", "    filter opentracing config /tmp/ot.cfg\n    server web1"), "filter opentracing loads the tracer plugin"},
		{"a ring's backing file", load(func(s string) string { return s + "\nring r\n    size 32764\n    backing-file /etc/passwd\n" }), "backing-file creates and renames a file"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			base := Parse([]byte(privilegedConfig))
			next := base.Clone()
			if err := tc.edit(next); err != nil {
				t.Fatalf("edit: %v", err)
			}
			err := PrivilegedEdit(base, next)
			switch {
			case tc.want == "" && err != nil:
				t.Fatalf("refused: %v", err)
			case tc.want != "" && (!errors.Is(err, ErrPrivileged) || !strings.Contains(err.Error(), tc.want)):
				t.Fatalf("got %v, want an ErrPrivileged with %q", err, tc.want)
			}
		})
	}
}

// TestPrivilegedDirectiveNames: the table names each directive once, in a
// section kind HAProxy has, and says why it is privileged.
func TestPrivilegedDirectiveNames(t *testing.T) {
	seen := map[string]bool{}
	for _, d := range PrivilegedDirectives {
		key := d.Section + "/" + d.Name()
		if seen[key] {
			t.Errorf("%s is in the table twice", key)
		}
		seen[key] = true
		if d.Section != "" && !sectionKinds[d.Section] {
			t.Errorf("%s: %q is not a section kind", d.Name(), d.Section)
		}
		if d.Why == "" {
			t.Errorf("%s: no reason", d.Name())
		}
	}
}

// TestPrivilegedDirectivesDocumented: the agent guide's Security section names
// every directive of the table, so that what users read is what is checked.
func TestPrivilegedDirectivesDocumented(t *testing.T) {
	guide, err := os.ReadFile("../../templates/guides/agent.md.tmpl")
	if err != nil {
		t.Fatal(err)
	}
	_, security, _ := strings.Cut(string(guide), "\n## Security\n")
	security, _, _ = strings.Cut(security, "\n## ")
	security = strings.Join(strings.Fields(security), " ")
	for _, d := range PrivilegedDirectives {
		name := "`" + d.Name() + "`"
		if len(d.Words) == 0 {
			name = "`" + d.Section + "` section"
		}
		if !strings.Contains(security, name) {
			t.Errorf("the agent guide's Security section does not name %s", name)
		}
	}
}
