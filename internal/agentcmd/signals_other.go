//go:build !unix

package agentcmd

// ignoreReloadSignal: there is no HAProxy master to send SIGUSR1 here.
func ignoreReloadSignal() {}
