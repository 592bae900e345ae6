package agent

import (
	"bytes"
	"context"
	"errors"
	"fmt"
	"io"
	"mime/multipart"
	"net/http"
	"net/url"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/tfhaproxy/terraform-provider-haproxy/internal/dataplane"
)

const (
	storageMaps = "/v3/services/haproxy/storage/maps"
	runtimeMaps = "/v3/services/haproxy/runtime/maps"
	runtimeACLs = "/v3/services/haproxy/runtime/acls"
)

// uploadMap posts a map file to the storage as the official clients do: a
// multipart body whose file_upload part's file name names it.
func (ta *testAgent) uploadMap(name, content string) response {
	ta.t.Helper()
	var body bytes.Buffer
	mw := multipart.NewWriter(&body)
	part, err := mw.CreateFormFile("file_upload", name)
	if err != nil {
		ta.t.Fatal(err)
	}
	part.Write([]byte(content))
	mw.Close()
	return ta.doAs(testUser, testPassword, "POST", storageMaps, body.String(), mw.FormDataContentType())
}

// mapsSetup is an agent whose HAProxy routes by a map and denies by ACL files,
// all in the agent's maps directory, with upstreams a, b and default behind.
type mapsSetup struct {
	*testAgent
	port                    int
	hosts, blocked, sources string // the files
}

func startMapsAgent(t testing.TB) *mapsSetup {
	ports := freePorts(t, 2)
	a, b, def := upstream(t, "a", 0), upstream(t, "b", 0), upstream(t, "default", 0)
	ta := startAgent(t, baseConfig(ports[0]))
	dir := filepath.Join(filepath.Dir(ta.config), "maps")
	m := &mapsSetup{testAgent: ta, port: ports[1],
		hosts: filepath.Join(dir, "hosts.map"), blocked: filepath.Join(dir, "blocked.map"), sources: filepath.Join(dir, "sources.map")}

	// The storage: created by the agent when the first file comes.
	var files []dataplane.MapFile
	ta.do("GET", storageMaps, nil).expect(t, 200).json(t, &files)
	if len(files) != 0 {
		t.Fatalf("storage lists %+v before any upload", files)
	}
	var created dataplane.MapFile
	hosts := "# hosts, by Host header\na.example be_a\n"
	ta.uploadMap("hosts.map", hosts).expect(t, 201).json(t, &created)
	if created.StorageName != "hosts.map" || created.File != m.hosts || created.Size == nil || *created.Size != int64(len(hosts)) {
		t.Fatalf("created %+v", created)
	}
	ta.uploadMap("blocked", "/blocked\n").expect(t, 201) // named blocked.map, as the official API names it
	ta.uploadMap("sources.map", "10.9.9.9\n").expect(t, 201)

	cfg := baseConfig(ports[0]) + fmt.Sprintf(`
frontend fe_maps
    bind 127.0.0.1:%d
    acl blocked path_beg -f %s
    acl from_source src -f %s
    acl inline_acl path_beg /inline
    http-request deny deny_status 403 if blocked || from_source || inline_acl
    use_backend %%[req.hdr(host),lower,map(%s,be_default)]

backend be_default
    server s 127.0.0.1:%d

backend be_a
    server s 127.0.0.1:%d

backend be_b
    server s 127.0.0.1:%d
`, m.port, m.blocked, m.sources, "maps/hosts.map", def, a, b) // a path relative to HAProxy's working directory, as handwritten configs have them
	ta.doAs(testUser, testPassword, "POST", fmt.Sprintf("%s/raw?version=%d&force_reload=true", cfgPath, ta.version()), cfg, "text/plain").expect(t, 201)
	return m
}

// route sends a request through HAProxy's map frontend and returns the
// upstream that answered ("" for none) and the status.
func (m *mapsSetup) route(host, path string) (string, int) {
	m.t.Helper()
	req, err := http.NewRequest("GET", fmt.Sprintf("http://127.0.0.1:%d%s", m.port, path), nil)
	if err != nil {
		m.t.Fatal(err)
	}
	req.Host = host
	resp, err := http.DefaultClient.Do(req)
	if err != nil {
		m.t.Fatal(err)
	}
	resp.Body.Close()
	return resp.Header.Get("X-Server"), resp.StatusCode
}

