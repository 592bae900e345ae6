package haproxy

import (
	"context"
	"errors"
	"fmt"
	"io"
	"net/http"
	"sync"
	"sync/atomic"
	"testing"
	"time"
)

// lbConfig: frontend fe on port -> backend be, with one config server s1.
func lbConfig(fe int, s1 string, extra string) string {
	return fmt.Sprintf(`%s
frontend fe
    bind 127.0.0.1:%d
    default_backend be
backend be
    balance roundrobin
    server s1 %s
%s`, testDefaults, fe, s1, extra)
}

// hits sends n requests and counts the answers by body; any failure fails the test.
func hits(t *testing.T, fe, n int) map[string]int {
	t.Helper()
	got := map[string]int{}
	for range n {
		code, body := get(t, fmt.Sprintf("http://127.0.0.1:%d/", fe))
		if code != 200 {
			t.Fatalf("status %d %q", code, body)
		}
		got[body]++
	}
	return got
}

func TestRuntimeServers(t *testing.T) {
	a, b, c := newUpstream(t, "a", 0), newUpstream(t, "b", 0), newUpstream(t, "c", 0)
	fe := port(t)
	p, _ := start(t, lbConfig(fe, a.addr(), `backend be_static
    balance static-rr
    server x 127.0.0.1:1
`))
	rt := &Runtime{Master: p.Master()}
	ctx := ctxT(t)

	if err := rt.AddServer(ctx, "be", "b", []string{b.addr(), "weight", "10"}); err != nil {
		t.Fatalf("AddServer: %v", err)
	}
	servers, err := rt.Servers(ctx, "be")
	if err != nil {
		t.Fatal(err)
	}
	if len(servers) != 2 || servers[0].Name != "s1" || servers[1].Name != "b" {
		t.Fatalf("Servers: %+v", servers)
	}
	want := ServerState{ID: servers[1].ID, Name: "b", Address: "127.0.0.1", Port: int64(b.port), AdminState: "ready", OperationalState: "up", Weight: 10,
		ServerDetail: servers[1].ServerDetail}
	if d := servers[1].ServerDetail; d.BackendName != "be" || d.BackendID != servers[0].BackendID || d.InitialWeight != 10 {
		t.Errorf("added server's detail: %+v", d)
	}
	if servers[1] != want {
		t.Errorf("added server: %+v, want %+v", servers[1], want)
	}
	if h := hits(t, fe, 4); h["b"] == 0 || h["a"] == 0 {
		t.Errorf("traffic after AddServer: %v, want both a and b", h)
	}

	if err := rt.SetWeight(ctx, "be", "b", 50); err != nil {
		t.Fatal(err)
	}
	if s, err := rt.Server(ctx, "be", "b"); err != nil || s.Weight != 50 {
		t.Errorf("after SetWeight: %+v, %v", s, err)
	}
	if err := rt.SetWeight(ctx, "be", "b", 300); err == nil {
		t.Error("weight 300 accepted")
	}

	cport := int64(c.port)
	if err := rt.SetAddress(ctx, "be", "b", "127.0.0.1", &cport); err != nil {
		t.Fatal(err)
	}
	if s, err := rt.Server(ctx, "be", "b"); err != nil || s.Port != cport || s.Address != "127.0.0.1" {
		t.Errorf("after SetAddress: %+v, %v", s, err)
	}
	if h := hits(t, fe, 6); h["c"] == 0 || h["b"] != 0 {
		t.Errorf("traffic after SetAddress: %v, want c, not b", h)
	}
	if err := rt.SetAddress(ctx, "be", "b", "localhost", nil); err == nil {
		t.Error("SetAddress accepted a host name, which 2.6 refuses")
	}

	for _, st := range []string{"drain", "maint", "ready"} {
		if err := rt.SetAdminState(ctx, "be", "b", st); err != nil {
			t.Fatal(err)
		}
		if s, err := rt.Server(ctx, "be", "b"); err != nil || s.AdminState != st {
			t.Errorf("after SetAdminState %s: %+v, %v", st, s, err)
		}
		if st == "maint" {
			if h := hits(t, fe, 4); h["c"] != 0 {
				t.Errorf("traffic to a server in maint: %v", h)
			}
		}
	}
	if err := rt.SetAdminState(ctx, "be", "b", "bogus"); err == nil {
		t.Error("admin state bogus accepted")
	}

	// Errors the caller acts on.
	for name, tc := range map[string]struct {
		err  error
		want error
	}{
		"missing server":      {errOnly(rt.Server(ctx, "be", "nope")), ErrNotFound},
		"missing backend":     {errOnly(rt.Servers(ctx, "nope")), ErrNotFound},
		"set missing server":  {rt.SetWeight(ctx, "be", "nope", 1), ErrNotFound},
		"add to missing":      {rt.AddServer(ctx, "nope", "x", []string{"127.0.0.1:1"}), ErrNotFound},
		"add existing":        {rt.AddServer(ctx, "be", "b", []string{"127.0.0.1:1"}), ErrExists},
		"add host name":       {rt.AddServer(ctx, "be", "h", []string{"localhost:80"}), ErrUnsupported},
		"add cookie":          {rt.AddServer(ctx, "be", "k", []string{"127.0.0.1:1", "cookie", "k"}), ErrUnsupported},
		"add to static-rr":    {rt.AddServer(ctx, "be_static", "y", []string{"127.0.0.1:1"}), ErrUnsupported},
		"add with variable":   {rt.AddServer(ctx, "be", "v", []string{"${IP}:80"}), ErrUnsupported},
		"delete missing":      {rt.DeleteServer(ctx, "be", "nope", time.Second), ErrNotFound},
		"name with semicolon": {rt.SetWeight(ctx, "be", "b;shutdown", 1), nil},
	} {
		if tc.err == nil || (tc.want != nil && !errors.Is(tc.err, tc.want)) {
			t.Errorf("%s: error %v, want %v", name, tc.err, tc.want)
		}
	}

	// A server with `check` gets its checks running.
	if err := rt.AddServer(ctx, "be", "dead", []string{"127.0.0.1:1", "check", "inter", "100ms"}); err != nil {
		t.Fatal(err)
	}
	deadline := time.Now().Add(30 * time.Second) // a bound, not an expectation: checks run every 100ms
	for {
		s, err := rt.Server(ctx, "be", "dead")
		if err == nil && s.OperationalState == "down" {
			break
		}
		if time.Now().After(deadline) {
			t.Fatalf("a dead server with check is not marked down: %+v, %v", s, err)
		}
		time.Sleep(50 * time.Millisecond)
	}

	for _, name := range []string{"b", "dead", "s1"} { // s1 comes from the config: 2.6 deletes those too
		if err := rt.DeleteServer(ctx, "be", name, time.Second); err != nil {
			t.Fatalf("DeleteServer %s: %v", name, err)
		}
		if _, err := rt.Server(ctx, "be", name); !errors.Is(err, ErrNotFound) {
			t.Errorf("after DeleteServer %s: %v, want ErrNotFound", name, err)
		}
	}
	if servers, err := rt.Servers(ctx, "be"); err != nil || len(servers) != 0 {
		t.Errorf("Servers of an empty backend: %+v, %v", servers, err)
	}
}

