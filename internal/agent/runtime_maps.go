package agent

import (
	"context"
	"errors"
	"fmt"
	"io/fs"
	"net/http"
	"os"
	"path/filepath"
	"regexp"
	"slices"

	"github.com/tfhaproxy/terraform-provider-haproxy/internal/dataplane"
	"github.com/tfhaproxy/terraform-provider-haproxy/internal/haproxy"
	"github.com/tfhaproxy/terraform-provider-haproxy/internal/patternfile"
)

// The running HAProxy's maps and file-backed ACLs, at the official paths.
//
// Every change is made in the running HAProxy and in the file, so that a reload
// or a restart keeps it, under lockPatternFiles (no other change, no reload in
// between). An addition or a replacement goes to HAProxy first, which checks
// the value as the map or ACL reads it: one it refuses changes nothing. Then
// the file is written atomically; if that fails, HAProxy is given back what it
// had. A deletion writes the file first (nothing there to check) and then
// deletes in HAProxy; if that fails, the file is written back. So an answered
// request leaves HAProxy and the file agreeing, and an error leaves both as
// they were (or says plainly which one it could not put back). force_sync, the
// official parameter that asks for the file to be written, is taken and
// changes nothing: the file is always written.

var (
	errMapNotLoaded = fmt.Errorf("%w: the running HAProxy has loaded no such map", errRouteNotFound)
	errACLNotLoaded = fmt.Errorf("%w: the running HAProxy has loaded no such ACL", errRouteNotFound)
	errNoEntry      = fmt.Errorf("%w: no such entry", errRouteNotFound)
)

// aclID is a runtime ACL's ID, as `show acl` numbers them.
var aclID = regexp.MustCompile(`^[0-9]+$`)

// inlineACL is how `show acl` describes an ACL written inline in haproxy.cfg:
// "acl 'src' file 'haproxy.cfg' line 10. ...".
var inlineACL = regexp.MustCompile(`^acl '([^']*)' file`)

func checkMapEntry(key, value string) error {
	if err := haproxy.CheckPatternKey("key", key); err != nil {
		return err
	}
	return haproxy.CheckPatternValue("value", value)
}

func checkACLPattern(value string) error { return haproxy.CheckACLPattern("value", value) }

