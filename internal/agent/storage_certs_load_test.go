package agent

import (
	"crypto/tls"
	"fmt"
	"io"
	"net/http"
	"path/filepath"
	"sync"
	"sync/atomic"
	"testing"
	"time"

	"github.com/tfhaproxy/terraform-provider-haproxy/internal/sslcerttest"
)

// TestSSLCertificateRotationUnderLoad: 20 replaces of the certificate a bind
// serves, while TLS clients send requests on kept-alive connections and on a
// new connection each: no request fails, no handshake fails, HAProxy never
// reloads, and after each replace a new connection is served the new
// certificate.
func TestSSLCertificateRotationUnderLoad(t *testing.T) {
	ports := freePorts(t, 2)
	ta := startAgent(t, baseConfig(ports[0]))
	site := filepath.Join(filepath.Dir(ta.config), "ssl", "site.pem")
	cert := sslcerttest.New(t, sslcerttest.Template{CommonName: "site.test"})
	ta.upload("", "site.pem", cert.PEM()).expect(t, 201)
	addr := fmt.Sprintf("127.0.0.1:%d", ports[1])
	raw := ta.file() + fmt.Sprintf("\nfrontend fe_tls\n    bind %s ssl crt %s\n    http-request return status 200 content-type text/plain string ok\n", addr, site)
	r := ta.doAs(testUser, testPassword, "POST", fmt.Sprintf("%s/raw?version=%d", cfgPath, ta.version()), raw, "text/plain").expect(t, 202)
	if s := ta.waitReload(r.header.Get("Reload-ID")); s != "succeeded" {
		t.Fatalf("the reload that adds the TLS bind %s", s)
	}

	var mu sync.Mutex
	issued := map[string]bool{cert.Cert.SerialNumber.String(): true} // every serial a connection may see
	var requests, handshakes, failed atomic.Int64
	var firstFailure atomic.Value
	fail := func(err error) {
		failed.Add(1)
		firstFailure.CompareAndSwap(nil, err.Error())
	}
	stop := make(chan struct{})
	var wg sync.WaitGroup
	client := func(keepAlive bool) {
		defer wg.Done()
		tr := &http.Transport{TLSClientConfig: &tls.Config{InsecureSkipVerify: true}, DisableKeepAlives: !keepAlive}
		defer tr.CloseIdleConnections()
		c := &http.Client{Transport: tr}
		for {
			select {
			case <-stop:
				return
			default:
			}
			resp, err := c.Get("https://" + addr + "/")
			if err != nil {
				fail(err)
				continue
			}
			io.Copy(io.Discard, resp.Body)
			resp.Body.Close()
			requests.Add(1)
			if resp.StatusCode != 200 {
				fail(fmt.Errorf("status %d", resp.StatusCode))
			}
			if !keepAlive {
				handshakes.Add(1)
				serial := resp.TLS.PeerCertificates[0].SerialNumber.String()
				mu.Lock()
				known := issued[serial]
				mu.Unlock()
				if !known {
					fail(fmt.Errorf("served serial %s, which no replace gave", serial))
				}
			}
		}
	}
	for _, keepAlive := range []bool{true, true, false, false} {
		wg.Add(1)
		go client(keepAlive)
	}

	reloads, agentReloads := ta.masterReloads(), len(ta.agent.reloads.list())
	const rotations = 20
	var replacing time.Duration // reported, not checked: the machine may be busy
	for i := range rotations {
		next := sslcerttest.New(t, sslcerttest.Template{CommonName: fmt.Sprintf("site-%d.test", i)})
		mu.Lock()
		issued[next.Cert.SerialNumber.String()] = true
		mu.Unlock()
		start := time.Now()
		r := ta.putCert("site.pem", "", next.PEM()).expect(t, 200)
		replacing += time.Since(start)
		if id := r.header.Get("Reload-ID"); id != "" {
			t.Errorf("replace %d scheduled reload %s", i, id)
		}
		if s := servedSerial(t, addr); s != next.Cert.SerialNumber.String() {
			t.Errorf("after replace %d, a new connection is served serial %s, want %s", i, s, next.Cert.SerialNumber)
		}
	}
	close(stop)
	wg.Wait()
	t.Logf("%d replaces, %v each on average; %d requests, %d of them on new TLS connections; %d failed",
		rotations, replacing/rotations, requests.Load(), handshakes.Load(), failed.Load())
	if n := failed.Load(); n != 0 {
		t.Errorf("%d requests or handshakes failed, the first: %v", n, firstFailure.Load())
	}
	if requests.Load() == 0 || handshakes.Load() == 0 {
		t.Errorf("no load: %d requests, %d handshakes", requests.Load(), handshakes.Load())
	}
	if n, m := ta.masterReloads(), len(ta.agent.reloads.list()); n != reloads || m != agentReloads {
		t.Errorf("the replaces reloaded: HAProxy counts %d reloads (was %d), the agent %d (was %d)", n, reloads, m, agentReloads)
	}
}
