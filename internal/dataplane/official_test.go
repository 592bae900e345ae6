package dataplane

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"net/http"
	"net/http/httptest"
	"strconv"
	"strings"
	"sync"
	"testing"
)

// officialACLs serves one frontend's ACL list with the official dataplaneapi's
// semantics: one version for the whole file, items addressed by index, a write
// at any other version refused with 409, and every write reloaded (202 and a
// Reload-ID, the reload succeeded).
type officialACLs struct {
	mu      sync.Mutex
	version int64
	acls    []ACL
}

func (o *officialACLs) ServeHTTP(w http.ResponseWriter, r *http.Request) {
	o.mu.Lock()
	defer o.mu.Unlock()
	reply := func(status int, v any) {
		w.Header().Set("Content-Type", "application/json")
		w.WriteHeader(status)
		json.NewEncoder(w).Encode(v)
	}
	const acls = "/v3/services/haproxy/configuration/frontends/fe/acls"
	switch {
	case r.URL.Path == "/v3/services/haproxy/configuration/version":
		reply(200, o.version)
		return
	case strings.HasPrefix(r.URL.Path, "/v3/services/haproxy/reloads/"):
		reply(200, Reload{ID: strings.TrimPrefix(r.URL.Path, "/v3/services/haproxy/reloads/"), Status: ReloadSucceeded})
		return
	case r.Method == http.MethodGet && r.URL.Path == acls:
		reply(200, o.acls)
		return
	}
	if v, _ := strconv.ParseInt(r.URL.Query().Get("version"), 10, 64); v != o.version {
		reply(409, map[string]any{"code": 409, "message": fmt.Sprintf("version mismatch: version in configuration file is %d, given version is %d", o.version, v)})
		return
	}
	i, err := strconv.Atoi(strings.TrimPrefix(r.URL.Path, acls+"/"))
	switch {
	case err != nil || i < 0 || i > len(o.acls) || r.Method == http.MethodDelete && i == len(o.acls):
		reply(400, map[string]any{"code": 400, "message": "index out of range"})
		return
	case r.Method == http.MethodPost:
		var a ACL
		json.NewDecoder(r.Body).Decode(&a)
		o.acls = append(o.acls[:i:i], append([]ACL{a}, o.acls[i:]...)...)
	case r.Method == http.MethodDelete:
		o.acls = append(o.acls[:i:i], o.acls[i+1:]...)
	}
	o.version++
	w.Header().Set("Reload-ID", "r"+strconv.FormatInt(o.version, 10))
	w.WriteHeader(http.StatusAccepted)
}

// TestParallelACLWritesWithOfficialSemantics: under a whole-file version, the
// client's retries make parallel adds and deletes of one list's lines land,
// each on its own line.
func TestParallelACLWritesWithOfficialSemantics(t *testing.T) {
	server := &officialACLs{version: 1}
	srv := httptest.NewServer(server)
	defer srv.Close()
	c := fastClient(t, srv.URL)
	const n = 12
	acl := func(i int) ACL {
		return ACL{ACLName: fmt.Sprintf("race%d", i), Criterion: "src", Value: "10.0.0." + strconv.Itoa(i)}
	}
	for round := range 3 {
		var wg sync.WaitGroup
		for i := range n {
			wg.Go(func() {
				if err := c.AddACL(context.Background(), "frontend", "fe", acl(i), WriteOptions{}); err != nil {
					t.Errorf("add %d: %v", i, err)
				}
			})
		}
		wg.Wait()
		if len(server.acls) != n {
			t.Fatalf("round %d: %d lines after %d adds: %v", round, len(server.acls), n, server.acls)
		}
		// Delete all but the last, which must be the one left.
		for i := range n - 1 {
			wg.Go(func() {
				if err := c.DeleteACL(context.Background(), "frontend", "fe", acl(i)); err != nil {
					t.Errorf("delete %d: %v", i, err)
				}
			})
		}
		wg.Wait()
		if len(server.acls) != 1 || FindACL(server.acls, acl(n-1)) != 0 {
			t.Fatalf("round %d: left %v, want only %v", round, server.acls, acl(n-1))
		}
		if err := c.DeleteACL(context.Background(), "frontend", "fe", acl(n-1)); err != nil || len(server.acls) != 0 {
			t.Fatalf("round %d: last delete: %v, left %v", round, err, server.acls)
		}
	}
}

