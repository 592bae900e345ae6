package main

import (
	"encoding/json"
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/tfhaproxy/terraform-provider-haproxy/internal/agenttest"
	"github.com/tfhaproxy/terraform-provider-haproxy/internal/haproxytest"
	"github.com/tfhaproxy/terraform-provider-haproxy/internal/terraformtest"
)

// These tests follow the guides with the real terraform CLI: the provider comes
// from its release archive in a filesystem mirror, as the installing guide says.

// TestMain removes the binary buildProvider made, once every test is done.
func TestMain(m *testing.M) {
	code := m.Run()
	terraformtest.RemoveBuild()
	os.Exit(code)
}

// buildProvider builds this binary, as `make build` does, once for all the
// tests of the package, and returns its path. Tests must not change it.
func buildProvider(t *testing.T) string {
	return terraformtest.Build(t, ".", "-ldflags", "-X main.version="+terraformtest.Version)
}

// TestInstallFromReleaseArchive follows the installing guide with a release
// archive: in the implied local mirror of a user, then in a shared mirror named
// by the guide's CLI configuration. Each time `terraform init` installs the
// provider, and the binary it installed is the release's.
func TestInstallFromReleaseArchive(t *testing.T) {
	bin := buildProvider(t)
	archive := terraformtest.ReleaseArchive(t, bin, t.TempDir())
	module := `terraform {
  required_providers {
    haproxy = {
      source  = "tfhaproxy/haproxy"
      version = "` + terraformtest.Version + `"
    }
  }
}
`
	rc, err := os.ReadFile("examples/install/terraformrc")
	if err != nil {
		t.Fatal(err)
	}
	const guidePath = "/usr/local/share/terraform/providers"
	if !strings.Contains(string(rc), guidePath) {
		t.Fatalf("examples/install/terraformrc does not name %s, which the guide copies the archive to", guidePath)
	}
	for _, c := range []struct {
		name string
		// mirror is where the guide puts the archive, under home; rc the CLI configuration.
		mirror, rc func(home string) string
	}{
		{"implied local mirror", func(home string) string { return filepath.Join(home, ".terraform.d", "plugins") }, func(string) string { return "" }},
		{"shared mirror", func(home string) string { return filepath.Join(home, "providers") }, func(home string) string {
			return strings.ReplaceAll(string(rc), guidePath, filepath.Join(home, "providers"))
		}},
	} {
		t.Run(c.name, func(t *testing.T) {
			home, dir := t.TempDir(), t.TempDir()
			packed := filepath.Join(c.mirror(home), "registry.terraform.io", "tfhaproxy", "haproxy")
			os.MkdirAll(packed, 0o755)
			data, _ := os.ReadFile(archive)
			os.WriteFile(filepath.Join(packed, filepath.Base(archive)), data, 0o644)
			rcFile := filepath.Join(t.TempDir(), "terraformrc")
			os.WriteFile(rcFile, []byte(c.rc(home)), 0o644)
			os.WriteFile(filepath.Join(dir, "main.tf"), []byte(module), 0o644)
			env := append(terraformtest.Env(t, rcFile), "HOME="+home)
			out, code := terraformtest.Run(t, dir, env, "init", "-input=false", "-no-color")
			if code != 0 || !strings.Contains(out, "Installed tfhaproxy/haproxy v"+terraformtest.Version) {
				t.Fatalf("terraform init (exit %d):\n%s", code, out)
			}
			installed, _ := filepath.Glob(filepath.Join(dir, ".terraform/providers/registry.terraform.io/tfhaproxy/haproxy/*/*/terraform-provider-haproxy_v*"))
			if len(installed) != 1 {
				t.Fatalf("installed: %v", installed)
			}
			if version, _, _ := terraformtest.Command(t, dir, env, installed[0], "--version"); strings.TrimSpace(version) != terraformtest.Version {
				t.Fatalf("the installed binary says version %q", version)
			}
		})
	}
}

// handwritten is a small handwritten haproxy.cfg on free loopback ports, with
// every kind of object generate-imports lists.
func handwritten(t *testing.T) string {
	return fmt.Sprintf(`global
    maxconn 1000

defaults
    mode http
    timeout connect 5s
    timeout client 30s
    timeout server 30s

# edge, written by hand
frontend fe_edge
    bind 127.0.0.1:%d name http
    acl host_api hdr(host) -i api.example.com
    acl blocked src 192.0.2.0/24
    http-request deny deny_status 403 if blocked
    http-request set-header X-Forwarded-Proto http
    use_backend be_api if host_api
    default_backend be_www

backend be_www
    balance roundrobin
    server www1 127.0.0.1:%d check

backend be_api
    server api1 127.0.0.1:%d
`, haproxytest.FreePort(t), haproxytest.FreePort(t), haproxytest.FreePort(t))
}

