package haproxycfg

import (
	"fmt"
	"github.com/tfhaproxy/terraform-provider-haproxy/internal/dataplane"
	"math/rand/v2"
	"reflect"
	"runtime"
	"runtime/debug"
	"slices"
	"strings"
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

// BenchmarkListReplace: PUT of a whole ACL list, at the engine level (the agent
// refuses lists over MaxListItems): 100,000 ACLs replaced by 100,000 with 1% of
// them changed and a few inserted and deleted, 100,000 written into an empty
// frontend, 100,000 replaced by 100,000 others (the diff's worst case), and the
// same at 10,000. B/op bounds the peak heap the replace adds
// (everything it allocates, as if nothing were collected).
func BenchmarkListReplace(b *testing.B) {
	for _, n := range []int{10_000, 100_000} {
		old := aclList(n, "")
		changed := slices.Clone(old)
		for i := 0; i < n; i += 100 {
			changed[i].Value = fmt.Sprintf("/changed%d", i)
		}
		for i := 0; i < 10; i++ {
			at := (i*n)/10 + 7
			changed = slices.Insert(slices.Delete(changed, at, at+1), at+3, aclList(1, fmt.Sprint("inserted", i))...)
		}
		b.Run(fmt.Sprintf("%d_to_%d_changed", n, n), func(b *testing.B) { replaceACLs(b, old, changed) })
		b.Run(fmt.Sprintf("0_to_%d", n), func(b *testing.B) { replaceACLs(b, nil, old) })
		// Every item different and shuffled: the diff runs out of budget.
		other := aclList(n, "other")
		rand.New(rand.NewPCG(1, 2)).Shuffle(n, func(i, j int) { other[i], other[j] = other[j], other[i] })
		b.Run(fmt.Sprintf("%d_to_%d_all_different", n, n), func(b *testing.B) { replaceACLs(b, old, other) })
	}
}

// aclList is n ACLs; prefix sets their names apart.
func aclList(n int, prefix string) []dataplane.ACL {
	out := make([]dataplane.ACL, n)
	for i := range out {
		out[i] = dataplane.ACL{ACLName: fmt.Sprintf("%sacl%d", prefix, i), Criterion: "path_beg", Value: fmt.Sprintf("/path/%d", i)}
	}
	return out
}

// replaceACLs times ReplaceAll from a frontend holding old to new, checking the
// result once.
func replaceACLs(b *testing.B, old, new []dataplane.ACL) {
	c := Parse([]byte("frontend fe\n    bind :80\n    default_backend be\n\nbackend be\n    server s1 127.0.0.1:80\n"))
	c.AllowFiles(func(string) error { return nil }) // as the agent checks every write
	if err := ACLs.ReplaceAll(c, "frontend", "fe", old); err != nil {
		b.Fatal(err)
	}
	for b.Loop() {
		d := c.Clone()
		if err := ACLs.ReplaceAll(d, "frontend", "fe", new); err != nil {
			b.Fatal(err)
		}
	}
	// Once more with the collector off: the heap then peaks at the end, at most
	// what was live before plus everything the replace allocated.
	defer debug.SetGCPercent(debug.SetGCPercent(-1))
	var before, after runtime.MemStats
	runtime.GC()
	runtime.ReadMemStats(&before)
	d := c.Clone()
	if err := ACLs.ReplaceAll(d, "frontend", "fe", new); err != nil {
		b.Fatal(err)
	}
	runtime.ReadMemStats(&after)
	b.ReportMetric(float64(after.HeapAlloc)/(1<<20), "peak-heap-MB")
	if got, err := ACLs.List(d, "frontend", "fe"); err != nil || len(got) != len(new) || !reflect.DeepEqual(got[len(got)/2], new[len(new)/2]) {
		b.Fatalf("after the replace: %d items, %v", len(got), err)
	}
}

// BenchmarkPrivilegedEdit is what the operator's guard adds to a write: one
// server changed in the big config (a typed edit), and a raw upload of the same
// file, which parses every line anew.
func BenchmarkPrivilegedEdit(b *testing.B) {
	base := Parse(bigConfig)
	edited := base.Clone()
	if err := Servers.Create(edited, "be_500", dataplane.Server{Name: "new", Address: "10.0.0.1"}); err != nil {
		b.Fatal(err)
	}
	loaded := base.Clone()
	loaded.Load(bigConfig)
	for _, bc := range []struct {
		name  string
		after *Config
	}{{"typed", edited}, {"raw", loaded}} {
		b.Run(bc.name, func(b *testing.B) {
			for b.Loop() {
				if err := PrivilegedEdit(base, bc.after); err != nil {
					b.Fatal(err)
				}
			}
		})
	}
}

// BenchmarkRuleList reads 10,000 http-request rules of the common actions, as a
// GET of the list does: every line goes through its action's row.
func BenchmarkRuleList(b *testing.B) {
	lines := []string{"set-header X-A %[src]", "deny deny_status 403 if { src 10.0.0.1 }", "set-var(txn.a) str(a),lower",
		"redirect location /a code 301 if { path /b }", "track-sc0 src table st", "return status 200 content-type text/plain string ok"}
	var cfg strings.Builder
	cfg.WriteString("frontend fe\n")
	for i := range 10_000 {
		cfg.WriteString("    http-request " + lines[i%len(lines)] + "\n")
	}
	c := Parse([]byte(cfg.String()))
	for b.Loop() {
		if got, err := HTTPRequestRules.List(c, "frontend", "fe"); err != nil || len(got) != 10_000 {
			b.Fatal(len(got), err)
		}
	}
}
