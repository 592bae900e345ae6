package provider

import (
	"bytes"
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"strconv"
	"strings"
	"testing"

	"github.com/tfhaproxy/terraform-provider-haproxy/internal/agenttest"
	"github.com/tfhaproxy/terraform-provider-haproxy/internal/haproxytest"
	"github.com/tfhaproxy/terraform-provider-haproxy/internal/importgen"
)

// TestAdoptHandwrittenConfigs adopts each shared handwritten config whole: import
// blocks from generate-imports, `terraform plan -generate-config-out`, `terraform
// apply`, then a plan that must be empty, and the file must not have changed.
// Besides the shared configs, it adopts the quickstart's own haproxy.cfg and
// escapes.cfg, whose values are spelled every way HAProxy reads them: quotes,
// backslash escapes, ${VAR} and '#' inside quotes all go through Terraform values
// and back unchanged; and other-sections.cfg, whose cache, ring, mailers,
// http-errors and peers sections are adopted as haproxy_section.
func TestAdoptHandwrittenConfigs(t *testing.T) {
	files, _ := filepath.Glob("../../../shared/configs/*.cfg")
	if len(files) == 0 {
		files, _ = filepath.Glob("../haproxycfg/testdata/*-*.cfg")
	}
	if len(files) == 0 {
		t.Fatal("no handwritten configs found")
	}
	files = append(files, "../../examples/quickstart/haproxy.cfg", "../haproxycfg/testdata/escapes.cfg", "testdata/other-sections.cfg")
	env := terraformEnv(t)
	for _, file := range files {
		if strings.HasPrefix(filepath.Base(file), "debian") {
			continue
		}
		name := filepath.Base(file)
		if strings.Contains(file, "quickstart") {
			name = "quickstart"
		}
		t.Run(name, func(t *testing.T) { adopt(t, readFile(t, file), env) })
	}
}

// runnable makes a handwritten config start here, touching nothing a resource
// manages: its listeners move to free loopback ports, so that tests can run it
// next to others, and a global maxconn is lowered to what this machine's file
// descriptor limit (20,000, which root cannot raise here) lets HAProxy open.
func runnable(t testing.TB, config string) string {
	var out []string
	for _, line := range strings.SplitAfter(config, "\n") {
		f := strings.Fields(line)
		switch {
		case len(f) >= 2 && f[0] == "bind" && strings.HasPrefix(f[1], "127.0.0.1:"):
			line = strings.Replace(line, f[1], fmt.Sprintf("127.0.0.1:%d", haproxytest.FreePort(t)), 1)
		case len(f) == 2 && f[0] == "maxconn" && len(out) > 0 && inGlobal(out):
			line = strings.Replace(line, f[1], "4096", 1)
		}
		out = append(out, line)
	}
	return strings.Join(out, "")
}

// corpusRunnable does to a corpus config what the corpus's MANIFEST says its
// runner does: ${HAPROXY_RUN_DIR} becomes a run directory, which holds the
// corpus's support files under files/ and the directories h0..h9 the reg-tests
// put sockets in. HAProxy expands variables only between double quotes, and the
// corpus also writes them bare (pidfile, chroot, crt-base). The directory's
// path is short: a unix socket's path is at most 107 bytes.
func corpusRunnable(t testing.TB, config, files string) string {
	dir, err := os.MkdirTemp("", "ac")
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { os.RemoveAll(dir) })
	if files, err = filepath.Abs(files); err != nil {
		t.Fatal(err)
	}
	if err := os.Symlink(files, filepath.Join(dir, "files")); err != nil {
		t.Fatal(err)
	}
	for i := range 10 {
		if err := os.Mkdir(filepath.Join(dir, "h"+strconv.Itoa(i)), 0o755); err != nil {
			t.Fatal(err)
		}
	}
	return strings.ReplaceAll(config, "${HAPROXY_RUN_DIR}", dir)
}

