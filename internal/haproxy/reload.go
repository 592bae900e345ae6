package haproxy

import (
	"context"
	"fmt"
	"strings"
	"time"
)

// reloadTimeout bounds a reload whose context has no deadline. Loading a large
// configuration (big maps, many certificates) can take many seconds.
const reloadTimeout = 2 * time.Minute

// Reload reloads HAProxy through the master CLI and returns once the outcome is
// known. A reload HAProxy refused is a *ReloadError (wrapping ErrReloadFailed);
// the previous worker then keeps serving the previous configuration.
//
// HAProxy 2.6's `reload` answers nothing: the master re-executes itself at once,
// which closes the connection. The outcome is read from `show proc` afterwards:
// the master's reload counter has moved, and its "failed" counter has grown on
// failure (it is reset to 0 by a success). Reloads through one Master are
// serialized; a reload sent by someone else at the same moment can be mistaken
// for ours.
//
// A reload sent whose outcome is not known for sure wraps ErrReloadUnknown:
// the master did not report it before ctx ended, or reported a success that
// its worker does not bear out, or was replaced by another master. HAProxy may
// run the new configuration or the old one. Any other error means HAProxy
// still runs what it ran before.
func (m *Master) Reload(ctx context.Context) error {
	m.mu.Lock()
	defer m.mu.Unlock()
	if _, ok := ctx.Deadline(); !ok {
		var cancel context.CancelFunc
		ctx, cancel = context.WithTimeout(ctx, reloadTimeout)
		defer cancel()
	}
	procs, err := m.Processes(ctx)
	if err != nil {
		return fmt.Errorf("haproxy reload: %w", err)
	}
	before := procs[0]
	mark := m.out.mark()

	// The master closes the connection as it re-executes; a connection that
	// stays open is one the master never read (see firstTry), and the
	// counters below say whether the reload happened all the same.
	try, cancel := context.WithTimeout(ctx, lastTry)
	ans, sent, err := m.roundTrip(try, "reload")
	cancel()
	switch {
	case !sent:
		return fmt.Errorf("haproxy reload: %w", err)
	case err == nil && strings.TrimSpace(ans) != "":
		// Not re-executing: a refusal, such as "Permission denied" at operator level.
		return fmt.Errorf("haproxy reload: the master CLI answered: %s", strings.TrimSpace(ans))
	}

	procs, err = m.waitReloaded(ctx, before)
	if err != nil {
		return err
	}
	if after := procs[0]; after.Failed > before.Failed {
		alerts := m.reloadAlerts(ctx, mark, before.PID)
		if m.redact != nil {
			alerts = m.redact(alerts)
		}
		return &ReloadError{Alerts: alerts}
	}
	if len(currentWorkers(procs)) == 0 {
		return fmt.Errorf("%w: the master reports success but no worker", ErrReloadUnknown)
	}
	// The master forks the new worker before it answers again; the worker answers
	// only once it has loaded and bound its listeners.
	if ans, err := m.ask(ctx, "@1 show version"); err != nil || strings.HasPrefix(ans, "Can't find the target PID") {
		return fmt.Errorf("%w: the master reports success, but the new worker does not answer: %v %s", ErrReloadUnknown, err, strings.TrimSpace(ans))
	}
	return nil
}

// waitReloaded polls `show proc` until the master's reload counter passes
// before's. Until the master has re-executed, its socket refuses connections.
func (m *Master) waitReloaded(ctx context.Context, before Proc) ([]Proc, error) {
	for {
		procs, err := m.Processes(ctx)
		if err == nil {
			now := procs[0]
			if now.PID != before.PID {
				return nil, fmt.Errorf("%w: the master changed (pid %d, was %d): it was restarted, not reloaded", ErrReloadUnknown, now.PID, before.PID)
			}
			if now.Reloads > before.Reloads {
				return procs, nil
			}
		}
		if err := sleep(ctx, 20*time.Millisecond); err != nil {
			return nil, fmt.Errorf("%w: the master did not report it: %w", ErrReloadUnknown, err)
		}
	}
}

// reloadAlerts returns the master's alerts about the failed reload. They are
// written before the master listens again, but may still be in the pipe from
// HAProxy: wait a little for the "Loading failure!" line that ends them.
func (m *Master) reloadAlerts(ctx context.Context, mark, pid int) []string {
	if m.out == nil {
		return nil
	}
	for deadline := time.Now().Add(time.Second); time.Now().Before(deadline); {
		for _, l := range m.out.since(mark) {
			if strings.Contains(l, "Loading failure") {
				return alertsOf(m.out.since(mark), pid)
			}
		}
		if sleep(ctx, 10*time.Millisecond) != nil {
			break
		}
	}
	return alertsOf(m.out.since(mark), pid)
}