func (a *Agent) runtimeMapRoutes() []*route {
	maps := "/services/haproxy/runtime/maps"
	acls := "/services/haproxy/runtime/acls"
	sync := []string{"force_sync"}
	return []*route{
		{method: http.MethodGet, path: maps, query: []string{"include_unmanaged"}, summary: "List the maps the running HAProxy has loaded from the maps directory",
			reply: []dataplane.MapFile{}, codes: []int{200}, handle: a.listRuntimeMaps},
		{method: http.MethodGet, path: maps + "/{name}", summary: "Read a map the running HAProxy has loaded, by its file's name in the maps directory",
			reply: dataplane.MapFile{}, codes: []int{200}, handle: a.getRuntimeMap},
		{method: http.MethodDelete, path: maps + "/{name}", query: []string{"forceDelete", "force_sync"}, summary: "Delete every entry of a running map and of its file (forceDelete: delete the file, unless haproxy.cfg names it)",
			codes: []int{204}, handle: a.clearRuntimeMap},
		{method: http.MethodPut, path: maps + "/{name}", query: sync, summary: "Add entries to a running map and its file, all at once",
			body: []dataplane.MapEntry{}, reply: []dataplane.MapEntry{}, codes: []int{201}, handle: a.addRuntimeMapPayload},
		{method: http.MethodGet, path: maps + "/{parent_name}/entries", summary: "List a running map's entries; an entry's id is its key",
			reply: []dataplane.MapEntry{}, codes: []int{200}, handle: a.listRuntimeMapEntries},
		{method: http.MethodPost, path: maps + "/{parent_name}/entries", query: sync, summary: "Add an entry to a running map and its file, without a reload",
			body: dataplane.MapEntry{}, reply: dataplane.MapEntry{}, codes: []int{201}, handle: a.addRuntimeMapEntry},
		{method: http.MethodGet, path: maps + "/{parent_name}/entries/{id}", summary: "Read a running map's entry by its key",
			reply: dataplane.MapEntry{}, codes: []int{200}, handle: a.getRuntimeMapEntry},
		{method: http.MethodPut, path: maps + "/{parent_name}/entries/{id}", query: sync, summary: "Replace the value of a key in a running map and its file, without a reload",
			body: dataplane.MapEntry{}, reply: dataplane.MapEntry{}, codes: []int{200}, handle: a.replaceRuntimeMapEntry},
		{method: http.MethodDelete, path: maps + "/{parent_name}/entries/{id}", query: sync, summary: "Delete a key from a running map and its file, without a reload",
			codes: []int{204}, handle: a.deleteRuntimeMapEntry},

		{method: http.MethodGet, path: acls, summary: "List the ACLs the running HAProxy has loaded",
			reply: []dataplane.ACLFile{}, codes: []int{200}, handle: a.listRuntimeACLs},
		{method: http.MethodGet, path: acls + "/{id}", summary: "Read a running ACL by its ID (or, an extension, its file's name in the maps directory)",
			reply: dataplane.ACLFile{}, codes: []int{200}, handle: a.getRuntimeACL},
		{method: http.MethodGet, path: acls + "/{parent_name}/entries", summary: "List a running ACL's patterns",
			reply: []dataplane.ACLFileEntry{}, codes: []int{200}, handle: a.listRuntimeACLEntries},
		{method: http.MethodPost, path: acls + "/{parent_name}/entries", summary: "Add a pattern to a running ACL of a file in the maps directory and to the file, without a reload",
			body: dataplane.ACLFileEntry{}, reply: dataplane.ACLFileEntry{}, codes: []int{201}, handle: a.addRuntimeACLEntry},
		{method: http.MethodPut, path: acls + "/{parent_name}/entries", summary: "Add patterns to a running ACL of a file in the maps directory and to the file, all at once",
			body: []dataplane.ACLFileEntry{}, reply: []dataplane.ACLFileEntry{}, codes: []int{201}, handle: a.addRuntimeACLPayload},
		{method: http.MethodGet, path: acls + "/{parent_name}/entries/{id}", summary: "Read a running ACL's pattern by its id (or its value)",
			reply: dataplane.ACLFileEntry{}, codes: []int{200}, handle: a.getRuntimeACLEntry},
		{method: http.MethodDelete, path: acls + "/{parent_name}/entries/{id}", summary: "Delete a pattern (every entry of its value) from a running ACL and its file, without a reload",
			codes: []int{204}, handle: a.deleteRuntimeACLEntry},
	}
}

// needRuntime is 503 when no HAProxy runs.
func (a *Agent) needRuntime() error {
	if a.runtime == nil {
		return errNoHAProxy
	}
	return nil
}

// loaded finds the map (or ACL) the running HAProxy has loaded from the file
// at path; nil when it has not.
func (a *Agent) loaded(ctx context.Context, kind patternfile.Kind, path string) (*loadedFile, error) {
	list := a.runtime.Maps
	if kind == patternfile.ACL {
		list = a.runtime.ACLs
	}
	files, err := list(ctx)
	if err != nil {
		return nil, err
	}
	if i := slices.IndexFunc(files, func(f haproxy.PatternFile) bool { return a.sameFile(f.File, path) }); i >= 0 {
		return &loadedFile{a: a, kind: kind, PatternFile: files[i]}, nil
	}
	return nil, nil
}

// runtimeMap is the running map of the file name names in the maps directory.
func (a *Agent) runtimeMap(ctx context.Context, name string) (*loadedFile, error) {
	if err := a.needRuntime(); err != nil {
		return nil, err
	}
	path, err := a.mapPath(name)
	if err != nil {
		return nil, err
	}
	m, err := a.loaded(ctx, patternfile.Map, path)
	if err == nil && m == nil {
		err = fmt.Errorf("%w: %s", errMapNotLoaded, filepath.Base(path))
	}
	return m, err
}

func (a *Agent) managed(file string) bool {
	return file != "" && filepath.Dir(a.onDisk(file)) == realPath(a.mapsDir())
}

