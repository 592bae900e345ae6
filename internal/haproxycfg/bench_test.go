package haproxycfg

import (
	"runtime"
	"testing"

	"github.com/tfhaproxy/terraform-provider-haproxy/internal/testconfig"
)

// The benchmark config: 1,000 backends x 10 servers and a frontend with
// 1,000 ACL and 1,000 use_backend lines (about 23,000 lines).
var bigConfig = testconfig.Generate(1000, 10)

func BenchmarkParse(b *testing.B) {
	b.SetBytes(int64(len(bigConfig)))
	for b.Loop() {
		Parse(bigConfig)
	}
}

func BenchmarkWrite(b *testing.B) {
	c := Parse(bigConfig)
	b.SetBytes(int64(len(bigConfig)))
	for b.Loop() {
		c.Bytes()
	}
}

// BenchmarkMemoryHeld reports the heap a parsed config keeps alive, as bytes and
// as a multiple of the file's size.
func BenchmarkMemoryHeld(b *testing.B) {
	var held uint64
	for b.Loop() {
		var before, after runtime.MemStats
		runtime.GC()
		runtime.ReadMemStats(&before)
		c := Parse(bigConfig)
		runtime.GC()
		runtime.ReadMemStats(&after)
		held = after.HeapAlloc - before.HeapAlloc
		runtime.KeepAlive(c)
	}
	b.ReportMetric(float64(held), "held-bytes")
	b.ReportMetric(float64(held)/float64(len(bigConfig)), "x-file-size")
}

func BenchmarkReadBackend(b *testing.B) {
	c := Parse(bigConfig)
	for b.Loop() {
		if _, err := Servers.List(c, "be_999"); err != nil {
			b.Fatal(err)
		}
	}
}
