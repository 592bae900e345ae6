package haproxy

import (
	"context"
	"errors"
	"fmt"
	"io"
	"net"
	"os"
	"strings"
	"sync"
	"syscall"
	"time"
)

const (
	// commandTimeout bounds a command whose context has no deadline: a master
	// that accepts and never answers must not hang the agent.
	commandTimeout = 30 * time.Second
	// dialRetry covers the master re-executing itself on reload: its socket
	// refuses connections for some 50ms, and a slow machine may take longer.
	dialRetry = 2 * time.Second
	// firstTry bounds the first try of a question (ask); each next try gets
	// twice as long, up to lastTry. HAProxy 2.6 lets a `program` section's
	// process inherit the master CLI's listening socket, and a connection made
	// while the master re-executes on reload lands on it and is never answered
	// (with a program, the first one after nearly every reload). The master
	// itself answers in milliseconds; the doubling allows for a busy machine.
	firstTry = 250 * time.Millisecond
	lastTry  = 4 * time.Second
)

// Master talks to HAProxy's master CLI (the -S socket of a master-worker HAProxy).
//
// HAProxy 2.6's master CLI, when not in prompt mode, answers a command only once
// the client has closed its writing side, and then closes the connection; a client
// that keeps its side open waits forever. So every command is one connection:
// write, half-close, read to EOF.
type Master struct {
	Socket string // unix socket path

	out *output // HAProxy's output, when Start ran it: the only place reload errors appear
	// redact rewrites the alerts of a failed reload (nil: kept as they are).
	redact func(alerts []string) []string
	mu     sync.Mutex // one reload at a time: the outcome is read from counters a second reload would move
}

// Command sends one master CLI command and returns the whole answer, as HAProxy
// wrote it. An answer that is an error message is still a nil error here.
func (m *Master) Command(ctx context.Context, cmd string) (string, error) {
	ans, _, err := m.roundTrip(ctx, cmd)
	return ans, err
}

// Worker sends cmd to the current worker's runtime API ("@1 <cmd>"). It works
// whether or not haproxy.cfg declares a `stats socket`.
func (m *Master) Worker(ctx context.Context, cmd string) (string, error) {
	return m.workerAnswer(m.Command(ctx, "@1 "+cmd))
}

// WorkerPayload sends cmd with a payload to the current worker's runtime API,
// in the CLI's syntax for the commands that take one (`set ssl cert <file>`,
// `add map <map>`): the command line (cmd, to which it adds the "<<" that ends
// it) comes first, the payload's lines follow,
// and an empty line ends it. So the payload may hold no empty line, which would
// end it early and have the rest read as commands, and no '\r'; its final
// newline is optional. cmd itself is one line, as for Worker. Errors name cmd,
// never the payload, which may be secret (a private key).
func (m *Master) WorkerPayload(ctx context.Context, cmd, payload string) (string, error) {
	payload = strings.TrimSuffix(payload, "\n")
	switch {
	case payload == "":
		return "", fmt.Errorf("haproxy master CLI: command %q: empty payload", cmd)
	case strings.Contains(payload, "\r"):
		return "", fmt.Errorf("haproxy master CLI: command %q: the payload holds a carriage return", cmd)
	case strings.HasPrefix(payload, "\n") || strings.Contains(payload, "\n\n"):
		return "", fmt.Errorf("haproxy master CLI: command %q: the payload holds an empty line, which would end it early", cmd)
	}
	ans, _, err := m.send(ctx, "@1 "+cmd, payload)
	return m.workerAnswer(ans, err)
}

// AskWorker is Worker for a question, a command that may safely be sent twice
// (a `show`): it is tried again when a reload breaks or strands its connection.
func (m *Master) AskWorker(ctx context.Context, cmd string) (string, error) {
	return m.workerAnswer(m.ask(ctx, "@1 "+cmd))
}

func (m *Master) workerAnswer(ans string, err error) (string, error) {
	if err != nil {
		return "", err
	}
	if strings.HasPrefix(ans, "Can't find the target PID") {
		return "", fmt.Errorf("haproxy master CLI %s: no worker is running: %s", m.Socket, strings.TrimSpace(ans))
	}
	return ans, nil
}