func runtimeMapFile(f haproxy.PatternFile, managed bool) dataplane.MapFile {
	m := dataplane.MapFile{ID: f.ID, File: f.File, Description: f.Description}
	if managed {
		m.StorageName = filepath.Base(f.File)
	}
	return m
}

func (a *Agent) listRuntimeMaps(c *call) (int, any, error) {
	if err := a.needRuntime(); err != nil {
		return 0, nil, err
	}
	all, err := c.boolQuery("include_unmanaged")
	if err != nil {
		return 0, nil, err
	}
	files, err := a.runtime.Maps(c.r.Context())
	out := []dataplane.MapFile{}
	for _, f := range files {
		if managed := a.managed(f.File); managed || all {
			out = append(out, runtimeMapFile(f, managed))
		}
	}
	return http.StatusOK, out, err
}

func (a *Agent) getRuntimeMap(c *call) (int, any, error) {
	m, err := a.runtimeMap(c.r.Context(), c.path("name"))
	if err != nil {
		return 0, nil, err
	}
	return http.StatusOK, runtimeMapFile(m.PatternFile, true), nil
}

func mapEntry(e haproxy.PatternEntry) dataplane.MapEntry {
	return dataplane.MapEntry{ID: e.Key, Key: e.Key, Value: e.Value}
}

func (a *Agent) listRuntimeMapEntries(c *call) (int, any, error) {
	m, err := a.runtimeMap(c.r.Context(), c.path("parent_name"))
	if err != nil {
		return 0, nil, err
	}
	entries, err := m.entries(c.r.Context())
	out := []dataplane.MapEntry{}
	for _, e := range entries {
		out = append(out, mapEntry(e))
	}
	return http.StatusOK, out, err
}

// withKey are the entries of key.
func withKey(entries []haproxy.PatternEntry, key string) []haproxy.PatternEntry {
	return slices.DeleteFunc(slices.Clone(entries), func(e haproxy.PatternEntry) bool { return e.Key != key })
}

func (a *Agent) getRuntimeMapEntry(c *call) (int, any, error) {
	m, err := a.runtimeMap(c.r.Context(), c.path("parent_name"))
	if err != nil {
		return 0, nil, err
	}
	entries, err := m.entries(c.r.Context())
	if err != nil {
		return 0, nil, err
	}
	found := withKey(entries, c.path("id"))
	if len(found) == 0 {
		return 0, nil, fmt.Errorf("%w: map %s has no key %q", errNoEntry, filepath.Base(m.File), c.path("id"))
	}
	return http.StatusOK, mapEntry(found[0]), nil
}

// change is one change to a running map or ACL under lockPatternFiles: the
// running HAProxy's file, its content now, and what the change needs.
type change struct {
	l       *loadedFile
	path    string
	data    []byte
	entries []haproxy.PatternEntry
}

// begin takes the lock and reads what a change to the running map or ACL find
// names starts from; end must be called.
func (a *Agent) begin(c *call, find func(ctx context.Context) (*loadedFile, error)) (ctx context.Context, ch *change, end func(), err error) {
	if err := c.boolParams("force_sync", "forceDelete"); err != nil {
		return nil, nil, nil, err
	}
	ctx, cancel := a.runtimeContext(c)
	unlock := a.reloads.hold()
	end = func() { unlock(); cancel() }
	ch = &change{}
	if ch.l, err = find(ctx); err == nil {
		ch.path = a.onDisk(ch.l.File)
		if ch.data, err = readMapFile(ch.path); err == nil {
			ch.entries, err = ch.l.entries(ctx)
		}
	}
	if err != nil {
		end()
		return nil, nil, nil, err
	}
	return ctx, ch, end, nil
}

// boolParams checks the boolean query parameters a route takes.
func (c *call) boolParams(names ...string) error {
	for _, n := range names {
		if _, err := c.boolQuery(n); err != nil {
			return err
		}
	}
	return nil
}

// write writes data to the file after the running HAProxy changed; if it
// cannot, undo puts HAProxy back.
func (ch *change) write(data []byte, undo func() error) error {
	err := writeMapFile(ch.path, data)
	if err == nil {
		return nil
	}
	if uerr := undo(); uerr != nil {
		return fmt.Errorf("writing %s: %w; and undoing the change in the running HAProxy failed, so it has the change until reload %s, scheduled now, loads the file: %v",
			ch.path, err, ch.l.a.scheduleReload(), uerr)
	}
	return fmt.Errorf("writing %s: %w; the running HAProxy is as it was", ch.path, err)
}

