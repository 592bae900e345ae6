package agent

import (
	"context"
	"fmt"
	"net/http"
	"os"
	"path/filepath"
	"sync"
	"time"

	"github.com/tfhaproxy/terraform-provider-haproxy/internal/dataplane"
	"github.com/tfhaproxy/terraform-provider-haproxy/internal/engine"
	"github.com/tfhaproxy/terraform-provider-haproxy/internal/haproxycfg"
)

// keptReloads bounds the reload history /reloads serves.
const keptReloads = 200

// reloader coalesces reloads: every change asks for one, and those asked for
// within the reload delay share the first one's reload, run once after the delay.
type reloader struct {
	a       *Agent
	mu      sync.Mutex
	day     string
	seq     int
	pending *dataplane.Reload // scheduled, not started
	timer   *time.Timer
	history []*dataplane.Reload // oldest first
	running sync.Mutex          // one reload at a time
}

func newReloader(a *Agent) *reloader {
	r := &reloader{a: a}
	r.accepted()
	return r
}

// newLocked starts a reload record with an ID in the official API's form,
// <date>-<sequence>.
func (r *reloader) newLocked() *dataplane.Reload {
	now := time.Now()
	if day := now.Format("2006-01-02"); day != r.day {
		r.day, r.seq = day, 0
	}
	r.seq++
	rl := &dataplane.Reload{ID: fmt.Sprintf("%s-%d", r.day, r.seq), Status: dataplane.ReloadInProgress, ReloadTimestamp: now.Unix()}
	r.history = append(r.history, rl)
	if len(r.history) > keptReloads {
		r.history = r.history[len(r.history)-keptReloads:]
	}
	return rl
}

// schedule asks for a reload after the delay and returns its ID; a reload already
// scheduled is shared.
func (r *reloader) schedule() string {
	r.mu.Lock()
	defer r.mu.Unlock()
	if r.pending == nil {
		rl := r.newLocked()
		r.pending = rl
		r.timer = time.AfterFunc(r.a.opts.ReloadDelay, func() { _ = r.run(context.Background(), rl) })
	}
	return r.pending.ID
}

// now reloads before returning, taking over a scheduled reload if there is one.
func (r *reloader) now(ctx context.Context) error {
	r.mu.Lock()
	rl := r.pending
	if rl != nil && r.timer.Stop() {
		r.pending = nil
	} else {
		rl = r.newLocked()
	}
	r.mu.Unlock()
	return r.run(ctx, rl)
}

// close runs a scheduled reload at once, and waits for one in flight.
func (r *reloader) close() {
	r.mu.Lock()
	rl := r.pending
	stopped := rl != nil && r.timer.Stop()
	r.mu.Unlock()
	if stopped {
		_ = r.run(context.Background(), rl)
	}
	r.running.Lock()
	r.running.Unlock()
}

func (r *reloader) run(ctx context.Context, rl *dataplane.Reload) error {
	r.mu.Lock()
	if r.pending == rl {
		r.pending = nil
	}
	r.mu.Unlock()
	r.running.Lock()
	defer r.running.Unlock()
	err := r.reload(ctx)
	r.mu.Lock()
	defer r.mu.Unlock()
	rl.Status = dataplane.ReloadSucceeded
	if err != nil {
		rl.Status, rl.Response = dataplane.ReloadFailed, err.Error()
	}
	return err
}

func (r *reloader) get(id string) (dataplane.Reload, bool) {
	r.mu.Lock()
	defer r.mu.Unlock()
	for _, rl := range r.history {
		if rl.ID == id {
			return *rl, true
		}
	}
	return dataplane.Reload{}, false
}

func (r *reloader) list() []dataplane.Reload {
	r.mu.Lock()
	defer r.mu.Unlock()
	out := make([]dataplane.Reload, len(r.history))
	for i, rl := range r.history {
		out[i] = *rl
	}
	return out
}

// lastAcceptedPath keeps the last configuration HAProxy accepted.
func (r *reloader) lastAcceptedPath() string {
	if r.a.opts.StateDir == "" {
		return ""
	}
	return filepath.Join(r.a.opts.StateDir, "last-accepted.cfg")
}

// accepted records the file as HAProxy's accepted configuration: at start, when
// HAProxy runs the file as it is, and after each successful reload.
func (r *reloader) accepted() {
	if p := r.lastAcceptedPath(); p != "" {
		if data, err := os.ReadFile(r.a.engine.ConfigPath()); err == nil {
			_ = os.WriteFile(p, data, 0o600)
		}
	}
}

// reload has HAProxy load the file. When HAProxy refuses (the file passed
// `haproxy -c`, but a reload can still fail, on a port in use say), the last
// configuration it accepted is written back and loaded, and the failure reported.
func (r *reloader) reload(ctx context.Context) error {
	master := r.a.opts.Master
	if master == nil {
		return nil // no HAProxy to reload: the API is served over the file alone
	}
	ctx, cancel := context.WithTimeout(context.WithoutCancel(ctx), time.Minute)
	defer cancel()
	err := master.Reload(ctx)
	if err == nil {
		r.accepted()
		return nil
	}
	r.a.log.Error("reload failed", "error", err)
	last, rerr := os.ReadFile(r.lastAcceptedPath())
	if rerr != nil {
		return err
	}
	v, _ := r.a.engine.Version()
	restore := func(c *haproxycfg.Config) error { c.Load(last); return nil }
	if _, rerr := r.a.engine.Write(ctx, engine.Write{Version: v, Change: restore}); rerr != nil {
		return fmt.Errorf("%w; restoring the last accepted configuration failed too: %v", err, rerr)
	}
	if rerr := master.Reload(ctx); rerr != nil {
		return fmt.Errorf("%w; reloading the restored configuration failed too: %v", err, rerr)
	}
	return fmt.Errorf("%w; the last configuration HAProxy accepted was restored", err)
}

func (a *Agent) reloadRoutes() []*route {
	base := "/services/haproxy/reloads"
	return []*route{
		{method: http.MethodGet, path: base, summary: "List the recent reloads", reply: []dataplane.Reload{}, codes: []int{200},
			handle: func(c *call) (int, any, error) { return http.StatusOK, a.reloads.list(), nil }},
		{method: http.MethodGet, path: base + "/{id}", summary: "Read a reload's outcome", reply: dataplane.Reload{}, codes: []int{200},
			handle: func(c *call) (int, any, error) {
				rl, ok := a.reloads.get(c.path("id"))
				if !ok {
					return 0, nil, fmt.Errorf("%w: reload %s does not exist", errReloadNotFound, c.path("id"))
				}
				return http.StatusOK, rl, nil
			}},
	}
}