// TestAdoptIntoEmptyDirectory is the adopting guide: generate-imports writes a
// root module into an empty directory, `terraform init` and `terraform plan
// -generate-config-out` work there as they are, the apply only imports, and the
// plan after is empty.
func TestAdoptIntoEmptyDirectory(t *testing.T) {
	bin := buildProvider(t)
	t.Setenv("HAPROXY_RUN_DIR", t.TempDir())
	a := agenttest.Start(t, handwritten(t))
	before := a.File(t)
	env := append(terraformtest.Mirror(t, bin), "HAPROXY_URL="+a.URL, "HAPROXY_USERNAME="+agenttest.User, "HAPROXY_PASSWORD="+agenttest.Password)
	dir := filepath.Join(t.TempDir(), "adopt") // not there yet: generate-imports makes it

	_, stderr, code := terraformtest.Command(t, ".", env, bin, "generate-imports", "--module-dir", dir)
	if code != 0 {
		t.Fatalf("generate-imports --module-dir (exit %d):\n%s", code, stderr)
	}
	imports, _ := os.ReadFile(filepath.Join(dir, "imports.tf"))
	// The global section, 1 defaults section, 1 frontend, 1 bind, 2 ACLs, 1
	// rule list, 1 switching list, 2 backends, 2 servers.
	if n := strings.Count(string(imports), "import {"); n != 12 {
		t.Fatalf("%d import blocks, want 12:\n%s", n, imports)
	}
	if _, _, code := terraformtest.Command(t, ".", env, bin, "generate-imports", "--module-dir", dir); code != 1 {
		t.Fatalf("a second generate-imports into the same directory: exit %d, want 1 (it must not overwrite)", code)
	}
	for _, step := range [][]string{
		{"init", "-input=false"},
		{"plan", "-input=false", "-generate-config-out=generated.tf"},
		{"apply", "-input=false", "-auto-approve"},
	} {
		if out, code := terraformtest.Run(t, dir, env, step...); code != 0 {
			t.Fatalf("terraform %s (exit %d):\n%s", strings.Join(step, " "), code, out)
		}
	}
	if out, code := terraformtest.Run(t, dir, env, "plan", "-input=false", "-detailed-exitcode"); code != 0 {
		t.Fatalf("the plan after adoption is not empty (exit %d):\n%s", code, out)
	}
	if a.File(t) != before {
		t.Fatalf("adoption changed haproxy.cfg:\n%s", a.File(t))
	}
}

