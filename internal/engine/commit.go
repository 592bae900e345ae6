package engine

import (
	"context"
	"crypto/sha256"
	"errors"
	"fmt"
	"maps"
	"os"
	"slices"
	"time"

	"github.com/tfhaproxy/terraform-provider-haproxy/internal/haproxycfg"
)

// maxBatch bounds how many writes one commit takes.
const maxBatch = 1000

// request is one write waiting for the committer.
type request struct {
	version  int64
	apply    Change
	guard    Guard
	outdated bool // a transaction commit: a conflict is ErrOutdated
	flush    bool // no write: done once the writes queued before it are (see Flush)
	queued   time.Time

	err    error
	result int64 // the version after this write
	done   chan struct{}
}

// applied is a write that made it into a candidate, with the objects it changed.
type applied struct {
	r    *request
	keys []string
}

// Write applies one change at a version, or inside a transaction, and returns the
// version after it. Writes that arrive while a commit is being validated are
// committed together: applied in order to one candidate, validated once, written
// once.
func (e *Engine) Write(ctx context.Context, w Write) (int64, error) {
	if (w.Version == 0) == (w.TransactionID == "") {
		return 0, fmt.Errorf("%w: give exactly one of version and transaction_id", ErrBadRequest)
	}
	if w.TransactionID != "" {
		return e.txWrite(w.TransactionID, w.Change, w.Guard)
	}
	r := &request{version: w.Version, apply: w.Change, guard: w.Guard, done: make(chan struct{})}
	if w.DryRun {
		return e.dryRun(ctx, r)
	}
	return e.submit(r)
}

// submit queues r for the committer and waits for its outcome.
func (e *Engine) submit(r *request) (int64, error) {
	r.queued = time.Now()
	select {
	case e.queue <- r:
	case <-e.stop:
		return 0, ErrClosed
	}
	<-r.done
	return r.result, r.err
}

// Flush returns once every write submitted before it has been committed or
// has failed. The agent flushes before it reloads, so that writes being checked
// when a reload is due share it instead of needing the next one.
func (e *Engine) Flush() error {
	_, err := e.submit(&request{flush: true, done: make(chan struct{})})
	return err
}

// dryRun applies r to a candidate and validates it, writing nothing.
func (e *Engine) dryRun(ctx context.Context, r *request) (int64, error) {
	e.mu.Lock()
	err := e.syncLocked()
	base, version := e.cur, e.version
	e.mu.Unlock()
	if err != nil {
		return 0, err
	}
	cand, ok := e.build(base, []*request{r}, nil)
	if r.err != nil || len(ok) == 0 {
		return version, r.err
	}
	return version, e.validate(ctx, cand.Bytes())
}

func (e *Engine) validate(ctx context.Context, config []byte) error {
	ctx, cancel := context.WithTimeout(ctx, e.opts.ValidateTimeout)
	defer cancel()
	return e.opts.Validator.Validate(ctx, config)
}

// loop is the committer: it takes the first queued write and the writes that
// join it within the batch window, and commits them as one batch.
//
// While writes come in a burst (the last batch held more than one), the next
// batch waits, up to the window, for as many writes as were outstanding when
// the last commit ended: those queued then, and those the commit answered,
// whose writers (Terraform's parallel applies) are likely to send their next
// write at once. Without that wait, writes that queue during one validation
// make the next batch, and the writers answered by it the one after: at
// Terraform's parallelism of 10, batches alternated and averaged 5 writes.
func (e *Engine) loop() {
	defer close(e.stopped)
	expect := 0 // writes the next batch waits for; 0 when the last batch held one
	for {
		select {
		case <-e.stop:
			for {
				select {
				case r := <-e.queue:
					r.err = ErrClosed
					close(r.done)
				default:
					return
				}
			}
		case r := <-e.queue:
			if r.flush { // the writes before it are done
				close(r.done)
				continue
			}
			batch, flush := e.collect(r, expect)
			e.commit(batch)
			expect = 0
			if len(batch) > 1 {
				expect = min(len(batch)+len(e.queue), maxBatch)
			}
			for _, r := range batch {
				close(r.done)
			}
			if flush != nil {
				close(flush.done)
			}
		}
	}
}

