package agent

import (
	"context"
	"errors"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/tfhaproxy/terraform-provider-haproxy/internal/dataplane"
	"github.com/tfhaproxy/terraform-provider-haproxy/internal/haproxy"
)

// TestRestoreFailsTheWritesItUndid: a reload HAProxy refuses puts the file back
// to what HAProxy runs, which undoes every write since, including writes made
// while the reload ran, whose own reload is still to come. None of them may be
// reported done: the reload they were given fails, and a write that asks for
// its reload only after the restore is given the failed one.
func TestRestoreFailsTheWritesItUndid(t *testing.T) {
	ta := startAgent(t, baseConfig(freePorts(t, 1)[0]))
	r := ta.agent.reloads
	r.a.opts.ReloadDelay = time.Hour // reloads run only when the test says
	busy := upstream(t, "busy", 0)

	// The first write, which HAProxy will refuse, and its reload, held back.
	first := ta.do("POST", cfgPath+"/frontends/fe_main/binds?version=1", dataplane.Bind{Name: "busy", Address: "127.0.0.1", Port: ptr[int64](int64(busy))}).expect(t, 202)
	r.running.Lock()
	failed := make(chan error)
	go func() { failed <- r.now(context.Background(), ta.version()) }()
	for pending(r) != nil { // now has taken the scheduled reload over
		time.Sleep(time.Millisecond)
	}
	// A write while that reload runs: its own reload is scheduled after it.
	second := ta.do("POST", cfgPath+"/backends?version="+strconv.FormatInt(ta.version(), 10), dataplane.Backend{Name: "be_later"}).expect(t, 202)
	secondVersion := ta.version()
	r.running.Unlock()
	if err := <-failed; !errors.Is(err, haproxy.ErrReloadFailed) {
		t.Fatalf("the reload of a busy port: %v", err)
	}

	for _, id := range []string{first.header.Get("Reload-ID"), second.header.Get("Reload-ID")} {
		rl, _ := r.get(id)
		if rl.Status != dataplane.ReloadFailed || !strings.Contains(rl.Response, "Address already in use") {
			t.Fatalf("reload %s of an undone write: %+v", id, rl)
		}
	}
	if file := ta.file(); strings.Contains(file, "busy") || strings.Contains(file, "be_later") {
		t.Fatalf("the restore left undone writes in the file:\n%s", file)
	}
	// A write that asks for its reload late is given the failed one.
	if id := r.schedule(secondVersion); id != first.header.Get("Reload-ID") {
		t.Fatalf("a late ask for the reload of an undone write got %s, want the failed %s", id, first.header.Get("Reload-ID"))
	}
	if err := r.now(context.Background(), secondVersion); !errors.Is(err, haproxy.ErrReloadFailed) {
		t.Fatalf("a forced reload of an undone write: %v", err)
	}
	// A write after the restore is live as usual.
	ta.do("POST", cfgPath+"/backends?version="+strconv.FormatInt(ta.version(), 10)+"&force_reload=true", dataplane.Backend{Name: "be_after"}).expect(t, 201)
	if !strings.Contains(ta.file(), "backend be_after") {
		t.Fatalf("a write after the restore is not in the file:\n%s", ta.file())
	}
}

func pending(r *reloader) *dataplane.Reload {
	r.mu.Lock()
	defer r.mu.Unlock()
	return r.pending
}

// TestReloadWait: with the wait extension, a GET of a reload in progress
// answers when the reload ends, with its outcome; wait bounds it, and 0 is no
// wait at all.
func TestReloadWait(t *testing.T) {
	ta := startAgent(t, baseConfig(freePorts(t, 1)[0]))
	r := ta.agent.reloads
	r.a.opts.ReloadDelay = time.Hour // reloads run only when the test says
	id := ta.do("POST", cfgPath+"/backends?version=1", dataplane.Backend{Name: "be_new"}).expect(t, 202).header.Get("Reload-ID")
	reload := "/v3/services/haproxy/reloads/" + id

	var rl dataplane.Reload
	ta.do("GET", reload+"?wait=0", nil).expect(t, 200).json(t, &rl)
	if rl.Status != dataplane.ReloadInProgress {
		t.Fatalf("a reload held back, without waiting: %+v", rl)
	}
	ta.do("GET", reload+"?wait=1", nil).expect(t, 200).json(t, &rl)
	if rl.Status != dataplane.ReloadInProgress {
		t.Fatalf("a reload held back, after the wait: %+v", rl)
	}
	ta.do("GET", reload+"?wait=-1", nil).expect(t, 400)

	answered := make(chan response)
	go func() { answered <- ta.do("GET", reload+"?wait=60", nil) }()
	for waiters(r) == 0 {
		time.Sleep(time.Millisecond)
	}
	if err := r.now(context.Background(), ta.version()); err != nil {
		t.Fatal(err)
	}
	(<-answered).expect(t, 200).json(t, &rl)
	if rl.Status != dataplane.ReloadSucceeded || rl.ID != id {
		t.Fatalf("the waiting GET answered %+v, want reload %s succeeded", rl, id)
	}
}

func waiters(r *reloader) int {
	r.mu.Lock()
	defer r.mu.Unlock()
	return r.waiters
}

// TestWritesJoinTheReloadThatWaits: a reload that is due while another runs
// stays the one that writes join until it starts, since it reads the file only
// then; a write in that time asks for no reload of its own (Terraform's
// backends on a large file took a reload each, one after the other).
func TestWritesJoinTheReloadThatWaits(t *testing.T) {
	ta := startAgent(t, baseConfig(freePorts(t, 1)[0]))
	r := ta.agent.reloads
	r.running.Lock() // a reload runs
	r.a.opts.ReloadDelay = 0
	first := ta.do("POST", cfgPath+"/backends?version=1", dataplane.Backend{Name: "be_first"}).expect(t, 202).header.Get("Reload-ID")
	for queued(r) == 0 { // the first write's reload is due, and waits
		time.Sleep(time.Millisecond)
	}
	second := ta.do("POST", cfgPath+"/backends?version="+strconv.FormatInt(ta.version(), 10), dataplane.Backend{Name: "be_second"}).expect(t, 202).header.Get("Reload-ID")
	r.running.Unlock()
	if second != first {
		t.Fatalf("a write while its reload waited was given reload %s, want %s, the one that waits", second, first)
	}
	if status := ta.waitReload(first); status != dataplane.ReloadSucceeded {
		t.Fatalf("reload %s: %s", first, status)
	}
	if got := len(r.list()); got != 1 {
		t.Fatalf("%d reloads for two writes, want 1: %+v", got, r.list())
	}
}

// TestTheRunningReloadTakesTheWritesItLoads: a write that asks for its reload
// while a reload loads a file that holds it is given that reload; a later
// write is given one of its own.
func TestTheRunningReloadTakesTheWritesItLoads(t *testing.T) {
	ta := startAgent(t, baseConfig(freePorts(t, 1)[0]))
	r := ta.agent.reloads
	r.mu.Lock()
	r.loading, r.loadingVersion = r.newLocked(), 5
	running := r.loading.ID
	r.mu.Unlock()
	if id := r.schedule(5); id != running {
		t.Fatalf("a write at the version the running reload loads was given reload %s, want %s", id, running)
	}
	if id := r.schedule(6); id == running {
		t.Fatalf("a write after the version the running reload loads was given it (%s)", id)
	}
}

func queued(r *reloader) int {
	r.mu.Lock()
	defer r.mu.Unlock()
	return r.queued
}