func (m *mapsSetup) expectRoute(host, want string) {
	m.t.Helper()
	if got, status := m.route(host, "/"); got != want || status != 200 {
		m.t.Fatalf("Host %s went to %q (%d), want %q", host, got, status, want)
	}
}

func (m *mapsSetup) expectStatus(path string, want int) {
	m.t.Helper()
	if _, status := m.route("a.example", path); status != want {
		m.t.Fatalf("GET %s: %d, want %d", path, status, want)
	}
}

func (m *mapsSetup) reloads() int {
	m.t.Helper()
	var rl []dataplane.Reload
	m.do("GET", "/v3/services/haproxy/reloads", nil).expect(m.t, 200).json(m.t, &rl)
	return len(rl)
}

func (m *mapsSetup) read(path string) string {
	m.t.Helper()
	b, err := os.ReadFile(path)
	if err != nil {
		m.t.Fatal(err)
	}
	return string(b)
}

func (m *mapsSetup) mapEntries(name string) []dataplane.MapEntry {
	m.t.Helper()
	var out []dataplane.MapEntry
	m.do("GET", runtimeMaps+"/"+name+"/entries", nil).expect(m.t, 200).json(m.t, &out)
	return out
}

func (m *mapsSetup) aclEntries(id string) []dataplane.ACLFileEntry {
	m.t.Helper()
	var out []dataplane.ACLFileEntry
	m.do("GET", runtimeACLs+"/"+id+"/entries", nil).expect(m.t, 200).json(m.t, &out)
	return out
}

// aclID is the runtime ID of the ACL of file.
func (m *mapsSetup) aclID(file string) string {
	m.t.Helper()
	var acls []dataplane.ACLFile
	m.do("GET", runtimeACLs, nil).expect(m.t, 200).json(m.t, &acls)
	for _, a := range acls {
		if a.StorageName == file {
			return a.ID
		}
	}
	m.t.Fatalf("no running ACL of %s in %+v", file, acls)
	return ""
}

