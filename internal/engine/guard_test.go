package engine

import (
	"context"
	"errors"
	"strings"
	"testing"

	"github.com/tfhaproxy/terraform-provider-haproxy/internal/haproxycfg"
)

var errRefused = errors.New("refused by the guard")

// refuseNewBackend is a guard that refuses any change that adds be_guarded.
func refuseNewBackend(before, after *haproxycfg.Config) error {
	_, errBefore := haproxycfg.Backends.Get(before, "be_guarded")
	_, errAfter := haproxycfg.Backends.Get(after, "be_guarded")
	if errBefore != nil && errAfter == nil {
		return errRefused
	}
	return nil
}

// TestGuard: a write's guard sees the candidate before and after the write and
// refuses it before any validation runs, on every path: a write, a dry run, a
// write in a transaction, and a commit (checked as the committer's, the
// transaction left open when refused).
func TestGuard(t *testing.T) {
	ctx := context.Background()
	e, v, path := setup(t, handwritten(t))
	file := read(t, path)
	addBackend := func(c *haproxycfg.Config) error {
		c.Load([]byte(string(c.Bytes()) + "\nbackend be_guarded\n"))
		return nil
	}

	for _, dry := range []bool{false, true} {
		if _, err := e.Write(ctx, Write{Version: 1, DryRun: dry, Change: addBackend, Guard: refuseNewBackend}); !errors.Is(err, errRefused) {
			t.Fatalf("dry run %v: %v, want the guard's refusal", dry, err)
		}
	}
	if v.runs.Load() != 0 || read(t, path) != file {
		t.Fatalf("a refused write validated %d times or changed the file", v.runs.Load())
	}

	tx, err := e.StartTransaction(1)
	if err != nil {
		t.Fatal(err)
	}
	if _, err := e.Write(ctx, Write{TransactionID: tx.ID, Change: addBackend, Guard: refuseNewBackend}); !errors.Is(err, errRefused) {
		t.Fatalf("in a transaction: %v", err)
	}
	inside, _, _ := e.Read(tx.ID)
	if strings.Contains(string(inside.Bytes()), "be_guarded") {
		t.Fatal("a refused write reached the transaction's candidate")
	}
	// Written without a guard, refused at commit by the committer's.
	if _, err := e.Write(ctx, Write{TransactionID: tx.ID, Change: addBackend}); err != nil {
		t.Fatal(err)
	}
	for _, dry := range []bool{true, false} {
		if _, err := e.CommitTransaction(ctx, tx.ID, dry, refuseNewBackend); !errors.Is(err, errRefused) {
			t.Fatalf("commit (dry run %v): %v, want the guard's refusal", dry, err)
		}
	}
	if got, _ := e.Transaction(tx.ID); got.Status != StatusInProgress || v.runs.Load() != 0 || read(t, path) != file {
		t.Fatalf("after a refused commit: transaction %s, %d validations, file changed: %v", got.Status, v.runs.Load(), read(t, path) != file)
	}
	// A guard that allows it lets the same transaction through.
	if _, err := e.CommitTransaction(ctx, tx.ID, false, func(_, _ *haproxycfg.Config) error { return nil }); err != nil {
		t.Fatal(err)
	}
	if !strings.Contains(read(t, path), "backend be_guarded") {
		t.Fatal("the allowed commit did not write")
	}
}
