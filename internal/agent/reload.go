package agent

import (
	"bytes"
	"context"
	"errors"
	"fmt"
	"net/http"
	"os"
	"path/filepath"
	"sync"
	"time"

	"github.com/tfhaproxy/terraform-provider-haproxy/internal/dataplane"
	"github.com/tfhaproxy/terraform-provider-haproxy/internal/engine"
	"github.com/tfhaproxy/terraform-provider-haproxy/internal/haproxy"
	"github.com/tfhaproxy/terraform-provider-haproxy/internal/haproxycfg"
)

// keptReloads bounds the reload history /reloads serves.
const keptReloads = 200

const (
	// reloadTimeout bounds the wait for one reload's outcome.
	reloadTimeout = time.Minute
	// maxSettleRetry bounds the pause between reloads that try to settle an
	// unknown outcome (see reloader.unsettled).
	maxSettleRetry = time.Minute
	// lastAccepted and inFlight are files of the state directory: the
	// configuration HAProxy last accepted, and a mark that a reload was sent
	// whose outcome is not known yet, there while it runs, and after it if it
	// stays unknown (see newReloader).
	lastAccepted = "last-accepted.cfg"
	inFlight     = "reload-in-flight"
)

// reloader coalesces reloads: every change asks for one, and those asked for
// within the reload delay share the first one's reload, run once after the delay.
//
// A reload HAProxy refuses (the file passed `haproxy -c`, but a port may be in
// use) leaves HAProxy on its old configuration; the file is then put back to
// the one HAProxy runs, which undoes every write committed since it. Those
// writes must not be reported done: the reloads they were given fail, and a
// write that asks for its reload after the restore is given the failed one.
//
// A reload whose outcome HAProxy's master never reports (it stops answering)
// is taken as failed: the file is put back to the configuration HAProxy last
// accepted, and that is reloaded, so that HAProxy runs the file whichever way
// the first reload went. If that reload's outcome is not known either, the
// reloader is unsettled: it reloads the file again, at growing intervals, until
// a reload succeeds. The same holds when the agent starts after one was
// stopped during a reload, or between a write and its reload.
type reloader struct {
	a       *Agent
	mu      sync.Mutex
	day     string
	seq     int
	pending *dataplane.Reload // scheduled, not started
	timer   *time.Timer
	history []*dataplane.Reload // oldest first
	ended   chan struct{}       // closed, and made anew, when a reload's outcome is known
	waiters int                 // requests waiting on ended
	queued  int                 // reloads due that wait for the one running
	// loading is the reload running, and loadingVersion the version of the
	// file it had HAProxy load: the writes up to that version are its too.
	loading        *dataplane.Reload
	loadingVersion int64
	undone         []undone   // the latest restores, newest last
	running        sync.Mutex // one reload at a time

	// What HAProxy runs: the configuration and the version it was read at.
	accepted        []byte
	acceptedVersion int64

	timeout time.Duration // bounds each reload's wait for its outcome: reloadTimeout; tests shorten it
	// unsettled: HAProxy may run another configuration than the file, after a
	// reload whose outcome is unknown; settleRetry is the pause before the next
	// reload that tries to settle it.
	unsettled   bool
	settleRetry time.Duration
}

// undone is a restore: the writes at versions after after and before before
// were taken out of the file, as the failed reload by says.
type undone struct {
	after, before int64
	by            *dataplane.Reload
	reason        string
}

// keptRestores bounds how many restores a late write is checked against.
const keptRestores = 16

// newReloader assumes HAProxy runs the file, unless the state directory says
// otherwise: an agent stopped during a reload left the in-flight mark, or one
// stopped between a write and its reload left a last accepted configuration
// that is not the file. Then the file is reloaded soon, as after a reload whose
// outcome is unknown, with the last accepted configuration to go back to.
func newReloader(a *Agent) *reloader {
	r := &reloader{a: a, timeout: reloadTimeout, settleRetry: a.opts.ReloadDelay, ended: make(chan struct{})}
	cfg, version, err := a.engine.Read("")
	if err != nil {
		return r
	}
	data := cfg.Bytes()
	var prev []byte
	var doubt bool
	if dir := a.opts.StateDir; dir != "" && a.opts.Master != nil {
		prev, _ = os.ReadFile(filepath.Join(dir, lastAccepted))
		_, err := os.Stat(filepath.Join(dir, inFlight))
		doubt = err == nil || (prev != nil && !bytes.Equal(prev, data))
	}
	if !doubt {
		r.accept(data, version)
		return r
	}
	if prev == nil {
		prev = data
	}
	r.accepted, r.acceptedVersion = prev, version
	r.mu.Lock()
	r.unsettleLocked()
	r.mu.Unlock()
	return r
}

