package engine

import (
	"context"
	"errors"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"sync"
	"sync/atomic"
	"syscall"
	"testing"

	"github.com/tfhaproxy/terraform-provider-haproxy/internal/dataplane"
	"github.com/tfhaproxy/terraform-provider-haproxy/internal/haproxy"
	"github.com/tfhaproxy/terraform-provider-haproxy/internal/haproxycfg"
)

// countingValidator is the real haproxy validator, counting its runs.
type countingValidator struct {
	haproxy.Validator
	runs atomic.Int64
}

func (v *countingValidator) Validate(ctx context.Context, config []byte) error {
	v.runs.Add(1)
	return v.Validator.Validate(ctx, config)
}

// setup copies a config into a temporary directory and opens an engine on it,
// validating with the real haproxy.
func setup(t testing.TB, config []byte) (*Engine, *countingValidator, string) {
	t.Helper()
	if _, err := exec.LookPath("haproxy"); err != nil {
		t.Fatal("haproxy is not installed: `apt-get install -y haproxy` (.ci/run does it)")
	}
	dir := t.TempDir()
	path := filepath.Join(dir, "haproxy.cfg")
	if err := os.WriteFile(path, config, 0o640); err != nil {
		t.Fatal(err)
	}
	v := &countingValidator{Validator: haproxy.Validator{TempDir: t.TempDir(), Env: []string{"HAPROXY_RUN_DIR=" + dir}}}
	e, err := Open(Options{ConfigPath: path, StateDir: filepath.Join(dir, "state"), Validator: v})
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { e.Close() })
	return e, v, path
}

func handwritten(t testing.TB) []byte {
	data, err := os.ReadFile("../haproxycfg/testdata/web-handwritten.cfg")
	if err != nil {
		t.Fatal(err)
	}
	return data
}

func ptr[T any](v T) *T { return &v }

func server(name string, port int64) dataplane.Server {
	return dataplane.Server{Name: name, Address: "127.0.0.1", Port: &port}
}

func createServer(backend string, s dataplane.Server) Change {
	return func(c *haproxycfg.Config) error { return haproxycfg.Servers.Create(c, backend, s) }
}

func setWeight(backend, name string, weight int64) Change {
	return func(c *haproxycfg.Config) error {
		s, err := haproxycfg.Servers.Get(c, backend, name)
		if err != nil {
			return err
		}
		s.Weight = &weight
		return haproxycfg.Servers.Replace(c, backend, s)
	}
}

func read(t testing.TB, path string) string {
	t.Helper()
	b, err := os.ReadFile(path)
	if err != nil {
		t.Fatal(err)
	}
	return string(b)
}

func TestWriteCommitsAndVersions(t *testing.T) {
	e, _, path := setup(t, handwritten(t))
	before := read(t, path)
	v, err := e.Write(context.Background(), Write{Version: 1, Change: createServer("be_api", server("api3", 19103))})
	if err != nil || v != 2 {
		t.Fatalf("Write = %d, %v; want 2, nil", v, err)
	}
	after := read(t, path)
	want := strings.Replace(before, "\tserver api2 127.0.0.1:19102 check maxconn 200 # added for the sale\n",
		"\tserver api2 127.0.0.1:19102 check maxconn 200 # added for the sale\n\tserver api3 127.0.0.1:19103\n", 1)
	if after != want {
		t.Fatalf("file after write:\n%s", after)
	}
	if strings.Contains(after, "_version") || strings.Contains(after, "_md5") {
		t.Fatal("bookkeeping written into the config")
	}
	if fi, _ := os.Stat(path); fi.Mode().Perm() != 0o640 {
		t.Fatalf("mode %v, want 0640 kept", fi.Mode().Perm())
	}
	if got, _ := e.Version(); got != 2 {
		t.Fatalf("Version = %d, want 2", got)
	}
	c, v, _ := e.Read("")
	if s, err := haproxycfg.Servers.Get(c, "be_api", "api3"); err != nil || v != 2 || *s.Port != 19103 {
		t.Fatalf("Read: %+v %v at %d", s, err, v)
	}
}