// TestUnmanagedObjectsInCI is the drift guide's second job: after adoption,
// check-unmanaged.sh passes; a backend with a server and an ACL line added by
// hand leave `terraform plan` empty, but the job fails with exit 2 and lists
// them, and `generate-imports --skip-managed` adopts just those, with either
// state format.
func TestUnmanagedObjectsInCI(t *testing.T) {
	bin := buildProvider(t)
	t.Setenv("HAPROXY_RUN_DIR", t.TempDir())
	a := agenttest.Start(t, handwritten(t))
	env := append(terraformtest.Mirror(t, bin), "HAPROXY_URL="+a.URL, "HAPROXY_USERNAME="+agenttest.User, "HAPROXY_PASSWORD="+agenttest.Password)
	dir := filepath.Join(t.TempDir(), "lb")
	if _, stderr, code := terraformtest.Command(t, ".", env, bin, "generate-imports", "--module-dir", dir); code != 0 {
		t.Fatalf("generate-imports --module-dir (exit %d):\n%s", code, stderr)
	}
	script, err := os.ReadFile("examples/ci-drift/check-unmanaged.sh")
	if err != nil {
		t.Fatal(err)
	}
	os.WriteFile(filepath.Join(dir, "check-unmanaged.sh"), script, 0o755)
	// adopt imports what the import blocks name, writing its resources to out.
	adopt := func(out string) {
		t.Helper()
		for _, step := range [][]string{
			{"init", "-input=false"},
			{"plan", "-input=false", "-generate-config-out=" + out},
			{"apply", "-input=false", "-auto-approve"},
		} {
			if out, code := terraformtest.Run(t, dir, env, step...); code != 0 {
				t.Fatalf("terraform %s (exit %d):\n%s", strings.Join(step, " "), code, out)
			}
		}
	}
	check := func() (string, string, int) {
		t.Helper()
		return terraformtest.Command(t, dir, env, "bash", "check-unmanaged.sh")
	}
	// states writes the state in both formats generate-imports reads and checks
	// which one it is, so that each is really tested.
	states := func() []string {
		t.Helper()
		shown, _, code := terraformtest.Command(t, dir, env, terraformtest.Binary(t), "show", "-json")
		pulled, _, code2 := terraformtest.Command(t, dir, env, terraformtest.Binary(t), "state", "pull")
		if code != 0 || code2 != 0 {
			t.Fatalf("terraform show -json: exit %d, terraform state pull: exit %d", code, code2)
		}
		var s struct {
			FormatVersion string `json:"format_version"`
			Version       int    `json:"version"`
		}
		json.Unmarshal([]byte(shown), &s)
		if s.FormatVersion == "" {
			t.Fatalf("terraform show -json printed no format_version:\n%s", shown)
		}
		json.Unmarshal([]byte(pulled), &s)
		if s.Version != 4 {
			t.Fatalf("terraform state pull printed state version %d:\n%s", s.Version, pulled)
		}
		files := []string{filepath.Join(dir, "shown.json"), filepath.Join(dir, "pulled.tfstate")}
		os.WriteFile(files[0], []byte(shown), 0o600)
		os.WriteFile(files[1], []byte(pulled), 0o600)
		return files
	}

	adopt("generated.tf")
	if out, stderr, code := check(); code != 0 || strings.Contains(out, "import {") {
		t.Fatalf("check-unmanaged.sh after adoption: exit %d, want 0\n%s%s", code, out, stderr)
	}
	for _, state := range states() {
		out, stderr, code := terraformtest.Command(t, dir, env, bin, "generate-imports", "--skip-managed", state, "--fail-on-unmanaged")
		if code != 0 || out != "" || !strings.Contains(stderr, "Terraform manages every object") {
			t.Fatalf("--skip-managed %s after adoption: exit %d\n%s%s", filepath.Base(state), code, out, stderr)
		}
	}

	a.Edit(t, func(s string) string {
		s = strings.Replace(s, "    default_backend be_www\n", "    default_backend be_www\n    acl host_admin hdr(host) -i admin.example.com\n", 1)
		return s + "\nbackend be_admin\n    server admin1 127.0.0.1:9\n"
	})
	if out, code := terraformtest.Run(t, dir, env, "plan", "-input=false", "-detailed-exitcode"); code != 0 {
		t.Fatalf("plan sees objects added by hand (exit %d), so the guide's claim that it does not is wrong:\n%s", code, out)
	}
	out, stderr, code := check()
	if code != 2 {
		t.Fatalf("check-unmanaged.sh after a hand edit: exit %d, want 2\n%s%s", code, out, stderr)
	}
	// The list as the drift guide shows it.
	const listed = `generate-imports: 3 objects Terraform does not manage:
  haproxy_acl frontends/fe_edge/host_admin hdr(host) -i admin.example.com
  haproxy_backend be_admin
  haproxy_server be_admin/admin1
`
	if !strings.Contains(stderr, listed) || strings.Count(out, "import {") != 3 {
		t.Errorf("check-unmanaged.sh does not list:\n%s\nit printed:\n%s%s", listed, out, stderr)
	}
	var imports []string
	for _, state := range states() {
		out, stderr, code := terraformtest.Command(t, dir, env, bin, "generate-imports", "--skip-managed", state)
		if code != 0 || strings.Count(out, "import {") != 3 {
			t.Fatalf("--skip-managed %s after a hand edit: exit %d, want 3 import blocks\n%s%s", filepath.Base(state), code, out, stderr)
		}
		imports = append(imports, out)
	}
	if imports[0] != imports[1] {
		t.Fatalf("the two state formats give different imports:\n%s\n%s", imports[0], imports[1])
	}
	os.WriteFile(filepath.Join(dir, "imports-2.tf"), []byte(imports[0]), 0o644)
	adopt("generated-2.tf")
	if out, stderr, code := check(); code != 0 {
		t.Fatalf("check-unmanaged.sh after adopting the hand edit: exit %d, want 0\n%s%s", code, out, stderr)
	}
}

// TestDocsHaveNoRepositoryPaths: docs/ is what a registry shows, where the
// repository's files cannot be opened and make cannot be run. Examples come in
// through tffile and codefile, as their content.
func TestDocsHaveNoRepositoryPaths(t *testing.T) {
	pages, _ := filepath.Glob("docs/*/*.md")
	index, _ := filepath.Glob("docs/*.md")
	pages = append(pages, index...)
	if len(pages) < 10 {
		t.Fatalf("only %d pages in docs/", len(pages))
	}
	for _, page := range pages {
		data, err := os.ReadFile(page)
		if err != nil {
			t.Fatal(err)
		}
		for n, line := range strings.Split(string(data), "\n") {
			for _, path := range []string{"examples/", "internal/", "shared/", "templates/", "../", "make "} {
				if strings.Contains(line, path) {
					t.Errorf("%s:%d names %q, which a registry reader cannot open or run: %s", page, n+1, path, line)
				}
			}
		}
	}
}
