package agent

import (
	"bytes"
	"context"
	"errors"
	"fmt"
	"net/http"
	"os"
	"path/filepath"
	"strings"

	"github.com/tfhaproxy/terraform-provider-haproxy/internal/dataplane"
	"github.com/tfhaproxy/terraform-provider-haproxy/internal/haproxy"
	"github.com/tfhaproxy/terraform-provider-haproxy/internal/patternfile"
)

// octets is a response body sent as application/octet-stream, as the official
// API sends a stored file's content.
type octets []byte

const storageMapsPath = "/services/haproxy/storage/maps"

// storageMapRoutes serve the map files of the maps directory, as the official
// API's map storage does. A file the running HAProxy has loaded (as a map or
// as an ACL's -f file) is replaced in HAProxy too, through the runtime API
// and without a reload; a file haproxy.cfg names is not deleted.
func (a *Agent) storageMapRoutes() []*route {
	one := storageMapsPath + "/{name}"
	return []*route{
		{method: http.MethodGet, path: storageMapsPath, summary: "List the map files of the maps directory", reply: []dataplane.MapFile{}, codes: []int{200},
			handle: func(c *call) (int, any, error) {
				files, err := a.storedMaps()
				return http.StatusOK, files, err
			}},
		{method: http.MethodPost, path: storageMapsPath, summary: "Create a map file in the maps directory from the upload's file_upload part, named by its file name",
			body: formFile(uploadPart), reply: dataplane.MapFile{}, codes: []int{201},
			handle: func(c *call) (int, any, error) {
				name, data, err := c.upload(uploadPart)
				if err != nil {
					return 0, nil, err
				}
				m, err := a.createMapFile(name, data)
				return http.StatusCreated, m, err
			}},
		{method: http.MethodGet, path: one, summary: "Read a map file's content", reply: octets(nil), codes: []int{200},
			handle: func(c *call) (int, any, error) {
				path, err := a.mapPath(c.path("name"))
				if err != nil {
					return 0, nil, err
				}
				data, err := readMapFile(path)
				return http.StatusOK, octets(data), err
			}},
		{method: http.MethodPut, path: one, query: []string{"skip_reload", "force_reload"},
			summary: "Replace a map file's content; HAProxy's map or ACL of the file is replaced at once through the runtime API, without a reload",
			body:    text(""), codes: []int{202, 204},
			handle: func(c *call) (int, any, error) {
				if err := c.requireContentType("text/plain"); err != nil {
					return 0, nil, err
				}
				p, err := c.storageParams()
				if err != nil {
					return 0, nil, err
				}
				path, err := a.mapPath(c.path("name"))
				if err != nil {
					return 0, nil, err
				}
				data, err := c.readBody()
				if err != nil {
					return 0, nil, err
				}
				unloaded, err := a.replaceMapFile(c, path, data)
				switch {
				case err != nil:
					return 0, nil, err
				case p.forceReload:
					return http.StatusNoContent, nil, a.reloadNow(c)
				case unloaded && !p.skipReload:
					c.reloadID = a.scheduleReload()
					return http.StatusAccepted, nil, nil
				}
				return http.StatusNoContent, nil, nil
			}},
		{method: http.MethodDelete, path: one, summary: "Delete a map file that haproxy.cfg does not name", codes: []int{204},
			handle: func(c *call) (int, any, error) {
				path, err := a.mapPath(c.path("name"))
				if err != nil {
					return 0, nil, err
				}
				return http.StatusNoContent, nil, a.deleteMapFile(path)
			}},
	}
}

// checkMapContent refuses what HAProxy would not read as the file's lines: a
// NUL byte ends a line where HAProxy reads it.
func checkMapContent(data []byte) error {
	if i := bytes.IndexByte(data, 0); i >= 0 {
		return fmt.Errorf("%w: the map file holds a NUL byte (at byte %d)", errBadParameter, i)
	}
	return nil
}

func storedMap(path string, size int64, description string) dataplane.MapFile {
	return dataplane.MapFile{Description: description, File: path, StorageName: filepath.Base(path), Size: &size}
}

// storedMaps lists the regular files of the maps directory; none when it does
// not exist yet.
func (a *Agent) storedMaps() ([]dataplane.MapFile, error) {
	dir := a.mapsDir()
	entries, err := os.ReadDir(dir)
	if errors.Is(err, os.ErrNotExist) {
		return []dataplane.MapFile{}, nil
	}
	if err != nil {
		return nil, err
	}
	out := []dataplane.MapFile{}
	for _, e := range entries {
		if !e.Type().IsRegular() || strings.HasPrefix(e.Name(), ".") {
			continue
		}
		info, err := e.Info()
		if err != nil {
			continue // removed meanwhile
		}
		out = append(out, storedMap(filepath.Join(dir, e.Name()), info.Size(), "managed map file"))
	}
	return out, nil
}

