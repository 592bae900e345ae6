//go:build !unix

package haproxy

import (
	"os"
	"syscall"
)

// HAProxy runs on Unix only; these let the package build elsewhere (the provider
// binary is built for every platform).
var (
	softStop = os.Interrupt
	hardStop = os.Kill
)

func sysProcAttr() *syscall.SysProcAttr { return nil }

func killGroup(pid int) {
	if p, err := os.FindProcess(pid); err == nil {
		_ = p.Kill()
	}
}