// collect gathers the writes queued behind first and, until there are expect
// of them, those that arrive within the batch window. A lone writer never
// waits for the window. A flush ends the batch: it is returned, to be done
// with it.
func (e *Engine) collect(first *request, expect int) (batch []*request, flush *request) {
	batch = []*request{first}
	var window <-chan time.Time
	if expect > 1 && e.opts.BatchWindow > 0 {
		t := time.NewTimer(e.opts.BatchWindow)
		defer t.Stop()
		window = t.C
	}
	for len(batch) < maxBatch {
		var r *request
		select {
		case r = <-e.queue:
		default:
			if window == nil || len(batch) >= expect {
				return batch, nil
			}
			select {
			case r = <-e.queue:
			case <-window:
				return batch, nil
			}
		}
		if r.flush {
			return batch, r
		}
		batch = append(batch, r)
	}
	return batch, nil
}

// commitStats is what one commit spent its time on, for its log record.
type commitStats struct {
	validations int
	validating  time.Duration
}

// commit settles a batch against the current config and writes the outcome.
func (e *Engine) commit(batch []*request) {
	start := time.Now()
	var stats commitStats
	defer func() { e.logCommit(batch, start, stats) }()
	for {
		e.mu.Lock()
		err := e.syncLocked()
		base := e.cur
		e.mu.Unlock()
		if err != nil {
			failAll(batch, err)
			return
		}
		final, accepted := e.settle(base, batch, nil, &stats)
		e.mu.Lock()
		if err := e.syncLocked(); err != nil {
			e.mu.Unlock()
			failAll(batch, err)
			return
		}
		if e.cur != base { // edited behind our back while we validated: settle again
			e.mu.Unlock()
			continue
		}
		version, changed, err := e.persistLocked(final, accepted)
		for _, r := range batch {
			if r.err == nil && err != nil {
				r.err = err
			}
			if r.result == 0 {
				r.result = e.version
			}
		}
		e.mu.Unlock()
		if changed && e.opts.OnCommit != nil {
			e.opts.OnCommit(version)
		}
		return
	}
}

// logCommit records a commit at debug level: its writes, how long the first
// of them queued before the commit began, its validations and its whole time.
func (e *Engine) logCommit(batch []*request, start time.Time, stats commitStats) {
	failed := 0
	for _, r := range batch {
		if r.err != nil {
			failed++
		}
	}
	e.opts.Logger.Debug("commit", "writes", len(batch), "failed", failed,
		"queued_ms", milliseconds(start.Sub(batch[0].queued)), "validations", stats.validations,
		"validate_ms", milliseconds(stats.validating), "duration_ms", milliseconds(time.Since(start)))
}

func milliseconds(d time.Duration) float64 { return float64(d.Microseconds()) / 1000 }

func failAll(batch []*request, err error) {
	for _, r := range batch {
		r.err = err
	}
}

// persistLocked writes final and gives each accepted write that changed something
// its own version, in order; writes that changed nothing get the version after
// the batch.
func (e *Engine) persistLocked(final *haproxycfg.Config, accepted []applied) (int64, bool, error) {
	next := e.version
	for _, a := range accepted {
		if len(a.keys) > 0 {
			next++
		}
	}
	if next == e.version {
		return e.version, false, nil
	}
	data := final.Bytes()
	if err := WriteFileAtomic(e.path, data, 0o644); err != nil {
		return e.version, false, fmt.Errorf("engine: writing %s: %w", e.path, err)
	}
	for _, a := range accepted {
		if len(a.keys) > 0 {
			e.version++
			for _, k := range a.keys {
				e.changed[k] = e.version
			}
		}
		a.r.result = e.version
	}
	return e.version, true, e.afterWriteLocked(final, data)
}

// settle applies reqs to base and validates the result once. When HAProxy rejects
// it, the batch is split in halves and each settled on its own, so that only the
// writes HAProxy rejects alone fail, each with HAProxy's message. pending are the
// objects changed by writes already accepted ahead of reqs in the same batch.
func (e *Engine) settle(base *haproxycfg.Config, reqs []*request, pending map[string]bool, stats *commitStats) (*haproxycfg.Config, []applied) {
	cand, ok := e.build(base, reqs, pending)
	if len(ok) == 0 || changedNothing(ok) {
		return base, ok
	}
	began := time.Now()
	err := e.validate(context.Background(), cand.Bytes())
	stats.validations++
	stats.validating += time.Since(began)
	if err == nil {
		return cand, ok
	}
	if !errors.Is(err, ErrValidation) || len(ok) == 1 {
		for _, a := range ok {
			a.r.err = err
		}
		return base, nil
	}
	rest := make([]*request, len(ok))
	for i, a := range ok {
		rest[i] = a.r
	}
	mid := len(rest) / 2
	left, lok := e.settle(base, rest[:mid], pending, stats)
	pending = cloneSet(pending)
	for _, a := range lok {
		for _, k := range a.keys {
			pending[k] = true
		}
	}
	right, rok := e.settle(left, rest[mid:], pending, stats)
	return right, append(lok, rok...)
}

