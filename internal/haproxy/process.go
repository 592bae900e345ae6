package haproxy

import (
	"context"
	"errors"
	"fmt"
	"io"
	"net"
	"os"
	"os/exec"
	"strings"
	"time"
)

const (
	// startTimeout bounds Start when its context has no deadline.
	startTimeout = time.Minute
	// stopTimeout is how long Stop lets a soft stop run when its context has no
	// deadline, before it hard-stops HAProxy.
	stopTimeout = 30 * time.Second
	// killAfter is how long a hard stop may take before HAProxy is killed.
	killAfter = 5 * time.Second
)

// StartOptions says how to run HAProxy.
type StartOptions struct {
	Bin          string // the haproxy binary; "haproxy" from PATH when empty
	Config       string // haproxy.cfg
	MasterSocket string // where the master CLI listens (created mode 600)
	WorkDir      string // HAProxy's working directory, against which relative paths resolve
	Env          []string
	// Redact, when set, rewrites the alerts of a failed reload before they go
	// into its ReloadError, which API clients see.
	Redact Redactor
	// Stdout and Stderr receive HAProxy's output as well (its NOTICE, WARNING and
	// ALERT lines, and logs sent to stderr); nil discards them.
	Stdout, Stderr io.Writer
}

// Process is an HAProxy the agent started itself, in master-worker mode with the
// master CLI on a socket: haproxy -W -db -S <socket>,mode,600 -f <config>.
// -db keeps the master in the foreground even if haproxy.cfg says `daemon`.
type Process struct {
	cmd    *exec.Cmd
	master *Master
	out    *output
	done   chan struct{} // closed once the master has exited
	err    error         // its exit status, set before done is closed
}

// Start runs HAProxy and returns once the master CLI answers and a worker is
// serving. A configuration HAProxy refuses, or a listener it cannot bind, is a
// *StartError carrying HAProxy's alerts. ctx bounds only the start: the process
// outlives it. A master still answering on the socket, left by an earlier run,
// is soft-stopped once the new one serves.
func Start(ctx context.Context, o StartOptions) (*Process, error) {
	if o.Config == "" || o.MasterSocket == "" {
		return nil, errors.New("haproxy start: Config and MasterSocket are required")
	}
	if strings.Contains(o.MasterSocket, ",") {
		// -S takes "<path>,<bind options>".
		return nil, fmt.Errorf("haproxy start: master socket path %q contains a comma", o.MasterSocket)
	}
	if _, ok := ctx.Deadline(); !ok {
		var cancel context.CancelFunc
		ctx, cancel = context.WithTimeout(ctx, startTimeout)
		defer cancel()
	}
	bin := o.Bin
	if bin == "" {
		bin = "haproxy"
	}
	// A master an earlier run left on this socket (an agent killed with SIGKILL
	// cannot stop its HAProxy) still serves its old configuration, and ours
	// binds the same ports beside it (SO_REUSEPORT). It is handed over below.
	left := masterOn(ctx, o.MasterSocket)
	out := &output{}
	cmd := exec.Command(bin, "-W", "-db", "-S", o.MasterSocket+",mode,600", "-f", o.Config)
	cmd.Dir = o.WorkDir
	cmd.Env = append(append([]string{hugePageMalloc}, os.Environ()...), o.Env...)
	cmd.Stdout = tee(o.Stdout, out)
	cmd.Stderr = tee(o.Stderr, out)
	cmd.SysProcAttr = sysProcAttr()
	// A worker that outlives the master keeps the output pipes open: do not let
	// that block Wait.
	cmd.WaitDelay = time.Second
	if err := cmd.Start(); err != nil {
		return nil, fmt.Errorf("haproxy start: %w", err)
	}
	p := &Process{
		cmd:    cmd,
		master: &Master{Socket: o.MasterSocket, out: out, redact: redactFile(o.Redact, o.Config)},
		out:    out,
		done:   make(chan struct{}),
	}
	go func() {
		p.err = cmd.Wait()
		close(p.done)
	}()
	if err := p.waitReady(ctx); err != nil {
		return nil, err
	}
	if left != 0 {
		// Soft stop: it closes its listeners now that ours serve, and exits
		// once its connections finish, so the handover drops none.
		if old, err := os.FindProcess(left); err == nil {
			_ = old.Signal(softStop)
		}
	}
	return p, nil
}

