package agent

import (
	"crypto/tls"
	"fmt"
	"io"
	"net"
	"net/http"
	"path/filepath"
	"sync"
	"sync/atomic"
	"testing"
	"time"

	"github.com/tfhaproxy/terraform-provider-haproxy/internal/dataplane"
	"github.com/tfhaproxy/terraform-provider-haproxy/internal/sslcerttest"
)

// tlsLoad is loopback TLS clients that keep sending requests to a bind until
// stopped: half on one keep-alive connection each, half on a new connection
// (a new handshake) for every request. Every failure is counted.
type tlsLoad struct {
	requests, newConnections atomic.Int64
	failedHandshakes         atomic.Int64
	failedRequests           atomic.Int64
	mu                       sync.Mutex
	firstError               error

	stop chan struct{}
	done sync.WaitGroup
}

func startTLSLoad(addr string, clients int) *tlsLoad {
	l := &tlsLoad{stop: make(chan struct{})}
	for i := range clients {
		l.done.Add(1)
		go l.client(addr, i%2 == 0)
	}
	return l
}

func (l *tlsLoad) fail(counter *atomic.Int64, err error) {
	counter.Add(1)
	l.mu.Lock()
	if l.firstError == nil {
		l.firstError = err
	}
	l.mu.Unlock()
}

// client sends requests until stopped: on one connection it keeps alive, or on
// a new connection for each.
func (l *tlsLoad) client(addr string, keepAlive bool) {
	defer l.done.Done()
	tr := &http.Transport{TLSClientConfig: &tls.Config{InsecureSkipVerify: true}, DisableKeepAlives: !keepAlive,
		DialTLS: func(network, a string) (net.Conn, error) {
			conn, err := tls.DialWithDialer(&net.Dialer{Timeout: 10 * time.Second}, network, a, &tls.Config{InsecureSkipVerify: true})
			if err != nil {
				l.fail(&l.failedHandshakes, fmt.Errorf("handshake: %w", err))
				return nil, err
			}
			l.newConnections.Add(1)
			return conn, nil
		}}
	defer tr.CloseIdleConnections()
	c := &http.Client{Transport: tr, Timeout: 10 * time.Second}
	for {
		select {
		case <-l.stop:
			return
		default:
		}
		resp, err := c.Get("https://" + addr + "/")
		if err != nil {
			l.fail(&l.failedRequests, err)
			continue
		}
		_, err = io.Copy(io.Discard, resp.Body)
		resp.Body.Close()
		if err != nil || resp.StatusCode != http.StatusOK {
			l.fail(&l.failedRequests, fmt.Errorf("status %d, %v", resp.StatusCode, err))
			continue
		}
		l.requests.Add(1)
	}
}

// end stops the clients and waits for them.
func (l *tlsLoad) end() {
	close(l.stop)
	l.done.Wait()
}

// rotation is a TLS bind serving a stored certificate, under load.
type rotation struct {
	ta   *testAgent
	addr string
	load *tlsLoad
	// HAProxy's count of its reloads, and the agent's, before the rotations
	reloads, agentReloads int
}

// startRotation stores a certificate, adds a bind that serves it (the one
// reload), and starts the load.
func startRotation(t testing.TB) *rotation {
	ports := freePorts(t, 2)
	ta := startAgent(t, baseConfig(ports[0]))
	first := sslcerttest.New(t, sslcerttest.Template{CommonName: "rotated.test"})
	ta.upload("", "site.pem", first.PEM()).expect(t, 201)
	site := filepath.Join(filepath.Dir(ta.config), "ssl", "site.pem")
	raw := ta.file() + fmt.Sprintf("\nfrontend fe_tls\n    bind 127.0.0.1:%d name tls ssl crt %s\n    http-request return status 200 content-type text/plain string ok\n", ports[1], site)
	r := ta.doAs(testUser, testPassword, "POST", fmt.Sprintf("%s/raw?version=%d", cfgPath, ta.version()), raw, "text/plain").expect(t, 202)
	if s := ta.waitReload(r.header.Get("Reload-ID")); s != dataplane.ReloadSucceeded {
		t.Fatalf("the reload that adds the TLS bind: %s", s)
	}
	addr := fmt.Sprintf("127.0.0.1:%d", ports[1])
	return &rotation{ta: ta, addr: addr, load: startTLSLoad(addr, 8), reloads: ta.masterReloads(), agentReloads: len(ta.agent.reloads.list())}
}

// rotate replaces the certificate with a new one, and checks that the agent
// answered it done with no reload and that a new connection is served it.
func (ro *rotation) rotate(t testing.TB) {
	next := sslcerttest.New(t, sslcerttest.Template{CommonName: "rotated.test"})
	r := ro.ta.doAs(testUser, testPassword, "PUT", certsPath+"/site.pem", string(next.PEM()), "text/plain").expect(t, 200)
	if id := r.header.Get("Reload-ID"); id != "" {
		t.Fatalf("a rotation asked for reload %s", id)
	}
	conn, err := tls.DialWithDialer(&net.Dialer{Timeout: 10 * time.Second}, "tcp", ro.addr, &tls.Config{InsecureSkipVerify: true})
	if err != nil {
		t.Fatal(err)
	}
	defer conn.Close()
	if got := conn.ConnectionState().PeerCertificates[0].SerialNumber; got.Cmp(next.Cert.SerialNumber) != 0 {
		t.Fatalf("after the rotation a new connection is served serial %s, want %s", got, next.Cert.SerialNumber)
	}
}

// end stops the load and checks that nothing failed and nothing reloaded.
func (ro *rotation) end(t testing.TB) {
	ro.load.end()
	l := ro.load
	if l.failedHandshakes.Load() != 0 || l.failedRequests.Load() != 0 {
		t.Fatalf("%d failed handshakes and %d failed requests of %d; the first: %v",
			l.failedHandshakes.Load(), l.failedRequests.Load(), l.requests.Load(), l.firstError)
	}
	if n, m := ro.ta.masterReloads(), len(ro.ta.agent.reloads.list()); n != ro.reloads || m != ro.agentReloads {
		t.Fatalf("the rotations reloaded: HAProxy counts %d reloads (was %d), the agent %d (was %d)", n, ro.reloads, m, ro.agentReloads)
	}
	if l.requests.Load() == 0 || l.newConnections.Load() < 5 {
		t.Fatalf("the load sent %d requests on %d connections: no load", l.requests.Load(), l.newConnections.Load())
	}
}

// TestCertificateRotationUnderLoad rotates a served certificate 20 times while
// clients send requests on kept-alive and on new connections: no handshake and
// no request fails, HAProxy never reloads, and after each rotation a new
// connection is served the new certificate.
func TestCertificateRotationUnderLoad(t *testing.T) {
	ro := startRotation(t)
	for range 20 {
		ro.rotate(t)
	}
	ro.end(t)
	l := ro.load
	t.Logf("20 rotations: %d requests on %d new connections, 0 failed, 0 reloads", l.requests.Load(), l.newConnections.Load())
}

// BenchmarkCertificateRotationUnderLoad is the time of one rotation (PUT to
// answer) under the same load.
func BenchmarkCertificateRotationUnderLoad(b *testing.B) {
	ro := startRotation(b)
	for b.Loop() {
		ro.rotate(b)
	}
	ro.end(b)
	b.ReportMetric(float64(ro.load.requests.Load()), "requests-served")
	b.ReportMetric(float64(ro.load.newConnections.Load()), "handshakes")
}