// deleteThen writes data (the file without what is deleted) and then deletes
// in the running HAProxy; if that fails, the file is written back.
func (ch *change) deleteThen(data []byte, del func() error) error {
	if err := writeMapFile(ch.path, data); err != nil {
		return err
	}
	if err := del(); err != nil {
		if werr := writeMapFile(ch.path, ch.data); werr != nil {
			return fmt.Errorf("%w; and writing the file back failed, so HAProxy has what the file no longer has until reload %s, scheduled now, loads the file: %v",
				err, ch.l.a.scheduleReload(), werr)
		}
		return err
	}
	return nil
}

func (a *Agent) mapFinder(c *call, param string) func(ctx context.Context) (*loadedFile, error) {
	return func(ctx context.Context) (*loadedFile, error) { return a.runtimeMap(ctx, c.path(param)) }
}

func (a *Agent) addRuntimeMapEntry(c *call) (int, any, error) {
	e, err := decode[dataplane.MapEntry](c)
	if err != nil {
		return 0, nil, err
	}
	if err := checkMapEntry(e.Key, e.Value); err != nil {
		return 0, nil, err
	}
	ctx, ch, end, err := a.begin(c, a.mapFinder(c, "parent_name"))
	if err != nil {
		return 0, nil, err
	}
	defer end()
	if len(withKey(ch.entries, e.Key)) > 0 {
		return 0, nil, fmt.Errorf("%w: map %s has key %q already; replace its value with PUT .../entries/{id}", errConflict, filepath.Base(ch.path), e.Key)
	}
	if err := a.runtime.AddMapEntry(ctx, ch.l.File, e.Key, e.Value); err != nil {
		return 0, nil, err
	}
	err = ch.write(patternfile.Append(ch.data, patternfile.Line(patternfile.Map, e.Key, e.Value)), func() error {
		return a.runtime.DeleteMapEntry(ctx, ch.l.File, e.Key) // the key was not there before
	})
	return http.StatusCreated, dataplane.MapEntry{ID: e.Key, Key: e.Key, Value: e.Value}, err
}

func (a *Agent) replaceRuntimeMapEntry(c *call) (int, any, error) {
	e, err := decode[dataplane.MapEntry](c)
	if err != nil {
		return 0, nil, err
	}
	key := c.path("id")
	if err := checkMapEntry(key, e.Value); err != nil {
		return 0, nil, err
	}
	ctx, ch, end, err := a.begin(c, a.mapFinder(c, "parent_name"))
	if err != nil {
		return 0, nil, err
	}
	defer end()
	old := withKey(ch.entries, key)
	if len(old) == 0 {
		return 0, nil, fmt.Errorf("%w: map %s has no key %q", errNoEntry, filepath.Base(ch.path), key)
	}
	if err := a.runtime.SetMapEntry(ctx, ch.l.File, key, e.Value); err != nil {
		return 0, nil, err
	}
	line := patternfile.Line(patternfile.Map, key, e.Value)
	data, n := patternfile.Replace(ch.data, patternfile.Map, key, func(string) string { return line })
	if n == 0 { // the running map had it, the file not (edited by hand since the last reload)
		data = patternfile.Append(ch.data, line)
	}
	err = ch.write(data, func() error {
		var errs []error
		for _, o := range old {
			errs = append(errs, a.runtime.SetMapRef(ctx, ch.l.File, o.Ref, o.Value))
		}
		return errors.Join(errs...)
	})
	return http.StatusOK, dataplane.MapEntry{ID: key, Key: key, Value: e.Value}, err
}

