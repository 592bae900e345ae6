package agent

import (
	"bytes"
	"encoding/json"
	"fmt"
	"io"
	"net"
	"net/http"
	"net/http/httptest"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"golang.org/x/crypto/bcrypt"

	"github.com/tfhaproxy/terraform-provider-haproxy/internal/haproxytest"
)

// The test agents' users: an admin, an operator and a read-only user.
const (
	testUser             = "admin"
	testPassword         = "s3cret-pass"
	testOperator         = "ops"
	testOperatorPassword = "operator-pass"
	testReadOnlyUser     = "ci"
	testReadOnlyPassword = "read-only-pass"
)

// testAgent is a real agent on a loopback HTTP server, driving a real HAProxy it
// started on a config of the test's.
type testAgent struct {
	t      testing.TB
	url    string
	config string
	agent  *Agent
	client *http.Client
}

// freePorts returns n loopback TCP ports nobody listens on.
func freePorts(t testing.TB, n int) []int {
	ports := make([]int, n)
	for i := range ports {
		ports[i] = haproxytest.FreePort(t)
	}
	return ports
}

// baseConfig is a small config: one frontend on port fe routing to be_app.
func baseConfig(fe int) string {
	return fmt.Sprintf(`global
    maxconn 2000

defaults
    mode http
    # Idle keep-alive connections survive a reload: their next request is
    # answered by the old worker with Connection: close (HAProxy >= 2.6.12).
    option idle-close-on-response
    timeout connect 2s
    timeout client 10s
    timeout server 10s
    timeout http-keep-alive 2s

frontend fe_main
    bind 127.0.0.1:%d name main
    default_backend be_app

backend be_app
    balance roundrobin
`, fe)
}

func startAgent(t testing.TB, config string) *testAgent {
	return startAgentWith(t, config, Options{})
}

// startAgentWith starts an agent with the options of opts the harness does not
// set itself (ForbidPrivileged).
func startAgentWith(t testing.TB, config string, opts Options) *testAgent {
	t.Helper()
	h := haproxytest.Start(t, config, testUser, testPassword)
	usersFile := func(name, user, password string) string {
		hash, _ := bcrypt.GenerateFromPassword([]byte(password), bcrypt.MinCost)
		path := filepath.Join(h.Dir, name)
		if err := os.WriteFile(path, []byte(user+":"+string(hash)+"\n"), 0o600); err != nil {
			t.Fatal(err)
		}
		return path
	}
	users, err := LoadUsers(UserFiles{
		Admins:    h.UsersFile,
		Operators: usersFile("operator-users", testOperator, testOperatorPassword),
		ReadOnly:  usersFile("read-only-users", testReadOnlyUser, testReadOnlyPassword),
	})
	if err != nil {
		t.Fatal(err)
	}
	opts.Engine, opts.Master, opts.Users, opts.ReloadDelay = h.Engine, h.Process.Master(), users, 100*time.Millisecond
	opts.DrainTimeout, opts.StateDir, opts.Version, opts.Files = 5*time.Second, h.StateDir, "test", h.Files
	a := New(opts)
	srv := httptest.NewServer(a)
	t.Cleanup(func() { // before haproxytest's: the agent stops before HAProxy
		srv.Close()
		a.Close()
	})
	return &testAgent{t: t, url: srv.URL, config: h.Config, agent: a, client: srv.Client()}
}

// response is an answer as a test looks at it.
type response struct {
	status  int
	header  http.Header
	body    []byte
	request *http.Request
}

func (r response) json(t testing.TB, v any) {
	t.Helper()
	if err := json.Unmarshal(r.body, v); err != nil {
		t.Fatalf("%s %s: body %q: %v", r.request.Method, r.request.URL, r.body, err)
	}
}

// do sends a request with the test user's credentials; body is JSON-encoded
// unless it is a string, sent as is.
func (ta *testAgent) do(method, path string, body any) response {
	return ta.doAs(testUser, testPassword, method, path, body, "")
}

func (ta *testAgent) doAs(user, pass, method, path string, body any, contentType string) response {
	ta.t.Helper()
	var rd io.Reader
	switch b := body.(type) {
	case nil:
	case string:
		rd = strings.NewReader(b)
	default:
		raw, err := json.Marshal(b)
		if err != nil {
			ta.t.Fatal(err)
		}
		rd = bytes.NewReader(raw)
		if contentType == "" {
			contentType = "application/json"
		}
	}
	req, err := http.NewRequest(method, ta.url+path, rd)
	if err != nil {
		ta.t.Fatal(err)
	}
	if contentType != "" {
		req.Header.Set("Content-Type", contentType)
	}
	if user != "" {
		req.SetBasicAuth(user, pass)
	}
	resp, err := ta.client.Do(req)
	if err != nil {
		ta.t.Fatal(err)
	}
	defer resp.Body.Close()
	raw, _ := io.ReadAll(resp.Body)
	return response{status: resp.StatusCode, header: resp.Header, body: raw, request: req}
}

// expect checks a response's status.
func (r response) expect(t testing.TB, status int) response {
	t.Helper()
	if r.status != status {
		t.Fatalf("%s %s: status %d, want %d: %s", r.request.Method, r.request.URL, r.status, status, r.body)
	}
	return r
}

func (ta *testAgent) version() int64 {
	ta.t.Helper()
	var v int64
	ta.do("GET", "/v3/services/haproxy/configuration/version", nil).expect(ta.t, 200).json(ta.t, &v)
	return v
}

func (ta *testAgent) file() string {
	b, err := os.ReadFile(ta.config)
	if err != nil {
		ta.t.Fatal(err)
	}
	return string(b)
}

// waitReload waits for a reload to end and returns its status.
func (ta *testAgent) waitReload(id string) string {
	ta.t.Helper()
	deadline := time.Now().Add(20 * time.Second)
	for time.Now().Before(deadline) {
		var rl struct{ Status, Response string }
		ta.do("GET", "/v3/services/haproxy/reloads/"+id, nil).expect(ta.t, 200).json(ta.t, &rl)
		if rl.Status != "in_progress" {
			return rl.Status
		}
		time.Sleep(20 * time.Millisecond)
	}
	ta.t.Fatalf("reload %s did not end", id)
	return ""
}

// upstream is a loopback HTTP server standing for an application server.
func upstream(t testing.TB, name string, delay time.Duration) int {
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	srv := &http.Server{Handler: http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		time.Sleep(delay)
		w.Header().Set("X-Server", name)
		fmt.Fprintln(w, "hello from", name)
	})}
	go srv.Serve(ln)
	t.Cleanup(func() { srv.Close() })
	return ln.Addr().(*net.TCPAddr).Port
}