// inGlobal tells whether the lines so far end inside the global section.
func inGlobal(lines []string) bool {
	for i := len(lines) - 1; i >= 0; i-- {
		if f := strings.Fields(lines[i]); len(f) > 0 && !strings.HasPrefix(f[0], "#") && (lines[i][0] != ' ' && lines[i][0] != '\t') {
			return f[0] == "global"
		}
	}
	return false
}

// TestAdoptExtraKeywords adopts a config whose lines say what only
// extra_params and extra_directives hold, spelled otherwise than the agent
// writes (another order, blanks, "5000" for "5s"): the plan after is empty and
// the file unchanged, and a hand edit of one of those keywords is drift.
func TestAdoptExtraKeywords(t *testing.T) {
	env := terraformEnv(t)
	a, dir := adopt(t, readFile(t, "testdata/extra-keywords.cfg"), env)
	generated, err := os.ReadFile(filepath.Join(dir, "generated.tf"))
	if err != nil {
		t.Fatal(err)
	}
	for _, want := range []string{`"id 7 error-limit 5 on-error mark-down maxqueue 10"`, `"balance uri len 10 whole"`, `"option redispatch 3"`,
		`"default-server inter 3s resolve-prefer ipv4"`, `"option forwardfor header X-Real-IP if-none"`, `"nice 10 tcp-ut 30s"`} {
		if !bytes.Contains(generated, []byte(want)) {
			t.Fatalf("generated.tf lacks %s:\n%s", want, generated)
		}
	}
	for _, edit := range [][2]string{{"maxqueue 10", "maxqueue 11"}, {"option redispatch 3", "option redispatch 4"}, {"nice 10", "nice 12"}} {
		a.Edit(t, func(s string) string { return strings.Replace(s, edit[0], edit[1], 1) })
		out, code := runTerraform(t, dir, env, "plan", "-input=false", "-detailed-exitcode")
		if code != 2 || !strings.Contains(out, edit[1]) {
			t.Fatalf("a hand edit of %q to %q does not show as drift (exit %d):\n%s", edit[0], edit[1], code, out)
		}
		a.Edit(t, func(s string) string { return strings.Replace(s, edit[1], edit[0], 1) })
	}
}

func readFile(t testing.TB, file string) string {
	raw, err := os.ReadFile(file)
	if err != nil {
		t.Fatal(err)
	}
	return string(raw)
}

// adopt adopts config, and returns the agent and the root module.
func adopt(t testing.TB, config string, env []string) (*agenttest.Agent, string) {
	t.Setenv("HAPROXY_RUN_DIR", t.TempDir()) // the shared configs put their stats socket there
	a := agenttest.Start(t, runnable(t, config))
	before := a.File(t)

	dir := t.TempDir()
	inv, err := importgen.FromConfig([]byte(before))
	if err != nil {
		t.Fatal(err)
	}
	var imports bytes.Buffer
	if err := importgen.Write(&imports, inv); err != nil {
		t.Fatal(err)
	}
	main := providerConfig(a) + imports.String()
	if err := os.WriteFile(filepath.Join(dir, "main.tf"), []byte(main), 0o644); err != nil {
		t.Fatal(err)
	}
	if out, code := runTerraform(t, dir, env, "plan", "-input=false", "-generate-config-out=generated.tf"); code != 0 {
		generated, _ := os.ReadFile(filepath.Join(dir, "generated.tf"))
		t.Fatalf("plan -generate-config-out (exit %d):\n%s\ngenerated.tf:\n%s", code, out, generated)
	}
	if out, code := runTerraform(t, dir, env, "apply", "-input=false", "-auto-approve"); code != 0 {
		generated, _ := os.ReadFile(filepath.Join(dir, "generated.tf"))
		t.Fatalf("apply of the imports (exit %d):\n%s\ngenerated.tf:\n%s", code, out, generated)
	}
	if out, code := runTerraform(t, dir, env, "plan", "-input=false", "-detailed-exitcode"); code != 0 {
		t.Fatalf("the plan after adoption is not empty (exit %d):\n%s", code, out)
	}
	if got := a.File(t); got != before {
		t.Fatalf("adoption changed haproxy.cfg:\n%s", got)
	}
	// Drift after a hand edit shows, with exit code 2.
	a.Edit(t, func(s string) string { return strings.Replace(s, "\n", "\n# a comment is no drift\n", 1) })
	if out, code := runTerraform(t, dir, env, "plan", "-input=false", "-detailed-exitcode"); code != 0 {
		t.Fatalf("a comment added by hand shows as drift (exit %d):\n%s", code, out)
	}
	return a, dir
}

