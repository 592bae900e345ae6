package agentcmd

import (
	"context"
	"os"
	"testing"

	"github.com/tfhaproxy/terraform-provider-haproxy/internal/agent"
	"github.com/tfhaproxy/terraform-provider-haproxy/internal/haproxy"
)

// TestAgentExamples checks the files examples/agent ships: HAProxy accepts the
// haproxy.cfg with its `program api` section, and the agent loads the users file
// and the read-only users file.
func TestAgentExamples(t *testing.T) {
	config, err := os.ReadFile("../../examples/agent/haproxy.cfg")
	if err != nil {
		t.Fatal(err)
	}
	if err := (&haproxy.Validator{TempDir: t.TempDir()}).Validate(context.Background(), config); err != nil {
		t.Fatalf("examples/agent/haproxy.cfg: %v", err)
	}
	users, err := agent.LoadUsers("../../examples/agent/users", "../../examples/agent/read-only-users")
	if err != nil {
		t.Fatal(err)
	}
	if !users.Check("admin", "change-me") || users.Check("admin", "wrong") || users.ReadOnly("admin") {
		t.Fatal("examples/agent/users does not hold the read-write admin:change-me")
	}
	if !users.Check("ci", "read-only-change-me") || !users.ReadOnly("ci") {
		t.Fatal("examples/agent/read-only-users does not hold the read-only ci:read-only-change-me")
	}
}
