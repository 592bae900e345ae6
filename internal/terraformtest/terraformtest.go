// Package terraformtest runs the terraform CLI in tests, with the provider
// installed the way a user installs a release: its archive in a filesystem
// mirror, in a temp dir, never the user's ~/.terraform.d.
package terraformtest

import (
	"archive/zip"
	"bytes"
	"errors"
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"runtime"
	"strings"
	"sync"
	"testing"
)

// Version is the provider version the mirror holds.
const Version = "0.1.0"

// build is the provider binary Build made for this test binary.
var build struct {
	once sync.Once
	dir  string
	err  error
}

// Build builds the provider, the main package at pkg (relative to the test's
// directory), with `go build` and args (such as -ldflags), once per test binary,
// and returns the binary's path. Tests must not change it. TestMain calls
// RemoveBuild once the tests are done, failed or not: the binary (30 MB)
// outlives any one test, so no t.TempDir can hold it.
func Build(t testing.TB, pkg string, args ...string) string {
	t.Helper()
	build.once.Do(func() {
		if build.dir, build.err = os.MkdirTemp("", "tfhaproxy-build-"); build.err != nil {
			return
		}
		bin := filepath.Join(build.dir, "terraform-provider-haproxy")
		cmd := append(append([]string{"build"}, args...), "-o", bin, pkg)
		if out, err := exec.Command("go", cmd...).CombinedOutput(); err != nil {
			build.err = fmt.Errorf("go build: %v\n%s", err, out)
		}
	})
	if build.err != nil {
		t.Fatalf("building the provider: %v", build.err)
	}
	return filepath.Join(build.dir, "terraform-provider-haproxy")
}

// RemoveBuild removes what Build made.
func RemoveBuild() {
	if build.dir != "" {
		os.RemoveAll(build.dir)
	}
}

// Binary is the terraform CLI: TF_ACC_TERRAFORM_PATH, or terraform on PATH.
func Binary(t testing.TB) string {
	t.Helper()
	if bin := os.Getenv("TF_ACC_TERRAFORM_PATH"); bin != "" {
		return bin
	}
	bin, err := exec.LookPath("terraform")
	if err != nil {
		t.Fatal("terraform CLI not found on PATH and TF_ACC_TERRAFORM_PATH not set")
	}
	return bin
}

// ReleaseArchive writes the provider binary bin into dir as a release archive
// of Version for this platform, named and laid out as .goreleaser.yml makes
// them: terraform-provider-haproxy_<version>_<os>_<arch>.zip holding
// terraform-provider-haproxy_v<version>. It returns the archive's path.
func ReleaseArchive(t testing.TB, bin, dir string) string {
	t.Helper()
	exe, err := os.ReadFile(bin)
	if err != nil {
		t.Fatal(err)
	}
	var buf bytes.Buffer
	zw := zip.NewWriter(&buf)
	h := &zip.FileHeader{Name: "terraform-provider-haproxy_v" + Version, Method: zip.Deflate}
	h.SetMode(0o755)
	w, err := zw.CreateHeader(h)
	if err == nil {
		_, err = w.Write(exe)
	}
	if err = errors.Join(err, zw.Close()); err != nil {
		t.Fatal(err)
	}
	path := filepath.Join(dir, "terraform-provider-haproxy_"+Version+"_"+runtime.GOOS+"_"+runtime.GOARCH+".zip")
	if err := os.WriteFile(path, buf.Bytes(), 0o644); err != nil {
		t.Fatal(err)
	}
	return path
}

// Mirror puts bin's release archive in a filesystem mirror in a temp dir and
// returns the environment for terraform commands that install the provider
// from it: `terraform init` works as for a published provider.
func Mirror(t testing.TB, bin string) []string {
	t.Helper()
	dir := t.TempDir()
	packed := filepath.Join(dir, "mirror", "registry.terraform.io", "tfhaproxy", "haproxy")
	if err := os.MkdirAll(packed, 0o755); err != nil {
		t.Fatal(err)
	}
	ReleaseArchive(t, bin, packed)
	rc := filepath.Join(dir, "terraformrc")
	config := `provider_installation {
  filesystem_mirror {
    path    = "` + filepath.Join(dir, "mirror") + `"
    include = ["registry.terraform.io/tfhaproxy/haproxy"]
  }
  direct {
    exclude = ["registry.terraform.io/tfhaproxy/haproxy"]
  }
}
`
	if err := os.WriteFile(rc, []byte(config), 0o644); err != nil {
		t.Fatal(err)
	}
	return Env(t, rc)
}

// Env is the environment for terraform commands with the CLI configuration rc:
// no checkpoint calls, automation mode, the terraform CLI on PATH.
func Env(t testing.TB, rc string) []string {
	path := filepath.Dir(Binary(t)) + string(os.PathListSeparator) + os.Getenv("PATH")
	var env []string
	for _, kv := range os.Environ() {
		if !strings.HasPrefix(kv, "TF_CLI_CONFIG_FILE=") && !strings.HasPrefix(kv, "PATH=") {
			env = append(env, kv)
		}
	}
	return append(env, "TF_CLI_CONFIG_FILE="+rc, "CHECKPOINT_DISABLE=1", "TF_IN_AUTOMATION=1", "PATH="+path)
}

// Run runs a terraform command in dir and returns its output (stdout and
// stderr together) and exit code.
func Run(t testing.TB, dir string, env []string, args ...string) (string, int) {
	t.Helper()
	var out bytes.Buffer
	code := run(t, dir, env, &out, &out, Binary(t), args...)
	return out.String(), code
}

// Command runs any command in dir and returns its stdout, stderr and exit code.
func Command(t testing.TB, dir string, env []string, name string, args ...string) (stdout, stderr string, code int) {
	t.Helper()
	var o, e bytes.Buffer
	code = run(t, dir, env, &o, &e, name, args...)
	return o.String(), e.String(), code
}

func run(t testing.TB, dir string, env []string, stdout, stderr *bytes.Buffer, name string, args ...string) int {
	t.Helper()
	cmd := exec.Command(name, args...)
	cmd.Dir, cmd.Env, cmd.Stdout, cmd.Stderr = dir, env, stdout, stderr
	err := cmd.Run()
	var exit *exec.ExitError
	switch {
	case err == nil:
		return 0
	case errors.As(err, &exit):
		return exit.ExitCode()
	}
	t.Fatalf("%s %s: %v", name, strings.Join(args, " "), err)
	return -1
}
