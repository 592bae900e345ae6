// Package engine owns one haproxy.cfg: it serves snapshots of it, applies writes
// with per-object optimistic concurrency, groups concurrent writes into one
// validated, atomic commit, keeps transactions, and notices edits made behind its
// back. The version lives in memory and in a small state file, never in the config.
package engine

import (
	"context"
	"crypto/sha256"
	"encoding/hex"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"log/slog"
	"os"
	"path/filepath"
	"sync"
	"time"

	"github.com/tfhaproxy/terraform-provider-haproxy/internal/haproxycfg"
)

// Validator checks a candidate configuration; internal/haproxy implements it with
// `haproxy -c`. A rejection wraps ErrValidation.
type Validator interface {
	Validate(ctx context.Context, config []byte) error
}

// Options configure an Engine.
type Options struct {
	ConfigPath string    // the haproxy.cfg the engine owns
	StateDir   string    // where the version is kept; the config's directory when empty
	Validator  Validator // checks every candidate before it is written
	// ValidateTimeout bounds one validation; 1 minute when zero.
	ValidateTimeout time.Duration
	// MaxTransactions bounds the transactions open at once; 20 when zero.
	MaxTransactions int
	// BatchWindow is how long the committer waits, after the first write of a
	// batch, for the writes it expects to join it, while writes come in bursts
	// (see loop); 100ms when zero, none when negative. Writes sent together
	// (Terraform's parallel applies) arrive milliseconds apart, and one
	// validation, a new haproxy process each time, then serves them all. A
	// writer Terraform answered sends its next write tens of milliseconds later
	// on a busy machine: over 330 objects applied at Terraform's parallelism of
	// 10 onto 10,000 servers, a window of 25ms left batches of 5 writes on
	// average (66 validations), 100ms made them 8 to 9 (38 to 44).
	BatchWindow time.Duration
	// OnCommit, when set, is called after each commit that changed the file, with
	// the new version, outside the engine's lock (the agent schedules reloads here).
	OnCommit func(version int64)
	// Logger receives a debug record of each commit: how many writes it took,
	// how long they queued, validated and were written; discarded when nil.
	Logger *slog.Logger
}

// Change edits a candidate configuration through the haproxycfg views. It returns
// their error when the edit cannot be made; the candidate is then discarded.
type Change func(c *haproxycfg.Config) error

// Guard refuses a change by what it does: before is the candidate the change was
// applied to, after the result. It runs before any validation, since `haproxy
// -c` already runs some of what a config holds (Lua code); the agent checks
// here that a user's role allows the lines a change adds, changes or removes.
type Guard func(before, after *haproxycfg.Config) error

// Write is one change, made at a version or inside a transaction (exactly one).
type Write struct {
	Version       int64
	TransactionID string
	DryRun        bool // apply and validate, write nothing
	Change        Change
	Guard         Guard // nil for none
}

// Engine owns one configuration file. It is safe for concurrent use.
type Engine struct {
	opts      Options
	path      string // the config, symlinks resolved
	statePath string

	mu      sync.Mutex
	cur     *haproxycfg.Config
	hash    [sha256.Size]byte
	file    fileID
	version int64
	floor   int64            // objects not changed since Open count as changed at this version
	changed map[string]int64 // object key -> version that last changed it
	txs     map[string]*transaction

	queue   chan *request
	stop    chan struct{}
	stopped chan struct{}
}

// fileID is what a stat tells of a file's content without reading it.
type fileID struct {
	size, mtime, ctime int64
	ino                uint64
}

func identify(fi os.FileInfo) fileID {
	st := sysStatOf(fi)
	return fileID{size: fi.Size(), mtime: fi.ModTime().UnixNano(), ino: st.ino, ctime: st.ctime}
}

// sysStat is what the OS tells of a file beyond os.FileInfo (uid and gid are -1
// when it tells nothing).
type sysStat struct {
	ino      uint64
	ctime    int64
	uid, gid int
}

// state is the state file's content.
type state struct {
	Version int64  `json:"version"`
	SHA256  string `json:"sha256"`
}

