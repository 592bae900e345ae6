package provider

import (
	"bufio"
	"errors"
	"fmt"
	"net/http"
	"net/http/httptest"
	"net/http/httputil"
	"net/url"
	"os"
	"os/exec"
	"path/filepath"
	"slices"
	"strings"
	"sync"
	"testing"

	"github.com/tfhaproxy/terraform-provider-haproxy/internal/agenttest"
	"github.com/tfhaproxy/terraform-provider-haproxy/internal/haproxytest"
	"github.com/tfhaproxy/terraform-provider-haproxy/internal/terraformtest"
)

// TestStateLockForTeams runs two applies at once against the drift guide's
// example (state in PostgreSQL) and one agent, as two teammates would: Alice and
// Bob each add a backend, and Bob's checkout has Alice's change too (both work on
// the same branch), so that whichever runs second has nothing of the first's to
// undo. Without -lock-timeout, Bob's apply fails on the lock and writes nothing;
// run again once Alice's is done, it adds only his backend. With -lock-timeout,
// Bob's apply waits for Alice's and then does the same.
//
// The order is not left to a race. Terraform's pg backend locks a workspace with
// pg_try_advisory_lock on its row's id in the states table (and -1 while it
// creates the row), a session lock held from before the plan until the apply
// ends. Alice's apply talks to the agent through heldAgent, which holds her first
// write until the test lets it go: once the write arrives, her apply holds the
// lock (pg_locks shows it) and has changed nothing. Bob runs then. With
// -lock-timeout the test waits for Bob to say he is waiting ("Acquiring state
// lock", which terraform prints once the lock has not come for 400ms) before it
// lets Alice go.
func TestStateLockForTeams(t *testing.T) {
	env := terraformMirror(t)
	a := agenttest.Start(t, smallConfig(haproxytest.FreePort(t)))
	pg := postgres(t)
	env = append(env, "PG_CONN_STR="+pg, "HAPROXY_USERNAME="+agenttest.User, "HAPROXY_PASSWORD="+agenttest.Password)
	direct := append(slices.Clip(env), "HAPROXY_URL="+a.URL)
	example, err := os.ReadFile("../../examples/ci-drift/main.tf")
	if err != nil {
		t.Fatal(err)
	}
	alice, bob := t.TempDir(), t.TempDir()
	for _, dir := range []string{alice, bob} {
		os.WriteFile(filepath.Join(dir, "main.tf"), example, 0o644)
		if out, code := runTerraform(t, dir, env, "init", "-input=false"); code != 0 {
			t.Fatalf("init with the pg backend (exit %d):\n%s", code, out)
		}
	}
	// Alice's provider waits as long as heldAgent holds her write, not the
	// default 30s per request: Bob's run on a busy machine must not decide the
	// test. An override file changes the example's provider block without
	// editing it.
	os.WriteFile(filepath.Join(alice, "timeout_override.tf"), []byte("provider \"haproxy\" {\n  timeout = \"30m\"\n}\n"), 0o644)
	apply := []string{"apply", "-input=false", "-auto-approve", "-no-color"}
	// The team's state exists: the example applied once.
	if out, code := runTerraform(t, alice, direct, apply...); code != 0 {
		t.Fatalf("first apply (exit %d):\n%s", code, out)
	}

	// The second part starts from what the first leaves.
	if !t.Run("without lock-timeout, the second apply fails and writes nothing", func(t *testing.T) {
		teamBackends(t, alice, "be_alice_1")
		teamBackends(t, bob, "be_alice_1", "be_bob_1")
		h := holdAgent(t, a.URL)
		first := startTerraform(t, alice, append(slices.Clip(env), "HAPROXY_URL="+h.URL), "", apply...)
		h.waitHeld(t, first)
		if n := psql(t, pg, `SELECT count(*) FROM pg_locks l, terraform_remote_state.states s
			WHERE l.locktype = 'advisory' AND l.granted AND s.name = 'default' AND l.objid::text::bigint = s.id`); n != "1" {
			t.Fatalf("while Alice's apply runs, %s advisory locks on the workspace's row, want 1", n)
		}
		cfg, state := a.File(t), stateRow(t, pg)
		out, code := runTerraform(t, bob, direct, apply...)
		if code == 0 || !strings.Contains(out, "Error acquiring the state lock") || !strings.Contains(out, "Workspace is already locked: default") {
			t.Fatalf("Bob's apply while Alice's holds the lock (exit %d):\n%s", code, out)
		}
		if a.File(t) != cfg || stateRow(t, pg) != state {
			t.Fatalf("Bob's failed apply wrote something: haproxy.cfg\n%s\nstate\n%s", a.File(t), stateRow(t, pg))
		}
		h.release()
		if out, code := first.wait(); code != 0 || !strings.Contains(out, "Resources: 1 added, 0 changed, 0 destroyed") {
			t.Fatalf("Alice's apply (exit %d):\n%s", code, out)
		}
		out, code = runTerraform(t, bob, direct, apply...)
		if code != 0 || !strings.Contains(out, "Resources: 1 added, 0 changed, 0 destroyed") {
			t.Fatalf("Bob's apply again (exit %d):\n%s", code, out)
		}
		teamHolds(t, a, pg, bob, direct, "be_alice_1", "be_bob_1")
	}) {
		return
	}

	t.Run("with lock-timeout, the second apply waits", func(t *testing.T) {
		teamBackends(t, alice, "be_alice_1", "be_bob_1", "be_alice_2")
		teamBackends(t, bob, "be_alice_1", "be_bob_1", "be_alice_2", "be_bob_2")
		h := holdAgent(t, a.URL)
		first := startTerraform(t, alice, append(slices.Clip(env), "HAPROXY_URL="+h.URL), "", append(apply, "-lock-timeout=30m")...)
		h.waitHeld(t, first)
		second := startTerraform(t, bob, direct, "Acquiring state lock", append(apply, "-lock-timeout=30m")...)
		select {
		case <-second.saw:
		case <-second.done:
			out, code := second.wait()
			t.Fatalf("Bob's apply ended while Alice's held the lock (exit %d):\n%s", code, out)
		}
		h.release()
		if out, code := first.wait(); code != 0 || !strings.Contains(out, "Resources: 1 added, 0 changed, 0 destroyed") {
			t.Fatalf("Alice's apply (exit %d):\n%s", code, out)
		}
		if out, code := second.wait(); code != 0 || !strings.Contains(out, "Resources: 1 added, 0 changed, 0 destroyed") {
			t.Fatalf("Bob's apply, after waiting (exit %d):\n%s", code, out)
		}
		teamHolds(t, a, pg, bob, direct, "be_alice_1", "be_bob_1", "be_alice_2", "be_bob_2")
	})
}

