package haproxy

import (
	"context"
	"errors"
	"fmt"
	"io"
	"net"
	"os"
	"path/filepath"
	"strings"
	"sync/atomic"
	"testing"
	"time"

	"github.com/tfhaproxy/terraform-provider-haproxy/internal/clifault"
)

// TestReloadPastAnUnansweredConnection: the first question after the reload
// goes unanswered, as one that lands on the socket a `program` inherited
// does; the reload is still known to have succeeded.
func TestReloadPastAnUnansweredConnection(t *testing.T) {
	p, cfg := start(t, okConfig(port(t), "before"))
	proxy := clifault.New(t, p.Master().Socket, clifault.AfterReload(func(i int) bool { return i == 1 }))
	m := &Master{Socket: proxy.Socket}
	writeFile(t, cfg, okConfig(port(t), "after"))
	ctx, cancel := context.WithTimeout(context.Background(), time.Minute)
	defer cancel()
	if err := m.Reload(ctx); err != nil {
		t.Fatalf("Reload: %v", err)
	}
	if proxy.Swallowed() != 1 {
		t.Fatalf("%d connections were left unanswered, want 1 (the test's premise)", proxy.Swallowed())
	}
}

// TestReloadOutcomeUnknown: a master that takes the reload and then answers
// nothing more leaves the outcome unknown, and Reload says so, neither
// success nor a refusal; a master that answers nothing at all was sent no
// reload, which is not unknown.
func TestReloadOutcomeUnknown(t *testing.T) {
	p, cfg := start(t, okConfig(port(t), "before"))
	proxy := clifault.New(t, p.Master().Socket, clifault.AfterReload(func(int) bool { return true }))
	writeFile(t, cfg, okConfig(port(t), "after"))
	// Long enough for a few tries, short enough for a test.
	ctx, cancel := context.WithTimeout(context.Background(), lastTry+2*time.Second)
	defer cancel()
	err := (&Master{Socket: proxy.Socket}).Reload(ctx)
	if !errors.Is(err, ErrReloadUnknown) || errors.Is(err, ErrReloadFailed) {
		t.Fatalf("Reload: %v, want ErrReloadUnknown", err)
	}
	if proxy.Swallowed() == 0 {
		t.Fatal("no connection was left unanswered (the test's premise)")
	}

	mute := clifault.New(t, p.Master().Socket, func([]string) bool { return true })
	ctx, cancel = context.WithTimeout(context.Background(), 2*time.Second)
	defer cancel()
	err = (&Master{Socket: mute.Socket}).Reload(ctx)
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

// TestQuestionPastAResetConnection: a master re-executing on reload resets the
// connections it holds; a question (`show ...`) on one is asked again, where a
// runtime read during a reload answered 500.
func TestQuestionPastAResetConnection(t *testing.T) {
	dir, err := os.MkdirTemp("", "rs") // short: a socket path fits in 108 bytes
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { os.RemoveAll(dir) })
	sock := filepath.Join(dir, "master.sock")
	ln, err := net.Listen("unix", sock)
	if err != nil {
		t.Fatal(err)
	}
	defer ln.Close()
	var conns atomic.Int32
	go func() {
		for {
			c, err := ln.Accept()
			if err != nil {
				return
			}
			if conns.Add(1) == 1 { // the first: the master goes away, the command unread
				c.Close()
				continue
			}
			io.ReadAll(c)
			io.WriteString(c, "Name: HAProxy\nPid: 42\n")
			c.Close()
		}
	}()
	rt := &Runtime{Master: &Master{Socket: sock}}
	ctx, cancel := context.WithTimeout(context.Background(), time.Minute)
	defer cancel()
	ans, err := rt.question(ctx, "show info", func(ans string) bool { return strings.Contains(ans, "Pid:") })
	if err != nil || !strings.Contains(ans, "Pid: 42") {
		t.Fatalf("question after a reset: %q, %v", ans, err)
	}
	if n := conns.Load(); n != 2 {
		t.Fatalf("%d connections, want 2: the reset one, then the answered one", n)
	}
}
