// Package haproxytest starts, for a test, a real HAProxy in master-worker mode and
// the engine that owns its config: what both the agent's own tests and the
// other packages' agents (internal/agenttest) stand on.
package haproxytest

import (
	"context"
	"fmt"
	"io"
	"log/slog"
	"math/rand/v2"
	"net"
	"os"
	"os/exec"
	"path/filepath"
	"testing"
	"time"

	"golang.org/x/crypto/bcrypt"

	"github.com/tfhaproxy/terraform-provider-haproxy/internal/engine"
	"github.com/tfhaproxy/terraform-provider-haproxy/internal/filedirs"
	"github.com/tfhaproxy/terraform-provider-haproxy/internal/haproxy"
)

// Setup is a running HAProxy and the engine over its config.
type Setup struct {
	Dir       string // the test's directory
	Config    string // the haproxy.cfg
	StateDir  string
	UsersFile string // one user with a bcrypt hash, as htpasswd -nbB writes it
	Engine    *engine.Engine
	Process   *haproxy.Process
	// Files are the default directories values may name files in, beside
	// Config, as the agent command has them; the checks and reloads redact
	// HAProxy's alerts about files outside them.
	Files *filedirs.Dirs
	// Events are the engine's log records; the agent over it should log there too.
	Events *Events
}

// Start writes config and a users file for user:password, opens the engine, and
// starts HAProxy; all of it ends with the test.
func Start(t testing.TB, config, user, password string) *Setup {
	t.Helper()
	if _, err := exec.LookPath("haproxy"); err != nil {
		t.Fatal("haproxy is not installed: `apt-get install -y haproxy` (.ci/run does it)")
	}
	s := &Setup{Dir: t.TempDir()}
	s.Config, s.StateDir, s.UsersFile = filepath.Join(s.Dir, "haproxy.cfg"), filepath.Join(s.Dir, "state"), filepath.Join(s.Dir, "users")
	hash, _ := bcrypt.GenerateFromPassword([]byte(password), bcrypt.MinCost)
	for path, data := range map[string]string{s.Config: config, s.UsersFile: user + ":" + string(hash) + "\n"} {
		if err := os.WriteFile(path, []byte(data), 0o600); err != nil {
			t.Fatal(err)
		}
	}
	var err error
	if s.Files, err = filedirs.Defaults(s.Config); err != nil {
		t.Fatal(err)
	}
	s.Events = NewEvents("method")
	s.Engine, err = engine.Open(engine.Options{ConfigPath: s.Config, StateDir: s.StateDir, Logger: slog.New(s.Events),
		Validator: &haproxy.Validator{TempDir: s.StateDir, WorkDir: s.Dir, Redact: s.Files.Redact}})
	if err != nil {
		t.Fatal(err)
	}
	ctx, cancel := context.WithTimeout(context.Background(), 30*time.Second)
	defer cancel()
	s.Process, err = haproxy.Start(ctx, haproxy.StartOptions{Config: s.Config, MasterSocket: filepath.Join(s.StateDir, "master.sock"),
		WorkDir: s.Dir, Stdout: io.Discard, Stderr: io.Discard, Redact: s.Files.Redact})
	if err != nil {
		s.Engine.Close()
		t.Fatal(err)
	}
	t.Cleanup(func() {
		ctx, cancel := context.WithTimeout(context.Background(), 10*time.Second)
		defer cancel()
		s.Process.Stop(ctx)
		s.Engine.Close()
	})
	return s
}

// FreePort returns a loopback TCP port nobody listens on. It is chosen at
// random below Linux's ephemeral range (32768 and up): a port the kernel gave
// out for a :0 listener or as the source port of a connection (the tests make
// thousands) may be given again before the test binds it, and a parallel test
// package, or `make quickstart` building for seconds first, would then find it
// taken.
func FreePort(t testing.TB) int {
	for range 100 {
		port := freePortLow + rand.IntN(freePortHigh-freePortLow)
		if ln, err := net.Listen("tcp", fmt.Sprintf("127.0.0.1:%d", port)); err == nil {
			ln.Close()
			return port
		}
	}
	t.Fatal("no free loopback port in 100 tries")
	return 0
}

// The ports FreePort chooses from: above the well-known services', below the
// ephemeral range.
const freePortLow, freePortHigh = 20000, 32768

// OpenTempDir is a temporary directory that other users may enter, as
// /etc/haproxy is: an agent running as root checks configurations as an
// unprivileged user from the config's directory, and t.TempDir's parent is
// closed to others.
func OpenTempDir(t testing.TB) string {
	t.Helper()
	dir := t.TempDir()
	for _, d := range []string{filepath.Dir(dir), dir} {
		if err := os.Chmod(d, 0o755); err != nil {
			t.Fatal(err)
		}
	}
	return dir
}
