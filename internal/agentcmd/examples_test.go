package agentcmd

import (
	"context"
	"os"
	"testing"

	"github.com/tfhaproxy/terraform-provider-haproxy/internal/agent"
	"github.com/tfhaproxy/terraform-provider-haproxy/internal/haproxy"
)

// TestAgentExamples checks the files examples/agent ships: HAProxy accepts the
// haproxy.cfg with its `program api` section, and the agent loads the users
// files of the three roles.
func TestAgentExamples(t *testing.T) {
	config, err := os.ReadFile("../../examples/agent/haproxy.cfg")
	if err != nil {
		t.Fatal(err)
	}
	if err := (&haproxy.Validator{TempDir: t.TempDir()}).Validate(context.Background(), config); err != nil {
		t.Fatalf("examples/agent/haproxy.cfg: %v", err)
	}
	users, err := agent.LoadUsers(agent.UserFiles{Operators: "../../examples/agent/users",
		ReadOnly: "../../examples/agent/read-only-users", Admins: "../../examples/agent/admin-users"})
	if err != nil {
		t.Fatal(err)
	}
	for _, u := range []struct {
		file, name, password string
		role                 agent.Role
	}{
		{"users", "terraform", "change-me", agent.RoleOperator},
		{"read-only-users", "ci", "read-only-change-me", agent.RoleReadOnly},
		{"admin-users", "admin", "admin-change-me", agent.RoleAdmin},
	} {
		if !users.Check(u.name, u.password) || users.Check(u.name, "wrong") || users.Role(u.name) != u.role {
			t.Errorf("examples/agent/%s does not hold the %s %s:%s", u.file, u.role, u.name, u.password)
		}
	}
}
