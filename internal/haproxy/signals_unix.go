//go:build unix

package haproxy

import "syscall"

const (
	softStop = syscall.SIGUSR1 // the workers finish their connections, then everything exits
	hardStop = syscall.SIGTERM // the workers close their connections now
)

// sysProcAttr puts HAProxy in a process group of its own, so that a Ctrl-C meant
// for the agent does not hard-stop HAProxy: the agent stops it gracefully.
func sysProcAttr() *syscall.SysProcAttr {
	return &syscall.SysProcAttr{Setpgid: true}
}

// killGroup kills HAProxy's whole process group: the master and the workers it
// forked, which would otherwise outlive a master killed alone.
func killGroup(pid int) { _ = syscall.Kill(-pid, syscall.SIGKILL) }
