package provider

import (
	"os"
	"path/filepath"
	"testing"

	"github.com/tfhaproxy/terraform-provider-haproxy/internal/terraformtest"
)

// For the tests that run the terraform CLI itself (plan -generate-config-out,
// benchmarks) with the provider binary, found through a dev_overrides CLI config.

// TestMain removes the provider binary once the tests are done.
func TestMain(m *testing.M) {
	code := m.Run()
	terraformtest.RemoveBuild()
	os.Exit(code)
}

// providerBinary builds the provider once per test binary and returns its directory.
func providerBinary(t testing.TB) string {
	return filepath.Dir(terraformtest.Build(t, "../.."))
}

// terraformEnv is the environment for terraform commands: the provider binary
// through dev_overrides, no checkpoint calls, automation mode.
func terraformEnv(t testing.TB) []string {
	requireTerraform(t)
	cliConfig := filepath.Join(t.TempDir(), "terraformrc")
	rc := `provider_installation {
  dev_overrides {
    "tfhaproxy/haproxy" = "` + providerBinary(t) + `"
  }
  direct {}
}
`
	if err := os.WriteFile(cliConfig, []byte(rc), 0o644); err != nil {
		t.Fatal(err)
	}
	return append(os.Environ(), "TF_CLI_CONFIG_FILE="+cliConfig, "CHECKPOINT_DISABLE=1", "TF_IN_AUTOMATION=1")
}

// runTerraform runs a terraform command in dir and returns its output and exit code.
func runTerraform(t testing.TB, dir string, env []string, args ...string) (string, int) {
	t.Helper()
	return terraformtest.Run(t, dir, env, args...)
}

// terraformMirror serves the provider binary from a filesystem mirror, as the
// registry would, for tests that run `terraform init` (a state backend), which
// dev_overrides do not cover. It returns the environment that uses it.
func terraformMirror(t testing.TB) []string {
	requireTerraform(t)
	return terraformtest.Mirror(t, filepath.Join(providerBinary(t), "terraform-provider-haproxy"))
}
