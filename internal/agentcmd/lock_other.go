//go:build !unix

package agentcmd

// lockStateDir does nothing where HAProxy does not run: the agent needs Unix.
func lockStateDir(string) (func(), error) { return func() {}, nil }
