// Package agenttest runs a real agent for other packages' tests: a real HAProxy
// started in master-worker mode on a config of the test's, the engine, and the
// Data Plane API on a loopback HTTP server.
package agenttest

import (
	"context"
	"io"
	"net"
	"net/http/httptest"
	"os"
	"os/exec"
	"path/filepath"
	"testing"
	"time"

	"golang.org/x/crypto/bcrypt"

	"github.com/tfhaproxy/terraform-provider-haproxy/internal/agent"
	"github.com/tfhaproxy/terraform-provider-haproxy/internal/engine"
	"github.com/tfhaproxy/terraform-provider-haproxy/internal/haproxy"
)

// The credentials of the agents this package starts.
const (
	User     = "terraform"
	Password = "test-password"
)

// Agent is a running agent.
type Agent struct {
	URL    string // http://127.0.0.1:port
	Config string // the haproxy.cfg it owns
}

// Start runs an agent over config until the test ends.
func Start(t testing.TB, config string) *Agent {
	t.Helper()
	if _, err := exec.LookPath("haproxy"); err != nil {
		t.Fatal("haproxy is not installed: `apt-get install -y haproxy` (.ci/run does it)")
	}
	dir := t.TempDir()
	path := filepath.Join(dir, "haproxy.cfg")
	if err := os.WriteFile(path, []byte(config), 0o644); err != nil {
		t.Fatal(err)
	}
	hash, _ := bcrypt.GenerateFromPassword([]byte(Password), bcrypt.MinCost)
	usersFile := filepath.Join(dir, "users")
	if err := os.WriteFile(usersFile, []byte(User+":"+string(hash)+"\n"), 0o600); err != nil {
		t.Fatal(err)
	}
	users, err := agent.LoadUsers(usersFile)
	if err != nil {
		t.Fatal(err)
	}
	state := filepath.Join(dir, "state")
	eng, err := engine.Open(engine.Options{ConfigPath: path, StateDir: state, Validator: &haproxy.Validator{TempDir: state, WorkDir: dir}})
	if err != nil {
		t.Fatal(err)
	}
	ctx, cancel := context.WithTimeout(context.Background(), 30*time.Second)
	defer cancel()
	proc, err := haproxy.Start(ctx, haproxy.StartOptions{Config: path, MasterSocket: filepath.Join(state, "master.sock"), WorkDir: dir, Stdout: io.Discard, Stderr: io.Discard})
	if err != nil {
		eng.Close()
		t.Fatal(err)
	}
	a := agent.New(agent.Options{Engine: eng, Master: proc.Master(), Users: users, ReloadDelay: 50 * time.Millisecond,
		DrainTimeout: 5 * time.Second, StateDir: state, Version: "test"})
	srv := httptest.NewServer(a)
	t.Cleanup(func() {
		srv.Close()
		a.Close()
		ctx, cancel := context.WithTimeout(context.Background(), 10*time.Second)
		defer cancel()
		proc.Stop(ctx)
		eng.Close()
	})
	return &Agent{URL: srv.URL, Config: path}
}

// FreePort returns a loopback TCP port nobody listens on.
func FreePort(t testing.TB) int {
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	defer ln.Close()
	return ln.Addr().(*net.TCPAddr).Port
}

// File reads the config the agent owns.
func (a *Agent) File(t testing.TB) string {
	b, err := os.ReadFile(a.Config)
	if err != nil {
		t.Fatal(err)
	}
	return string(b)
}

// Edit changes the config behind the agent's back, as a person would.
func (a *Agent) Edit(t testing.TB, edit func(string) string) {
	if err := os.WriteFile(a.Config, []byte(edit(a.File(t))), 0o644); err != nil {
		t.Fatal(err)
	}
}
