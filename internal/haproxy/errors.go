package haproxy

import (
	"errors"
	"fmt"
	"strings"
)

var (
	// ErrReloadFailed is what a reload that HAProxy refused wraps (see ReloadError).
	ErrReloadFailed = errors.New("haproxy reload failed")
	// ErrReloadUnknown: a reload was sent, and the master did not say how it
	// went: HAProxy may run the new configuration or the one before.
	ErrReloadUnknown = errors.New("haproxy reload outcome unknown")
	// ErrStartFailed is what a process that exited before serving wraps (see StartError).
	ErrStartFailed = errors.New("haproxy did not start")
	// ErrNotFound: the runtime API has no such backend or server.
	ErrNotFound = errors.New("not found")
	// ErrExists: the runtime API already has a server of that name in the backend.
	ErrExists = errors.New("already exists")
	// ErrUnsupported: the change cannot be made through the runtime API (a backend
	// or keyword that dynamic servers do not support, a server that other config
	// elements point to); the caller should write the config and reload instead.
	ErrUnsupported = errors.New("not supported by the runtime API")
	// ErrInvalidName: a backend or server name HAProxy would not accept, refused
	// before it reaches a runtime API command line.
	ErrInvalidName = errors.New("invalid name")
	// ErrInvalidValue: a value HAProxy would not take, such as an address that is
	// not an IP address or a port out of range: the client's mistake.
	ErrInvalidValue = errors.New("invalid value")
)

// ReloadError is a reload HAProxy refused. The previous worker keeps serving.
type ReloadError struct {
	// Alerts are the master's [ALERT] lines for this reload, when they could be
	// read: only for a Master obtained from Process.Master, because HAProxy 2.6
	// writes them to the master's stderr and nowhere on the CLI.
	Alerts []string
}

func (e *ReloadError) Error() string {
	if len(e.Alerts) == 0 {
		return ErrReloadFailed.Error() + " (the reason is in HAProxy's output); the previous configuration is still running"
	}
	return fmt.Sprintf("%s: %s", ErrReloadFailed, strings.Join(e.Alerts, "\n"))
}

func (e *ReloadError) Unwrap() error { return ErrReloadFailed }

// StartError is an HAProxy that exited before serving: most often a config it
// refuses, or a listener it cannot bind.
type StartError struct {
	Alerts []string // its [ALERT] lines, or its last output lines when it printed none
	Err    error    // how it exited
}

func (e *StartError) Error() string {
	return fmt.Sprintf("%s (%v): %s", ErrStartFailed, e.Err, strings.Join(e.Alerts, "\n"))
}

func (e *StartError) Unwrap() []error { return []error{ErrStartFailed, e.Err} }

// CommandError is a runtime API command that HAProxy answered with an error message.
type CommandError struct {
	Command string
	Message string // HAProxy's answer, trimmed
	kind    error  // ErrNotFound, ErrExists, ErrUnsupported, ErrInvalidValue or nil
}

func (e *CommandError) Error() string {
	if e.kind != nil {
		return fmt.Sprintf("haproxy runtime API: %s: %s: %s", e.Command, e.kind, e.Message)
	}
	return fmt.Sprintf("haproxy runtime API: %s: %s", e.Command, e.Message)
}

func (e *CommandError) Unwrap() error { return e.kind }

// commandError classifies one of HAProxy's runtime API error messages. The
// messages are HAProxy 2.6's; newer versions keep them.
func commandError(cmd, answer string) *CommandError {
	msg := strings.TrimSpace(answer)
	e := &CommandError{Command: cmd, Message: msg}
	switch low := strings.ToLower(msg); {
	case strings.HasPrefix(low, "no such"), strings.HasPrefix(low, "can't find"):
		e.kind = ErrNotFound
	case strings.HasPrefix(low, "already exists"):
		e.kind = ErrExists
	case strings.HasPrefix(low, "invalid addr"), strings.Contains(low, "problem converting port"): // set server ... addr
		e.kind = ErrInvalidValue
	case strings.Contains(low, "dynamic"), // "'cookie' option is not accepted for dynamic server", "Backend must use a dynamic load balancing ..."
		strings.Contains(low, "cannot be removed at runtime"): // a server named by use-server and the like
		e.kind = ErrUnsupported
	}
	return e
}
