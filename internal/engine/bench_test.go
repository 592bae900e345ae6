package engine

import (
	"context"
	"fmt"
	"sync"
	"testing"
	"time"

	"github.com/tfhaproxy/terraform-provider-haproxy/internal/testconfig"
)

// BenchmarkCommitOne is one server create into the 1,000 x 10 config, validation
// with haproxy -c and the atomic write included.
func BenchmarkCommitOne(b *testing.B) {
	e, _, _ := setup(b, testconfig.Generate(1000, 10))
	i := 0
	for b.Loop() {
		v, _ := e.Version()
		if _, err := e.Write(context.Background(), Write{Version: v, Change: createServer(fmt.Sprintf("be_%d", i%1000), server(fmt.Sprintf("n%d", i), 9000))}); err != nil {
			b.Fatal(err)
		}
		i++
	}
}

// BenchmarkConcurrentCreates100 sends 100 single-server creates at once, all at the
// same starting version, into the 1,000 x 10 config, and reports their total time
// as a multiple of one commit measured on the same engine just before.
func BenchmarkConcurrentCreates100(b *testing.B) {
	var total, one time.Duration
	var validations int64
	rounds := 0
	for b.Loop() {
		b.StopTimer()
		e, v, _ := setup(b, testconfig.Generate(1000, 10))
		start := time.Now()
		if _, err := e.Write(context.Background(), Write{Version: 1, Change: createServer("be_0", server("warmup", 9000))}); err != nil {
			b.Fatal(err)
		}
		one += time.Since(start)
		v.runs.Store(0)
		b.StartTimer()

		start = time.Now()
		var wg sync.WaitGroup
		errs := make([]error, 100)
		for i := range errs {
			wg.Add(1)
			go func() {
				defer wg.Done()
				_, errs[i] = e.Write(context.Background(), Write{Version: 2, Change: createServer(fmt.Sprintf("be_%d", i*10), server("new", 9000))})
			}()
		}
		wg.Wait()
		total += time.Since(start)
		for i, err := range errs {
			if err != nil {
				b.Fatalf("create %d: %v", i, err)
			}
		}
		validations += v.runs.Load()
		rounds++
		b.StopTimer()
		e.Close()
		b.StartTimer()
	}
	b.ReportMetric(float64(total.Milliseconds())/float64(rounds), "ms/100-creates")
	b.ReportMetric(float64(one.Milliseconds())/float64(rounds), "ms/one-commit")
	b.ReportMetric(float64(total)/float64(one), "x-one-commit")
	b.ReportMetric(float64(validations)/float64(rounds), "validations")
}
