package engine

import (
	"os"
	"path/filepath"
	"strings"
)

// tempPrefix marks our temporary files next to the config, so that leftovers of a
// crash can be recognised and removed.
const tempPrefix = ".tmp-"

// crashPoint, set only by the crash test, is called at each step of
// WriteFileAtomic ("created", "written", "renamed") so that the test can kill
// the process exactly there.
var crashPoint func(path, step string)

func reachedStep(path, step string) {
	if crashPoint != nil {
		crashPoint(path, step)
	}
}

// WriteFileAtomic replaces path with data so that a crash at any point leaves either
// the old or the new content: a temporary file in the same directory, written and
// fsynced, given the old file's mode and owner, renamed over the old one, and the
// directory fsynced so that the rename itself is durable.
func WriteFileAtomic(path string, data []byte, defaultMode os.FileMode) error {
	return writeFile(path, data, defaultMode, true)
}

// WriteFileAtomicMode is WriteFileAtomic with mode whatever the old file's was
// (its owner is kept): for the files the agent stores beside the configuration,
// such as certificates, whose mode is the agent's to say.
func WriteFileAtomicMode(path string, data []byte, mode os.FileMode) error {
	return writeFile(path, data, mode, false)
}

// writeFile is WriteFileAtomic, keeping the old file's mode or not.
func writeFile(path string, data []byte, defaultMode os.FileMode, keepMode bool) error {
	dir, base := filepath.Split(path)
	mode, uid, gid := defaultMode, -1, -1
	if fi, err := os.Stat(path); err == nil {
		st := sysStatOf(fi)
		uid, gid = st.uid, st.gid
		if keepMode {
			mode = fi.Mode().Perm()
		}
	}
	f, err := os.CreateTemp(dir, tempPrefix+base+"-*")
	if err != nil {
		return err
	}
	tmp := f.Name()
	defer os.Remove(tmp) // after a successful rename there is nothing left to remove
	reachedStep(path, "created")
	_, err = f.Write(data)
	if err == nil {
		err = f.Chmod(mode)
	}
	if err == nil && uid >= 0 && (uid != os.Getuid() || gid != os.Getgid()) {
		err = f.Chown(uid, gid)
	}
	if err == nil {
		err = f.Sync()
	}
	if cerr := f.Close(); err == nil {
		err = cerr
	}
	if err != nil {
		return err
	}
	reachedStep(path, "written")
	if err := os.Rename(tmp, path); err != nil {
		return err
	}
	reachedStep(path, "renamed")
	return syncDir(dir)
}

// SyncDir makes the entries of dir durable: after a file in it is removed, say.
func SyncDir(dir string) error { return syncDir(dir) }

func syncDir(dir string) error {
	if dir == "" {
		dir = "."
	}
	d, err := os.Open(dir)
	if err != nil {
		return err
	}
	defer d.Close()
	return d.Sync()
}

// removeLeftovers deletes temporary files a crash left next to path.
func removeLeftovers(path string) {
	dir, base := filepath.Split(path)
	matches, _ := filepath.Glob(filepath.Join(dir, tempPrefix+base+"-*"))
	for _, m := range matches {
		if strings.HasPrefix(filepath.Base(m), tempPrefix) {
			os.Remove(m)
		}
	}
}
