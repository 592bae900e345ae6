package haproxycfg

import (
	"bytes"
	"os"
	"testing"
)

// FuzzRoundTrip asserts that parse-then-write is the identity on any bytes, and that
// reading every view, and checking that what it read reads back, never panics.
func FuzzRoundTrip(f *testing.F) {
	for _, in := range roundTripCases {
		f.Add([]byte(in))
	}
	for _, file := range configFiles(f) {
		if data, err := os.ReadFile(file); err == nil {
			f.Add(data)
		}
	}
	f.Fuzz(func(t *testing.T, data []byte) {
		c := Parse(data)
		if got := c.Bytes(); !bytes.Equal(got, data) {
			t.Fatalf("round trip changed %q into %q", data, got)
		}
		for _, fe := range Frontends.List(c) {
			_, _ = Binds.List(c, fe.Name)
			readBackAll(c, ACLs, "frontend", fe.Name)
			readBackAll(c, HTTPRequestRules, "frontend", fe.Name)
			readBackAll(c, BackendSwitchingRules, "frontend", fe.Name)
			readBackAll(c, HTTPResponseRules, "frontend", fe.Name)
			readBackAll(c, HTTPAfterResponseRules, "frontend", fe.Name)
			readBackAll(c, HTTPErrorRules, "frontend", fe.Name)
		}
		for _, be := range Backends.List(c) {
			_, _ = Servers.List(c, be.Name)
			_, _ = ACLs.List(c, "backend", be.Name)
			_, _ = HTTPRequestRules.List(c, "backend", be.Name)
		}
	})
}

// readBackAll runs the read-back check on every item of a list.
func readBackAll[M any](c *Config, v ListView[M], kind, name string) {
	items, _ := v.List(c, kind, name)
	for i := range items {
		_ = readBack(c, &items[i], v.written)
	}
}
