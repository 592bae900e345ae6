package haproxy

import (
	"context"
	"errors"
	"fmt"
	"io"
	"net"
	"path/filepath"
	"strings"
	"sync"
	"testing"
	"time"
)

// cliProxy stands between a Master and HAProxy's master CLI, and leaves
// unanswered the connections swallow picks, as a listening socket nobody
// accepts on would: the one a `program` section's process inherits.
type cliProxy struct {
	socket  string
	mu      sync.Mutex
	seen    []string // the commands, in order
	swallow func(seen []string) bool
	held    []net.Conn
}

func newCLIProxy(t *testing.T, master string, swallow func(seen []string) bool) *cliProxy {
	t.Helper()
	p := &cliProxy{socket: filepath.Join(testDir(t), "proxy.sock"), swallow: swallow}
	ln, err := net.Listen("unix", p.socket)
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() {
		ln.Close()
		p.mu.Lock()
		defer p.mu.Unlock()
		for _, c := range p.held {
			c.Close()
		}
	})
	go func() {
		for {
			c, err := ln.Accept()
			if err != nil {
				return
			}
			go p.serve(c, master)
		}
	}()
	return p
}

func (p *cliProxy) serve(c net.Conn, master string) {
	cmd, _ := io.ReadAll(c) // the client half-closes after its command
	p.mu.Lock()
	p.seen = append(p.seen, strings.TrimSpace(string(cmd)))
	if p.swallow(p.seen) {
		p.held = append(p.held, c) // open, unanswered, until the test ends
		p.mu.Unlock()
		return
	}
	p.mu.Unlock()
	defer c.Close()
	up, err := net.Dial("unix", master)
	if err != nil {
		return // c closes: the client sees the connection end, as with a master re-executing
	}
	defer up.Close()
	up.Write(cmd)
	up.(*net.UnixConn).CloseWrite()
	io.Copy(c, up)
}

// swallowed counts the connections left unanswered.
func (p *cliProxy) swallowed() int {
	p.mu.Lock()
	defer p.mu.Unlock()
	return len(p.held)
}

// afterReload is true from the command after the first `reload` on, for the
// connections that n picks among those (1 is the first).
func afterReload(n func(i int) bool) func(seen []string) bool {
	return func(seen []string) bool {
		for i, cmd := range seen {
			if cmd == "reload" {
				return i < len(seen)-1 && n(len(seen)-1-i)
			}
		}
		return false
	}
}

// TestReloadPastAnUnansweredConnection: the first question after the reload
// goes unanswered, as one that lands on the socket a `program` inherited
// does; the reload is still known to have succeeded.
func TestReloadPastAnUnansweredConnection(t *testing.T) {
	p, cfg := start(t, okConfig(port(t), "before"))
	proxy := newCLIProxy(t, p.Master().Socket, afterReload(func(i int) bool { return i == 1 }))
	m := &Master{Socket: proxy.socket}
	writeFile(t, cfg, okConfig(port(t), "after"))
	ctx, cancel := context.WithTimeout(context.Background(), time.Minute)
	defer cancel()
	if err := m.Reload(ctx); err != nil {
		t.Fatalf("Reload: %v", err)
	}
	if proxy.swallowed() != 1 {
		t.Fatalf("%d connections were left unanswered, want 1 (the test's premise)", proxy.swallowed())
	}
}

// TestReloadOutcomeUnknown: a master that takes the reload and then answers
// nothing more leaves the outcome unknown, and Reload says so, neither
// success nor a refusal; a master that answers nothing at all was sent no
// reload, which is not unknown.
func TestReloadOutcomeUnknown(t *testing.T) {
	p, cfg := start(t, okConfig(port(t), "before"))
	proxy := newCLIProxy(t, p.Master().Socket, afterReload(func(int) bool { return true }))
	writeFile(t, cfg, okConfig(port(t), "after"))
	// Long enough for a few tries, short enough for a test.
	ctx, cancel := context.WithTimeout(context.Background(), lastTry+2*time.Second)
	defer cancel()
	err := (&Master{Socket: proxy.socket}).Reload(ctx)
	if !errors.Is(err, ErrReloadUnknown) || errors.Is(err, ErrReloadFailed) {
		t.Fatalf("Reload: %v, want ErrReloadUnknown", err)
	}
	if proxy.swallowed() == 0 {
		t.Fatal("no connection was left unanswered (the test's premise)")
	}

	mute := newCLIProxy(t, p.Master().Socket, func([]string) bool { return true })
	ctx, cancel = context.WithTimeout(context.Background(), 2*time.Second)
	defer cancel()
	err = (&Master{Socket: mute.socket}).Reload(ctx)
	if err == nil || errors.Is(err, ErrReloadUnknown) {
		t.Fatalf("Reload through a master that answers nothing: %v, want an error that is not ErrReloadUnknown (no reload was sent)", err)
	}
}

// TestReloadWithAProgramSection: reloads of a configuration with a `program`
// section (whose process inherits the master CLI's listening socket) each
// report their outcome, and the program runs.
func TestReloadWithAProgramSection(t *testing.T) {
	fe := port(t)
	config := okConfig(fe, "x") + "\nprogram sleeper\n    command /bin/sleep 1000\n"
	p, cfg := start(t, okConfig(fe, "x"))
	m := p.Master()
	for i := range 5 {
		writeFile(t, cfg, config+fmt.Sprintf("# reload %d\n", i))
		ctx, cancel := context.WithTimeout(context.Background(), time.Minute)
		err := m.Reload(ctx)
		cancel()
		if err != nil {
			t.Fatalf("reload %d: %v", i, err)
		}
	}
	procs, err := m.Processes(ctxT(t))
	if err != nil {
		t.Fatal(err)
	}
	for _, pr := range procs {
		if pr.Role == "program" && pr.Name == "sleeper" && !pr.Old {
			return
		}
	}
	t.Fatalf("no current sleeper program: %+v", procs)
}
