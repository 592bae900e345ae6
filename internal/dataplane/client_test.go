package dataplane

import (
	"context"
	"encoding/json"
	"net"
	"net/http"
	"net/http/httptest"
	"slices"
	"strings"
	"sync/atomic"
	"testing"
	"time"
)

// These exercise the client's retry rules against a scripted server; the real
// agent is exercised end to end by the provider's acceptance tests.

func fastClient(t *testing.T, url string) *Client {
	c, err := NewClient(ClientOptions{URL: url, Username: "u", Password: "p", Attempts: 4})
	if err != nil {
		t.Fatal(err)
	}
	c.backoff = time.Millisecond
	return c
}

func TestTransientFailuresAreRetried(t *testing.T) {
	var calls atomic.Int64
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		if user, pass, _ := r.BasicAuth(); user != "u" || pass != "p" {
			t.Errorf("credentials %q %q", user, pass)
		}
		switch calls.Add(1) {
		case 1:
			w.WriteHeader(http.StatusServiceUnavailable)
		case 2:
			w.WriteHeader(http.StatusTooManyRequests)
		default:
			json.NewEncoder(w).Encode(Backend{Name: "be"})
		}
	}))
	defer srv.Close()
	b, err := fastClient(t, srv.URL).Backend(context.Background(), "be")
	if err != nil || b.Name != "be" || calls.Load() != 3 {
		t.Fatalf("Backend = %+v, %v after %d calls; want success on the third", b, err, calls.Load())
	}
}

func TestClientErrorsAreNotRetried(t *testing.T) {
	var calls atomic.Int64
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		calls.Add(1)
		w.WriteHeader(http.StatusNotFound)
		json.NewEncoder(w).Encode(map[string]any{"code": 404, "message": "missing object: backend be does not exist"})
	}))
	defer srv.Close()
	_, err := fastClient(t, srv.URL).Backend(context.Background(), "be")
	if !IsNotFound(err) || calls.Load() != 1 || !strings.Contains(err.Error(), "missing object") {
		t.Fatalf("404: %v after %d calls", err, calls.Load())
	}
}

func TestConnectionRefusedIsRetriedThenReported(t *testing.T) {
	ln, _ := net.Listen("tcp", "127.0.0.1:0")
	addr := ln.Addr().String()
	ln.Close() // nothing listens there now
	start := time.Now()
	_, err := fastClient(t, "http://"+addr).Version(context.Background())
	if err == nil || !transient(err) {
		t.Fatalf("refused connection: %v", err)
	}
	if time.Since(start) > 5*time.Second {
		t.Fatal("retries were not bounded")
	}
}

// TestWriteRetriesVersionMismatchWithFreshVersion: a write refused for its
// version (409) is made again, and a modification is built again from a fresh
// read, so that what another writer changed in between is kept.
func TestWriteRetriesVersionMismatchWithFreshVersion(t *testing.T) {
	var versions []string
	var reads, writes atomic.Int64
	var written []Backend
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		switch {
		case strings.HasSuffix(r.URL.Path, "/configuration/version"):
			w.Write([]byte("7\n"))
			return
		case r.Method == http.MethodGet: // the backend as another writer keeps changing it
			retries := reads.Add(1)
			json.NewEncoder(w).Encode(Backend{Name: "be", BackendOptions: BackendOptions{Retries: &retries}})
			return
		}
		versions = append(versions, r.URL.Query().Get("version"))
		if r.URL.Query().Has("dry_run") {
			t.Error("dry_run sent without being asked")
		}
		var b Backend
		json.NewDecoder(r.Body).Decode(&b)
		written = append(written, b)
		if writes.Add(1) == 1 {
			w.WriteHeader(http.StatusConflict)
			json.NewEncoder(w).Encode(map[string]any{"code": 409, "message": "version mismatch: backend be changed at version 7"})
			return
		}
		w.WriteHeader(http.StatusAccepted)
	}))
	defer srv.Close()
	setDescription := func(b *Backend) error { b.Description = "ours"; return nil }
	if err := fastClient(t, srv.URL).ModifyBackend(context.Background(), "be", setDescription, WriteOptions{}); err != nil {
		t.Fatal(err)
	}
	if len(versions) != 2 || versions[0] != "7" {
		t.Fatalf("writes at versions %q", versions)
	}
	if last := written[1]; last.Retries == nil || *last.Retries != 2 || last.Description != "ours" {
		t.Fatalf("the second write sent %+v, want the second read (retries 2) with our description", last)
	}
	// An object that exists is a 409 too, but final.
	exists := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		if strings.HasSuffix(r.URL.Path, "/version") {
			w.Write([]byte("1"))
			return
		}
		w.WriteHeader(http.StatusConflict)
		json.NewEncoder(w).Encode(map[string]any{"code": 409, "message": "object already exists: backend be already exists"})
	}))
	defer exists.Close()
	if err := fastClient(t, exists.URL).CreateBackend(context.Background(), Backend{Name: "be"}, WriteOptions{}); err == nil || IsVersionMismatch(err) {
		t.Fatalf("already exists: %v", err)
	}
}

