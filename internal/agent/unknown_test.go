package agent

import (
	"context"
	"os"
	"path/filepath"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/tfhaproxy/terraform-provider-haproxy/internal/clifault"
	"github.com/tfhaproxy/terraform-provider-haproxy/internal/engine"
	"github.com/tfhaproxy/terraform-provider-haproxy/internal/haproxy"
	"github.com/tfhaproxy/terraform-provider-haproxy/internal/haproxycfg"
	"github.com/tfhaproxy/terraform-provider-haproxy/internal/haproxytest"
)

// running is the list of backends the running HAProxy serves.
func running(t *testing.T, m *haproxy.Master) string {
	t.Helper()
	ctx, cancel := context.WithTimeout(context.Background(), 30*time.Second)
	defer cancel()
	ans, err := m.Worker(ctx, "show backend")
	if err != nil {
		t.Fatal(err)
	}
	return ans
}

// waitSettled waits until the reloader knows HAProxy runs the file.
func waitSettled(t *testing.T, r *reloader) {
	t.Helper()
	deadline := time.Now().Add(2 * time.Minute)
	for {
		r.mu.Lock()
		done := !r.unsettled && r.pending == nil
		r.mu.Unlock()
		if done {
			return
		}
		if time.Now().After(deadline) {
			t.Fatal("the reloader never knew HAProxy runs the file")
		}
		time.Sleep(20 * time.Millisecond)
	}
}

// TestReloadOutcomeUnknown: HAProxy takes a reload, then its master answers
// nothing more. The write fails, saying HAProxy may not run the file; the file
// is put back to the configuration HAProxy last accepted; and once the master
// answers again, the agent reloads that, so that file and HAProxy agree.
func TestReloadOutcomeUnknown(t *testing.T) {
	ta := startAgent(t, baseConfig(freePorts(t, 1)[0]))
	r := ta.agent.reloads
	real := ta.agent.opts.Master
	proxy := clifault.New(t, real.Socket, clifault.AfterReload(func(int) bool { return true }))
	ta.agent.opts.Master = &haproxy.Master{Socket: proxy.Socket}
	r.timeout = 3 * time.Second // a few tries of each question

	res := ta.doAs(testUser, testPassword, "POST", cfgPath+"/backends?version=1&force_reload=true", `{"name":"be_new"}`, "application/json").expect(t, 500)
	if msg := string(res.body); !strings.Contains(msg, "outcome unknown") || !strings.Contains(msg, "reloads it until HAProxy answers") {
		t.Fatalf("the write whose reload's outcome is unknown: %s", msg)
	}
	if strings.Contains(ta.file(), "be_new") {
		t.Fatalf("the file keeps a write whose reload's outcome is unknown:\n%s", ta.file())
	}
	if !strings.Contains(running(t, real), "be_new") {
		t.Fatal("HAProxy did not load be_new: the test's premise is that it did, without saying so")
	}
	if _, err := os.Stat(filepath.Join(ta.agent.opts.StateDir, inFlight)); err != nil {
		t.Fatalf("no in-flight mark while HAProxy may not run the file: %v", err)
	}

	proxy.SetSwallow(func([]string) bool { return false }) // the master answers again
	waitSettled(t, r)
	if got := running(t, real); strings.Contains(got, "be_new") {
		t.Fatalf("HAProxy still runs be_new, which the file does not have:\n%s", got)
	}
	if _, err := os.Stat(filepath.Join(ta.agent.opts.StateDir, inFlight)); !os.IsNotExist(err) {
		t.Fatalf("the in-flight mark outlives the settling reload: %v", err)
	}
	// And the agent works as before.
	ta.doAs(testUser, testPassword, "POST", cfgPath+"/backends?version="+strconv.FormatInt(ta.version(), 10)+"&force_reload=true", `{"name":"be_later"}`, "application/json").expect(t, 201)
	if !strings.Contains(running(t, real), "be_later") {
		t.Fatal("a write after the settling reload is not live")
	}
}

