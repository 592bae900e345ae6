package provider

import (
	"fmt"
	"os"
	"os/exec"
	"os/user"
	"path/filepath"
	"slices"
	"strings"
	"testing"

	"github.com/tfhaproxy/terraform-provider-haproxy/internal/agenttest"
	"github.com/tfhaproxy/terraform-provider-haproxy/internal/haproxytest"
)

// postgres starts a throwaway PostgreSQL on a free loopback port and returns a
// connection string for database terraform_state. PostgreSQL refuses to run as
// root, so it runs as the postgres user the Debian package creates.
func postgres(t *testing.T) string {
	initdb, _ := filepath.Glob("/usr/lib/postgresql/*/bin/initdb")
	if len(initdb) == 0 {
		t.Fatal("PostgreSQL is not installed: `apt-get install -y postgresql` (.ci/run does it)")
	}
	bin := filepath.Dir(initdb[len(initdb)-1])
	as := func(args ...string) *exec.Cmd { return exec.Command(args[0], args[1:]...) }
	if os.Getuid() == 0 {
		if _, err := user.Lookup("postgres"); err != nil {
			t.Fatal("running as root, and there is no postgres user to run PostgreSQL as")
		}
		as = func(args ...string) *exec.Cmd {
			return exec.Command("runuser", append([]string{"-u", "postgres", "--"}, args...)...)
		}
	}
	dir, err := os.MkdirTemp("", "tfhaproxy-pg-")
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { os.RemoveAll(dir) })
	os.Chmod(dir, 0o777)
	data, port := filepath.Join(dir, "data"), haproxytest.FreePort(t)
	run := func(cmd *exec.Cmd) {
		t.Helper()
		if out, err := cmd.CombinedOutput(); err != nil {
			t.Fatalf("%s: %v\n%s", strings.Join(cmd.Args, " "), err, out)
		}
	}
	run(as(filepath.Join(bin, "initdb"), "-D", data, "--auth=trust", "-U", "postgres"))
	run(as(filepath.Join(bin, "pg_ctl"), "-D", data, "-l", filepath.Join(dir, "log"), "-w",
		"-o", fmt.Sprintf("-p %d -h 127.0.0.1 -k %s", port, dir), "start"))
	t.Cleanup(func() { as(filepath.Join(bin, "pg_ctl"), "-D", data, "-m", "fast", "stop").Run() })
	run(as(filepath.Join(bin, "createdb"), "-h", "127.0.0.1", "-p", fmt.Sprint(port), "-U", "postgres", "terraform_state"))
	return fmt.Sprintf("postgres://postgres@127.0.0.1:%d/terraform_state?sslmode=disable", port)
}

// TestDriftInCIWithPostgres runs the drift guide's example as CI would: state in
// PostgreSQL, the apply as an operator, check-drift.sh as a read-only user,
// exiting 0 while haproxy.cfg is what Terraform says and 2 once someone edits it
// by hand; an apply with the read-only user's credentials changes nothing.
func TestDriftInCIWithPostgres(t *testing.T) {
	env := terraformMirror(t)
	a := agenttest.Start(t, smallConfig(haproxytest.FreePort(t)))
	env = append(env, "PG_CONN_STR="+postgres(t), "HAPROXY_URL="+a.URL)
	readOnly := append(slices.Clip(env), "HAPROXY_USERNAME="+agenttest.ReadOnlyUser, "HAPROXY_PASSWORD="+agenttest.ReadOnlyPassword)
	env = append(env, "HAPROXY_USERNAME="+agenttest.User, "HAPROXY_PASSWORD="+agenttest.Password)
	dir := t.TempDir()
	for _, f := range []string{"main.tf", "check-drift.sh"} {
		b, err := os.ReadFile(filepath.Join("../../examples/ci-drift", f))
		if err != nil {
			t.Fatal(err)
		}
		os.WriteFile(filepath.Join(dir, f), b, 0o755)
	}
	if out, code := runTerraform(t, dir, env, "init", "-input=false"); code != 0 {
		t.Fatalf("init with the pg backend (exit %d):\n%s", code, out)
	}
	if out, code := runTerraform(t, dir, env, "apply", "-input=false", "-auto-approve"); code != 0 {
		t.Fatalf("apply (exit %d):\n%s", code, out)
	}
	check := func() (string, int) {
		cmd := exec.Command("bash", "check-drift.sh")
		cmd.Dir, cmd.Env = dir, append(readOnly, "PATH="+filepath.Dir(os.Getenv("TF_ACC_TERRAFORM_PATH"))+":"+os.Getenv("PATH"))
		out, err := cmd.CombinedOutput()
		if exit, ok := err.(*exec.ExitError); ok {
			return string(out), exit.ExitCode()
		}
		return string(out), 0
	}
	if out, code := check(); code != 0 || !strings.Contains(out, "no drift") {
		t.Fatalf("check-drift.sh right after apply (exit %d):\n%s", code, out)
	}
	a.Edit(t, func(s string) string { return strings.Replace(s, "weight 50", "weight 5", 1) })
	out, code := check()
	if code != 2 || !strings.Contains(out, "weight") || !strings.Contains(out, "drifted") {
		t.Fatalf("check-drift.sh after a hand edit (exit %d, want 2):\n%s", code, out)
	}
	edited := a.File(t)
	out, code = runTerraform(t, dir, readOnly, "apply", "-input=false", "-auto-approve", "-no-color")
	if words := strings.Join(strings.Fields(out), " "); code == 0 || !strings.Contains(words, "read-only user") || !strings.Contains(words, "writes need an operator") || a.File(t) != edited {
		t.Fatalf("apply as the read-only user (exit %d):\n%s\nhaproxy.cfg:\n%s", code, out, a.File(t))
	}
	// The state is in PostgreSQL, not in the directory.
	if _, err := os.Stat(filepath.Join(dir, "terraform.tfstate")); err == nil {
		t.Fatal("a local terraform.tfstate was written")
	}
}
