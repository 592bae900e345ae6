package agentcmd

import (
	"bytes"
	"context"
	"crypto/ecdsa"
	"crypto/elliptic"
	"crypto/rand"
	"crypto/tls"
	"crypto/x509"
	"crypto/x509/pkix"
	"encoding/pem"
	"fmt"
	"io"
	"log/slog"
	"math/big"
	"net"
	"net/http"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"sync"
	"syscall"
	"testing"
	"time"

	"golang.org/x/crypto/bcrypt"

	"github.com/tfhaproxy/terraform-provider-haproxy/internal/haproxy"
	"github.com/tfhaproxy/terraform-provider-haproxy/internal/haproxytest"
)

// syncBuffer is a log sink the test reads while the agent writes.
type syncBuffer struct {
	mu sync.Mutex
	b  bytes.Buffer
}

func (s *syncBuffer) Write(p []byte) (int, error) {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.b.Write(p)
}

func (s *syncBuffer) String() string {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.b.String()
}

// pki writes a CA, a server certificate for 127.0.0.1 and a client certificate,
// all PEM, into dir.
func pki(t *testing.T, dir string) (caPEM []byte, client tls.Certificate) {
	newKey := func() *ecdsa.PrivateKey {
		k, err := ecdsa.GenerateKey(elliptic.P256(), rand.Reader)
		if err != nil {
			t.Fatal(err)
		}
		return k
	}
	caKey := newKey()
	caTmpl := &x509.Certificate{SerialNumber: big.NewInt(1), Subject: pkix.Name{CommonName: "test CA"}, NotBefore: time.Now().Add(-time.Hour),
		NotAfter: time.Now().Add(time.Hour), IsCA: true, BasicConstraintsValid: true, KeyUsage: x509.KeyUsageCertSign}
	caDER, _ := x509.CreateCertificate(rand.Reader, caTmpl, caTmpl, &caKey.PublicKey, caKey)
	ca, _ := x509.ParseCertificate(caDER)
	issue := func(serial int64, usage x509.ExtKeyUsage, name string) ([]byte, []byte) {
		k := newKey()
		tmpl := &x509.Certificate{SerialNumber: big.NewInt(serial), Subject: pkix.Name{CommonName: name}, NotBefore: time.Now().Add(-time.Hour),
			NotAfter: time.Now().Add(time.Hour), ExtKeyUsage: []x509.ExtKeyUsage{usage}, IPAddresses: []net.IP{net.ParseIP("127.0.0.1")}}
		der, err := x509.CreateCertificate(rand.Reader, tmpl, ca, &k.PublicKey, caKey)
		if err != nil {
			t.Fatal(err)
		}
		kder, _ := x509.MarshalECPrivateKey(k)
		return pem.EncodeToMemory(&pem.Block{Type: "CERTIFICATE", Bytes: der}), pem.EncodeToMemory(&pem.Block{Type: "EC PRIVATE KEY", Bytes: kder})
	}
	caPEM = pem.EncodeToMemory(&pem.Block{Type: "CERTIFICATE", Bytes: caDER})
	srvCert, srvKey := issue(2, x509.ExtKeyUsageServerAuth, "agent")
	cliCert, cliKey := issue(3, x509.ExtKeyUsageClientAuth, "terraform")
	for name, data := range map[string][]byte{"ca.pem": caPEM, "server.pem": srvCert, "server.key": srvKey} {
		if err := os.WriteFile(filepath.Join(dir, name), data, 0o600); err != nil {
			t.Fatal(err)
		}
	}
	client, err := tls.X509KeyPair(cliCert, cliKey)
	if err != nil {
		t.Fatal(err)
	}
	return caPEM, client
}

