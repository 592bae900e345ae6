package provider

import (
	"bytes"
	"errors"
	"os"
	"os/exec"
	"path/filepath"
	"runtime"
	"strings"
	"sync"
	"testing"
)

// For the tests that run the terraform CLI itself (plan -generate-config-out,
// benchmarks) with the provider binary, found through a dev_overrides CLI config.

var (
	buildOnce sync.Once
	builtDir  string
	buildErr  error
)

// TestMain removes the provider binary's directory (30 MB) once the tests are
// done, failed or not: it outlives any one test, so no t.TempDir can hold it.
func TestMain(m *testing.M) {
	code := m.Run()
	if builtDir != "" {
		os.RemoveAll(builtDir)
	}
	os.Exit(code)
}

// providerBinary builds the provider once per test binary and returns its directory.
func providerBinary(t testing.TB) string {
	buildOnce.Do(func() {
		builtDir, buildErr = os.MkdirTemp("", "tfhaproxy-provider-")
		if buildErr != nil {
			return
		}
		out, err := exec.Command("go", "build", "-o", filepath.Join(builtDir, "terraform-provider-haproxy"), "../..").CombinedOutput()
		if err != nil {
			buildErr = errors.New(string(out))
		}
	})
	if buildErr != nil {
		t.Fatalf("building the provider: %v", buildErr)
	}
	return builtDir
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
	bin := os.Getenv("TF_ACC_TERRAFORM_PATH")
	cmd := exec.Command(bin, args...)
	cmd.Dir, cmd.Env = dir, env
	var out bytes.Buffer
	cmd.Stdout, cmd.Stderr = &out, &out
	err := cmd.Run()
	var exit *exec.ExitError
	switch {
	case err == nil:
		return out.String(), 0
	case errors.As(err, &exit):
		return out.String(), exit.ExitCode()
	}
	t.Fatalf("terraform %s: %v", strings.Join(args, " "), err)
	return "", -1
}

// terraformMirror serves the provider binary from a filesystem mirror, as the
// registry would, for tests that run `terraform init` (a state backend), which
// dev_overrides do not cover. It returns the environment that uses it.
func terraformMirror(t testing.TB) []string {
	requireTerraform(t)
	dir := t.TempDir()
	target := filepath.Join(dir, "registry.terraform.io", "tfhaproxy", "haproxy", "0.0.1", runtime.GOOS+"_"+runtime.GOARCH)
	if err := os.MkdirAll(target, 0o755); err != nil {
		t.Fatal(err)
	}
	if err := os.Symlink(filepath.Join(providerBinary(t), "terraform-provider-haproxy"), filepath.Join(target, "terraform-provider-haproxy_v0.0.1")); err != nil {
		t.Fatal(err)
	}
	rc := filepath.Join(t.TempDir(), "terraformrc")
	mirror := `provider_installation {
  filesystem_mirror {
    path    = "` + dir + `"
    include = ["tfhaproxy/haproxy"]
  }
  direct {
    exclude = ["tfhaproxy/haproxy"]
  }
}
`
	if err := os.WriteFile(rc, []byte(mirror), 0o644); err != nil {
		t.Fatal(err)
	}
	return append(os.Environ(), "TF_CLI_CONFIG_FILE="+rc, "CHECKPOINT_DISABLE=1", "TF_IN_AUTOMATION=1")
}
