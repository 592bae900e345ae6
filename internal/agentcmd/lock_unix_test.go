//go:build unix

package agentcmd

import (
	"testing"
	"time"
)

// TestLockStateDirWaitsForTheHolder: a second lock waits for the first to be
// released, as a new agent waits for the one stopping.
func TestLockStateDirWaitsForTheHolder(t *testing.T) {
	dir := t.TempDir()
	release, err := lockStateDir(dir)
	if err != nil {
		t.Fatal(err)
	}
	time.AfterFunc(300*time.Millisecond, release)
	start := time.Now()
	again, err := lockStateDir(dir)
	if err != nil {
		t.Fatalf("second lock: %v", err)
	}
	again()
	if waited := time.Since(start); waited < 250*time.Millisecond {
		t.Fatalf("the second lock was taken after %v, while the first was held for 300ms", waited)
	}
}