// teamBackends writes team.tf in dir: one haproxy_backend per name, beside the
// example's resources.
func teamBackends(t *testing.T, dir string, names ...string) {
	var b strings.Builder
	for _, n := range names {
		fmt.Fprintf(&b, "resource \"haproxy_backend\" %q {\n  name = %q\n}\n\n", n, n)
	}
	if err := os.WriteFile(filepath.Join(dir, "team.tf"), []byte(b.String()), 0o644); err != nil {
		t.Fatal(err)
	}
}

// teamHolds checks that nothing was lost: the state and haproxy.cfg have the
// example's backend and every team backend, plan in dir has nothing to do, and no
// run left a lock behind.
func teamHolds(t *testing.T, a *agenttest.Agent, pg, dir string, env []string, backends ...string) {
	t.Helper()
	list, code := runTerraform(t, dir, env, "state", "list")
	cfg := a.File(t)
	want := map[string]string{"haproxy_backend.app": "be_app"}
	for _, b := range backends {
		want["haproxy_backend."+b] = b
	}
	for address, name := range want {
		if code != 0 || !slices.Contains(strings.Fields(list), address) || !strings.Contains(cfg, "\nbackend "+name+"\n") {
			t.Fatalf("%s is lost: state list (exit %d):\n%s\nhaproxy.cfg:\n%s", name, code, list, cfg)
		}
	}
	if out, code := runTerraform(t, dir, env, "plan", "-input=false", "-detailed-exitcode", "-no-color"); code != 0 {
		t.Fatalf("plan after both applies (exit %d, want 0):\n%s", code, out)
	}
	if n := psql(t, pg, "SELECT count(*) FROM pg_locks WHERE locktype = 'advisory'"); n != "0" {
		t.Fatalf("%s advisory locks left once every run has ended, want 0", n)
	}
}