// TestMapEntriesWithoutReload: map entries added, replaced and deleted over
// HTTP route requests through the real HAProxy at once, with no reload, the
// map file holds each change (its comment kept), and a reload keeps them.
func TestMapEntriesWithoutReload(t *testing.T) {
	m := startMapsAgent(t)
	m.expectRoute("a.example", "a")
	m.expectRoute("b.example", "default")
	before := m.reloads()

	var maps []dataplane.MapFile
	m.do("GET", runtimeMaps, nil).expect(t, 200).json(t, &maps)
	if len(maps) != 1 || maps[0].StorageName != "hosts.map" || maps[0].File != "maps/hosts.map" || maps[0].ID == "" { // as HAProxy spells it
		t.Fatalf("running maps %+v", maps)
	}
	var one dataplane.MapFile
	m.do("GET", runtimeMaps+"/hosts.map", nil).expect(t, 200).json(t, &one)
	m.do("GET", runtimeMaps+"/hosts", nil).expect(t, 200) // .map is added, as the official API adds it
	m.do("GET", runtimeMaps+"/nope.map", nil).expect(t, 404)
	if one != maps[0] {
		t.Fatalf("one map %+v, listed %+v", one, maps[0])
	}
	if got := m.mapEntries("hosts.map"); !slices.Equal(got, []dataplane.MapEntry{{ID: "a.example", Key: "a.example", Value: "be_a"}}) {
		t.Fatalf("entries %+v", got)
	}

	var e dataplane.MapEntry
	m.do("POST", runtimeMaps+"/hosts.map/entries?force_sync=true", dataplane.MapEntry{Key: "b.example", Value: "be_b"}).expect(t, 201).json(t, &e)
	if e != (dataplane.MapEntry{ID: "b.example", Key: "b.example", Value: "be_b"}) {
		t.Fatalf("created %+v", e)
	}
	m.expectRoute("b.example", "b")
	if got, want := m.read(m.hosts), "# hosts, by Host header\na.example be_a\nb.example be_b\n"; got != want {
		t.Fatalf("file after the add:\n%s\nwant:\n%s", got, want)
	}
	m.do("POST", runtimeMaps+"/hosts.map/entries", dataplane.MapEntry{Key: "b.example", Value: "be_a"}).expect(t, 409)
	m.do("GET", runtimeMaps+"/hosts.map/entries/b.example", nil).expect(t, 200).json(t, &e)
	if e.Value != "be_b" {
		t.Fatalf("entry %+v", e)
	}

	m.do("PUT", runtimeMaps+"/hosts.map/entries/b.example?force_sync=true", dataplane.MapEntry{Value: "be_a"}).expect(t, 200).json(t, &e)
	if e != (dataplane.MapEntry{ID: "b.example", Key: "b.example", Value: "be_a"}) {
		t.Fatalf("replaced %+v", e)
	}
	m.expectRoute("b.example", "a")
	if got := m.read(m.hosts); !strings.Contains(got, "\nb.example be_a\n") || strings.Contains(got, "be_b") {
		t.Fatalf("file after the replace:\n%s", got)
	}
	m.do("PUT", runtimeMaps+"/hosts.map/entries/nope.example", dataplane.MapEntry{Value: "be_a"}).expect(t, 404)

	m.do("DELETE", runtimeMaps+"/hosts.map/entries/b.example", nil).expect(t, 204)
	m.expectRoute("b.example", "default")
	if got := m.read(m.hosts); got != "# hosts, by Host header\na.example be_a\n" {
		t.Fatalf("file after the delete:\n%s", got)
	}
	m.do("DELETE", runtimeMaps+"/hosts.map/entries/b.example", nil).expect(t, 404)
	m.do("GET", runtimeMaps+"/hosts.map/entries/b.example", nil).expect(t, 404)

	// Several at once, as the official payload endpoint adds them.
	m.do("PUT", runtimeMaps+"/hosts.map", []dataplane.MapEntry{{Key: "c.example", Value: "be_b"}, {Key: "d.example", Value: "be_a"}}).expect(t, 201)
	m.expectRoute("c.example", "b")
	m.expectRoute("d.example", "a")
	m.do("PUT", runtimeMaps+"/hosts.map", []dataplane.MapEntry{{Key: "e.example", Value: "be_b"}, {Key: "a.example", Value: "be_b"}}).expect(t, 409)
	m.expectRoute("e.example", "default")

	if n := m.reloads(); n != before {
		t.Fatalf("%d reloads during the runtime changes", n-before)
	}
	want := m.read(m.hosts)
	if want != "# hosts, by Host header\na.example be_a\nc.example be_b\nd.example be_a\n" {
		t.Fatalf("file:\n%s", want)
	}

	// A reload loads the file: the entries stay as they were.
	forceReload(m.testAgent)
	if m.reloads() != before+1 {
		t.Fatalf("the forced reload did not happen")
	}
	m.expectRoute("a.example", "a")
	m.expectRoute("c.example", "b")
	m.expectRoute("d.example", "a")
	if got := m.mapEntries("hosts.map"); len(got) != 3 {
		t.Fatalf("entries after the reload %+v", got)
	}

	// Cleared: the entries go, the file's comment stays.
	m.do("DELETE", runtimeMaps+"/hosts.map?force_sync=true", nil).expect(t, 204)
	m.expectRoute("a.example", "default")
	if got := m.read(m.hosts); got != "# hosts, by Host header\n" {
		t.Fatalf("file after the clear:\n%s", got)
	}
	m.do("DELETE", runtimeMaps+"/hosts.map?forceDelete=true", nil).expect(t, 409) // haproxy.cfg names it
}

// forceReload has HAProxy reload, through a configuration change.
func forceReload(ta *testAgent) {
	ta.t.Helper()
	cfg := ta.file() + "# reloaded\n"
	ta.doAs(testUser, testPassword, "POST", fmt.Sprintf("%s/raw?version=%d&force_reload=true", cfgPath, ta.version()), cfg, "text/plain").expect(ta.t, 201)
}