// masterOn is the PID of the HAProxy master answering on socket, 0 when none
// does.
func masterOn(ctx context.Context, socket string) int {
	// One try: a refused connection is a socket file that a master which has
	// exited left behind, as it does on a clean stop. The master CLI's own
	// dial would keep retrying it, for a master re-executing on reload.
	c, err := net.DialTimeout("unix", socket, time.Second)
	if err != nil {
		return 0
	}
	c.Close()
	ctx, cancel := context.WithTimeout(ctx, time.Second)
	defer cancel()
	procs, err := (&Master{Socket: socket}).Processes(ctx)
	if err != nil || len(procs) == 0 || procs[0].Role != "master" {
		return 0
	}
	return procs[0].PID
}

// waitReady polls the master CLI until our master (not a stale one on the same
// socket path) answers with a worker that answers too.
func (p *Process) waitReady(ctx context.Context) error {
	// A master that exits ends the attempt in flight at once.
	ctx, cancel := context.WithCancel(ctx)
	defer cancel()
	go func() {
		select {
		case <-p.done:
			cancel()
		case <-ctx.Done():
		}
	}()
	for {
		select {
		case <-p.done:
			lines := p.out.since(0)
			alerts := alertsOf(lines, 0)
			if len(alerts) == 0 && len(lines) > 20 {
				alerts = lines[len(lines)-20:]
			} else if len(alerts) == 0 {
				alerts = lines
			}
			return &StartError{Alerts: alerts, Err: p.err}
		default:
		}
		if p.ready(ctx) {
			return nil
		}
		if sleep(ctx, 20*time.Millisecond) != nil {
			select {
			case <-p.done:
				continue // report the exit
			default:
			}
			p.kill()
			return fmt.Errorf("haproxy start: the master CLI on %s did not answer with a running worker: %w; output:\n%s",
				p.master.Socket, ctx.Err(), strings.Join(p.out.since(0), "\n"))
		}
	}
}

func (p *Process) ready(ctx context.Context) bool {
	// A connection made while the master is still starting (to its socket under
	// the temporary name it binds first) may never be answered: give each attempt
	// a second, then try again.
	ctx, cancel := context.WithTimeout(ctx, time.Second)
	defer cancel()
	procs, err := p.master.Processes(ctx)
	if err != nil || procs[0].PID != p.cmd.Process.Pid || len(currentWorkers(procs)) == 0 {
		return false
	}
	_, err = p.master.Worker(ctx, "show version")
	return err == nil
}

// kill ends a process that failed to start.
func (p *Process) kill() {
	killGroup(p.cmd.Process.Pid)
	<-p.done
}

// Master is the master CLI of this process. Its Reload errors carry HAProxy's alerts.
func (p *Process) Master() *Master { return p.master }

// PID is the master's process ID.
func (p *Process) PID() int { return p.cmd.Process.Pid }

// Stop stops HAProxy gracefully: a soft stop (SIGUSR1), which lets the workers
// finish the connections they have, then a hard stop (SIGTERM) once ctx ends (or
// after 30s when ctx has no deadline), then SIGKILL if even that hangs. It returns
// once the master has exited.
func (p *Process) Stop(ctx context.Context) error {
	if _, ok := ctx.Deadline(); !ok {
		var cancel context.CancelFunc
		ctx, cancel = context.WithTimeout(ctx, stopTimeout)
		defer cancel()
	}
	if err := p.signal(softStop); err != nil {
		return err
	}
	select {
	case <-p.done:
		return nil
	case <-ctx.Done():
	}
	if err := p.signal(hardStop); err != nil {
		return err
	}
	select {
	case <-p.done:
		return nil
	case <-time.After(killAfter):
	}
	p.cmd.Process.Kill()
	<-p.done
	return fmt.Errorf("haproxy stop: master %d ignored SIGTERM for %v and was killed", p.PID(), killAfter)
}

func (p *Process) signal(sig os.Signal) error {
	select {
	case <-p.done:
		return nil
	default:
	}
	if err := p.cmd.Process.Signal(sig); err != nil && !errors.Is(err, os.ErrProcessDone) {
		return fmt.Errorf("haproxy stop: signalling master %d: %w", p.PID(), err)
	}
	return nil
}

// Wait waits for the master to exit and returns its exit status.
func (p *Process) Wait() error {
	<-p.done
	return p.err
}

// tee writes to out and to w when there is one. A failing w is ignored: an
// error would stop the copy from HAProxy's pipe, and HAProxy would then block
// on its next write.
func tee(w io.Writer, out *output) io.Writer {
	if w == nil {
		return out
	}
	return teeWriter{w, out}
}

type teeWriter struct {
	w   io.Writer
	out *output
}

func (t teeWriter) Write(p []byte) (int, error) {
	t.out.Write(p)
	t.w.Write(p)
	return len(p), nil
}