// scripted answers writes with a 202 and a Reload-ID, and the reload with the
// statuses given, one per poll.
func scripted(t *testing.T, statuses ...string) (*httptest.Server, *int) {
	var polls int
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		switch {
		case strings.HasSuffix(r.URL.Path, "/configuration/version"):
			w.Write([]byte("3"))
		case strings.HasPrefix(r.URL.Path, "/v3/services/haproxy/reloads/"):
			rl := Reload{ID: "2026-12-01-7", Status: statuses[min(polls, len(statuses)-1)]}
			if rl.Status == ReloadFailed {
				rl.Response = "[ALERT] cannot bind socket (Address already in use) for [127.0.0.1:80]"
			}
			polls++
			json.NewEncoder(w).Encode(rl)
		default:
			w.Header().Set("Reload-ID", "2026-12-01-7")
			w.WriteHeader(http.StatusAccepted)
		}
	}))
	t.Cleanup(srv.Close)
	return srv, &polls
}

// TestWriteWaitsForItsReload: a write is done when HAProxy loaded it, and
// fails with HAProxy's words when HAProxy refused it.
func TestWriteWaitsForItsReload(t *testing.T) {
	srv, polls := scripted(t, ReloadInProgress, ReloadInProgress, ReloadSucceeded)
	if err := fastClient(t, srv.URL).CreateBackend(context.Background(), Backend{Name: "be"}, WriteOptions{}); err != nil || *polls != 3 {
		t.Fatalf("create: %v after %d polls; want success on the third", err, *polls)
	}
	srv, _ = scripted(t, ReloadInProgress, ReloadFailed)
	err := fastClient(t, srv.URL).CreateBackend(context.Background(), Backend{Name: "be"}, WriteOptions{})
	var re *ReloadError
	if !errors.As(err, &re) || !strings.Contains(err.Error(), "Address already in use") || !strings.Contains(err.Error(), "not live") {
		t.Fatalf("create whose reload failed: %v", err)
	}
}

// TestCreateListRefusesAListThatIsNotEmpty: a list someone else wrote is not
// taken over, and a write that names what is not there yet waits for the
// configuration to change, then succeeds.
func TestCreateListRefusesAListThatIsNotEmpty(t *testing.T) {
	var mu sync.Mutex
	version, existing, puts := int64(1), []HTTPRequestRule{{Type: "deny"}}, 0
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		mu.Lock()
		defer mu.Unlock()
		switch {
		case strings.HasSuffix(r.URL.Path, "/configuration/version"):
			fmt.Fprint(w, version)
			version++ // someone else writes all the time
		case r.Method == http.MethodGet:
			json.NewEncoder(w).Encode(existing)
		default:
			puts++
			if puts == 1 {
				w.WriteHeader(http.StatusBadRequest)
				json.NewEncoder(w).Encode(map[string]any{"code": 400, "message": "validation error: [ALERT] no such ACL : 'host_api'"})
				return
			}
			w.WriteHeader(http.StatusOK)
		}
	}))
	defer srv.Close()
	c := fastClient(t, srv.URL)
	rules := []HTTPRequestRule{{Type: "allow", Cond: "if", CondTest: "host_api"}}
	err := CreateList(context.Background(), c, "frontend", "fe", ListHTTPRequestRules, rules, WriteOptions{})
	var ne *NotEmptyError
	if !errors.As(err, &ne) || ne.Count != 1 || puts != 0 || !strings.Contains(err.Error(), "1 http request rules") {
		t.Fatalf("create over one rule: %v, %d writes", err, puts)
	}
	existing = nil
	if err := CreateList(context.Background(), c, "frontend", "fe", ListHTTPRequestRules, rules, WriteOptions{}); err != nil || puts != 2 {
		t.Fatalf("create naming an ACL made later: %v after %d writes", err, puts)
	}
}