func (a *Agent) deleteRuntimeMapEntry(c *call) (int, any, error) {
	key := c.path("id")
	if err := haproxy.CheckPatternKey("key", key); err != nil {
		return 0, nil, err
	}
	ctx, ch, end, err := a.begin(c, a.mapFinder(c, "parent_name"))
	if err != nil {
		return 0, nil, err
	}
	defer end()
	if len(withKey(ch.entries, key)) == 0 {
		return 0, nil, fmt.Errorf("%w: map %s has no key %q", errNoEntry, filepath.Base(ch.path), key)
	}
	data, _ := patternfile.Replace(ch.data, patternfile.Map, key, func(string) string { return "" })
	return http.StatusNoContent, nil, ch.deleteThen(data, func() error { return a.runtime.DeleteMapEntry(ctx, ch.l.File, key) })
}

// clearRuntimeMap deletes every entry of a running map and of its file; with
// forceDelete, it deletes the file too, unless haproxy.cfg names it.
func (a *Agent) clearRuntimeMap(c *call) (int, any, error) {
	ctx, ch, end, err := a.begin(c, a.mapFinder(c, "name"))
	if err != nil {
		return 0, nil, err
	}
	defer end()
	del, _ := c.boolQuery("forceDelete")
	clear := func() error { return a.runtime.ClearMap(ctx, ch.l.File) }
	if !del {
		return http.StatusNoContent, nil, ch.deleteThen(patternfile.Clear(ch.data, patternfile.Map), clear)
	}
	use, err := a.fileUse(ch.path)
	if err != nil {
		return 0, nil, err
	}
	if use != "" {
		return 0, nil, fmt.Errorf("%w: map file %s is in use, at %s; without forceDelete its entries are deleted and the file stays", errConflict, filepath.Base(ch.path), use)
	}
	if err := clear(); err != nil {
		return 0, nil, err
	}
	return http.StatusNoContent, nil, removeFile(ch.path)
}

// addRuntimeMapPayload adds entries to a running map all at once: none of
// their keys may be in the map already, nor twice among them.
func (a *Agent) addRuntimeMapPayload(c *call) (int, any, error) {
	add, err := decode[[]dataplane.MapEntry](c)
	if err != nil {
		return 0, nil, err
	}
	seen := map[string]bool{}
	for i, e := range add {
		if err := checkMapEntry(e.Key, e.Value); err != nil {
			return 0, nil, fmt.Errorf("entry %d: %w", i, err)
		}
		if seen[e.Key] {
			return 0, nil, fmt.Errorf("%w: key %q is given twice", errConflict, e.Key)
		}
		seen[e.Key] = true
	}
	ctx, ch, end, err := a.begin(c, a.mapFinder(c, "name"))
	if err != nil {
		return 0, nil, err
	}
	defer end()
	data, all, out := ch.data, slices.Clone(ch.entries), []dataplane.MapEntry{}
	for _, e := range add {
		if len(withKey(ch.entries, e.Key)) > 0 {
			return 0, nil, fmt.Errorf("%w: map %s has key %q already", errConflict, filepath.Base(ch.path), e.Key)
		}
		all = append(all, haproxy.PatternEntry{Key: e.Key, Value: e.Value})
		data = patternfile.Append(data, patternfile.Line(patternfile.Map, e.Key, e.Value))
		out = append(out, dataplane.MapEntry{ID: e.Key, Key: e.Key, Value: e.Value})
	}
	if err := ch.l.replace(ctx, all); err != nil {
		return 0, nil, err
	}
	return http.StatusCreated, out, ch.write(data, func() error { return ch.l.replace(ctx, ch.entries) })
}

// runtimeACL finds a running ACL by its ID or, our extension, by the name of
// its file in the maps directory.
func (a *Agent) runtimeACL(ctx context.Context, name string) (haproxy.PatternFile, error) {
	if err := a.needRuntime(); err != nil {
		return haproxy.PatternFile{}, err
	}
	acls, err := a.runtime.ACLs(ctx)
	if err != nil {
		return haproxy.PatternFile{}, err
	}
	match := func(f haproxy.PatternFile) bool { return f.ID == name }
	if !aclID.MatchString(name) {
		path, err := a.mapPath(name)
		if err != nil {
			return haproxy.PatternFile{}, err
		}
		match = func(f haproxy.PatternFile) bool { return a.sameFile(f.File, path) }
	}
	if i := slices.IndexFunc(acls, match); i >= 0 {
		return acls[i], nil
	}
	return haproxy.PatternFile{}, fmt.Errorf("%w: %s", errACLNotLoaded, name)
}