// TestRunWithMutualTLS runs the whole agent command: it starts HAProxy, serves
// HTTPS that requires a client certificate and a password, logs without secrets,
// and stops HAProxy when its context ends.
func TestRunWithMutualTLS(t *testing.T) {
	if _, err := exec.LookPath("haproxy"); err != nil {
		t.Fatal("haproxy is not installed")
	}
	dir := t.TempDir()
	caPEM, clientCert := pki(t, dir)
	config := filepath.Join(dir, "haproxy.cfg")
	fe := haproxytest.FreePort(t)
	os.WriteFile(config, []byte(fmt.Sprintf("defaults\n    mode http\n    timeout connect 1s\n    timeout client 5s\n    timeout server 5s\n\nfrontend fe\n    bind 127.0.0.1:%d\n    http-request return status 200 content-type text/plain string ok\n", fe)), 0o644)
	const password = "do-not-log-me"
	hash, _ := bcrypt.GenerateFromPassword([]byte(password), bcrypt.MinCost)
	os.WriteFile(filepath.Join(dir, "users"), []byte("admin:"+string(hash)+"\n"), 0o600)

	f, err := Parse([]string{"--config", config, "--listen", "127.0.0.1:0", "--users-file", filepath.Join(dir, "users"), "--state-dir", filepath.Join(dir, "state"),
		"--tls-cert", filepath.Join(dir, "server.pem"), "--tls-key", filepath.Join(dir, "server.key"), "--tls-client-ca", filepath.Join(dir, "ca.pem")}, io.Discard)
	if err != nil {
		t.Fatal(err)
	}
	logs := &syncBuffer{}
	ctx, cancel := context.WithCancel(context.Background())
	ready := make(chan string, 1)
	done := make(chan error, 1)
	go func() { done <- Run(ctx, f, "1.2.3", slog.New(slog.NewJSONHandler(logs, nil)), ready) }()
	var addr string
	select {
	case addr = <-ready:
	case err := <-done:
		t.Fatalf("agent stopped: %v\n%s", err, logs)
	case <-time.After(30 * time.Second):
		t.Fatal("agent did not start")
	}

	pool := x509.NewCertPool()
	pool.AppendCertsFromPEM(caPEM)
	get := func(certs []tls.Certificate, user, pass string) (*http.Response, error) {
		client := &http.Client{Transport: &http.Transport{TLSClientConfig: &tls.Config{RootCAs: pool, Certificates: certs}}, Timeout: 5 * time.Second}
		req, _ := http.NewRequest("GET", "https://"+addr+"/v3/info", nil)
		req.SetBasicAuth(user, pass)
		return client.Do(req)
	}
	if _, err := get(nil, "admin", password); err == nil {
		t.Fatal("HTTPS without a client certificate was accepted")
	}
	resp, err := get([]tls.Certificate{clientCert}, "admin", "wrong")
	if err != nil || resp.StatusCode != 401 {
		t.Fatalf("wrong password: %v %v", resp, err)
	}
	resp, err = get([]tls.Certificate{clientCert}, "admin", password)
	if err != nil || resp.StatusCode != 200 {
		t.Fatalf("client certificate and password: %v %v", resp, err)
	}
	body, _ := io.ReadAll(resp.Body)
	if !strings.Contains(string(body), `"version":"1.2.3"`) {
		t.Fatalf("info: %s", body)
	}
	// HAProxy is serving.
	if r, err := http.Get(fmt.Sprintf("http://127.0.0.1:%d/", fe)); err != nil || r.StatusCode != 200 {
		t.Fatalf("haproxy: %v %v", r, err)
	}

	cancel()
	select {
	case err := <-done:
		if err != nil {
			t.Fatalf("Run: %v", err)
		}
	case <-time.After(30 * time.Second):
		t.Fatal("agent did not stop")
	}
	if _, err := http.Get(fmt.Sprintf("http://127.0.0.1:%d/", fe)); err == nil {
		t.Fatal("haproxy still serves after the agent stopped")
	}
	out := logs.String()
	if !strings.Contains(out, `"request_id"`) || !strings.Contains(out, `"status":401`) {
		t.Fatalf("logs lack request ids or statuses:\n%s", out)
	}
	for _, secret := range []string{password, "wrong", "Authorization", "Basic "} {
		if strings.Contains(out, secret) {
			t.Fatalf("logs contain %q:\n%s", secret, out)
		}
	}
}