// ask sends a question, a command that may safely be sent twice, and tries
// again when a try goes unanswered (see firstTry) or its connection is reset,
// as the master resets the connections it holds when it re-executes on reload,
// until ctx ends. Other errors are returned at once.
func (m *Master) ask(ctx context.Context, cmd string) (string, error) {
	if _, ok := ctx.Deadline(); !ok {
		var cancel context.CancelFunc
		ctx, cancel = context.WithTimeout(ctx, commandTimeout)
		defer cancel()
	}
	for wait := firstTry; ; wait = min(2*wait, lastTry) {
		try, cancel := context.WithTimeout(ctx, wait)
		ans, err := m.Command(try, cmd)
		// The connection's deadline may pass a moment before the context's.
		unanswered := try.Err() != nil || errors.Is(err, os.ErrDeadlineExceeded) ||
			errors.Is(err, syscall.ECONNRESET) || errors.Is(err, syscall.EPIPE)
		cancel()
		if err == nil || !unanswered || ctx.Err() != nil {
			return ans, err
		}
	}
}

// roundTrip is Command that also says whether the command reached HAProxy: a
// reload breaks the connection it came on, and that is not a failure to send.
func (m *Master) roundTrip(ctx context.Context, cmd string) (answer string, sent bool, err error) {
	return m.send(ctx, cmd, "")
}

// payloadMark at the end of a command line makes the CLI read the lines after
// it as the command's payload.
const payloadMark = "<<"

// send is roundTrip with a payload ("" for none), which WorkerPayload has checked.
// A command without one must not end with payloadMark: the CLI would wait for
// a payload, and the command would not run (a value from a request may end so).
func (m *Master) send(ctx context.Context, cmd, payload string) (answer string, sent bool, err error) {
	if strings.ContainsAny(cmd, "\r\n") {
		return "", false, fmt.Errorf("haproxy master CLI: command %q spans lines", cmd)
	}
	if payload == "" && strings.HasSuffix(cmd, payloadMark) {
		return "", false, fmt.Errorf("haproxy master CLI: command %q: %w", cmd, errPayloadMark("the command line", cmd))
	}
	if _, ok := ctx.Deadline(); !ok {
		var cancel context.CancelFunc
		ctx, cancel = context.WithTimeout(ctx, commandTimeout)
		defer cancel()
	}
	conn, err := m.dial(ctx)
	if err != nil {
		return "", false, err
	}
	defer conn.Close()
	deadline, _ := ctx.Deadline()
	conn.SetDeadline(deadline)
	// A cancelled context ends a pending read at once.
	stop := context.AfterFunc(ctx, func() { conn.SetDeadline(time.Unix(1, 0)) })
	defer stop()

	msg := cmd + "\n"
	if payload != "" {
		msg = cmd + " <<\n" + payload + "\n\n"
	}
	if _, err := io.WriteString(conn, msg); err != nil {
		return "", false, fmt.Errorf("haproxy master CLI %s: sending %q: %w", m.Socket, cmd, err)
	}
	if err := conn.CloseWrite(); err != nil {
		return "", false, fmt.Errorf("haproxy master CLI %s: sending %q: %w", m.Socket, cmd, err)
	}
	b, err := io.ReadAll(conn)
	if err != nil {
		if ctx.Err() != nil {
			err = ctx.Err()
		}
		return string(b), true, fmt.Errorf("haproxy master CLI %s: reading the answer to %q: %w", m.Socket, cmd, err)
	}
	return string(b), true, nil
}

// dial connects to the master socket, retrying briefly while it refuses
// connections, as it does while the master re-executes itself on reload.
func (m *Master) dial(ctx context.Context) (*net.UnixConn, error) {
	if m.Socket == "" {
		return nil, errors.New("haproxy master CLI: no socket path")
	}
	give := time.Now().Add(dialRetry)
	var d net.Dialer
	for {
		c, err := d.DialContext(ctx, "unix", m.Socket)
		if err == nil {
			return c.(*net.UnixConn), nil
		}
		transient := errors.Is(err, syscall.ECONNREFUSED) || errors.Is(err, syscall.EAGAIN)
		if !transient || time.Now().After(give) {
			return nil, fmt.Errorf("haproxy master CLI: %w", err)
		}
		if err := sleep(ctx, 10*time.Millisecond); err != nil {
			return nil, fmt.Errorf("haproxy master CLI %s: %w", m.Socket, err)
		}
	}
}

// sleep waits d, or less if ctx ends first.
func sleep(ctx context.Context, d time.Duration) error {
	t := time.NewTimer(d)
	defer t.Stop()
	select {
	case <-t.C:
		return nil
	case <-ctx.Done():
		return ctx.Err()
	}
}