// TestMapEntriesRefused: what cannot be a map entry both in HAProxy and in its
// file, or could be read as a second command, is refused; nothing changes in
// the file or in the running HAProxy. What the CLI reads specially (';', '\',
// '#', blanks) in a value reaches the map as it was sent.
func TestMapEntriesRefused(t *testing.T) {
	m := startMapsAgent(t)
	file, entries := m.read(m.hosts), m.mapEntries("hosts.map")
	before := m.reloads()
	unchanged := func(what string) {
		t.Helper()
		if got := m.read(m.hosts); got != file {
			t.Fatalf("%s: the file changed:\n%s", what, got)
		}
		if got := m.mapEntries("hosts.map"); !slices.Equal(got, entries) {
			t.Fatalf("%s: the running map changed: %+v", what, got)
		}
	}
	for _, tc := range []struct {
		name       string
		key, value string
		status     int
	}{
		{"newline in the key", "x\nshow info", "be_a", 400},
		{"carriage return in the key", "x\ry", "be_a", 400},
		{"tab in the key", "x\ty", "be_a", 400},
		{"blank in the key", "x y", "be_a", 400},
		{"empty key", "", "be_a", 400},
		{"key read as a reference", "#0x1", "be_a", 400},
		{"newline in the value", "n.example", "be_a\nadd map " + m.hosts + " z be_b", 400},
		{"control character in the value", "n.example", "be\x01a", 400},
		{"empty value", "n.example", "", 400},
		{"blank around the value", "n.example", " be_a", 400},
		{"value too long for the CLI", "n.example", strings.Repeat("v", 9000), 400},
		{"value read as the start of a payload", "n.example", "be_b<<", 400},
		{"key read as the start of a payload", "n.example<<", "be_b", 400},
		{"key present", "a.example", "be_b", 409},
	} {
		m.do("POST", runtimeMaps+"/hosts.map/entries", dataplane.MapEntry{Key: tc.key, Value: tc.value}).expect(t, tc.status)
		unchanged(tc.name)
	}
	m.do("POST", runtimeMaps+"/nope.map/entries", dataplane.MapEntry{Key: "n.example", Value: "be_a"}).expect(t, 404)
	m.do("PUT", runtimeMaps+"/hosts.map/entries/a.example", dataplane.MapEntry{Value: "be_b\nx"}).expect(t, 400)
	m.do("PUT", runtimeMaps+"/hosts.map/entries/"+url.PathEscape("a\texample"), dataplane.MapEntry{Value: "be_b"}).expect(t, 400)
	m.do("PUT", runtimeMaps+"/hosts.map", []dataplane.MapEntry{{Key: "n.example", Value: "be_b"}, {Key: "o.example", Value: "x\ny"}}).expect(t, 400)
	m.do("DELETE", runtimeMaps+"/hosts.map/entries/"+url.PathEscape("../x y"), nil).expect(t, 400)
	m.do("GET", runtimeMaps+"/..%2Fhaproxy.cfg/entries", nil).expect(t, 400)
	unchanged("the replaces and deletes")

	// A value the CLI would split, end or cut short reaches the map whole, and
	// runs no second command.
	tricky := `be_b; del map ` + m.hosts + ` a.example \ # x`
	m.do("POST", runtimeMaps+"/hosts.map/entries", dataplane.MapEntry{Key: "t.example", Value: tricky}).expect(t, 201)
	var e dataplane.MapEntry
	m.do("GET", runtimeMaps+"/hosts.map/entries/t.example", nil).expect(t, 200).json(t, &e)
	if e.Value != tricky {
		t.Fatalf("value %q, sent %q", e.Value, tricky)
	}
	m.expectRoute("a.example", "a")
	if got := m.read(m.hosts); !strings.HasSuffix(got, "\nt.example "+tricky+"\n") {
		t.Fatalf("file:\n%s", got)
	}
	if m.reloads() != before {
		t.Fatal("a refused change reloaded HAProxy")
	}
}