func TestNewClientRefusesBadOptions(t *testing.T) {
	for _, o := range []ClientOptions{{URL: "ftp://x"}, {URL: "http://"}, {URL: "http://x", CAPEM: []byte("not pem")},
		{URL: "http://x", ClientCert: []byte("x"), ClientKey: []byte("y")}} {
		if _, err := NewClient(o); err == nil {
			t.Errorf("%+v accepted", o)
		}
	}
}

func TestSupportsDryRunAsksOnce(t *testing.T) {
	var calls atomic.Int64
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		calls.Add(1)
		json.NewEncoder(w).Encode(Info{API: InfoAPI{Version: "x", Extensions: []string{ExtensionDryRun}}})
	}))
	defer srv.Close()
	c := fastClient(t, srv.URL)
	for range 3 {
		if !c.SupportsDryRun(context.Background()) {
			t.Fatal("dry_run not seen")
		}
	}
	if calls.Load() != 1 {
		t.Fatalf("/v3/info asked %d times", calls.Load())
	}
	official := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		json.NewEncoder(w).Encode(map[string]any{"api": map[string]any{"version": "v3.0.0"}})
	}))
	defer official.Close()
	if fastClient(t, official.URL).SupportsDryRun(context.Background()) {
		t.Fatal("the official API's /v3/info read as offering dry_run")
	}
}

// TestCheckAsksOnceForBothQuestions: the provider's Check at Configure and the
// plan's SupportsDryRun questions share one /v3/info request.
func TestCheckAsksOnceForBothQuestions(t *testing.T) {
	var calls atomic.Int64
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		calls.Add(1)
		json.NewEncoder(w).Encode(Info{API: InfoAPI{Version: "x", Extensions: []string{ExtensionDryRun}}})
	}))
	defer srv.Close()
	c := fastClient(t, srv.URL)
	if err := c.Check(context.Background()); err != nil {
		t.Fatal(err)
	}
	if !c.SupportsDryRun(context.Background()) || c.Check(context.Background()) != nil || calls.Load() != 1 {
		t.Fatalf("/v3/info asked %d times, want once", calls.Load())
	}
}

// TestErrorsSayWhatToDo: an error names the whole path called (the URL's own
// path and /v3 included), and a 401 or 403 says what to change.
func TestErrorsSayWhatToDo(t *testing.T) {
	status := http.StatusUnauthorized
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		w.WriteHeader(status)
		json.NewEncoder(w).Encode(map[string]any{"code": status, "message": http.StatusText(status)})
	}))
	defer srv.Close()
	c := fastClient(t, srv.URL+"/dataplane/")
	err := c.Check(context.Background())
	for _, want := range []string{"GET /dataplane/v3/info: 401 Unauthorized", "refused the credentials", "HAPROXY_USERNAME", "HAPROXY_PASSWORD", "username and password"} {
		if err == nil || !strings.Contains(err.Error(), want) {
			t.Errorf("401: %v, want it to say %q", err, want)
		}
	}
	status = http.StatusForbidden
	err = c.DeleteBackend(context.Background(), "be")
	for _, want := range []string{"/dataplane/v3/services/haproxy/configuration/", ": 403 Forbidden", "role", "writes need an operator", "an admin", "HAPROXY_USERNAME"} {
		if err == nil || !strings.Contains(err.Error(), want) {
			t.Errorf("403: %v, want it to say %q", err, want)
		}
	}
}

// TestModifyKeepsFieldsTheClientDoesNotKnow: an update sends back the fields
// the server has and our models do not (the official dataplaneapi models more),
// while a field our model has and the change clears is gone.
func TestModifyKeepsFieldsTheClientDoesNotKnow(t *testing.T) {
	var put map[string]any
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		switch {
		case strings.HasSuffix(r.URL.Path, "/configuration/version"):
			w.Write([]byte("3"))
		case r.Method == http.MethodGet:
			w.Write([]byte(`{"name":"web1","address":"10.0.0.1","port":80,"check":"enabled","force_tlsv10":"enabled","metadata":{"owner":"t"}}`))
		default:
			json.NewDecoder(r.Body).Decode(&put)
			w.WriteHeader(http.StatusAccepted)
		}
	}))
	defer srv.Close()
	change := func(s *Server) error { five := int64(5); s.Check, s.Weight = "", &five; return nil }
	if err := fastClient(t, srv.URL).ModifyServer(context.Background(), "be", "web1", change, WriteOptions{}); err != nil {
		t.Fatal(err)
	}
	if put["force_tlsv10"] != "enabled" || put["metadata"] == nil {
		t.Errorf("fields our models lack were dropped: %v", put)
	}
	if _, ok := put["check"]; ok || put["weight"] != float64(5) || put["address"] != "10.0.0.1" {
		t.Errorf("the change is not what was sent: %v", put)
	}
}

