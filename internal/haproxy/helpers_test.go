package haproxy

import (
	"context"
	"fmt"
	"io"
	"math/rand/v2"
	"net"
	"net/http"
	"net/http/httptest"
	"os"
	"path/filepath"
	"strings"
	"sync"
	"sync/atomic"
	"testing"
	"time"
)

// port reserves a free loopback port in 20000-29999 and returns it closed, for
// HAProxy to bind.
func port(t *testing.T) int {
	t.Helper()
	l := listen(t)
	p := l.Addr().(*net.TCPAddr).Port
	l.Close()
	return p
}

// listen opens a loopback listener on a free port in 20000-29999.
func listen(t *testing.T) net.Listener {
	t.Helper()
	for range 100 {
		l, err := net.Listen("tcp", fmt.Sprintf("127.0.0.1:%d", 20000+rand.IntN(10000)))
		if err == nil {
			return l
		}
	}
	t.Fatal("no free port in 127.0.0.1:20000-29999")
	return nil
}

// testDir is a short temporary directory: a unix socket path must fit in 108 bytes.
func testDir(t *testing.T) string {
	t.Helper()
	dir, err := os.MkdirTemp("", "hx")
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { os.RemoveAll(dir) })
	return dir
}

const testDefaults = `defaults
    mode http
    timeout connect 1s
    timeout client 10s
    timeout server 10s
`

// start writes config and starts HAProxy on it; the process is stopped at cleanup.
func start(t *testing.T, config string) (*Process, string) {
	t.Helper()
	requireHAProxy(t)
	dir := testDir(t)
	cfg := filepath.Join(dir, "haproxy.cfg")
	writeFile(t, cfg, config)
	ctx, cancel := context.WithTimeout(context.Background(), 10*time.Second)
	defer cancel()
	var out strings.Builder
	var mu sync.Mutex
	p, err := Start(ctx, StartOptions{
		Config:       cfg,
		MasterSocket: filepath.Join(dir, "master.sock"),
		WorkDir:      dir,
		Stderr:       lockedWriter{&mu, &out},
	})
	if err != nil {
		t.Fatalf("Start: %v", err)
	}
	t.Cleanup(func() {
		ctx, cancel := context.WithTimeout(context.Background(), 3*time.Second)
		defer cancel()
		if err := p.Stop(ctx); err != nil {
			t.Errorf("Stop: %v", err)
		}
		if t.Failed() {
			mu.Lock()
			t.Logf("haproxy output:\n%s", out.String())
			mu.Unlock()
		}
	})
	return p, cfg
}

type lockedWriter struct {
	mu *sync.Mutex
	w  io.Writer
}

func (l lockedWriter) Write(p []byte) (int, error) {
	l.mu.Lock()
	defer l.mu.Unlock()
	return l.w.Write(p)
}

func writeFile(t *testing.T, path, content string) {
	t.Helper()
	if err := os.WriteFile(path, []byte(content), 0o644); err != nil {
		t.Fatal(err)
	}
}

func ctxT(t *testing.T) context.Context {
	ctx, cancel := context.WithTimeout(context.Background(), 10*time.Second)
	t.Cleanup(cancel)
	return ctx
}

// get fetches url and returns the status and body; a failed request fails the test.
func get(t *testing.T, url string) (int, string) {
	t.Helper()
	code, body, err := tryGet(url)
	if err != nil {
		t.Fatalf("GET %s: %v", url, err)
	}
	return code, body
}

var client = &http.Client{Timeout: 10 * time.Second}

func tryGet(url string) (int, string, error) {
	resp, err := client.Get(url)
	if err != nil {
		return 0, "", err
	}
	defer resp.Body.Close()
	b, err := io.ReadAll(resp.Body)
	return resp.StatusCode, string(b), err
}

// upstream is a tiny HTTP server behind HAProxy that answers its name after
// delay, and counts the requests it received. A request HAProxy gives up on
// ends at once.
type upstream struct {
	name     string
	port     int
	delay    time.Duration
	total    atomic.Int64
	inFlight atomic.Int64
}

func newUpstream(t *testing.T, name string, delay time.Duration) *upstream {
	t.Helper()
	u := &upstream{name: name, delay: delay}
	l := listen(t)
	u.port = l.Addr().(*net.TCPAddr).Port
	srv := httptest.NewUnstartedServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		u.total.Add(1)
		u.inFlight.Add(1)
		defer u.inFlight.Add(-1)
		select {
		case <-time.After(u.delay):
			io.WriteString(w, u.name)
		case <-r.Context().Done():
		}
	}))
	srv.Listener.Close()
	srv.Listener = l
	srv.Start()
	t.Cleanup(srv.Close)
	return u
}

func (u *upstream) addr() string { return fmt.Sprintf("127.0.0.1:%d", u.port) }