func TestWriteKeepsOwner(t *testing.T) {
	if os.Getuid() != 0 {
		t.Skip("changing a file's owner needs root")
	}
	e, _, path := setup(t, handwritten(t))
	if err := os.Chown(path, 4321, 4322); err != nil {
		t.Fatal(err)
	}
	if _, err := e.Write(context.Background(), Write{Version: 1, Change: setWeight("be_www", "www1", 1)}); err != nil {
		t.Fatal(err)
	}
	fi, _ := os.Stat(path)
	if st := fi.Sys().(*syscall.Stat_t); st.Uid != 4321 || st.Gid != 4322 || fi.Mode().Perm() != 0o640 {
		t.Fatalf("after a write: owner %d:%d mode %v, want 4321:4322 0640", st.Uid, st.Gid, fi.Mode().Perm())
	}
}

func TestErrorsAreTypedAndWriteNothing(t *testing.T) {
	e, _, path := setup(t, handwritten(t))
	before := read(t, path)
	ctx := context.Background()
	cases := []struct {
		name string
		w    Write
		kind error
	}{
		{"neither version nor transaction", Write{Change: createServer("be_api", server("x", 1))}, ErrBadRequest},
		{"both", Write{Version: 1, TransactionID: "t", Change: createServer("be_api", server("x", 1))}, ErrBadRequest},
		{"future version", Write{Version: 9, Change: createServer("be_api", server("x", 1))}, ErrVersionMismatch},
		{"missing parent", Write{Version: 1, Change: createServer("nope", server("x", 1))}, ErrNotFound},
		{"existing", Write{Version: 1, Change: createServer("be_api", server("api1", 1))}, ErrExists},
		{"injection", Write{Version: 1, Change: createServer("be_api", dataplane.Server{Name: "x", Address: "1.2.3.4\n    bind :80"})}, ErrInvalid},
		{"rejected by haproxy", Write{Version: 1, Change: createServer("be_api", dataplane.Server{Name: "x", Address: "127.0.0.1", Port: ptr[int64](80),
			ServerParams: dataplane.ServerParams{SSL: "enabled", SSLCafile: "/nonexistent/ca.pem"}})}, ErrValidation},
		{"unknown transaction", Write{TransactionID: "nope", Change: createServer("be_api", server("x", 1))}, ErrTransactionNotFound},
	}
	for _, tc := range cases {
		_, err := e.Write(ctx, tc.w)
		if !errors.Is(err, tc.kind) {
			t.Errorf("%s: error %v, want %v", tc.name, err, tc.kind)
		}
	}
	if _, err := e.Write(ctx, Write{Version: 1, Change: createServer("be_api", dataplane.Server{Name: "x", Address: "127.0.0.1", Port: ptr[int64](80),
		ServerParams: dataplane.ServerParams{SSL: "enabled", SSLCafile: "/nonexistent/ca.pem"}})}); err == nil || !strings.Contains(err.Error(), "[ALERT]") || !strings.Contains(err.Error(), "ca.pem") {
		t.Errorf("validation error does not carry HAProxy's alert: %v", err)
	}
	if read(t, path) != before {
		t.Fatal("a failed write changed the file")
	}
	if v, _ := e.Version(); v != 1 {
		t.Fatalf("version %d after failed writes, want 1", v)
	}
}

func TestPerObjectVersions(t *testing.T) {
	e, _, _ := setup(t, handwritten(t))
	ctx := context.Background()
	// Three writes at version 1 to different objects all succeed.
	for i, w := range []Change{setWeight("be_www", "www1", 10), setWeight("be_www", "www2", 20), createServer("be_api", server("api3", 19103))} {
		if v, err := e.Write(ctx, Write{Version: 1, Change: w}); err != nil || v != int64(i+2) {
			t.Fatalf("write %d at a stale version: %d, %v", i, v, err)
		}
	}
	// A write at version 1 to an object changed at version 2 is refused...
	if _, err := e.Write(ctx, Write{Version: 1, Change: setWeight("be_www", "www1", 11)}); !errors.Is(err, ErrVersionMismatch) {
		t.Fatalf("stale write to a changed object: %v, want version mismatch", err)
	}
	// ... and accepted at the version that changed it.
	if _, err := e.Write(ctx, Write{Version: 2, Change: setWeight("be_www", "www1", 11)}); err != nil {
		t.Fatal(err)
	}
	c, _, _ := e.Read("")
	if s, _ := haproxycfg.Servers.Get(c, "be_www", "www1"); *s.Weight != 11 {
		t.Fatalf("weight %d, want 11", *s.Weight)
	}
	// A stale write that sets the value already there changes no byte, but it
	// addresses an object changed after its version: it conflicts too, or a
	// read-modify-write would lose an update.
	if _, err := e.Write(ctx, Write{Version: 2, Change: setWeight("be_www", "www1", 11)}); !errors.Is(err, ErrVersionMismatch) {
		t.Fatalf("stale identical write: %v, want version mismatch", err)
	}
}