// psql runs one query against the test's PostgreSQL and returns its result.
func psql(t *testing.T, conn, query string) string {
	t.Helper()
	out, errOut, code := terraformtest.Command(t, "", os.Environ(), "psql", conn, "-XtAc", query)
	if code != 0 {
		t.Fatalf("psql %q (exit %d): %s", query, code, errOut)
	}
	return strings.TrimSpace(out)
}

// stateRow is the default workspace's state as the pg backend stores it.
func stateRow(t *testing.T, conn string) string {
	return psql(t, conn, "SELECT data FROM terraform_remote_state.states WHERE name = 'default'")
}

// heldAgent forwards requests to an agent, but holds every write until the
// test releases them; held is closed when the first write arrives. An apply
// through it stops at its first write, holding the state lock, for as long as
// the test wants.
type heldAgent struct {
	URL     string
	held    chan struct{}
	release func()
}

func holdAgent(t *testing.T, agentURL string) *heldAgent {
	target, err := url.Parse(agentURL)
	if err != nil {
		t.Fatal(err)
	}
	proxy, released := httputil.NewSingleHostReverseProxy(target), make(chan struct{})
	h := &heldAgent{held: make(chan struct{})}
	var arrived, let sync.Once
	h.release = func() { let.Do(func() { close(released) }) }
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		if r.Method != http.MethodGet {
			arrived.Do(func() { close(h.held) })
			<-released
		}
		proxy.ServeHTTP(w, r)
	}))
	t.Cleanup(func() { // a held request would keep Close waiting
		h.release()
		srv.Close()
	})
	h.URL = srv.URL
	return h
}

// waitHeld waits until run's first write arrives; run must not end before.
func (h *heldAgent) waitHeld(t *testing.T, run *background) {
	t.Helper()
	select {
	case <-h.held:
	case <-run.done:
		out, code := run.wait()
		t.Fatalf("the apply ended before its first write (exit %d):\n%s", code, out)
	}
}

// background is a terraform command that runs while the test goes on.
type background struct {
	saw  chan struct{} // closed once a line of its output contains what the test awaits
	done chan struct{} // closed once it has exited
	out  strings.Builder
	code int
}

// startTerraform starts a terraform command in dir; its saw channel is closed
// when a line of its output contains await (never when await is empty). The
// command is killed if the test ends first.
func startTerraform(t *testing.T, dir string, env []string, await string, args ...string) *background {
	t.Helper()
	r, w, err := os.Pipe()
	if err != nil {
		t.Fatal(err)
	}
	cmd := exec.Command(terraformtest.Binary(t), args...)
	cmd.Dir, cmd.Env, cmd.Stdout, cmd.Stderr = dir, env, w, w
	err = cmd.Start()
	w.Close() // the command holds its own copy; EOF comes when it exits
	if err != nil {
		r.Close()
		t.Fatal(err)
	}
	b := &background{saw: make(chan struct{}), done: make(chan struct{})}
	go func() {
		defer close(b.done)
		lines, seen := bufio.NewScanner(r), false
		for lines.Scan() {
			b.out.WriteString(lines.Text() + "\n")
			if await != "" && !seen && strings.Contains(lines.Text(), await) {
				seen = true
				close(b.saw)
			}
		}
		r.Close()
		var exit *exec.ExitError
		if err := cmd.Wait(); errors.As(err, &exit) {
			b.code = exit.ExitCode()
		} else if err != nil {
			b.code = -1
		}
	}()
	t.Cleanup(func() {
		select {
		case <-b.done:
		default:
			cmd.Process.Kill()
			<-b.done
		}
	})
	return b
}

// wait waits for the command to exit and returns its output and exit code.
func (b *background) wait() (string, int) {
	<-b.done
	return b.out.String(), b.code
}
