package haproxycfg

import (
	"reflect"
	"slices"
	"strings"
	"testing"

	"github.com/tfhaproxy/terraform-provider-haproxy/internal/dataplane"
)

// sample sets the tagged fields of m from the from-th on, up to n of them, to
// values their tags allow: the first enum value, or the other one (on == false)
// for switches and enums, so that both spellings of every keyword are written and
// read. Lines hold at most MaxLineWords words, so a model is tried n at a time.
func sample[M any](m *M, on bool, from, n int) {
	v := reflect.ValueOf(m).Elem()
	fields := taggedFields[M](false)
	for _, f := range fields[min(from, len(fields)):min(from+n, len(fields))] {
		x := v.FieldByIndex(f.index)
		pick := func() string {
			if f.enum == nil {
				return strings.ReplaceAll(f.member, "_", "-") + "-v"
			}
			if !on && len(f.enum) > 1 {
				return f.enum[1]
			}
			return f.enum[0]
		}
		switch f.kind {
		case "switch", "word", "text", "file":
			x.SetString(pick())
		case "flag":
			x.SetBool(on)
		case "int", "time":
			n := max(f.lo, 1) + 1000
			if f.ranged {
				n = min(n, f.hi)
			}
			x.Set(reflect.ValueOf(&n))
		case "list":
			x.Set(reflect.ValueOf(f.enum[:2]))
		}
	}
}

// TestEveryKeywordRoundTrips writes a server, a default-server and a bind with
// every keyword their models declare set, both ways, and reads them back equal,
// from the config as edited and from its bytes parsed anew.
func TestEveryKeywordRoundTrips(t *testing.T) {
	const n = 20
	for from, on := 0, true; from < len(serverKeywords.fields) || from < len(bindKeywords.fields); from, on = from+n/2, !on {
		c := Parse([]byte("frontend fe\n    bind :80\nbackend be\n    server s0 127.0.0.1:80\n"))

		s := dataplane.Server{Name: "s1", Address: "127.0.0.1", Port: ptr[int64](8080)}
		sample(&s, on, from, n)
		if err := Servers.Create(c, "be", s); err != nil {
			t.Fatal(err)
		}
		b := dataplane.Bind{Name: "b1", Address: "127.0.0.1", Port: ptr[int64](8443)}
		sample(&b, on, from, n)
		if err := Binds.Create(c, "fe", b); err != nil {
			t.Fatal(err)
		}
		be := must[backend](t)(Backends.Get(c, "be"))
		be.DefaultServer = &dataplane.ServerParams{}
		sample(be.DefaultServer, on, from, n)
		if err := Backends.Replace(c, be); err != nil {
			t.Fatal(err)
		}

		for _, cfg := range []*Config{c, Parse(c.Bytes())} {
			if got := must[dataplane.Server](t)(Servers.Get(cfg, "be", "s1")); !reflect.DeepEqual(got, s) {
				t.Errorf("on=%v: server read back differs: %v\n%s", on, differences(reflect.ValueOf(got), reflect.ValueOf(s)), cfg.Bytes())
			}
			if got := must[dataplane.Bind](t)(Binds.Get(cfg, "fe", "b1")); !reflect.DeepEqual(got, b) {
				t.Errorf("on=%v: bind read back differs: %v\n%s", on, differences(reflect.ValueOf(got), reflect.ValueOf(b)), cfg.Bytes())
			}
			if got := must[backend](t)(Backends.Get(cfg, "be")); !reflect.DeepEqual(got.DefaultServer, be.DefaultServer) {
				t.Errorf("on=%v: default-server read back differs: %v", on, differences(reflect.ValueOf(*got.DefaultServer), reflect.ValueOf(*be.DefaultServer)))
			}
		}
	}
}

// TestEachKeywordEditsOnlyItsWords clears the keywords of full server lines one
// at a time: each edit removes that keyword's words and leaves the rest as written.
func TestEachKeywordEditsOnlyItsWords(t *testing.T) {
	const n = 20
	for from := 0; from < len(serverKeywords.fields); from += n {
		c := Parse([]byte("backend be\n    server s0 127.0.0.1:80\n"))
		full := dataplane.Server{Name: "s1", Address: "127.0.0.1", Port: ptr[int64](80)}
		sample(&full, true, from, n)
		if err := Servers.Create(c, "be", full); err != nil {
			t.Fatal(err)
		}
		line := strings.TrimSpace(strings.Split(string(c.Bytes()), "\n")[2])
		for i := from; i < min(from+n, len(serverKeywords.fields)); i++ {
			f := serverKeywords.fields[i]
			e := c.Clone()
			s := full
			reflect.ValueOf(&s).Elem().FieldByIndex(f.index).SetZero()
			if err := Servers.Replace(e, "be", s); err != nil {
				t.Fatal(err)
			}
			got := strings.TrimSpace(strings.Split(string(e.Bytes()), "\n")[2])
			words := strings.Join(serverKeywords.table[i].write(&full), " ")
			if want := strings.Replace(line, " "+words+" ", " ", 1); got != want && got != strings.TrimSuffix(line, " "+words) {
				t.Errorf("clearing %s:\n got %s\nwant %s", f.member, got, want)
			}
		}
	}
}

// TestDynamicServer: switches set to disabled are left out of a runtime add;
// a value that reads "disabled" stays.
func TestDynamicServer(t *testing.T) {
	s := dataplane.Server{Name: "s", Address: "127.0.0.1", Port: ptr[int64](80), ServerParams: dataplane.ServerParams{
		Check: dataplane.Disabled, Maintenance: dataplane.Disabled, SSL: dataplane.Enabled, Cookie: dataplane.Disabled, SNI: dataplane.Disabled}}
	got := must2(DynamicServerWords(s, nil))
	want := s
	want.Check, want.Maintenance = "", ""
	if w := must2(ServerWords(want, nil)); !slices.Equal(got, w) {
		t.Fatalf("got %q\nwant %q", got, w)
	}
}