func TestConcurrentWritesOneBatchNoLostUpdate(t *testing.T) {
	e, v, _ := setup(t, handwritten(t))
	const n = 20
	var wg sync.WaitGroup
	errs := make([]error, n)
	for i := range n {
		wg.Add(1)
		go func() {
			defer wg.Done()
			// Half create new servers, half write the same server: of those, one wins.
			change := createServer("be_api", server("new"+string(rune('a'+i)), int64(20000+i)))
			if i%2 == 1 {
				change = setWeight("be_www", "www3", int64(i))
			}
			_, errs[i] = e.Write(context.Background(), Write{Version: 1, Change: change})
		}()
	}
	wg.Wait()
	created, won := 0, 0
	for i, err := range errs {
		switch {
		case err == nil && i%2 == 0:
			created++
		case err == nil:
			won++
		case !errors.Is(err, ErrVersionMismatch) || i%2 == 0:
			t.Fatalf("write %d: %v", i, err)
		}
	}
	if created != n/2 || won != 1 {
		t.Fatalf("%d creates succeeded (want %d), %d writes to one server won (want 1)", created, n/2, won)
	}
	if runs := v.runs.Load(); runs > 4 {
		t.Fatalf("%d validations for one burst of writes; group commit should need a few", runs)
	}
	t.Logf("%d writes, %d validations", n, v.runs.Load())
}

func TestBadWriteInABatchFailsAlone(t *testing.T) {
	e, _, path := setup(t, handwritten(t))
	var wg sync.WaitGroup
	errs := make([]error, 9)
	for i := range errs {
		wg.Add(1)
		go func() {
			defer wg.Done()
			s := server("b"+string(rune('a'+i)), int64(21000+i))
			if i == 4 {
				s.SSL, s.SSLCafile = "enabled", "/nonexistent/ca.pem"
			}
			_, errs[i] = e.Write(context.Background(), Write{Version: 1, Change: createServer("be_www", s)})
		}()
	}
	wg.Wait()
	for i, err := range errs {
		if (i == 4) != (err != nil) {
			t.Fatalf("write %d: %v", i, err)
		}
	}
	if !errors.Is(errs[4], ErrValidation) || !strings.Contains(errs[4].Error(), "ca.pem") {
		t.Fatalf("bad write: %v", errs[4])
	}
	if strings.Contains(read(t, path), "ca.pem") {
		t.Fatal("the rejected server reached the file")
	}
}

func TestExternalEdit(t *testing.T) {
	e, _, path := setup(t, handwritten(t))
	ctx := context.Background()
	tx, err := e.StartTransaction(1)
	if err != nil {
		t.Fatal(err)
	}
	if _, err := e.Write(ctx, Write{TransactionID: tx.ID, Change: setWeight("be_api", "api1", 7)}); err != nil {
		t.Fatal(err)
	}
	other, _ := e.StartTransaction(1)
	if _, err := e.Write(ctx, Write{TransactionID: other.ID, Change: setWeight("be_www", "www1", 7)}); err != nil {
		t.Fatal(err)
	}
	// A hand edit of api1.
	edited := strings.Replace(read(t, path), "server api1 127.0.0.1:19101 check maxconn 200", "server api1 127.0.0.1:19101 check maxconn 250", 1)
	if err := os.WriteFile(path, []byte(edited), 0o640); err != nil {
		t.Fatal(err)
	}
	if v, _ := e.Version(); v != 2 {
		t.Fatalf("version after a hand edit = %d, want 2", v)
	}
	c, _, _ := e.Read("")
	if s, _ := haproxycfg.Servers.Get(c, "be_api", "api1"); *s.Maxconn != 250 {
		t.Fatalf("read after a hand edit: maxconn %v", *s.Maxconn)
	}
	if _, err := e.Write(ctx, Write{Version: 1, Change: setWeight("be_api", "api1", 5)}); !errors.Is(err, ErrVersionMismatch) {
		t.Fatalf("stale write to the hand-edited server: %v", err)
	}
	if got, _ := e.Transaction(tx.ID); got.Status != StatusOutdated {
		t.Fatalf("transaction touching the edited server is %q, want outdated", got.Status)
	}
	if _, err := e.CommitTransaction(ctx, tx.ID, false, nil); !errors.Is(err, ErrTransactionClosed) {
		t.Fatalf("commit of an outdated transaction: %v", err)
	}
	// The other transaction touched another object: it still commits, and keeps the hand edit.
	if _, err := e.CommitTransaction(ctx, other.ID, false, nil); err != nil {
		t.Fatal(err)
	}
	if got := read(t, path); !strings.Contains(got, "maxconn 250") || !strings.Contains(got, "server www1 127.0.0.1:19001 check cookie www1 weight 7") {
		t.Fatalf("file after commit:\n%s", got)
	}
}