func errOnly[T any](_ T, err error) error { return err }

// DeleteServer drains: requests in flight on the server finish with 200, and no
// new request reaches it once the delete has started.
func TestDeleteServerDrains(t *testing.T) {
	fast, slow := newUpstream(t, "fast", 0), newUpstream(t, "slow", 300*time.Millisecond)
	fe := port(t)
	p, _ := start(t, lbConfig(fe, fast.addr(), ""))
	rt := &Runtime{Master: p.Master()}
	ctx := ctxT(t)
	if err := rt.AddServer(ctx, "be", "slow", []string{slow.addr()}); err != nil {
		t.Fatal(err)
	}

	// Clients sending requests all along.
	var (
		stop     atomic.Bool
		wg       sync.WaitGroup
		mu       sync.Mutex
		failures []string
		total    atomic.Int64
	)
	for range 8 {
		wg.Add(1)
		go func() {
			defer wg.Done()
			for !stop.Load() {
				code, body, err := tryGet(fmt.Sprintf("http://127.0.0.1:%d/", fe))
				total.Add(1)
				if err != nil || code != 200 {
					mu.Lock()
					failures = append(failures, fmt.Sprintf("%d %q %v", code, body, err))
					mu.Unlock()
				}
			}
		}()
	}
	for slow.inFlight.Load() < 2 {
		time.Sleep(5 * time.Millisecond)
	}

	// Watch for the drain, then count what reaches the slow server after it.
	var atDrain atomic.Int64
	atDrain.Store(-1)
	watched := make(chan struct{})
	go func() {
		defer close(watched)
		for {
			s, err := rt.Server(ctx, "be", "slow")
			if err != nil || s.AdminState != "ready" {
				atDrain.Store(slow.total.Load())
				return
			}
			time.Sleep(2 * time.Millisecond)
		}
	}()
	// A drain timeout that the load of the machine cannot reach: one reached
	// shuts the sessions left down, which fails their requests.
	began := time.Now()
	if err := rt.DeleteServer(ctx, "be", "slow", 30*time.Second); err != nil {
		t.Fatalf("DeleteServer: %v", err)
	}
	took := time.Since(began)
	<-watched
	duringDelete := total.Load()
	time.Sleep(100 * time.Millisecond)
	stop.Store(true)
	wg.Wait()

	if len(failures) > 0 {
		t.Errorf("%d of %d requests failed: %v", len(failures), total.Load(), failures)
	}
	if n := atDrain.Load(); n < 0 || slow.total.Load() != n {
		t.Errorf("the slow server received %d requests, %d when the drain was seen", slow.total.Load(), n)
	}
	if slow.inFlight.Load() != 0 {
		t.Errorf("%d requests still on the slow server", slow.inFlight.Load())
	}
	if took < 100*time.Millisecond {
		t.Errorf("DeleteServer took %v: it should wait for the requests in flight (300ms)", took)
	}
	if duringDelete == 0 || fast.total.Load() == 0 {
		t.Error("no traffic during the delete")
	}
	if _, err := rt.Server(ctx, "be", "slow"); !errors.Is(err, ErrNotFound) {
		t.Errorf("after DeleteServer: %v, want ErrNotFound", err)
	}
}