// TestNamesAreEscapedOnce: a name with characters a path escapes (a bind
// named by its quoted address, a blank) reaches the server as it is, not
// escaped twice.
func TestNamesAreEscapedOnce(t *testing.T) {
	var got []string
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		got = append(got, r.URL.Path)
		w.Header().Set("Content-Type", "application/json")
		w.Write([]byte(`{}`))
	}))
	defer srv.Close()
	c, err := NewClient(ClientOptions{URL: srv.URL})
	if err != nil {
		t.Fatal(err)
	}
	if _, err := c.BindIn(context.Background(), "listen", "px", `"127.0.0.1:80"`); err != nil {
		t.Fatal(err)
	}
	if _, err := c.Bind(context.Background(), "fe", "a b/c"); err != nil {
		t.Fatal(err)
	}
	want := []string{`/v3/services/haproxy/configuration/listens/px/binds/"127.0.0.1:80"`,
		`/v3/services/haproxy/configuration/frontends/fe/binds/a b/c`}
	if !slices.Equal(got, want) {
		t.Errorf("paths %q, want %q", got, want)
	}
}

// TestReloadWaitIsAskedOfServersThatOfferIt: a write's reload is awaited with
// the wait parameter when the server offers reload_wait (one GET that answers
// the outcome), and polled without it when it does not (the official API).
func TestReloadWaitIsAskedOfServersThatOfferIt(t *testing.T) {
	for _, offered := range []bool{true, false} {
		var reloadGets atomic.Int64
		srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
			switch {
			case r.URL.Path == "/v3/info":
				answerInfo(w, offered, ExtensionReloadWait)
			case strings.HasSuffix(r.URL.Path, "/configuration/version"):
				w.Write([]byte("1"))
			case r.Method == http.MethodPost:
				w.Header().Set("Reload-ID", "2026-12-01-1")
				w.WriteHeader(http.StatusAccepted)
				w.Write([]byte("{}"))
			case r.URL.Path == "/v3/services/haproxy/reloads/2026-12-01-1":
				status := ReloadInProgress
				// The server that offers the extension answers the outcome to
				// a GET that waits; the other, at its second poll.
				if n := reloadGets.Add(1); r.URL.Query().Get("wait") != "" || !offered && n == 2 {
					status = ReloadSucceeded
				}
				if r.URL.Query().Has("wait") != offered {
					t.Errorf("offered %v: reload asked as %s", offered, r.URL)
				}
				json.NewEncoder(w).Encode(Reload{ID: "2026-12-01-1", Status: status})
			default:
				http.NotFound(w, r)
			}
		}))
		c := fastClient(t, srv.URL)
		if err := c.CreateBackend(context.Background(), Backend{Name: "be"}, WriteOptions{}); err != nil {
			t.Fatalf("offered %v: %v", offered, err)
		}
		if want := map[bool]int64{true: 1, false: 2}[offered]; reloadGets.Load() != want {
			t.Errorf("offered %v: %d GETs of the reload, want %d", offered, reloadGets.Load(), want)
		}
		srv.Close()
	}
}

// TestWritesAtTheVersionSeen: a server with per-object versions is written at
// the newest version its answers told, without a GET of the version first;
// after a conflict, and on servers without them (the official API), the
// version is asked for.
func TestWritesAtTheVersionSeen(t *testing.T) {
	for _, offered := range []bool{true, false} {
		var versionGets atomic.Int64
		var written []string
		conflict := true
		srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
			w.Header().Set("Configuration-Version", "7")
			switch {
			case r.URL.Path == "/v3/info":
				answerInfo(w, offered, ExtensionObjectVersions)
			case strings.HasSuffix(r.URL.Path, "/configuration/version"):
				versionGets.Add(1)
				w.Write([]byte("8"))
			case r.Method == http.MethodGet:
				json.NewEncoder(w).Encode(Backend{Name: "be"})
			case r.Method == http.MethodPost:
				written = append(written, r.URL.Query().Get("version"))
				if conflict {
					conflict = false
					w.WriteHeader(http.StatusConflict)
					w.Write([]byte(`{"code":409,"message":"version mismatch"}`))
					return
				}
				w.WriteHeader(http.StatusCreated)
				w.Write([]byte("{}"))
			}
		}))
		c := fastClient(t, srv.URL)
		if _, err := c.Backend(context.Background(), "be"); err != nil {
			t.Fatal(err)
		}
		for range 2 {
			if err := c.CreateBackend(context.Background(), Backend{Name: "be2"}, WriteOptions{}); err != nil {
				t.Fatalf("offered %v: %v", offered, err)
			}
		}
		// The first write conflicts and is made again at the version asked for.
		want, gets := []string{"8", "8", "8"}, int64(3)
		if offered {
			want, gets = []string{"7", "8", "8"}, 1
		}
		if !slices.Equal(written, want) || versionGets.Load() != gets {
			t.Errorf("offered %v: written at versions %v with %d GETs of the version, want %v and %d", offered, written, versionGets.Load(), want, gets)
		}
		srv.Close()
	}
}

// answerInfo answers /v3/info offering extension, or no extension.
func answerInfo(w http.ResponseWriter, offered bool, extension string) {
	info := Info{API: InfoAPI{Version: "x"}}
	if offered {
		info.API.Extensions = []string{extension}
	}
	json.NewEncoder(w).Encode(info)
}