// Open takes ownership of the configuration file. The version continues from the
// state directory and goes up by one when the file changed while nobody watched.
func Open(opts Options) (*Engine, error) {
	if opts.Validator == nil {
		return nil, errors.New("engine: a Validator is required")
	}
	if opts.ValidateTimeout == 0 {
		opts.ValidateTimeout = time.Minute
	}
	if opts.MaxTransactions == 0 {
		opts.MaxTransactions = 20
	}
	if opts.BatchWindow == 0 {
		opts.BatchWindow = 100 * time.Millisecond
	}
	if opts.Logger == nil {
		opts.Logger = slog.New(slog.DiscardHandler)
	}
	path, err := filepath.Abs(opts.ConfigPath)
	if err == nil {
		path, err = filepath.EvalSymlinks(path)
	}
	if err != nil {
		return nil, fmt.Errorf("engine: config %s: %w", opts.ConfigPath, err)
	}
	if opts.StateDir == "" {
		opts.StateDir = filepath.Dir(path)
	}
	if err := os.MkdirAll(opts.StateDir, 0o700); err != nil {
		return nil, fmt.Errorf("engine: state directory: %w", err)
	}
	e := &Engine{
		opts:      opts,
		path:      path,
		statePath: filepath.Join(opts.StateDir, "engine-state.json"),
		changed:   map[string]int64{},
		txs:       map[string]*transaction{},
		queue:     make(chan *request, 1024),
		stop:      make(chan struct{}),
		stopped:   make(chan struct{}),
	}
	removeLeftovers(e.path)
	removeLeftovers(e.statePath)
	data, fi, err := e.readConfig()
	if err != nil {
		return nil, err
	}
	e.cur, e.hash, e.file = haproxycfg.Parse(data), sha256.Sum256(data), identify(fi)
	var st state
	if raw, err := os.ReadFile(e.statePath); err == nil {
		_ = json.Unmarshal(raw, &st) // an unreadable state starts over at version 1
	}
	e.version = max(st.Version, 1)
	if st.Version > 0 && st.SHA256 != hex.EncodeToString(e.hash[:]) {
		e.version++
	}
	e.floor = e.version
	if err := e.saveState(); err != nil {
		return nil, err
	}
	go e.loop()
	return e, nil
}

// Close stops the engine; writes still queued fail with ErrClosed.
func (e *Engine) Close() error {
	select {
	case <-e.stop:
	default:
		close(e.stop)
	}
	<-e.stopped
	return nil
}

// ConfigPath is the file the engine owns.
func (e *Engine) ConfigPath() string { return e.path }

func (e *Engine) readConfig() ([]byte, os.FileInfo, error) {
	f, err := os.Open(e.path)
	if err != nil {
		return nil, nil, fmt.Errorf("engine: %w", err)
	}
	defer f.Close()
	fi, err := f.Stat()
	if err != nil {
		return nil, nil, fmt.Errorf("engine: %w", err)
	}
	data, err := io.ReadAll(f)
	if err != nil {
		return nil, nil, fmt.Errorf("engine: %w", err)
	}
	return data, fi, nil
}

// syncLocked notices an edit made behind the engine's back: when the file's stat
// differs and its content hash too, the file is read again, the version goes up and
// the objects that differ are marked changed at it.
func (e *Engine) syncLocked() error {
	fi, err := os.Stat(e.path)
	if err != nil {
		return fmt.Errorf("engine: %w", err)
	}
	if identify(fi) == e.file {
		return nil
	}
	data, fi, err := e.readConfig()
	if err != nil {
		return err
	}
	e.file = identify(fi)
	hash := sha256.Sum256(data)
	if hash == e.hash {
		return nil
	}
	next := haproxycfg.Parse(data)
	e.version++
	for _, k := range haproxycfg.Changed(e.cur, next) {
		e.changed[k] = e.version
	}
	e.cur, e.hash = next, hash
	return e.saveState()
}

func (e *Engine) saveState() error {
	raw, _ := json.Marshal(state{Version: e.version, SHA256: hex.EncodeToString(e.hash[:])})
	if err := WriteFileAtomic(e.statePath, raw, 0o600); err != nil {
		return fmt.Errorf("engine: saving state: %w", err)
	}
	return nil
}

// Version is the current version, after noticing any edit made behind our back.
func (e *Engine) Version() (int64, error) {
	e.mu.Lock()
	defer e.mu.Unlock()
	err := e.syncLocked()
	return e.version, err
}

// Read returns a snapshot of the configuration and its version, or of a
// transaction's candidate and the transaction's version. The snapshot is the
// caller's: editing it changes nothing in the engine.
func (e *Engine) Read(transactionID string) (*haproxycfg.Config, int64, error) {
	e.mu.Lock()
	defer e.mu.Unlock()
	if transactionID != "" {
		tx, err := e.txLocked(transactionID)
		if err != nil {
			return nil, 0, err
		}
		return tx.cand.Clone(), tx.version, nil
	}
	if err := e.syncLocked(); err != nil {
		return nil, 0, err
	}
	return e.cur.Clone(), e.version, nil
}

// lastChangedLocked is the version that last changed an object.
func (e *Engine) lastChangedLocked(key string) int64 {
	return max(e.changed[key], e.floor)
}
