package haproxy

import (
	"context"
	"errors"
	"fmt"
	"net"
	"path/filepath"
	"strings"
	"testing"
	"time"
)

// okConfig serves 200 with body on a loopback port, without any stats socket.
func okConfig(port int, body string) string {
	return fmt.Sprintf(`global
    log stderr format short local0 notice
%s
frontend fe
    bind 127.0.0.1:%d
    http-request return status 200 content-type text/plain string %s
`, testDefaults, port, body)
}

func TestStart(t *testing.T) {
	fe := port(t)
	p, _ := start(t, okConfig(fe, "hello"))
	if code, body := get(t, fmt.Sprintf("http://127.0.0.1:%d/", fe)); code != 200 || body != "hello" {
		t.Fatalf("GET: %d %q, want 200 hello", code, body)
	}
	procs, err := p.Master().Processes(ctxT(t))
	if err != nil {
		t.Fatal(err)
	}
	if procs[0].Role != "master" || procs[0].PID != p.PID() {
		t.Errorf("master: %+v, want pid %d", procs[0], p.PID())
	}
	if ws := currentWorkers(procs); len(ws) != 1 || ws[0].PID == p.PID() {
		t.Errorf("workers: %+v", procs)
	}
}

func TestStartBadConfig(t *testing.T) {
	requireHAProxy(t)
	dir := testDir(t)
	cfg := filepath.Join(dir, "haproxy.cfg")
	writeFile(t, cfg, okConfig(port(t), "x")+"    bogus-keyword 1\n")
	// Start waits for HAProxy until ctx's deadline: returning before it shows that
	// it noticed the exit, however busy the machine.
	const deadline = time.Minute
	ctx, cancel := context.WithTimeout(context.Background(), deadline)
	defer cancel()
	start := time.Now()
	_, err := Start(ctx, StartOptions{Config: cfg, MasterSocket: filepath.Join(dir, "m.sock")})
	var se *StartError
	if !errors.As(err, &se) || !errors.Is(err, ErrStartFailed) {
		t.Fatalf("error %v, want a StartError", err)
	}
	if msg := err.Error(); !strings.Contains(msg, "[ALERT]") || !strings.Contains(msg, "bogus-keyword") {
		t.Fatalf("error does not carry HAProxy's alert: %q", msg)
	}
	t.Log(err)
	if d := time.Since(start); d >= deadline {
		t.Errorf("took %v: Start waited for its deadline instead of noticing the exit", d)
	}
}

// A listener HAProxy cannot bind is a StartError too, with its alert.
func TestStartPortInUse(t *testing.T) {
	requireHAProxy(t)
	l := listen(t)
	defer l.Close()
	dir := testDir(t)
	cfg := filepath.Join(dir, "haproxy.cfg")
	writeFile(t, cfg, okConfig(l.Addr().(*net.TCPAddr).Port, "x"))
	_, err := Start(ctxT(t), StartOptions{Config: cfg, MasterSocket: filepath.Join(dir, "m.sock")})
	if !errors.Is(err, ErrStartFailed) || !strings.Contains(err.Error(), "[ALERT]") {
		t.Fatalf("error %v, want a StartError with HAProxy's alert", err)
	}
}

// Stop lets a request in flight finish (soft stop), and returns once HAProxy has exited.
func TestStopIsGraceful(t *testing.T) {
	up := newUpstream(t, "slow", 300*time.Millisecond)
	fe := port(t)
	p, _ := start(t, fmt.Sprintf("%s\nfrontend fe\n    bind 127.0.0.1:%d\n    default_backend be\nbackend be\n    server s1 %s\n", testDefaults, fe, up.addr()))
	done := make(chan error, 1)
	go func() {
		code, body, err := tryGet(fmt.Sprintf("http://127.0.0.1:%d/", fe))
		if err == nil && (code != 200 || body != "slow") {
			err = fmt.Errorf("%d %q", code, body)
		}
		done <- err
	}()
	for up.inFlight.Load() == 0 {
		time.Sleep(5 * time.Millisecond)
	}
	ctx, cancel := context.WithTimeout(context.Background(), 5*time.Second)
	defer cancel()
	if err := p.Stop(ctx); err != nil {
		t.Fatalf("Stop: %v", err)
	}
	if err := <-done; err != nil {
		t.Errorf("request in flight during Stop: %v", err)
	}
	if err := p.Wait(); err != nil {
		t.Errorf("exit status after a soft stop: %v", err)
	}
	if _, _, err := tryGet(fmt.Sprintf("http://127.0.0.1:%d/", fe)); err == nil {
		t.Error("still serving after Stop")
	}
}

// TestStartTakesOverALeftBehindMaster: an HAProxy an earlier run left on the
// master socket (its agent was killed) is soft-stopped once the new one serves,
// so that only the new configuration answers, and the socket is the new one's.
func TestStartTakesOverALeftBehindMaster(t *testing.T) {
	requireHAProxy(t)
	fe := port(t)
	dir := testDir(t)
	cfg := filepath.Join(dir, "haproxy.cfg")
	socket := filepath.Join(dir, "master.sock")
	startOn := func(body string) *Process {
		t.Helper()
		writeFile(t, cfg, okConfig(fe, body))
		p, err := Start(ctxT(t), StartOptions{Config: cfg, MasterSocket: socket, WorkDir: dir})
		if err != nil {
			t.Fatalf("Start: %v", err)
		}
		t.Cleanup(func() { p.Stop(context.Background()) })
		return p
	}
	old := startOn("old")
	p := startOn("new")

	exited := make(chan error, 1)
	go func() { exited <- old.Wait() }()
	select {
	case <-exited:
	case <-time.After(10 * time.Second):
		t.Fatal("the master left on the socket still runs")
	}
	for range 20 {
		if code, body := get(t, fmt.Sprintf("http://127.0.0.1:%d/", fe)); code != 200 || body != "new" {
			t.Fatalf("GET: %d %q, want 200 new", code, body)
		}
	}
	procs, err := p.Master().Processes(ctxT(t))
	if err != nil || procs[0].PID != p.PID() {
		t.Fatalf("the socket answers for %+v (%v), want master %d", procs, err, p.PID())
	}
}

// TestMasterOnAStaleSocket: a socket file no master listens on, as a clean stop
// leaves, is no master to take over.
func TestMasterOnAStaleSocket(t *testing.T) {
	socket := filepath.Join(testDir(t), "master.sock")
	l, err := net.Listen("unix", socket)
	if err != nil {
		t.Fatal(err)
	}
	l.(*net.UnixListener).SetUnlinkOnClose(false)
	l.Close()
	if pid := masterOn(ctxT(t), socket); pid != 0 {
		t.Fatalf("masterOn = %d on a socket nobody listens on", pid)
	}
}