// TestRunWithRelativePaths runs the agent command as `agent --state-dir state`
// would from a shell: every path relative to the working directory, the
// config in another directory (HAProxy's), and a relative --haproxy-bin. The
// real HAProxy starts on the master socket under state/, reloads through it,
// the users files of the three roles are read, and
// HAPROXY_AGENT_FORBID_PRIVILEGED_DIRECTIVES reaches the agent.
func TestRunWithRelativePaths(t *testing.T) {
	real, err := exec.LookPath("haproxy")
	if err != nil {
		t.Fatal("haproxy is not installed")
	}
	dir := haproxytest.OpenTempDir(t) // the check user enters conf/ and runs bin/haproxy
	fe := haproxytest.FreePort(t)
	hash, _ := bcrypt.GenerateFromPassword([]byte("pw"), bcrypt.MinCost)
	for name, data := range map[string]string{
		"conf/haproxy.cfg": fmt.Sprintf("defaults\n    mode http\n    timeout connect 1s\n    timeout client 5s\n    timeout server 5s\n\nfrontend fe\n    bind 127.0.0.1:%d\n    http-request return status 200 content-type text/plain string ok\n", fe),
		"users":            "admin:" + string(hash) + "\n",
		"read-only-users":  "ci:" + string(hash) + "\n",
		"admin-users":      "root:" + string(hash) + "\n",
	} {
		os.MkdirAll(filepath.Dir(filepath.Join(dir, name)), 0o755)
		if err := os.WriteFile(filepath.Join(dir, name), []byte(data), 0o600); err != nil {
			t.Fatal(err)
		}
	}
	os.Mkdir(filepath.Join(dir, "bin"), 0o755)
	if err := os.Symlink(real, filepath.Join(dir, "bin", "haproxy")); err != nil {
		t.Fatal(err)
	}
	t.Chdir(dir)
	t.Setenv("HAPROXY_AGENT_FORBID_PRIVILEGED_DIRECTIVES", "true")
	f, err := Parse([]string{"--config", "conf/haproxy.cfg", "--state-dir", "state", "--users-file", "users", "--read-only-users-file", "read-only-users",
		"--admin-users-file", "admin-users", "--haproxy-bin", "bin/haproxy", "--listen", "127.0.0.1:0"}, io.Discard)
	if err != nil {
		t.Fatal(err)
	}
	addr, logs := runAgent(t, f)
	send := func(user, method, path, contentType, body string) (int, string) {
		t.Helper()
		req, _ := http.NewRequest(method, "http://"+addr+path, strings.NewReader(body))
		req.Header.Set("Content-Type", contentType)
		req.SetBasicAuth(user, "pw")
		resp, err := http.DefaultClient.Do(req)
		if err != nil {
			t.Fatal(err)
		}
		defer resp.Body.Close()
		answer, _ := io.ReadAll(resp.Body)
		return resp.StatusCode, string(answer)
	}
	call := func(user, method, path string) (int, string) {
		t.Helper()
		return send(user, method, path, "application/json", `{"name":"be_new"}`)
	}
	if _, err := os.Stat(filepath.Join(dir, "state", "master.sock")); err != nil {
		t.Fatalf("no master socket under the relative state directory: %v", err)
	}
	if status, body := call("ci", "GET", "/v3/health"); status != 200 || !strings.Contains(body, `"up"`) {
		t.Fatalf("health through state/master.sock: %d %s", status, body)
	}
	if status, body := call("ci", "POST", "/v3/services/haproxy/configuration/backends?version=1"); status != 403 {
		t.Fatalf("a write as the read-only user: %d %s", status, body)
	}
	// force_reload: the reload through the master socket is done when it answers.
	if status, body := call("admin", "POST", "/v3/services/haproxy/configuration/backends?version=1&force_reload=true"); status != 201 {
		t.Fatalf("a write and reload: %d %s\n%s", status, body, logs)
	}
	b, _ := os.ReadFile(filepath.Join(dir, "conf", "haproxy.cfg"))
	if !strings.Contains(string(b), "backend be_new") {
		t.Fatalf("conf/haproxy.cfg:\n%s", b)
	}
	// The raw file is the admin's; privileged lines are no one's.
	if status, body := call("admin", "GET", "/v3/services/haproxy/configuration/raw"); status != 403 || !strings.Contains(body, "admin role") {
		t.Fatalf("raw as an operator: %d %s", status, body)
	}
	if status, body := call("root", "GET", "/v3/services/haproxy/configuration/raw"); status != 200 || body != string(b) {
		t.Fatalf("raw as an admin: %d %s", status, body)
	}
	withLua := "global\n    lua-load " + filepath.Join(dir, "none.lua") + "\n" + string(b)
	if status, body := send("root", "POST", "/v3/services/haproxy/configuration/raw?version=2&only_validate=true", "text/plain", withLua); status != 403 || !strings.Contains(body, "--forbid-privileged-directives") {
		t.Fatalf("a lua-load with --forbid-privileged-directives: %d %s", status, body)
	}
}

