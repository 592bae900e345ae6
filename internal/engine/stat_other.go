//go:build !linux && !darwin

package engine

import "os"

// sysStatOf is what the OS tells of a file beyond os.FileInfo: nothing here; the
// agent runs next to HAProxy, on Linux or macOS.
func sysStatOf(os.FileInfo) sysStat { return sysStat{uid: -1, gid: -1} }
