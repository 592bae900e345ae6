package agent

import (
	"fmt"
	"io"
	"net/http"
	"strings"
	"sync"
	"sync/atomic"
	"testing"
	"time"

	"github.com/tfhaproxy/terraform-provider-haproxy/internal/dataplane"
)

// TestConcurrentClients: 10 clients x 50 writes to different objects, all at a
// stale version, all succeed; then 10 clients doing read-modify-write on one
// object get 409s but lose no update.
func TestConcurrentClients(t *testing.T) {
	ta := startAgent(t, baseConfig(freePorts(t, 1)[0]))
	var wg sync.WaitGroup
	var failed atomic.Int64
	for c := range 10 {
		wg.Add(1)
		go func() {
			defer wg.Done()
			for i := range 50 {
				r := ta.do("POST", cfgPath+"/backends?version=1", dataplane.Backend{Name: fmt.Sprintf("be_%d_%d", c, i)})
				if r.status != 202 {
					failed.Add(1)
					t.Errorf("client %d write %d: %d %s", c, i, r.status, r.body)
				}
			}
		}()
	}
	wg.Wait()
	if n := strings.Count(ta.file(), "\nbackend be_") - 1; failed.Load() != 0 || n != 500 { // be_app was there before
		t.Fatalf("%d failed writes, %d backends in the file", failed.Load(), n)
	}

	// Read-modify-write of one counter, retried on 409.
	conflicts := atomic.Int64{}
	for c := range 10 {
		wg.Add(1)
		go func() {
			defer wg.Done()
			for range 5 {
				for {
					r := ta.do("GET", cfgPath+"/backends/be_0_0", nil)
					var b dataplane.Backend
					r.json(t, &b)
					n := int64(0)
					if b.Retries != nil {
						n = *b.Retries
					}
					b.Retries = ptr(n + 1)
					w := ta.do("PUT", cfgPath+"/backends/be_0_0?version="+r.header.Get("Configuration-Version"), b)
					if w.status == 202 {
						break
					}
					if w.status != 409 {
						t.Errorf("client %d: %d %s", c, w.status, w.body)
						return
					}
					conflicts.Add(1)
				}
			}
		}()
	}
	wg.Wait()
	var b dataplane.Backend
	ta.do("GET", cfgPath+"/backends/be_0_0", nil).expect(t, 200).json(t, &b)
	if b.Retries == nil || *b.Retries != 50 {
		t.Fatalf("counter %v after 50 increments: an update was lost", b.Retries)
	}
	if conflicts.Load() == 0 {
		t.Fatal("no conflict seen: the test did not race")
	}
	t.Logf("50 increments, %d conflicts retried", conflicts.Load())
}

// loadResult counts a load generator's outcomes.
type loadResult struct {
	ok, failed, socketErrors atomic.Int64
	firstError               atomic.Value
}

// generateLoad sends requests over keep-alive connections to url until stop is
// closed. Requests carry a body without GetBody, so that the client never
// retries them quietly: every connection error counts.
func generateLoad(url string, workers int, stop <-chan struct{}, res *loadResult) *sync.WaitGroup {
	var wg sync.WaitGroup
	for range workers {
		wg.Add(1)
		go func() {
			defer wg.Done()
			client := &http.Client{Transport: &http.Transport{MaxIdleConnsPerHost: 1, DisableCompression: true}, Timeout: 10 * time.Second}
			for {
				select {
				case <-stop:
					return
				default:
				}
				req, _ := http.NewRequest("POST", url, io.NopCloser(strings.NewReader("x")))
				resp, err := client.Do(req)
				if err != nil {
					res.socketErrors.Add(1)
					res.firstError.CompareAndSwap(nil, err.Error())
					continue
				}
				io.Copy(io.Discard, resp.Body)
				resp.Body.Close()
				if resp.StatusCode != 200 {
					res.failed.Add(1)
					res.firstError.CompareAndSwap(nil, resp.Status)
					continue
				}
				res.ok.Add(1)
			}
		}()
	}
	return &wg
}

// TestReloadsAndServerChangesLoseNoRequest sends keep-alive traffic through
// HAProxy while the agent adds and deletes 50 servers and reloads 10 times.
func TestReloadsAndServerChangesLoseNoRequest(t *testing.T) {
	if testing.Short() {
		t.Skip("load test")
	}
	fe := freePorts(t, 1)[0]
	config := baseConfig(fe) + fmt.Sprintf("    server static1 127.0.0.1:%d\n    server static2 127.0.0.1:%d\n", upstream(t, "static1", 0), upstream(t, "static2", 0))
	ta := startAgent(t, config)
	dynamic := int64(upstream(t, "dynamic", 5*time.Millisecond))

	stop := make(chan struct{})
	var res loadResult
	wg := generateLoad(fmt.Sprintf("http://127.0.0.1:%d/", fe), 8, stop, &res)
	time.Sleep(200 * time.Millisecond)

	reloads := 0
	for i := range 50 {
		name := fmt.Sprintf("dyn%d", i)
		ta.do("POST", cfgPath+"/backends/be_app/servers?version="+itoa(ta.version()), dataplane.Server{Name: name, Address: "127.0.0.1", Port: &dynamic}).expect(t, 201)
		time.Sleep(20 * time.Millisecond)
		ta.do("DELETE", cfgPath+"/backends/be_app/servers/"+name+"?version="+itoa(ta.version()), nil).expect(t, 204)
		if i%5 == 4 {
			ta.do("PUT", cfgPath+"/frontends/fe_main?force_reload=true&version="+itoa(ta.version()),
				dataplane.Frontend{Name: "fe_main", FrontendOptions: dataplane.FrontendOptions{DefaultBackend: "be_app", Maxconn: ptr(int64(1000 + i))}}).expect(t, 200)
			reloads++
		}
	}
	time.Sleep(200 * time.Millisecond)
	close(stop)
	wg.Wait()
	t.Logf("%d requests ok, %d failed, %d socket errors, 50 servers added and deleted, %d reloads", res.ok.Load(), res.failed.Load(), res.socketErrors.Load(), reloads)
	if res.failed.Load() != 0 || res.socketErrors.Load() != 0 {
		t.Fatalf("%d failed requests, %d socket errors; first: %v", res.failed.Load(), res.socketErrors.Load(), res.firstError.Load())
	}
	if res.ok.Load() < 1000 {
		t.Fatalf("only %d requests: the load did not run", res.ok.Load())
	}
}
