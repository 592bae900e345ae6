//go:build !unix

package haproxy

import (
	"errors"
	"syscall"
)

// HAProxy runs on Unix only; these let the package build elsewhere.
const credentialsSupported = false

func currentUID() int { return -1 }

func checkProcAttr(*Identity) *syscall.SysProcAttr { return nil }

func chown(string, *Identity) error { return errors.New("not supported on this system") }
