// Package agenttest runs a real agent for other packages' tests: a real HAProxy
// started in master-worker mode on a config of the test's, the engine, and the
// Data Plane API on a loopback HTTP server.
package agenttest

import (
	"log/slog"
	"net/http/httptest"
	"os"
	"path/filepath"
	"testing"
	"time"

	"golang.org/x/crypto/bcrypt"

	"github.com/tfhaproxy/terraform-provider-haproxy/internal/agent"
	"github.com/tfhaproxy/terraform-provider-haproxy/internal/haproxytest"
)

// The credentials of the agents this package starts: an operator, the role
// Terraform needs, and a read-only user.
const (
	User             = "terraform"
	Password         = "test-password"
	ReadOnlyUser     = "drift-check"
	ReadOnlyPassword = "read-only-password"
)

// Agent is a running agent.
type Agent struct {
	URL    string // http://127.0.0.1:port
	Config string // the haproxy.cfg it owns
	// Events are the agent's and its engine's log records: requests, commits,
	// reloads and runtime changes.
	Events *haproxytest.Events
}

// Start runs an agent over config until the test ends.
func Start(t testing.TB, config string) *Agent {
	t.Helper()
	h := haproxytest.Start(t, config, User, Password)
	hash, _ := bcrypt.GenerateFromPassword([]byte(ReadOnlyPassword), bcrypt.MinCost)
	readOnly := filepath.Join(h.Dir, "read-only-users")
	if err := os.WriteFile(readOnly, []byte(ReadOnlyUser+":"+string(hash)+"\n"), 0o600); err != nil {
		t.Fatal(err)
	}
	users, err := agent.LoadUsers(agent.UserFiles{Operators: h.UsersFile, ReadOnly: readOnly})
	if err != nil {
		t.Fatal(err)
	}
	a := agent.New(agent.Options{Engine: h.Engine, Master: h.Process.Master(), Users: users, ReloadDelay: 50 * time.Millisecond,
		Logger: slog.New(h.Events), DrainTimeout: 5 * time.Second, StateDir: h.StateDir, Version: "test", Files: h.Files})
	srv := httptest.NewServer(a)
	t.Cleanup(func() { // before haproxytest's: the agent stops before HAProxy
		srv.Close()
		a.Close()
	})
	return &Agent{URL: srv.URL, Config: h.Config, Events: h.Events}
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
