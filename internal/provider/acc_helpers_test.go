package provider

import (
	"fmt"
	"strings"
	"testing"

	"github.com/hashicorp/terraform-plugin-testing/terraform"

	"github.com/tfhaproxy/terraform-provider-haproxy/internal/agenttest"
)

// providerConfig is the provider block for an agent.
func providerConfig(a *agenttest.Agent) string {
	return requiredProviders + fmt.Sprintf(`
provider "haproxy" {
  url      = %q
  username = %q
  password = %q
}
`, a.URL, agenttest.User, agenttest.Password)
}

// smallConfig is a handwritten-looking config with one frontend on port fe.
func smallConfig(fe int) string {
	return fmt.Sprintf(`# managed partly by Terraform, partly by hand
global
    maxconn 1000

defaults
    mode http
    option idle-close-on-response
    timeout connect 2s
    timeout client 10s
    timeout server 10s

frontend fe_main
    bind 127.0.0.1:%d name main
    default_backend be_static

backend be_static
    http-request return status 200 content-type text/plain string static
`, fe)
}

// fileContains checks the agent's config file.
func fileContains(t *testing.T, a *agenttest.Agent, want ...string) func(*terraform.State) error {
	return func(*terraform.State) error {
		file := a.File(t)
		for _, w := range want {
			if !strings.Contains(file, w) {
				return fmt.Errorf("haproxy.cfg lacks %q:\n%s", w, file)
			}
		}
		return nil
	}
}

// fileLacks checks that the agent's config file says none of unwanted.
func fileLacks(t *testing.T, a *agenttest.Agent, unwanted ...string) func(*terraform.State) error {
	return func(*terraform.State) error {
		file := a.File(t)
		for _, u := range unwanted {
			if strings.Contains(file, u) {
				return fmt.Errorf("haproxy.cfg still has %q:\n%s", u, file)
			}
		}
		return nil
	}
}

// destroyRestores is a CheckDestroy: destroying everything the test created
// leaves the agent's config file as it is now, byte for byte.
func destroyRestores(t *testing.T, a *agenttest.Agent) func(*terraform.State) error {
	before := a.File(t)
	return func(*terraform.State) error {
		if got := a.File(t); got != before {
			return fmt.Errorf("destroy left the file different from before:\n%s", got)
		}
		return nil
	}
}