// writableACL is a running ACL whose patterns come from a file in the maps
// directory, the only ones whose changes can be kept: one written inline in
// haproxy.cfg is changed through the configuration's ACLs.
func (a *Agent) writableACL(ctx context.Context, name string) (*loadedFile, error) {
	f, err := a.runtimeACL(ctx, name)
	if err != nil {
		return nil, err
	}
	if !a.managed(f.File) {
		where := "is written inline in haproxy.cfg; change it through /services/haproxy/configuration/.../acls"
		if f.File != "" {
			where = fmt.Sprintf("reads %s, outside the maps directory %s, where the agent writes no file", f.File, a.mapsDir())
		}
		return nil, fmt.Errorf("%w: ACL %s %s", errConflict, f.ID, where)
	}
	return &loadedFile{a: a, kind: patternfile.ACL, PatternFile: f}, nil
}

func aclFile(f haproxy.PatternFile) dataplane.ACLFile {
	name := f.File
	if m := inlineACL.FindStringSubmatch(f.Description); name == "" && m != nil {
		name = m[1] // the official API's storage_name for an inline ACL: its criterion
	}
	return dataplane.ACLFile{ID: f.ID, StorageName: name, Description: f.Description}
}

func (a *Agent) listRuntimeACLs(c *call) (int, any, error) {
	if err := a.needRuntime(); err != nil {
		return 0, nil, err
	}
	acls, err := a.runtime.ACLs(c.r.Context())
	out := []dataplane.ACLFile{}
	for _, f := range acls {
		out = append(out, aclFile(f))
	}
	return http.StatusOK, out, err
}

func (a *Agent) getRuntimeACL(c *call) (int, any, error) {
	f, err := a.runtimeACL(c.r.Context(), c.path("id"))
	return http.StatusOK, aclFile(f), err
}

func aclEntry(e haproxy.PatternEntry) dataplane.ACLFileEntry {
	return dataplane.ACLFileEntry{ID: e.Ref, Value: e.Key}
}

func (a *Agent) runtimeACLEntries(ctx context.Context, name string) ([]haproxy.PatternEntry, error) {
	f, err := a.runtimeACL(ctx, name)
	if err != nil {
		return nil, err
	}
	return a.runtime.ACLEntries(ctx, "#"+f.ID)
}

func (a *Agent) listRuntimeACLEntries(c *call) (int, any, error) {
	entries, err := a.runtimeACLEntries(c.r.Context(), c.path("parent_name"))
	out := []dataplane.ACLFileEntry{}
	for _, e := range entries {
		out = append(out, aclEntry(e))
	}
	return http.StatusOK, out, err
}

// aclEntryOf finds an ACL's entry by its reference or, failing that, its value,
// as the official API finds it.
func aclEntryOf(entries []haproxy.PatternEntry, id string) (haproxy.PatternEntry, bool) {
	if i := slices.IndexFunc(entries, func(e haproxy.PatternEntry) bool { return e.Ref == id }); i >= 0 {
		return entries[i], true
	}
	if i := slices.IndexFunc(entries, func(e haproxy.PatternEntry) bool { return e.Key == id }); i >= 0 {
		return entries[i], true
	}
	return haproxy.PatternEntry{}, false
}

func (a *Agent) getRuntimeACLEntry(c *call) (int, any, error) {
	entries, err := a.runtimeACLEntries(c.r.Context(), c.path("parent_name"))
	if err != nil {
		return 0, nil, err
	}
	e, ok := aclEntryOf(entries, c.path("id"))
	if !ok {
		return 0, nil, fmt.Errorf("%w: ACL %s has no entry %q", errNoEntry, c.path("parent_name"), c.path("id"))
	}
	return http.StatusOK, aclEntry(e), nil
}

func (a *Agent) aclFinder(c *call) func(ctx context.Context) (*loadedFile, error) {
	return func(ctx context.Context) (*loadedFile, error) { return a.writableACL(ctx, c.path("parent_name")) }
}

