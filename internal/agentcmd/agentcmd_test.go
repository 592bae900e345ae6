package agentcmd

import (
	"io"
	"log/slog"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/tfhaproxy/terraform-provider-haproxy/internal/agent"
)

func TestParseFlagsAndEnvironment(t *testing.T) {
	t.Setenv("HAPROXY_AGENT_RELOAD_DELAY", "3s")
	t.Setenv("HAPROXY_AGENT_USERS_FILE", "/from/env")
	t.Setenv("HAPROXY_AGENT_LISTEN", "127.0.0.1:7000")
	f, err := Parse([]string{"--config", "/etc/haproxy/haproxy.cfg", "--listen", "127.0.0.1:6000"}, io.Discard)
	if err != nil {
		t.Fatal(err)
	}
	if f.ReloadDelay != 3*time.Second || f.UsersFile != "/from/env" || f.Listen != "127.0.0.1:6000" || f.HAProxyBin != "haproxy" || f.LogLevel != slog.LevelInfo {
		t.Fatalf("flags %+v: the environment fills what the command line leaves, the command line wins", f)
	}
	t.Setenv("HAPROXY_AGENT_LOG_LEVEL", "debug")
	if f, err := Parse([]string{"--config", "x", "--insecure-no-auth"}, io.Discard); err != nil || f.LogLevel != slog.LevelDebug {
		t.Fatalf("HAPROXY_AGENT_LOG_LEVEL=debug: %v, level %v", err, f.LogLevel)
	}
	t.Setenv("HAPROXY_AGENT_RELOAD_DELAY", "soon")
	if _, err := Parse([]string{"--config", "x"}, io.Discard); err == nil || !strings.Contains(err.Error(), "HAPROXY_AGENT_RELOAD_DELAY") {
		t.Fatalf("bad environment value: %v", err)
	}
}

func TestParseRefuses(t *testing.T) {
	cases := []struct {
		args []string
		want string
	}{
		{[]string{}, "--config is required"},
		{[]string{"--config", "c"}, "--users-file is required"},
		{[]string{"--config", "c", "--insecure-no-auth", "--listen", "0.0.0.0:5555"}, "loopback"},
		{[]string{"--config", "c", "--insecure-no-auth", "--listen", "10.0.0.1:5555"}, "loopback"},
		{[]string{"--config", "c", "--users-file", "u", "--tls-cert", "c.pem"}, "go together"},
		{[]string{"--config", "c", "--users-file", "u", "--tls-client-ca", "ca.pem"}, "needs --tls-cert"},
		{[]string{"--config", "c", "--users-file", "u", "extra"}, "unexpected arguments"},
		{[]string{"--config", "c", "--insecure-no-auth", "--read-only-users-file", "r"}, "--read-only-users-file needs --users-file"},
		{[]string{"--config", "c", "--insecure-no-auth", "--log-level", "chatty"}, "log-level"},
	}
	for _, tc := range cases {
		if _, err := Parse(tc.args, io.Discard); err == nil || !strings.Contains(err.Error(), tc.want) {
			t.Errorf("%q: error %v, want one saying %q", tc.args, err, tc.want)
		}
	}
	if f, err := Parse([]string{"--config", "c", "--admin-users-file", "a", "--read-only-users-file", "r", "--forbid-privileged-directives", "--listen", "10.0.0.1:5555"}, io.Discard); err != nil || !f.ForbidPrivileged {
		t.Errorf("admins and read-only users without operators: %v", err)
	}
	for _, listen := range []string{"127.0.0.1:5555", "[::1]:5555", "localhost:5555"} {
		if _, err := Parse([]string{"--config", "c", "--insecure-no-auth", "--listen", listen}, io.Discard); err != nil {
			t.Errorf("--insecure-no-auth on %s: %v", listen, err)
		}
	}
}

func TestHashPassword(t *testing.T) {
	var out, errOut strings.Builder
	if code := HashPassword([]string{"admin"}, strings.NewReader("s3cret\n"), &out, &errOut); code != 0 {
		t.Fatalf("exit %d: %s", code, errOut.String())
	}
	path := filepath.Join(t.TempDir(), "users")
	os.WriteFile(path, []byte(out.String()), 0o600)
	users, err := agent.LoadUsers(agent.UserFiles{Operators: path})
	if err != nil || !users.Check("admin", "s3cret") || users.Check("admin", "s3cret\n") {
		t.Fatalf("the line %q does not hold admin:s3cret (%v)", out.String(), err)
	}
	if code := HashPassword([]string{"a:b"}, strings.NewReader("x"), &out, &errOut); code != 2 {
		t.Fatal("a name with a colon was accepted")
	}
	if code := HashPassword([]string{"-x"}, strings.NewReader("x"), &out, &errOut); code != 2 {
		t.Fatal("a flag was taken for a name")
	}
	out.Reset()
	if code := HashPassword([]string{"--help"}, strings.NewReader("x"), &out, &errOut); code != 0 || !strings.HasPrefix(out.String(), "usage:") {
		t.Fatalf("--help: exit %d, %q", code, out.String())
	}
}
