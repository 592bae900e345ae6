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