// corpusDir is where the corpus of real configs is when it is beside the
// checkout.
const corpusDir = "../../../shared/corpus"

// TestAdoptCorpus is `make adopt-corpus`: it adopts each config of the corpus
// of real configs beside the checkout (../shared/corpus, when it is there) as
// TestAdoptHandwrittenConfigs adopts the shared ones, and reports how many
// adopt cleanly (empty plan after, file unchanged), how many fail, and how
// many HAProxy 2.6 does not run here (files they name are missing, newer
// keywords), which are skipped. A config with no listener gets one frontend,
// as HAProxy will not start without. It runs only with ADOPT_CORPUS=1: it takes
// minutes per ten configs. ADOPT_CORPUS_LIMIT=n adopts the first n.
func TestAdoptCorpus(t *testing.T) {
	if os.Getenv("ADOPT_CORPUS") == "" {
		t.Skip("set ADOPT_CORPUS=1 (make adopt-corpus)")
	}
	files, _ := filepath.Glob(filepath.Join(corpusDir, "*.cfg"))
	if len(files) == 0 {
		t.Skip("no corpus at " + corpusDir)
	}
	if n, err := strconv.Atoi(os.Getenv("ADOPT_CORPUS_LIMIT")); err == nil && n < len(files) {
		files = files[:n]
	}
	env := terraformEnv(t)
	var adopted, failed, notRun []string
	for i, file := range files {
		name := filepath.Base(file)
		runs := true
		// Short names: the agent's sockets are under the test's temporary
		// directory, which is named after it, and a socket's path is short.
		ok := t.Run(strconv.Itoa(i), func(t *testing.T) {
			t.Log(name)
			config := corpusRunnable(t, readFile(t, file), filepath.Join(filepath.Dir(file), "files"))
			check := func() ([]byte, error) {
				cfg := filepath.Join(t.TempDir(), "haproxy.cfg")
				if err := os.WriteFile(cfg, []byte(runnable(t, config)), 0o644); err != nil {
					t.Fatal(err)
				}
				return exec.Command("haproxy", "-c", "-f", cfg).CombinedOutput()
			}
			out, err := check()
			if err != nil && bytes.Contains(out, []byte("will not start (no listener)")) {
				// A config of backends only (a reg-test's checks): HAProxy
				// starts with one listener, a frontend adopted with the rest,
				// after defaults of its own, which no other section takes.
				config = strings.TrimSuffix(config, "\n") + "\n\ndefaults adopt_corpus_listener\n\nfrontend adopt_corpus_listener\n    bind 127.0.0.1:1\n"
				out, err = check()
			}
			if err != nil {
				runs = false
				t.Skipf("HAProxy does not run it here: %s", out)
			}
			adopt(t, config, env)
		})
		switch {
		case !runs:
			notRun = append(notRun, name)
		case ok:
			adopted = append(adopted, name)
		default:
			failed = append(failed, name)
		}
	}
	t.Logf("%d configs: %d adopted cleanly, %d failed, %d not run by HAProxy here", len(files), len(adopted), len(failed), len(notRun))
	t.Logf("failed: %s", strings.Join(failed, " "))
}