func changedNothing(ok []applied) bool {
	for _, a := range ok {
		if len(a.keys) > 0 {
			return false
		}
	}
	return true
}

func cloneSet(s map[string]bool) map[string]bool {
	if s == nil {
		return map[string]bool{}
	}
	return maps.Clone(s)
}

// build applies reqs in order to a copy of base. A write whose change fails, or
// whose objects changed after its version (before it, or earlier in this batch),
// is left out with its error; the others are applied.
func (e *Engine) build(base *haproxycfg.Config, reqs []*request, pending map[string]bool) (*haproxycfg.Config, []applied) {
	cand := base
	pending = cloneSet(pending)
	var ok []applied
	for _, r := range reqs {
		r.err = nil
		next := cand.Clone()
		if err := r.apply(next); err != nil {
			// What is missing or out of range now may have been there at the
			// write's version: when what it addressed changed since, the write
			// was made against another state, and that is the conflict to report.
			if cerr := e.conflict(r, next.Touched(), pending); cerr != nil {
				err = cerr
			}
			r.err = err
			continue
		}
		if err := haproxycfg.ConditionalEdit(cand, next); err != nil {
			r.err = err
			continue
		}
		if err := r.check(cand, next); err != nil {
			r.err = err
			continue
		}
		// The objects the write addressed, and those it changed: a write that sets
		// what a concurrent write already set changes no byte, yet must conflict.
		keys := mergeSorted(next.Touched(), haproxycfg.Changed(cand, next))
		if err := e.conflict(r, keys, pending); err != nil {
			r.err = err
			continue
		}
		for _, k := range keys {
			pending[k] = true
		}
		cand = next
		ok = append(ok, applied{r, keys})
	}
	return cand, ok
}

// check runs the write's guard, if it has one.
func (r *request) check(before, after *haproxycfg.Config) error {
	if r.guard == nil {
		return nil
	}
	return r.guard(before, after)
}

// conflict tells whether an object r changes was changed after r's version: by an
// earlier commit, an edit behind our back, or a write ahead of r in its batch.
func (e *Engine) conflict(r *request, keys []string, pending map[string]bool) error {
	e.mu.Lock()
	defer e.mu.Unlock()
	kind := ErrVersionMismatch
	if r.outdated {
		// The official server's wording, which clients match on to retry.
		kind = fmt.Errorf("%w: transaction is outdated and cannot be committed", ErrOutdated)
	}
	if r.version > e.version {
		return fmt.Errorf("%w: version in configuration file is %d, given version is %d", kind, e.version, r.version)
	}
	for _, k := range keys {
		if pending[k] {
			return fmt.Errorf("%w: %s was changed by a concurrent write after version %d", kind, k, r.version)
		}
		if v := e.lastChangedLocked(k); v > r.version {
			return fmt.Errorf("%w: %s changed at version %d, after the given version %d", kind, k, v, r.version)
		}
	}
	return nil
}

// afterWriteLocked records what the engine itself wrote, so that it is not taken
// for an edit behind its back.
func (e *Engine) afterWriteLocked(final *haproxycfg.Config, data []byte) error {
	fi, err := os.Stat(e.path)
	if err != nil {
		return fmt.Errorf("engine: %w", err)
	}
	e.file, e.hash, e.cur = identify(fi), sha256.Sum256(data), final
	// The file is written: a state file that could not be saved only means the
	// next Open sees an unknown hash and moves the version on, so it is not an
	// error of this write.
	_ = e.saveState()
	return nil
}

// mergeSorted merges two sorted lists of keys, without repeats.
func mergeSorted(a, b []string) []string {
	out := slices.Concat(a, b)
	slices.Sort(out)
	return slices.Compact(out)
}