func TestTransactions(t *testing.T) {
	e, _, path := setup(t, handwritten(t))
	ctx := context.Background()
	tx, err := e.StartTransaction(1)
	if err != nil || tx.Status != StatusInProgress || tx.Version != 1 {
		t.Fatalf("StartTransaction: %+v, %v", tx, err)
	}
	newBackend := func(c *haproxycfg.Config) error {
		return haproxycfg.Backends.Create(c, dataplane.Backend{Name: "be_tx", BackendObjects: dataplane.BackendObjects{Balance: &dataplane.Balance{Algorithm: "roundrobin"}}})
	}
	for _, change := range []Change{newBackend, createServer("be_tx", server("t1", 19500)), createServer("be_tx", server("t2", 19501))} {
		if _, err := e.Write(ctx, Write{TransactionID: tx.ID, Change: change}); err != nil {
			t.Fatal(err)
		}
	}
	// A failing change inside the transaction leaves its candidate as it was.
	if _, err := e.Write(ctx, Write{TransactionID: tx.ID, Change: createServer("be_tx", server("t1", 1))}); !errors.Is(err, ErrExists) {
		t.Fatalf("duplicate in transaction: %v", err)
	}
	inside, v, _ := e.Read(tx.ID)
	if list, _ := haproxycfg.Servers.List(inside, "be_tx"); len(list) != 2 || v != 1 {
		t.Fatalf("inside the transaction: %d servers at version %d", len(list), v)
	}
	if strings.Contains(read(t, path), "be_tx") {
		t.Fatal("transaction reached the file before commit")
	}
	// Meanwhile another writer changes an unrelated object.
	if _, err := e.Write(ctx, Write{Version: 1, Change: setWeight("be_www", "www1", 3)}); err != nil {
		t.Fatal(err)
	}
	if _, err := e.CommitTransaction(ctx, tx.ID, true, nil); err != nil {
		t.Fatalf("dry-run commit: %v", err)
	}
	if strings.Contains(read(t, path), "be_tx") {
		t.Fatal("dry-run commit wrote the file")
	}
	v, err = e.CommitTransaction(ctx, tx.ID, false, nil)
	if err != nil || v != 3 {
		t.Fatalf("commit: %d, %v", v, err)
	}
	got := read(t, path)
	if !strings.Contains(got, "backend be_tx\n\tbalance roundrobin\n\tserver t1 127.0.0.1:19500\n\tserver t2 127.0.0.1:19501\n") || !strings.Contains(got, "cookie www1 weight 3") {
		t.Fatalf("after commit:\n%s", got)
	}
	if _, err := e.Transaction(tx.ID); !errors.Is(err, ErrTransactionNotFound) {
		t.Fatalf("committed transaction still listed: %v", err)
	}

	// A transaction whose object someone else changed is outdated at commit.
	stale, _ := e.StartTransaction(3)
	if _, err := e.Write(ctx, Write{TransactionID: stale.ID, Change: setWeight("be_www", "www2", 1)}); err != nil {
		t.Fatal(err)
	}
	if _, err := e.Write(ctx, Write{Version: 3, Change: setWeight("be_www", "www2", 2)}); err != nil {
		t.Fatal(err)
	}
	if _, err := e.CommitTransaction(ctx, stale.ID, false, nil); !errors.Is(err, ErrOutdated) {
		t.Fatalf("commit of a transaction whose object changed: %v, want outdated", err)
	}
	if got, _ := e.Transaction(stale.ID); got.Status != StatusOutdated {
		t.Fatalf("status %q, want outdated", got.Status)
	}
	if err := e.DeleteTransaction(stale.ID); err != nil {
		t.Fatal(err)
	}
	if _, err := e.StartTransaction(99); !errors.Is(err, ErrVersionMismatch) {
		t.Fatalf("transaction at a future version: %v", err)
	}
}