// TestStartSettlesAnInterruptedReload: an agent stopped between a write and
// its reload (or during the reload) leaves a file HAProxy may not run; the
// next agent reloads it.
func TestStartSettlesAnInterruptedReload(t *testing.T) {
	h := haproxytest.Start(t, baseConfig(freePorts(t, 1)[0]), testUser, testPassword)
	first := New(Options{Engine: h.Engine, Master: h.Process.Master(), ReloadDelay: time.Hour, StateDir: h.StateDir, Version: "test"})
	first.Close() // its last accepted configuration is the file, as HAProxy runs it

	// The write the first agent committed before it stopped, without its reload.
	write(t, h.Engine, func(b []byte) []byte { return append(b, "\nbackend be_unreloaded\n"...) })
	if strings.Contains(running(t, h.Process.Master()), "be_unreloaded") {
		t.Fatal("HAProxy runs be_unreloaded already (the test's premise is that it does not)")
	}

	next := New(Options{Engine: h.Engine, Master: h.Process.Master(), ReloadDelay: 50 * time.Millisecond, StateDir: h.StateDir, Version: "test"})
	t.Cleanup(next.Close)
	waitSettled(t, next.reloads)
	if !strings.Contains(running(t, h.Process.Master()), "be_unreloaded") {
		t.Fatal("the next agent did not reload the file HAProxy did not run")
	}
	next.Close()

	// An agent killed during a reload: HAProxy took a configuration (here by
	// hand, through the master CLI) that the file no longer has, as after a
	// reload of unknown outcome and its restore, whose own reload never ran.
	accepted, _ := os.ReadFile(h.Config)
	write(t, h.Engine, func(b []byte) []byte { return append(b, "\nbackend be_interrupted\n"...) })
	ctx, cancel := context.WithTimeout(context.Background(), 30*time.Second)
	defer cancel()
	if err := h.Process.Master().Reload(ctx); err != nil {
		t.Fatal(err)
	}
	os.WriteFile(filepath.Join(h.StateDir, inFlight), nil, 0o600)
	write(t, h.Engine, func([]byte) []byte { return accepted })
	if !strings.Contains(running(t, h.Process.Master()), "be_interrupted") {
		t.Fatal("HAProxy does not run be_interrupted (the test's premise is that it does)")
	}
	last := New(Options{Engine: h.Engine, Master: h.Process.Master(), ReloadDelay: 50 * time.Millisecond, StateDir: h.StateDir, Version: "test"})
	t.Cleanup(last.Close)
	waitSettled(t, last.reloads)
	if strings.Contains(running(t, h.Process.Master()), "be_interrupted") {
		t.Fatal("after an interrupted reload, the next agent left HAProxy on a configuration the file does not have")
	}
}

// write replaces the file through the engine, as a write of the agent's would.
func write(t *testing.T, e *engine.Engine, edit func([]byte) []byte) {
	t.Helper()
	v, _ := e.Version()
	if _, err := e.Write(context.Background(), engine.Write{Version: v, Change: func(c *haproxycfg.Config) error {
		c.Load(edit(c.Bytes()))
		return nil
	}}); err != nil {
		t.Fatal(err)
	}
}

// TestRawProgramSection: a raw config that adds a `program` section, reloaded
// at once, is answered as soon as HAProxy runs it (it took the reload's whole
// minute, and ended with file and HAProxy disagreeing), and the program runs.
func TestRawProgramSection(t *testing.T) {
	ta := startAgent(t, baseConfig(freePorts(t, 1)[0]))
	raw := ta.file() + "\nprogram sleeper\n    command /bin/sleep 1000\n"
	ta.doAs(testUser, testPassword, "POST", cfgPath+"/raw?version=1&force_reload=true", raw, "text/plain").expect(t, 201)
	if !strings.Contains(ta.file(), "program sleeper") {
		t.Fatalf("the file lacks the program section:\n%s", ta.file())
	}
	ctx, cancel := context.WithTimeout(context.Background(), 30*time.Second)
	defer cancel()
	procs, err := ta.agent.opts.Master.Processes(ctx)
	if err != nil {
		t.Fatal(err)
	}
	for _, p := range procs {
		if p.Role == "program" && p.Name == "sleeper" {
			return
		}
	}
	t.Fatalf("HAProxy runs no sleeper program: %+v", procs)
}