func (a *Agent) createMapFile(name string, data []byte) (dataplane.MapFile, error) {
	path, err := a.newMapPath(name)
	if err != nil {
		return dataplane.MapFile{}, err
	}
	if err := checkMapContent(data); err != nil {
		return dataplane.MapFile{}, err
	}
	unlock := a.reloads.hold()
	defer unlock()
	if _, err := os.Lstat(path); err == nil {
		return dataplane.MapFile{}, fmt.Errorf("%w: map file %s exists; replace it with PUT, or delete it first", errConflict, filepath.Base(path))
	}
	if err := writeMapFile(path, data); err != nil {
		return dataplane.MapFile{}, err
	}
	return storedMap(path, int64(len(data)), "managed but not loaded map file (no runtime ID)"), nil
}

// replaceMapFile writes a map file's new content. When the running HAProxy
// has loaded the file, its map or ACL is replaced first, atomically (requests
// see the old entries or the new), which also has HAProxy check every entry:
// one it refuses leaves both the file and HAProxy as they were. If the file
// cannot be written then, HAProxy is given its old entries back. unloaded says
// that haproxy.cfg names the file but the running HAProxy has not loaded it (a
// reload is due): only a reload makes the new content live.
func (a *Agent) replaceMapFile(c *call, path string, data []byte) (unloaded bool, err error) {
	if err := checkMapContent(data); err != nil {
		return false, err
	}
	ctx, cancel := a.runtimeContext(c)
	defer cancel()
	unlock := a.reloads.hold()
	defer unlock()
	if _, err := readMapFile(path); err != nil {
		return false, err
	}
	loaded, err := a.loadedAs(ctx, path)
	if err != nil {
		return false, err
	}
	if loaded == nil {
		if err := writeMapFile(path, data); err != nil {
			return false, err
		}
		use, err := a.fileUse(path)
		return use != "", err
	}
	old, err := loaded.entries(ctx)
	if err != nil {
		return false, err
	}
	entries, err := checkEntries(patternfile.Parse(data, loaded.kind), loaded.kind)
	if err != nil {
		return false, err
	}
	if err := loaded.replace(ctx, entries); err != nil {
		return false, err
	}
	if err := writeMapFile(path, data); err != nil {
		if rerr := loaded.replace(ctx, old); rerr != nil {
			return false, fmt.Errorf("%w; and giving HAProxy its old entries back failed, so it runs the new ones until the next reload: %v", err, rerr)
		}
		return false, err
	}
	return false, nil
}

// deleteMapFile deletes a map file haproxy.cfg does not name (409 naming the
// line that does).
func (a *Agent) deleteMapFile(path string) error {
	unlock := a.reloads.hold()
	defer unlock()
	if _, err := readMapFile(path); err != nil {
		return err
	}
	use, err := a.fileUse(path)
	if err != nil {
		return err
	}
	if use != "" {
		return fmt.Errorf("%w: map file %s is in use, at %s", errConflict, filepath.Base(path), use)
	}
	return os.Remove(path)
}

// loadedFile is a map or ACL file the running HAProxy has loaded, as `show
// map` or `show acl` lists it (File is its path as HAProxy names it).
type loadedFile struct {
	a    *Agent
	kind patternfile.Kind
	haproxy.PatternFile
}

// loadedAs finds how the running HAProxy has loaded the file at path: as a
// map (and maybe an ACL too: then it is changed as the map) or as an ACL's
// pattern file; nil when it has not, or when no HAProxy runs.
func (a *Agent) loadedAs(ctx context.Context, path string) (*loadedFile, error) {
	if a.runtime == nil {
		return nil, nil
	}
	l, err := a.loaded(ctx, patternfile.Map, path)
	if err == nil && l == nil {
		l, err = a.loaded(ctx, patternfile.ACL, path)
	}
	return l, err
}

func (l *loadedFile) entries(ctx context.Context) ([]haproxy.PatternEntry, error) {
	if l.kind == patternfile.Map {
		return l.a.runtime.MapEntries(ctx, l.File)
	}
	return l.a.runtime.ACLEntries(ctx, l.File)
}

// replace gives the map or ACL these entries, atomically.
func (l *loadedFile) replace(ctx context.Context, entries []haproxy.PatternEntry) error {
	if l.kind == patternfile.Map {
		return l.a.runtime.ReplaceMap(ctx, l.File, entries)
	}
	return l.a.runtime.ReplaceACL(ctx, l.File, entries)
}

// checkEntries are a file's entries as the runtime API takes them, each
// checked as one sent alone would be.
func checkEntries(entries []patternfile.Entry, kind patternfile.Kind) ([]haproxy.PatternEntry, error) {
	out := make([]haproxy.PatternEntry, len(entries))
	for i, e := range entries {
		var err error
		if kind == patternfile.Map {
			err = checkMapEntry(e.Key, e.Value)
		} else {
			err = checkACLPattern(e.Key)
		}
		if err != nil {
			return nil, fmt.Errorf("entry %d of the file: %w", i+1, err)
		}
		out[i] = haproxy.PatternEntry{Key: e.Key, Value: e.Value}
	}
	return out, nil
}