// runAgent runs the agent command until the test ends, and returns its address
// and its logs; the test fails if Run then returns an error.
func runAgent(t *testing.T, f Flags) (string, *syncBuffer) {
	addr, logs, _ := startAgentRun(t, f)
	return addr, logs
}

// startAgentRun runs the agent command until stop is called or the test ends,
// and returns its address and its logs; the test fails if Run then returns an
// error.
func startAgentRun(t *testing.T, f Flags) (addr string, logs *syncBuffer, stop func()) {
	t.Helper()
	logs = &syncBuffer{}
	ctx, cancel := context.WithCancel(context.Background())
	ready, done := make(chan string, 1), make(chan error, 1)
	go func() { done <- Run(ctx, f, "test", slog.New(slog.NewJSONHandler(logs, nil)), ready) }()
	var once sync.Once
	stop = func() {
		once.Do(func() {
			cancel()
			if err := <-done; err != nil {
				t.Errorf("Run: %v\n%s", err, logs)
			}
		})
	}
	t.Cleanup(stop)
	select {
	case addr = <-ready:
		return addr, logs, stop
	case err := <-done:
		done <- err
		t.Fatalf("agent stopped: %v\n%s", err, logs)
		return "", nil, nil
	}
}

// TestRunAPIPortTaken: an agent that cannot listen on its API address fails
// before it starts HAProxy, so that it leaves no HAProxy running that nothing
// would stop.
func TestRunAPIPortTaken(t *testing.T) {
	if _, err := exec.LookPath("haproxy"); err != nil {
		t.Fatal("haproxy is not installed")
	}
	taken, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	defer taken.Close()
	dir := t.TempDir()
	config := filepath.Join(dir, "haproxy.cfg")
	fe := haproxytest.FreePort(t)
	os.WriteFile(config, []byte(fmt.Sprintf("defaults\n    mode http\n    timeout connect 1s\n    timeout client 5s\n    timeout server 5s\n\nfrontend fe\n    bind 127.0.0.1:%d\n    http-request return status 200\n", fe)), 0o644)
	f, err := Parse([]string{"--config", config, "--insecure-no-auth", "--listen", taken.Addr().String(), "--state-dir", filepath.Join(dir, "state")}, io.Discard)
	if err != nil {
		t.Fatal(err)
	}
	err = Run(context.Background(), f, "test", slog.New(slog.NewJSONHandler(io.Discard, nil)), nil)
	if err == nil || !strings.Contains(err.Error(), "address already in use") {
		t.Fatalf("Run on a taken API port: %v", err)
	}
	if conn, err := net.Dial("tcp", fmt.Sprintf("127.0.0.1:%d", fe)); err == nil {
		conn.Close()
		master := &haproxy.Master{Socket: filepath.Join(dir, "state", "master.sock")}
		if procs, err := master.Processes(context.Background()); err == nil {
			syscall.Kill(procs[0].PID, syscall.SIGKILL) // the HAProxy left behind
		}
		t.Fatal("the agent failed and left HAProxy running")
	}
}