func TestDryRunWritesNothing(t *testing.T) {
	e, v, path := setup(t, handwritten(t))
	before := read(t, path)
	bad := dataplane.Server{Name: "x", Address: "127.0.0.1", Port: ptr[int64](80), ServerParams: dataplane.ServerParams{SSL: "enabled", SSLCafile: "/nonexistent/ca.pem"}}
	if _, err := e.Write(context.Background(), Write{Version: 1, DryRun: true, Change: createServer("be_api", bad)}); !errors.Is(err, ErrValidation) {
		t.Fatalf("dry run of a bad server: %v", err)
	}
	if ver, err := e.Write(context.Background(), Write{Version: 1, DryRun: true, Change: createServer("be_api", server("ok", 80))}); err != nil || ver != 1 {
		t.Fatalf("dry run of a good server: %d, %v", ver, err)
	}
	if read(t, path) != before || v.runs.Load() != 2 {
		t.Fatalf("dry runs wrote the file or skipped validation (%d runs)", v.runs.Load())
	}
}

func TestReopenKeepsVersion(t *testing.T) {
	e, v, path := setup(t, handwritten(t))
	if _, err := e.Write(context.Background(), Write{Version: 1, Change: setWeight("be_www", "www1", 9)}); err != nil {
		t.Fatal(err)
	}
	e.Close()
	stateDir := filepath.Join(filepath.Dir(path), "state")
	reopen := func() *Engine {
		e, err := Open(Options{ConfigPath: path, StateDir: stateDir, Validator: v})
		if err != nil {
			t.Fatal(err)
		}
		t.Cleanup(func() { e.Close() })
		return e
	}
	e = reopen()
	if got, _ := e.Version(); got != 2 {
		t.Fatalf("version after reopen = %d, want 2", got)
	}
	e.Close()
	if err := os.WriteFile(path, []byte(read(t, path)+"# edited while the agent was down\n"), 0o640); err != nil {
		t.Fatal(err)
	}
	if got, _ := reopen().Version(); got != 3 {
		t.Fatalf("version after an edit while closed = %d, want 3", got)
	}
}

// TestStaleIndexIsAConflict: an index that is out of range now may have been
// right at the writer's version. Once the list changed after that version, a
// write by index is a conflict (the writer reads again), never a missing item,
// which a client deleting that line would take for "already gone".
func TestStaleIndexIsAConflict(t *testing.T) {
	e, _, _ := setup(t, handwritten(t))
	ctx := context.Background()
	add := func(c *haproxycfg.Config) error {
		for _, name := range []string{"spare1", "spare2"} {
			if err := haproxycfg.ACLs.Insert(c, "frontend", "fe_http", 0, dataplane.ACL{ACLName: name, Criterion: "src", Value: "10.0.0.1"}); err != nil {
				return err
			}
		}
		return nil
	}
	v, err := e.Write(ctx, Write{Version: 1, Change: add})
	if err != nil {
		t.Fatal(err)
	}
	c, _, _ := e.Read("")
	acls, _ := haproxycfg.ACLs.List(c, "frontend", "fe_http")
	last := len(acls) - 1
	deleteAt := func(i int) Change {
		return func(c *haproxycfg.Config) error { return haproxycfg.ACLs.Delete(c, "frontend", "fe_http", i) }
	}
	if _, err := e.Write(ctx, Write{Version: v, Change: deleteAt(0)}); err != nil {
		t.Fatal(err)
	}
	if _, err := e.Write(ctx, Write{Version: v, Change: deleteAt(last)}); !errors.Is(err, ErrVersionMismatch) {
		t.Fatalf("delete of the last ACL by its index at the old version: %v, want version mismatch", err)
	}
	now, _ := e.Version()
	if _, err := e.Write(ctx, Write{Version: now, Change: deleteAt(last)}); !errors.Is(err, ErrNotFound) {
		t.Fatalf("the same delete at the current version: %v, want not found", err)
	}
}