// TestACLEntriesWithoutReload: patterns of a file-backed ACL added and deleted
// over HTTP take effect in the real HAProxy at once, with no reload, and the
// file holds them; HAProxy's own check of a pattern refuses a bad one with
// nothing changed; an ACL written inline is not changed at runtime.
func TestACLEntriesWithoutReload(t *testing.T) {
	m := startMapsAgent(t)
	before := m.reloads()
	id := m.aclID(m.blocked)
	var acl dataplane.ACLFile
	m.do("GET", runtimeACLs+"/"+id, nil).expect(t, 200).json(t, &acl)
	if acl.StorageName != m.blocked || acl.ID != id {
		t.Fatalf("ACL %+v", acl)
	}
	m.expectStatus("/blocked/x", 403)
	m.expectStatus("/secret", 200)

	var e dataplane.ACLFileEntry
	m.do("POST", runtimeACLs+"/"+id+"/entries", dataplane.ACLFileEntry{Value: "/secret"}).expect(t, 201).json(t, &e)
	if e.Value != "/secret" || !strings.HasPrefix(e.ID, "0x") {
		t.Fatalf("created %+v", e)
	}
	m.expectStatus("/secret/x", 403)
	if got := m.read(m.blocked); got != "/blocked\n/secret\n" {
		t.Fatalf("file:\n%s", got)
	}
	m.do("POST", runtimeACLs+"/"+id+"/entries", dataplane.ACLFileEntry{Value: "/secret"}).expect(t, 409)
	m.do("POST", runtimeACLs+"/"+id+"/entries", dataplane.ACLFileEntry{Value: "/x<<"}).expect(t, 400)
	var got dataplane.ACLFileEntry
	m.do("GET", runtimeACLs+"/"+id+"/entries/"+e.ID, nil).expect(t, 200).json(t, &got)
	if got != e {
		t.Fatalf("read %+v, created %+v", got, e)
	}
	m.do("GET", runtimeACLs+"/blocked.map/entries/"+url.PathEscape("/secret"), nil).expect(t, 200).json(t, &got) // by file name and value
	if got != e {
		t.Fatalf("read %+v by value, created %+v", got, e)
	}

	m.do("DELETE", runtimeACLs+"/"+id+"/entries/"+e.ID, nil).expect(t, 204)
	m.expectStatus("/secret/x", 200)
	if got := m.read(m.blocked); got != "/blocked\n" {
		t.Fatalf("file after the delete:\n%s", got)
	}
	m.do("DELETE", runtimeACLs+"/"+id+"/entries/"+e.ID, nil).expect(t, 404)

	// Refused, nothing changed: a pattern HAProxy does not read as an address,
	// control characters, an ACL written inline.
	src := m.aclID(m.sources)
	sources, srcEntries := m.read(m.sources), m.aclEntries(src)
	m.do("POST", runtimeACLs+"/"+src+"/entries", dataplane.ACLFileEntry{Value: "not-an-address"}).expect(t, 400)
	m.do("POST", runtimeACLs+"/"+src+"/entries", dataplane.ACLFileEntry{Value: "10.1.1.1\n10.2.2.2"}).expect(t, 400)
	m.do("POST", runtimeACLs+"/"+src+"/entries", dataplane.ACLFileEntry{Value: "#10.1.1.1"}).expect(t, 400)
	m.do("PUT", runtimeACLs+"/"+src+"/entries", []dataplane.ACLFileEntry{{Value: "10.3.3.3"}, {Value: "nope"}}).expect(t, 400)
	if m.read(m.sources) != sources || !slices.Equal(m.aclEntries(src), srcEntries) {
		t.Fatal("a refused pattern changed the ACL or its file")
	}
	m.do("PUT", runtimeACLs+"/"+src+"/entries", []dataplane.ACLFileEntry{{Value: "10.3.3.3"}, {Value: "10.4.4.4"}}).expect(t, 201)
	if got := m.read(m.sources); got != "10.9.9.9\n10.3.3.3\n10.4.4.4\n" {
		t.Fatalf("sources after the payload:\n%s", got)
	}
	var acls []dataplane.ACLFile
	m.do("GET", runtimeACLs, nil).expect(t, 200).json(t, &acls)
	i := slices.IndexFunc(acls, func(a dataplane.ACLFile) bool { return a.StorageName == "path_beg" && a.ID != id })
	if i < 0 {
		t.Fatalf("no inline ACL in %+v", acls)
	}
	m.do("POST", runtimeACLs+"/"+acls[i].ID+"/entries", dataplane.ACLFileEntry{Value: "/x"}).expect(t, 409)
	m.do("POST", runtimeACLs+"/999/entries", dataplane.ACLFileEntry{Value: "/x"}).expect(t, 404)

	if m.reloads() != before {
		t.Fatal("ACL changes reloaded HAProxy")
	}
	forceReload(m.testAgent)
	m.expectStatus("/blocked/x", 403)
	m.expectStatus("/secret/x", 200)
	if n := len(m.aclEntries(m.aclID(m.sources))); n != 3 {
		t.Fatalf("%d sources after the reload, want 3", n)
	}
}