// Past drainTimeout, DeleteServer closes the sessions left and deletes anyway.
func TestDeleteServerTimeout(t *testing.T) {
	// The request would end after stuckFor, long after the drain timeout: a
	// DeleteServer that waited for it instead would take that long, and the
	// client would get the answer.
	const stuckFor = time.Minute
	stuck := newUpstream(t, "stuck", stuckFor)
	fe := port(t)
	p, _ := start(t, lbConfig(fe, stuck.addr(), ""))
	rt := &Runtime{Master: p.Master()}
	ctx, cancel := context.WithTimeout(context.Background(), 2*stuckFor)
	defer cancel()
	type answer struct {
		code int
		err  error
	}
	done := make(chan answer, 1)
	go func() {
		resp, err := http.Get(fmt.Sprintf("http://127.0.0.1:%d/", fe)) // no client timeout to mistake for the shutdown
		if err != nil {
			done <- answer{err: err}
			return
		}
		_, err = io.Copy(io.Discard, resp.Body)
		resp.Body.Close()
		done <- answer{resp.StatusCode, err}
	}()
	for stuck.inFlight.Load() == 0 {
		time.Sleep(5 * time.Millisecond)
	}
	began := time.Now()
	if err := rt.DeleteServer(ctx, "be", "s1", 200*time.Millisecond); err != nil {
		t.Fatalf("DeleteServer: %v", err)
	}
	if took := time.Since(began); took >= stuckFor {
		t.Errorf("DeleteServer took %v with a 200ms drain timeout: it waited for the request", took)
	}
	if _, err := rt.Server(ctx, "be", "s1"); !errors.Is(err, ErrNotFound) {
		t.Errorf("after DeleteServer: %v, want ErrNotFound", err)
	}
	// The session was shut down: the client got an error or a 502, not the answer.
	if a := <-done; a.err == nil && a.code == http.StatusOK {
		t.Error("the session left was not shut down: the client got the answer")
	}
}
