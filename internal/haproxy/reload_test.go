package haproxy

import (
	"errors"
	"fmt"
	"strings"
	"testing"
	"time"
)

func workerPID(t *testing.T, m *Master) int {
	t.Helper()
	procs, err := m.Processes(ctxT(t))
	if err != nil {
		t.Fatal(err)
	}
	ws := currentWorkers(procs)
	if len(ws) != 1 {
		t.Fatalf("current workers: %+v", procs)
	}
	return ws[0].PID
}

func TestReload(t *testing.T) {
	// A request in flight across the reload keeps the old worker finishing.
	up := newUpstream(t, "slow", 500*time.Millisecond)
	fe, fe2 := port(t), port(t)
	backend := fmt.Sprintf("frontend fe2\n    bind 127.0.0.1:%d\n    default_backend be\nbackend be\n    server s1 %s\n", fe2, up.addr())
	p, cfg := start(t, okConfig(fe, "before")+backend)
	m := p.Master()
	old := workerPID(t, m)

	done := make(chan error, 1)
	go func() {
		code, _, err := tryGet(fmt.Sprintf("http://127.0.0.1:%d/", fe2))
		if err == nil && code != 200 {
			err = fmt.Errorf("status %d", code)
		}
		done <- err
	}()
	for up.inFlight.Load() == 0 {
		time.Sleep(5 * time.Millisecond)
	}

	writeFile(t, cfg, okConfig(fe, "after")+backend)
	if err := m.Reload(ctxT(t)); err != nil {
		t.Fatalf("Reload: %v", err)
	}
	procs, err := m.Processes(ctxT(t))
	if err != nil {
		t.Fatal(err)
	}
	if ws := currentWorkers(procs); len(ws) != 1 || ws[0].PID == old || ws[0].Reloads != 0 {
		t.Fatalf("after reload, current workers %+v, old worker was %d", ws, old)
	}
	for _, pr := range procs {
		if pr.PID == old && !pr.Old {
			t.Errorf("the old worker is still current: %+v", procs)
		}
	}
	if procs[0].Reloads != 1 || procs[0].Failed != 0 {
		t.Errorf("master %+v, want 1 reload, 0 failed", procs[0])
	}
	if code, body := get(t, fmt.Sprintf("http://127.0.0.1:%d/", fe)); code != 200 || body != "after" {
		t.Errorf("after reload: %d %q, want the new config's answer", code, body)
	}
	if err := <-done; err != nil {
		t.Errorf("request in flight across the reload: %v", err)
	}
}

func TestReloadBrokenConfig(t *testing.T) {
	fe := port(t)
	good := okConfig(fe, "good")
	p, cfg := start(t, good)
	m := p.Master()
	old := workerPID(t, m)

	writeFile(t, cfg, good+"    bogus-keyword 1\n")
	err := m.Reload(ctxT(t))
	var re *ReloadError
	if !errors.As(err, &re) || !errors.Is(err, ErrReloadFailed) {
		t.Fatalf("Reload: %v, want a ReloadError", err)
	}
	if msg := err.Error(); !strings.Contains(msg, "[ALERT]") || !strings.Contains(msg, "bogus-keyword") {
		t.Errorf("error does not carry HAProxy's alert: %q", msg)
	}
	t.Log(err)
	if now := workerPID(t, m); now != old {
		t.Errorf("worker changed from %d to %d after a failed reload", old, now)
	}
	if code, body := get(t, fmt.Sprintf("http://127.0.0.1:%d/", fe)); code != 200 || body != "good" {
		t.Errorf("after the failed reload: %d %q, want the old config to serve", code, body)
	}

	// Fixed, it reloads; and a bare Master (no captured output) still tells
	// success from failure.
	bare := &Master{Socket: m.Socket}
	writeFile(t, cfg, good)
	if err := bare.Reload(ctxT(t)); err != nil {
		t.Fatalf("Reload after the fix: %v", err)
	}
	writeFile(t, cfg, good+"    bogus-keyword 1\n")
	if err := bare.Reload(ctxT(t)); !errors.Is(err, ErrReloadFailed) {
		t.Fatalf("bare Master, broken config: %v, want ErrReloadFailed", err)
	}
}

// The master CLI reaches the worker's runtime API even though haproxy.cfg has no
// `stats socket`.
func TestWorkerWithoutStatsSocket(t *testing.T) {
	p, _ := start(t, okConfig(port(t), "x"))
	m := p.Master()
	ans, err := m.Worker(ctxT(t), "show info")
	if err != nil {
		t.Fatal(err)
	}
	if want := fmt.Sprintf("\nPid: %d\n", workerPID(t, m)); !strings.Contains(ans, want) {
		t.Errorf("show info does not come from the worker (want %q):\n%s", want, ans)
	}
	ans, err = m.Command(ctxT(t), "show version")
	if err != nil || !strings.HasPrefix(ans, "2.") {
		t.Errorf("master show version: %q, %v", ans, err)
	}
	if _, err := m.Command(ctxT(t), "show proc\nreload"); err == nil {
		t.Error("a command spanning lines was sent")
	}
	if _, err := (&Master{Socket: "/nonexistent/m.sock"}).Command(ctxT(t), "show proc"); err == nil {
		t.Error("no error from a missing socket")
	}
}