// TestMapStorage: map files are created, read, replaced and deleted in the
// maps directory; a replace of a file HAProxy has loaded changes the running
// map at once without a reload, and one HAProxy refuses changes nothing; a
// file haproxy.cfg names is not deleted.
func TestMapStorage(t *testing.T) {
	m := startMapsAgent(t)
	before := m.reloads()
	r := m.do("GET", storageMaps+"/hosts.map", nil).expect(t, 200)
	if string(r.body) != m.read(m.hosts) || r.header.Get("Content-Type") != "application/octet-stream" {
		t.Fatalf("read %q (%s)", r.body, r.header.Get("Content-Type"))
	}
	var files []dataplane.MapFile
	m.do("GET", storageMaps, nil).expect(t, 200).json(t, &files)
	names := []string{}
	for _, f := range files {
		names = append(names, f.StorageName)
	}
	if !slices.Equal(names, []string{"blocked.map", "hosts.map", "sources.map"}) {
		t.Fatalf("stored %v", names)
	}
	m.uploadMap("hosts.map", "x y\n").expect(t, 409)
	for _, bad := range []string{"../escape.map", ".hidden.map", "a b.map", "x;y.map"} {
		m.uploadMap(bad, "x y\n").expect(t, 400)
	}
	m.do("GET", storageMaps+"/nope.map", nil).expect(t, 404)
	// A pattern file put in the directory by hand is served by its own name.
	if err := os.WriteFile(filepath.Join(filepath.Dir(m.hosts), "notes.lst"), []byte("k v\n"), 0o644); err != nil {
		t.Fatal(err)
	}
	if r := m.do("GET", storageMaps+"/notes.lst", nil).expect(t, 200); string(r.body) != "k v\n" {
		t.Fatalf("notes.lst: %q", r.body)
	}
	// A symbolic link is no map file: it could reach outside the directory.
	if err := os.Symlink(m.config, filepath.Join(filepath.Dir(m.hosts), "link.map")); err != nil {
		t.Fatal(err)
	}
	m.do("GET", storageMaps+"/link.map", nil).expect(t, 404)
	m.doAs(testUser, testPassword, "PUT", storageMaps+"/link.map", "x y\n", "text/plain").expect(t, 404)
	m.doAs(testUser, testPassword, "PUT", storageMaps+"/nope.map", "x y\n", "text/plain").expect(t, 404)

	// Replaced whole: HAProxy routes by the new entries at once.
	m.doAs(testUser, testPassword, "PUT", storageMaps+"/hosts.map", "# new\na.example be_b\nc.example be_a\n", "text/plain").expect(t, 204)
	m.expectRoute("a.example", "b")
	m.expectRoute("c.example", "a")
	if got := m.read(m.hosts); got != "# new\na.example be_b\nc.example be_a\n" {
		t.Fatalf("file:\n%s", got)
	}
	// One HAProxy refuses: the ACL of sources reads addresses.
	sources := m.read(m.sources)
	m.doAs(testUser, testPassword, "PUT", storageMaps+"/sources.map", "10.1.1.1\nnot-an-address\n", "text/plain").expect(t, 400)
	if m.read(m.sources) != sources || len(m.aclEntries(m.aclID(m.sources))) != 1 {
		t.Fatal("a refused replace changed the file or the ACL")
	}
	m.doAs(testUser, testPassword, "PUT", storageMaps+"/hosts.map", "a.example be_a\x00\n", "text/plain").expect(t, 400)
	if m.reloads() != before {
		t.Fatal("replacing a map file reloaded HAProxy")
	}

	r = m.do("DELETE", storageMaps+"/hosts.map", nil).expect(t, 409)
	if !strings.Contains(string(r.body), "map(maps/hosts.map") {
		t.Fatalf("409 does not say where the file is used: %s", r.body)
	}
	m.uploadMap("spare", "k v\n").expect(t, 201)
	m.do("DELETE", storageMaps+"/spare.map", nil).expect(t, 204)
	m.do("DELETE", storageMaps+"/spare.map", nil).expect(t, 404)
	if _, err := os.Stat(filepath.Join(filepath.Dir(m.hosts), "spare.map")); !os.IsNotExist(err) {
		t.Fatalf("spare.map is still there: %v", err)
	}
	// A read-only user reads, and writes nothing.
	m.doAs(testReadOnlyUser, testReadOnlyPassword, "GET", storageMaps+"/hosts.map", nil, "").expect(t, 200)
	m.doAs(testReadOnlyUser, testReadOnlyPassword, "DELETE", runtimeMaps+"/hosts.map/entries/a.example", nil, "").expect(t, 403)
}