func (a *Agent) addRuntimeACLEntry(c *call) (int, any, error) {
	e, err := decode[dataplane.ACLFileEntry](c)
	if err != nil {
		return 0, nil, err
	}
	out, err := a.addACLPatterns(c, []dataplane.ACLFileEntry{e})
	if err != nil {
		return 0, nil, err
	}
	return http.StatusCreated, out[0], nil
}

func (a *Agent) addRuntimeACLPayload(c *call) (int, any, error) {
	add, err := decode[[]dataplane.ACLFileEntry](c)
	if err != nil {
		return 0, nil, err
	}
	out, err := a.addACLPatterns(c, add)
	return http.StatusCreated, out, err
}

// addACLPatterns adds patterns to a running ACL and its file: one with `add
// acl`, more all at once. None may be in the ACL already, nor twice among them
// (409, as the official API answers a pattern it has).
func (a *Agent) addACLPatterns(c *call, add []dataplane.ACLFileEntry) ([]dataplane.ACLFileEntry, error) {
	seen := map[string]bool{}
	for i, e := range add {
		if err := checkACLPattern(e.Value); err != nil {
			return nil, fmt.Errorf("entry %d: %w", i, err)
		}
		if seen[e.Value] {
			return nil, fmt.Errorf("%w: pattern %q is given twice", errConflict, e.Value)
		}
		seen[e.Value] = true
	}
	ctx, ch, end, err := a.begin(c, a.aclFinder(c))
	if err != nil {
		return nil, err
	}
	defer end()
	data, all := ch.data, slices.Clone(ch.entries)
	for _, e := range add {
		if slices.ContainsFunc(ch.entries, func(p haproxy.PatternEntry) bool { return p.Key == e.Value }) {
			return nil, fmt.Errorf("%w: ACL %s has pattern %q already", errConflict, ch.l.ID, e.Value)
		}
		all = append(all, haproxy.PatternEntry{Key: e.Value})
		data = patternfile.Append(data, e.Value)
	}
	if len(add) == 1 {
		err = a.runtime.AddACLEntry(ctx, ch.l.File, add[0].Value)
	} else {
		err = ch.l.replace(ctx, all)
	}
	if err != nil {
		return nil, err
	}
	err = ch.write(data, func() error {
		if len(add) == 1 {
			return a.runtime.DeleteACLEntry(ctx, ch.l.File, add[0].Value)
		}
		return ch.l.replace(ctx, ch.entries)
	})
	if err != nil {
		return nil, err
	}
	// The answer names each new entry by its reference, read back.
	now, err := ch.l.entries(ctx)
	out := []dataplane.ACLFileEntry{}
	for _, e := range add {
		entry := dataplane.ACLFileEntry{Value: e.Value}
		if i := slices.IndexFunc(now, func(p haproxy.PatternEntry) bool { return p.Key == e.Value }); i >= 0 {
			entry.ID = now[i].Ref
		}
		out = append(out, entry)
	}
	return out, err
}

// deleteRuntimeACLEntry deletes the pattern an entry's id (its reference, or
// its value) names: every entry of that value, which all match alike.
func (a *Agent) deleteRuntimeACLEntry(c *call) (int, any, error) {
	ctx, ch, end, err := a.begin(c, a.aclFinder(c))
	if err != nil {
		return 0, nil, err
	}
	defer end()
	e, ok := aclEntryOf(ch.entries, c.path("id"))
	if !ok {
		return 0, nil, fmt.Errorf("%w: ACL %s has no entry %q", errNoEntry, ch.l.ID, c.path("id"))
	}
	if err := checkACLPattern(e.Key); err != nil {
		return 0, nil, fmt.Errorf("%w (the pattern cannot be deleted through the runtime API; edit the file and reload)", err)
	}
	data, _ := patternfile.Replace(ch.data, patternfile.ACL, e.Key, func(string) string { return "" })
	return http.StatusNoContent, nil, ch.deleteThen(data, func() error { return a.runtime.DeleteACLEntry(ctx, ch.l.File, e.Key) })
}

// removeFile deletes a file of the maps directory.
func removeFile(path string) error {
	if err := os.Remove(path); err != nil && !errors.Is(err, fs.ErrNotExist) {
		return err
	}
	return nil
}