// unsettleLocked records that HAProxy may not run the file, and schedules a
// reload of the file, unless one is scheduled already.
func (r *reloader) unsettleLocked() {
	r.unsettled = true
	if r.pending != nil {
		return
	}
	rl := r.newLocked()
	r.pending = rl
	r.timer = time.AfterFunc(r.settleRetry, func() { _ = r.run(context.Background(), rl) })
	r.settleRetry = min(2*r.settleRetry, maxSettleRetry)
}

// settled records that HAProxy runs the file.
func (r *reloader) settled() {
	r.mu.Lock()
	r.unsettled, r.settleRetry = false, r.a.opts.ReloadDelay
	r.mu.Unlock()
	r.markInFlight(false)
}

// markInFlight leaves or removes the mark of a reload whose outcome is not
// known, for the next agent to find if this one stops before it is.
func (r *reloader) markInFlight(on bool) {
	dir := r.a.opts.StateDir
	if dir == "" {
		return
	}
	if on {
		_ = os.WriteFile(filepath.Join(dir, inFlight), nil, 0o600)
	} else {
		_ = os.Remove(filepath.Join(dir, inFlight))
	}
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

// undoneLocked is the restore that undid the write at version v, if one did.
func (r *reloader) undoneLocked(v int64) *undone {
	for i := range r.undone {
		if u := &r.undone[i]; v > u.after && v < u.before {
			return u
		}
	}
	return nil
}

// schedule asks for a reload after the delay, for the write committed at
// version, and returns the reload's ID; a reload already scheduled is shared,
// and so is the reload running when it loads the file at version or later (the
// writes of a batch ask for their reload a moment after it is committed).
func (r *reloader) schedule(version int64) string {
	r.mu.Lock()
	defer r.mu.Unlock()
	if u := r.undoneLocked(version); u != nil {
		return u.by.ID
	}
	if r.loading != nil && version <= r.loadingVersion {
		return r.loading.ID
	}
	if r.pending == nil {
		rl := r.newLocked()
		r.pending = rl
		r.timer = time.AfterFunc(r.a.opts.ReloadDelay, func() { _ = r.run(context.Background(), rl) })
	}
	return r.pending.ID
}

// now reloads before returning, for the write committed at version, taking
// over a scheduled reload if there is one.
func (r *reloader) now(ctx context.Context, version int64) error {
	r.mu.Lock()
	if u := r.undoneLocked(version); u != nil {
		r.mu.Unlock()
		return fmt.Errorf("%w: %s", haproxy.ErrReloadFailed, u.reason)
	}
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
	switch {
	case stopped:
		_ = r.run(context.Background(), rl)
	case rl != nil: // its timer fired: it waits for the reload in flight
		r.await(context.Background(), rl.ID, 2*r.timeout)
	}
	r.running.Lock()
	r.running.Unlock()
}

func (r *reloader) run(ctx context.Context, rl *dataplane.Reload) error {
	r.mu.Lock()
	r.queued++
	r.mu.Unlock()
	r.running.Lock()
	defer r.running.Unlock()
	// A reload costs HAProxy a reading of the whole file, so rl takes every
	// write it can: it stays the pending reload, which writes join, while it
	// waits for the reload before it (on 10,000 servers, Terraform's backends
	// took four reloads in a row instead of two), and the writes being checked
	// when it starts join it while they finish (Terraform's first ten backends
	// came as commits of 1 and 9 writes: one reload for both).
	_ = r.a.engine.Flush()
	r.mu.Lock()
	r.queued--
	if r.pending == rl {
		r.pending = nil
	}
	doomed := rl.Status != dataplane.ReloadInProgress // its writes were undone while it waited (see restore)
	response := rl.Response
	// Read under the lock: a write that asks for its reload from now on is
	// given rl only if it is in what rl loads (see schedule).
	cfg, version, err := r.a.engine.Read("")
	if err == nil && !doomed {
		r.loading, r.loadingVersion = rl, version
	}
	r.mu.Unlock()
	if doomed {
		return fmt.Errorf("%w: %s", haproxy.ErrReloadFailed, response)
	}
	start := time.Now()
	if err == nil {
		err = r.reload(ctx, rl, cfg.Bytes(), version)
	}
	r.a.log.Info("reload", "reload_id", rl.ID, "ok", err == nil, "duration_ms", milliseconds(time.Since(start)))
	r.mu.Lock()
	defer r.mu.Unlock()
	defer r.endedLocked()
	r.loading = nil
	if err != nil {
		failLocked(rl, err.Error())
		return err
	}
	if rl.Status == dataplane.ReloadInProgress {
		rl.Status = dataplane.ReloadSucceeded
	}
	return nil
}

// hold keeps reloads from running until release is called. A change made both
// to the running HAProxy (runtime API) and to a file holds them for its two
// steps: a reload between them would load the file without the change (or with
// it, then undone), and HAProxy and the file would disagree. Such changes also
// run one at a time under it.
func (r *reloader) hold() (release func()) {
	r.running.Lock()
	return r.running.Unlock
}

func failLocked(rl *dataplane.Reload, response string) {
	rl.Status, rl.Response = dataplane.ReloadFailed, response
}

// endedLocked wakes those who wait for a reload's outcome.
func (r *reloader) endedLocked() {
	close(r.ended)
	r.ended = make(chan struct{})
}

// await returns reload id once its outcome is known, or as it is when ctx
// ends or wait passes.
func (r *reloader) await(ctx context.Context, id string, wait time.Duration) (dataplane.Reload, bool) {
	ctx, cancel := context.WithTimeout(ctx, wait)
	defer cancel()
	r.mu.Lock()
	defer r.mu.Unlock()
	for {
		rl, ok := r.getLocked(id)
		if !ok || rl.Status != dataplane.ReloadInProgress || ctx.Err() != nil {
			return rl, ok
		}
		ended := r.ended
		r.waiters++
		r.mu.Unlock()
		select {
		case <-ended:
		case <-ctx.Done():
		}
		r.mu.Lock()
		r.waiters--
	}
}

func (r *reloader) get(id string) (dataplane.Reload, bool) {
	r.mu.Lock()
	defer r.mu.Unlock()
	return r.getLocked(id)
}

func (r *reloader) getLocked(id string) (dataplane.Reload, bool) {
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

// accept records data, read at version, as the configuration HAProxy runs. It
// is also kept in the state directory, for whoever wants to see it, and for
// the next agent (see newReloader).
func (r *reloader) accept(data []byte, version int64) {
	r.mu.Lock()
	r.accepted, r.acceptedVersion = data, version
	r.mu.Unlock()
	if dir := r.a.opts.StateDir; dir != "" {
		_ = os.WriteFile(filepath.Join(dir, lastAccepted), data, 0o600)
	}
	r.settled()
}

// reload has HAProxy load the file, data at version. When HAProxy refuses, or does not say, the
// configuration it last accepted is written back and loaded, and the failure
// reported; the writes that restore undid fail with it (see reloader).
func (r *reloader) reload(ctx context.Context, rl *dataplane.Reload, data []byte, version int64) error {
	master := r.a.opts.Master
	if master == nil {
		return nil // no HAProxy to reload: the API is served over the file alone
	}
	ctx = context.WithoutCancel(ctx)
	first, cancel := context.WithTimeout(ctx, r.timeout)
	defer cancel()
	r.markInFlight(true)
	err := master.Reload(first)
	if err == nil {
		r.accept(data, version)
		return nil
	}
	r.a.log.Error("reload failed", "reload_id", rl.ID, "error", err)
	unknown := errors.Is(err, haproxy.ErrReloadUnknown)
	r.mu.Lock()
	wasUnsettled := r.unsettled
	r.mu.Unlock()
	// Time of its own: an unknown outcome used up the first reload's.
	second, cancel := context.WithTimeout(ctx, r.timeout)
	defer cancel()
	doomed, rerr := r.restore(second, rl, err)
	restored := rerr == nil
	if !restored {
		err = fmt.Errorf("%w; restoring the configuration HAProxy last accepted failed too: %v", err, rerr)
	} else if rerr = master.Reload(second); rerr != nil {
		err = fmt.Errorf("%w; reloading the restored configuration failed too: %v", err, rerr)
	}
	// HAProxy runs the restored file if its reload succeeded, or if HAProxy
	// ran the last accepted configuration before and the first reload left it
	// on it (a known failure): a reload of that same configuration, whatever
	// its outcome, leaves it there too.
	r.mu.Lock()
	if restored && (rerr == nil || (!unknown && !wasUnsettled)) {
		r.mu.Unlock()
		r.settled()
		err = fmt.Errorf("%w; the configuration HAProxy last accepted was restored, and HAProxy runs it", err)
	} else {
		r.unsettleLocked()
		r.mu.Unlock()
		r.a.log.Error("haproxy may not run the configuration file; reloading it again until HAProxy answers", "reload_id", rl.ID)
		err = fmt.Errorf("%w; HAProxy may not run the configuration file, which holds the configuration HAProxy last accepted: the agent reloads it until HAProxy answers", err)
	}
	// Only now, with HAProxy back on what it ran: a client that sees a reload
	// fail may try again at once.
	r.mu.Lock()
	for _, d := range doomed {
		failLocked(d, r.undone[len(r.undone)-1].reason)
	}
	r.endedLocked()
	r.mu.Unlock()
	return err
}

// restore writes back the configuration HAProxy runs. It holds the reloader's
// lock throughout, so that a write committed before the restore cannot be
// given a reload that runs after it: the writes it undoes are recorded, and
// the reload scheduled for them is returned, to fail with rl's reason.
func (r *reloader) restore(ctx context.Context, rl *dataplane.Reload, cause error) ([]*dataplane.Reload, error) {
	r.mu.Lock()
	defer r.mu.Unlock()
	put := func(c *haproxycfg.Config) error { c.Load(r.accepted); return nil }
	for {
		v, err := r.a.engine.Version()
		if err != nil {
			return nil, err
		}
		restored, err := r.a.engine.Write(ctx, engine.Write{Version: v, Change: put})
		if errors.Is(err, engine.ErrVersionMismatch) {
			continue // a write came in between: it is undone too
		}
		if err != nil {
			return nil, err
		}
		reason := fmt.Sprintf("reload %s failed: %v; the configuration HAProxy last accepted was restored, which undid this change", rl.ID, cause)
		r.undone = append(r.undone, undone{after: r.acceptedVersion, before: restored, by: rl, reason: reason})
		if len(r.undone) > keptRestores {
			r.undone = r.undone[1:]
		}
		r.acceptedVersion = restored
		var doomed []*dataplane.Reload
		if r.pending != nil { // its writes were undone; if its timer fired, its run ends at once
			r.timer.Stop()
			doomed, r.pending = append(doomed, r.pending), nil
		}
		return doomed, nil
	}
}

func (a *Agent) reloadRoutes() []*route {
	base := "/services/haproxy/reloads"
	return []*route{
		{method: http.MethodGet, path: base, summary: "List the recent reloads", reply: []dataplane.Reload{}, codes: []int{200},
			handle: func(c *call) (int, any, error) { return http.StatusOK, a.reloads.list(), nil }},
		{method: http.MethodGet, path: base + "/{id}", summary: "Read a reload's outcome", query: []string{"wait"}, reply: dataplane.Reload{}, codes: []int{200},
			handle: func(c *call) (int, any, error) {
				wait, err := c.intQuery("wait")
				if err != nil {
					return 0, nil, err
				}
				rl, ok := a.reloads.await(c.r.Context(), c.path("id"), time.Duration(min(wait, int64(dataplane.MaxReloadWait/time.Second)))*time.Second)
				if !ok {
					return 0, nil, fmt.Errorf("%w: reload %s does not exist", errReloadNotFound, c.path("id"))
				}
				return http.StatusOK, rl, nil
			}},
	}
}
