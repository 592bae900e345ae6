package engine

import (
	"os"
	"syscall"
)

// sysStatOf is what the OS tells of a file beyond os.FileInfo.
func sysStatOf(fi os.FileInfo) sysStat {
	st, ok := fi.Sys().(*syscall.Stat_t)
	if !ok {
		return sysStat{uid: -1, gid: -1}
	}
	return sysStat{ino: st.Ino, ctime: st.Ctimespec.Nano(), uid: int(st.Uid), gid: int(st.Gid)}
}
