package engine

import (
	"context"
	"crypto/rand"
	"errors"
	"fmt"
	"slices"

	"github.com/tfhaproxy/terraform-provider-haproxy/internal/dataplane"
	"github.com/tfhaproxy/terraform-provider-haproxy/internal/haproxycfg"
)

// Transaction statuses, as the Data Plane API names them.
const (
	StatusInProgress = "in_progress"
	StatusSuccess    = "success"
	StatusFailed     = "failed"
	StatusOutdated   = "outdated"
)

// transaction is a private candidate config and the changes that made it. Commit
// replays the changes onto the config as it is then, so that writes to other
// objects made meanwhile are kept, and fails as outdated when an object the
// transaction changes was changed after the transaction's version.
type transaction struct {
	id      string
	version int64
	status  string
	base    *haproxycfg.Config // the config when the transaction started
	cand    *haproxycfg.Config // base with changes applied: what reads inside it see
	changes []Change
}

func (tx *transaction) model() dataplane.Transaction {
	return dataplane.Transaction{ID: tx.id, Version: tx.version, Status: tx.status}
}

func newID() string {
	b := make([]byte, 16)
	_, _ = rand.Read(b)
	b[6] = b[6]&0x0f | 0x40 // a version 4 UUID
	b[8] = b[8]&0x3f | 0x80
	return fmt.Sprintf("%x-%x-%x-%x-%x", b[0:4], b[4:6], b[6:8], b[8:10], b[10:])
}

// StartTransaction opens a transaction at a version no later than the current one.
func (e *Engine) StartTransaction(version int64) (dataplane.Transaction, error) {
	e.mu.Lock()
	defer e.mu.Unlock()
	if err := e.syncLocked(); err != nil {
		return dataplane.Transaction{}, err
	}
	if version <= 0 || version > e.version {
		return dataplane.Transaction{}, fmt.Errorf("%w: version in configuration file is %d, given version is %d", ErrVersionMismatch, e.version, version)
	}
	open := 0
	for _, tx := range e.txs {
		if tx.status == StatusInProgress {
			open++
		}
	}
	if open >= e.opts.MaxTransactions {
		return dataplane.Transaction{}, fmt.Errorf("%w: %d are open", ErrTooManyTransactions, open)
	}
	tx := &transaction{id: newID(), version: version, status: StatusInProgress, base: e.cur, cand: e.cur}
	e.txs[tx.id] = tx
	return tx.model(), nil
}

func (e *Engine) txLocked(id string) (*transaction, error) {
	tx := e.txs[id]
	if tx == nil {
		return nil, fmt.Errorf("%w: %s", ErrTransactionNotFound, id)
	}
	return tx, nil
}

// outdatedLocked marks an open transaction outdated once an object it changes has
// been changed by someone else after it started.
func (e *Engine) outdatedLocked(tx *transaction) {
	if tx.status != StatusInProgress {
		return
	}
	for _, k := range haproxycfg.Changed(tx.base, tx.cand) {
		if e.lastChangedLocked(k) > tx.version {
			tx.status = StatusOutdated
			return
		}
	}
}

// Transaction reports one transaction.
func (e *Engine) Transaction(id string) (dataplane.Transaction, error) {
	e.mu.Lock()
	defer e.mu.Unlock()
	tx, err := e.txLocked(id)
	if err != nil {
		return dataplane.Transaction{}, err
	}
	if err := e.syncLocked(); err != nil {
		return dataplane.Transaction{}, err
	}
	e.outdatedLocked(tx)
	return tx.model(), nil
}

// Transactions lists the transactions the engine holds, in progress or ended.
func (e *Engine) Transactions() ([]dataplane.Transaction, error) {
	e.mu.Lock()
	defer e.mu.Unlock()
	if err := e.syncLocked(); err != nil {
		return nil, err
	}
	out := []dataplane.Transaction{}
	for _, tx := range e.txs {
		e.outdatedLocked(tx)
		out = append(out, tx.model())
	}
	slices.SortFunc(out, func(a, b dataplane.Transaction) int { return cmpString(a.ID, b.ID) })
	return out, nil
}

func cmpString(a, b string) int {
	switch {
	case a < b:
		return -1
	case a > b:
		return 1
	}
	return 0
}

// DeleteTransaction discards a transaction.
func (e *Engine) DeleteTransaction(id string) error {
	e.mu.Lock()
	defer e.mu.Unlock()
	if _, err := e.txLocked(id); err != nil {
		return err
	}
	delete(e.txs, id)
	return nil
}

// txWrite applies a change to a transaction's candidate; a change that fails, or
// that its guard refuses, leaves the candidate as it was.
func (e *Engine) txWrite(id string, change Change, guard Guard) (int64, error) {
	e.mu.Lock()
	defer e.mu.Unlock()
	tx, err := e.txLocked(id)
	if err != nil {
		return 0, err
	}
	if tx.status != StatusInProgress {
		return tx.version, fmt.Errorf("%w: transaction %s is %s", ErrTransactionClosed, id, tx.status)
	}
	next := tx.cand.Clone()
	if err := change(next); err != nil {
		return tx.version, err
	}
	if guard != nil {
		if err := guard(tx.cand, next); err != nil {
			return tx.version, err
		}
	}
	tx.cand, tx.changes = next, append(tx.changes, change)
	return tx.version, nil
}

// CommitTransaction replays a transaction's changes onto the current config and
// commits them as one write. A dry run validates without writing and leaves the
// transaction open. guard, when not nil, checks the whole transaction's change
// to the current config, as the committer's (each write was checked as its
// writer's when it was made); a commit it refuses leaves the transaction open,
// for someone it allows.
func (e *Engine) CommitTransaction(ctx context.Context, id string, dryRun bool, guard Guard) (int64, error) {
	e.mu.Lock()
	tx, err := e.txLocked(id)
	if err == nil && tx.status != StatusInProgress {
		err = fmt.Errorf("%w: transaction %s is %s", ErrTransactionClosed, id, tx.status)
	}
	var changes []Change
	var version int64
	if tx != nil {
		changes, version = slices.Clone(tx.changes), tx.version
	}
	e.mu.Unlock()
	if err != nil {
		return version, err
	}
	refused := false // written by the committer before r.done closes, read after
	r := &request{version: version, outdated: true, done: make(chan struct{}), apply: func(c *haproxycfg.Config) error {
		for _, change := range changes {
			if err := change(c); err != nil {
				return err
			}
		}
		return nil
	}}
	if guard != nil {
		r.guard = func(before, after *haproxycfg.Config) error {
			err := guard(before, after)
			refused = err != nil
			return err
		}
	}
	if dryRun {
		return e.dryRun(ctx, r)
	}
	result, err := e.submit(r)
	e.mu.Lock()
	defer e.mu.Unlock()
	switch {
	case err == nil:
		delete(e.txs, id)
	case refused:
	case errors.Is(err, ErrOutdated):
		tx.status = StatusOutdated
	default:
		tx.status = StatusFailed
	}
	return result, err
}