// BenchmarkMapEntryAdd adds map entries one by one over HTTP, each checked by
// the running HAProxy and written to the map file; it fails on any reload, and
// when the file does not hold every entry.
// go test -run '^$' -bench MapEntryAdd -benchtime 1000x ./internal/agent/
func BenchmarkMapEntryAdd(b *testing.B) {
	m := startMapsAgent(b)
	before := m.reloads()
	b.ResetTimer()
	for i := range b.N {
		m.do("POST", runtimeMaps+"/hosts.map/entries", dataplane.MapEntry{Key: fmt.Sprintf("h%d.example", i), Value: "be_b"}).expect(b, 201)
	}
	b.StopTimer()
	if n := m.reloads() - before; n != 0 {
		b.Fatalf("%d reloads", n)
	}
	if n := strings.Count(m.read(m.hosts), " be_b\n"); n != b.N {
		b.Fatalf("the file holds %d of the %d entries", n, b.N)
	}
	m.expectRoute(fmt.Sprintf("h%d.example", b.N-1), "b")
}

// TestMapChangesUndoneWhenTheFileCannotBeWritten: when the map or ACL file
// cannot be written (a full disk), the change the running HAProxy made is
// undone, or the file written back after a delete HAProxy refused: the
// request fails and both stay as they were.
func TestMapChangesUndoneWhenTheFileCannotBeWritten(t *testing.T) {
	m := startMapsAgent(t)
	m.do("POST", runtimeMaps+"/hosts.map/entries", dataplane.MapEntry{Key: "b.example", Value: "be_b"}).expect(t, 201)
	file, entries := m.read(m.hosts), m.mapEntries("hosts.map")
	blocked, aclEntries := m.read(m.blocked), m.aclEntries(m.aclID(m.blocked))
	writes := 0
	atomicWrite = func(string, []byte, os.FileMode) error { writes++; return errors.New("no space left on device") }
	t.Cleanup(func() { atomicWrite = engineWriteFile })
	for _, r := range []struct {
		method, path string
		body         any
	}{
		{"POST", runtimeMaps + "/hosts.map/entries", dataplane.MapEntry{Key: "c.example", Value: "be_b"}},
		{"PUT", runtimeMaps + "/hosts.map/entries/b.example", dataplane.MapEntry{Value: "be_a"}},
		{"PUT", runtimeMaps + "/hosts.map", []dataplane.MapEntry{{Key: "d.example", Value: "be_b"}, {Key: "e.example", Value: "be_a"}}},
		{"DELETE", runtimeMaps + "/hosts.map/entries/b.example", nil},
		{"DELETE", runtimeMaps + "/hosts.map", nil},
		{"POST", runtimeACLs + "/blocked.map/entries", dataplane.ACLFileEntry{Value: "/secret"}},
		{"DELETE", runtimeACLs + "/blocked.map/entries/" + url.PathEscape("/blocked"), nil},
	} {
		m.do(r.method, r.path, r.body).expect(t, 500)
		if m.read(m.hosts) != file || m.read(m.blocked) != blocked {
			t.Fatalf("%s %s changed a file", r.method, r.path)
		}
		if got := m.mapEntries("hosts.map"); !slices.Equal(got, entries) {
			t.Fatalf("%s %s: the running map is %+v, was %+v", r.method, r.path, got, entries)
		}
		if got := m.aclEntries(m.aclID(m.blocked)); len(got) != len(aclEntries) || got[0].Value != aclEntries[0].Value {
			t.Fatalf("%s %s: the running ACL is %+v, was %+v", r.method, r.path, got, aclEntries)
		}
	}
	if writes != 7 {
		t.Fatalf("%d writes tried, want 7", writes)
	}
	m.do("GET", runtimeMaps+"/hosts.map/entries/b.example", nil).expect(t, 200)
	m.expectRoute("b.example", "b")
	m.expectStatus("/blocked", 403)
}

