//go:build unix

package haproxy

import (
	"os"
	"syscall"
)

const credentialsSupported = true

func currentUID() int { return os.Getuid() }

// checkProcAttr runs `haproxy -c` in a process group of its own, as id when id is
// not nil. The group lets a cancelled check end whatever a Lua script started.
func checkProcAttr(id *Identity) *syscall.SysProcAttr {
	attr := &syscall.SysProcAttr{Setpgid: true}
	if id != nil {
		attr.Credential = &syscall.Credential{Uid: id.UID, Gid: id.GID, Groups: id.Groups}
	}
	return attr
}

// chown gives a candidate's file or directory to id.
func chown(path string, id *Identity) error { return os.Chown(path, int(id.UID), int(id.GID)) }
