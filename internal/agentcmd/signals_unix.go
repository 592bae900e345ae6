//go:build unix

package agentcmd

import (
	"os/signal"
	"syscall"
)

// ignoreReloadSignal: HAProxy's master sends SIGUSR1, its soft-stop signal, to the
// programs of its `program` sections on every reload, even to one kept with `no
// option start-on-reload`. An agent started that way must ignore it to outlive the
// reloads it makes (TestProgramAPISection). It stops on SIGTERM, which the master
// sends when it stops for good.
func ignoreReloadSignal() { signal.Ignore(syscall.SIGUSR1) }
