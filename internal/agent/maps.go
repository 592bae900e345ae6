package agent

import (
	"errors"
	"fmt"
	"io/fs"
	"os"
	"path/filepath"
	"strings"

	"github.com/tfhaproxy/terraform-provider-haproxy/internal/engine"
	"github.com/tfhaproxy/terraform-provider-haproxy/internal/filedirs"
	"github.com/tfhaproxy/terraform-provider-haproxy/internal/haproxycfg"
)

// Map and ACL files: the maps directory holds them (--maps-dir), the storage
// endpoints write them whole (storage_maps.go), and the runtime endpoints
// change the running HAProxy's maps and ACLs and write each change to the file
// too (runtime_maps.go).

// mapFileMode is a new map file's mode: HAProxy and the user that checks
// configurations read it.
const mapFileMode = 0o644

var errMapNotFound = fmt.Errorf("%w: no such map file", errRouteNotFound)

// mapsDir is the directory of map and ACL files: --maps-dir, by default beside
// the configuration.
func (a *Agent) mapsDir() string {
	if a.opts.MapsDir != "" {
		return a.opts.MapsDir
	}
	return filedirs.Kind(filedirs.MapsFlag).Beside(a.engine.ConfigPath())
}

// newMapPath is the file a storage name stands for in the maps directory,
// ".map" added when the name has no such extension, as the official API adds it.
func (a *Agent) newMapPath(name string) (string, error) {
	if err := checkStorageName(name); err != nil {
		return "", err
	}
	if !strings.HasSuffix(name, ".map") {
		name += ".map"
	}
	return filepath.Join(a.mapsDir(), name), nil
}

// mapPath is the file a name addresses in the maps directory: the file of that
// name when there is one (a pattern file put there as hosts.lst), else as
// newMapPath names it.
func (a *Agent) mapPath(name string) (string, error) {
	path, err := a.newMapPath(name)
	if err != nil {
		return "", err
	}
	if exact := filepath.Join(a.mapsDir(), name); exact != path {
		if _, err := os.Lstat(exact); err == nil {
			return exact, nil
		}
	}
	return path, nil
}

// readMapFile reads a map file of the maps directory: 404 when there is none,
// or when it is not a regular file (a symbolic link would let a read reach a
// file outside the directory).
func readMapFile(path string) ([]byte, error) {
	fi, err := os.Lstat(path)
	if errors.Is(err, fs.ErrNotExist) || err == nil && !fi.Mode().IsRegular() {
		return nil, fmt.Errorf("%w: %s", errMapNotFound, filepath.Base(path))
	}
	if err != nil {
		return nil, err
	}
	return os.ReadFile(path)
}

// writeMapFile replaces a map file atomically (a crash leaves the old content
// or the new), creating the maps directory if it is not there yet.
func writeMapFile(path string, data []byte) error {
	if err := os.MkdirAll(filepath.Dir(path), 0o755); err != nil {
		return err
	}
	return atomicWrite(path, data, mapFileMode)
}

// atomicWrite is engine.WriteFileAtomic; a test makes it fail, as a full disk
// would, to see the running HAProxy's change undone.
var atomicWrite = engine.WriteFileAtomic

// fileUse is where haproxy.cfg names path as a file (a map converter, -f, ...),
// or "" when it does not.
func (a *Agent) fileUse(path string) (string, error) {
	cfg, _, err := a.engine.Read("")
	if err != nil {
		return "", err
	}
	for n, line := range strings.Split(string(cfg.Bytes()), "\n") {
		for _, f := range haproxycfg.LineFiles(line) {
			if a.sameFile(f, path) {
				return fmt.Sprintf("line %d of %s: %s", n+1, filepath.Base(a.engine.ConfigPath()), strings.TrimSpace(line)), nil
			}
		}
	}
	return "", nil
}
