package agent

import (
	"fmt"
	"os"
	"slices"
	"strconv"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/tfhaproxy/terraform-provider-haproxy/internal/dataplane"
	"github.com/tfhaproxy/terraform-provider-haproxy/internal/testconfig"
)

// bigAgent is an agent with a running HAProxy on the 1,000-backend x 10-server config.
func bigAgent(b *testing.B) *testAgent {
	config := strings.Replace(string(testconfig.Generate(1000, 10)), "127.0.0.1:18500", fmt.Sprintf("127.0.0.1:%d", freePorts(b, 1)[0]), 1)
	return startAgent(b, config)
}

// BenchmarkGetBackend: GETs of one backend over keep-alive HTTP, two at a time.
func BenchmarkGetBackend(b *testing.B) {
	ta := bigAgent(b)
	b.SetParallelism(2)
	start := time.Now()
	b.RunParallel(func(pb *testing.PB) {
		for pb.Next() {
			if r := ta.do("GET", cfgPath+"/backends/be_500", nil); r.status != 200 {
				b.Errorf("status %d", r.status)
			}
		}
	})
	b.ReportMetric(float64(b.N)/time.Since(start).Seconds(), "req/s")
}

// BenchmarkServerWrite: single-server creates one after another, each validated
// with haproxy -c, written, and applied through the runtime API; on a small config
// (one frontend, one backend) and on the 1,000 x 10 one.
func BenchmarkServerWrite(b *testing.B) {
	b.Run("small", func(b *testing.B) { serverWrites(b, startAgent(b, baseConfig(freePorts(b, 1)[0])), 1) })
	b.Run("1000x10", func(b *testing.B) { serverWrites(b, bigAgent(b), 1000) })
}

func serverWrites(b *testing.B, ta *testAgent, backends int) {
	var lat []time.Duration
	i := 0
	for b.Loop() {
		backend := "be_app"
		if backends > 1 {
			backend = fmt.Sprintf("be_%d", i%backends)
		}
		start := time.Now()
		ta.do("POST", fmt.Sprintf("%s/backends/%s/servers?version=%d", cfgPath, backend, ta.version()),
			dataplane.Server{Name: fmt.Sprintf("new%d", i), Address: "127.0.0.1", Port: ptr[int64](9)}).expect(b, 201)
		lat = append(lat, time.Since(start))
		i++
	}
	slices.Sort(lat)
	b.ReportMetric(float64(lat[len(lat)/2].Microseconds())/1000, "p50-ms")
	b.ReportMetric(float64(lat[(len(lat)*99)/100].Microseconds())/1000, "p99-ms")
}

// BenchmarkParallelServerCreates100: 100 single-server creates sent at once over
// HTTP, all at the same version.
func BenchmarkParallelServerCreates100(b *testing.B) {
	ta := bigAgent(b)
	round := 0
	for b.Loop() {
		v := ta.version()
		var wg sync.WaitGroup
		for i := range 100 {
			wg.Add(1)
			go func() {
				defer wg.Done()
				ta.do("POST", fmt.Sprintf("%s/backends/be_%d/servers?version=%d", cfgPath, i*10, v),
					dataplane.Server{Name: fmt.Sprintf("p%d_%d", round, i), Address: "127.0.0.1", Port: ptr[int64](9)}).expect(b, 201)
			}()
		}
		wg.Wait()
		round++
	}
}

// BenchmarkAgentMemory reports this process's resident memory, which holds the
// agent, its engine and the 1,000 x 10 config (and the test harness, so it is an
// upper bound), at start and after 50 writes.
func BenchmarkAgentMemory(b *testing.B) {
	for b.Loop() {
		ta := bigAgent(b)
		ta.do("GET", cfgPath+"/backends", nil).expect(b, 200)
		start := residentMB(b)
		for i := range 50 {
			var be dataplane.Backend
			r := ta.do("GET", fmt.Sprintf("%s/backends/be_%d", cfgPath, i), nil).expect(b, 200)
			r.json(b, &be)
			be.Retries = ptr[int64](5)
			ta.do("PUT", fmt.Sprintf("%s/backends/be_%d?version=%s", cfgPath, i, r.header.Get("Configuration-Version")), be).expect(b, 202)
		}
		b.ReportMetric(start, "rss-start-MB")
		b.ReportMetric(residentMB(b), "rss-after-50-writes-MB")
	}
}

func residentMB(b *testing.B) float64 {
	status, err := os.ReadFile("/proc/self/status")
	if err != nil {
		b.Fatal(err)
	}
	for _, line := range strings.Split(string(status), "\n") {
		if f := strings.Fields(line); len(f) >= 2 && f[0] == "VmRSS:" {
			kb, _ := strconv.ParseFloat(f[1], 64)
			return kb / 1024
		}
	}
	b.Fatal("no VmRSS")
	return 0
}
