//go:build unix

package agentcmd

import (
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"syscall"
	"time"
)

// lockWait is how long an agent waits for the state directory: an HAProxy
// `program` with start-on-reload starts the new agent while the old one is
// still stopping.
const lockWait = 20 * time.Second

// lockStateDir keeps the state directory for this agent alone. A second agent
// on the same directory would fight the first over haproxy.cfg, and would take
// over its HAProxy (haproxy.Start hands over a master left on the socket, which
// is safe only when the agent that started it is gone). The kernel drops the
// lock when the process ends, however it ends.
func lockStateDir(dir string) (release func(), err error) {
	f, err := os.OpenFile(filepath.Join(dir, "agent.lock"), os.O_CREATE|os.O_RDWR, 0o600)
	if err != nil {
		return nil, err
	}
	for deadline := time.Now().Add(lockWait); ; time.Sleep(100 * time.Millisecond) {
		err = syscall.Flock(int(f.Fd()), syscall.LOCK_EX|syscall.LOCK_NB)
		if err == nil {
			return func() { f.Close() }, nil
		}
		if !errors.Is(err, syscall.EWOULDBLOCK) || time.Now().After(deadline) {
			break
		}
	}
	f.Close()
	if errors.Is(err, syscall.EWOULDBLOCK) {
		return nil, fmt.Errorf("another agent is running with state directory %s (waited %v for it to stop)", dir, lockWait)
	}
	return nil, fmt.Errorf("locking state directory %s: %w", dir, err)
}