// engineWriteFile is atomicWrite as the agent has it.
var engineWriteFile = atomicWrite

// TestMapChangesBesideReloads: entries added while reloads run end up both in
// the running map and in the file, none lost: a reload never comes between a
// change's two steps.
func TestMapChangesBesideReloads(t *testing.T) {
	m := startMapsAgent(t)
	const adds = 30
	var wg sync.WaitGroup
	errs := make(chan error, adds)
	for i := range adds {
		wg.Go(func() {
			r := m.doAs(testOperator, testOperatorPassword, "POST", runtimeMaps+"/hosts.map/entries", dataplane.MapEntry{Key: fmt.Sprintf("n%d.example", i), Value: "be_b"}, "")
			if r.status != 201 {
				errs <- fmt.Errorf("add %d: %d %s", i, r.status, r.body)
			}
		})
	}
	for range 3 {
		forceReload(m.testAgent)
	}
	wg.Wait()
	close(errs)
	for err := range errs {
		t.Error(err)
	}
	keys := func(entries []dataplane.MapEntry) []string {
		var out []string
		for _, e := range entries {
			out = append(out, e.Key)
		}
		slices.Sort(out)
		return out
	}
	running := keys(m.mapEntries("hosts.map"))
	var inFile []string
	for _, line := range strings.Split(m.read(m.hosts), "\n") {
		if k, _, ok := strings.Cut(line, " "); ok && !strings.HasPrefix(line, "#") {
			inFile = append(inFile, k)
		}
	}
	slices.Sort(inFile)
	if len(running) != adds+1 || !slices.Equal(running, inFile) {
		t.Fatalf("running map %v\nfile %v", running, inFile)
	}
	forceReload(m.testAgent)
	if got := keys(m.mapEntries("hosts.map")); !slices.Equal(got, running) {
		t.Fatalf("after a reload: %v, before %v", got, running)
	}
}

// TestMapReplaceAwaitsTheReloadThatLoadsIt: a map file that haproxy.cfg names
// but the running HAProxy has not loaded yet (its line waits for a reload) is
// replaced with 202 and the reload that loads it, not 204: only that reload
// makes the new content live.
func TestMapReplaceAwaitsTheReloadThatLoadsIt(t *testing.T) {
	ports := freePorts(t, 2)
	ta := startAgent(t, baseConfig(ports[0]))
	ta.agent.reloads.a.opts.ReloadDelay = time.Hour // reloads run only when the test says
	ta.uploadMap("pending.map", "a.example one\n").expect(t, 201)
	raw := ta.file() + fmt.Sprintf("\nfrontend fe_pending\n    bind 127.0.0.1:%d\n    http-request return status 200 content-type text/plain lf-string %%[req.hdr(host),map(maps/pending.map,none)]\n", ports[1])
	first := ta.doAs(testUser, testPassword, "POST", fmt.Sprintf("%s/raw?version=%d", cfgPath, ta.version()), raw, "text/plain").expect(t, 202).header.Get("Reload-ID")

	r := ta.doAs(testUser, testPassword, "PUT", storageMaps+"/pending.map", "a.example two\n", "text/plain").expect(t, 202)
	if id := r.header.Get("Reload-ID"); id != first {
		t.Fatalf("the replace was given reload %q, want %s, the one that loads the line", id, first)
	}
	if err := ta.agent.reloads.now(context.Background(), ta.version()); err != nil {
		t.Fatal(err)
	}
	if s := ta.waitReload(first); s != dataplane.ReloadSucceeded {
		t.Fatalf("reload %s: %s", first, s)
	}
	req, _ := http.NewRequest("GET", fmt.Sprintf("http://127.0.0.1:%d/", ports[1]), nil)
	req.Host = "a.example"
	resp, err := http.DefaultClient.Do(req)
	if err != nil {
		t.Fatal(err)
	}
	body, _ := io.ReadAll(resp.Body)
	resp.Body.Close()
	if string(body) != "two" {
		t.Fatalf("after the reload HAProxy answers %q from the map, want the new value", body)
	}
}
