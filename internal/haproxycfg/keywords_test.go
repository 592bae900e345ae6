package haproxycfg

import (
	"errors"
	"reflect"
	"slices"
	"strings"
	"testing"

	"github.com/tfhaproxy/terraform-provider-haproxy/internal/dataplane"
)

// sample sets the tagged fields of m from the from-th on, up to n of them, to
// values their tags allow: the first enum value, or the other one (on == false)
// for switches and enums, so that both spellings of every keyword are written and
// read. An argument a keyword's value carries sets that keyword too. Lines hold
// at most MaxLineWords words, so a model is tried n at a time.
func sample[M any](m *M, on bool, from, n int) {
	sampleFields(m, taggedFields[M](false), on, from, n)
}

// sampleFields is sample for the fields given.
func sampleFields[M any](m *M, fields []taggedField, on bool, from, n int) {
	v := reflect.ValueOf(m).Elem()
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
		if h := f.head; h != nil && v.FieldByIndex(h.index).IsZero() {
			v.FieldByIndex(h.index).SetString(h.enum[0])
		}
		switch f.kind {
		case "switch", "word", "name", "text", "line", "file":
			x.SetString(pick())
		case "flag":
			x.SetBool(on)
		case "files":
			x.Set(reflect.ValueOf([]string{"/a/" + pick(), "/b/" + pick()}))
		case "lines": // one line, of words as spelled
			x.Set(reflect.ValueOf([]string{pick() + "  len 8"}))
		case "idvalue":
			x.Set(reflect.ValueOf(&dataplane.IDValue{ID: "0xE1", Value: pick()}))
		case "int", "time", "seconds", "size":
			n := max(f.lo, 1) + 1000
			if f.kind == "seconds" { // whole seconds, which a bare number says
				n *= 1000
			}
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

// TestEachKeywordEditsOnlyItsWords clears the keywords of full server and bind
// lines one at a time: each edit removes that keyword's words (an argument of a
// keyword's value, only that argument) and leaves the rest as written.
func TestEachKeywordEditsOnlyItsWords(t *testing.T) {
	eachKeywordEditsOnlyItsWords(t, serverKeywords, func(c *Config, s dataplane.Server) error { return Servers.Replace(c, "be", s) },
		dataplane.Server{Name: "s1", Address: "127.0.0.1", Port: ptr[int64](80)}, "backend be\n    server s1 127.0.0.1:80\n")
	eachKeywordEditsOnlyItsWords(t, bindKeywords, func(c *Config, b dataplane.Bind) error { return Binds.Replace(c, "fe", b) },
		dataplane.Bind{Name: "b1", Address: "127.0.0.1", Port: ptr[int64](80)}, "frontend fe\n    bind 127.0.0.1:80 name b1\n")
}

func eachKeywordEditsOnlyItsWords[M any](t *testing.T, ks tagged[M], replace func(*Config, M) error, base M, config string) {
	const n = 20
	for from := 0; from < len(ks.fields); from += n {
		c := Parse([]byte(config))
		full := base
		sample(&full, true, from, n)
		if err := replace(c, full); err != nil {
			t.Fatal(err)
		}
		line := strings.TrimSpace(strings.Split(string(c.Bytes()), "\n")[1])
		for i := from; i < min(from+n, len(ks.fields)); i++ {
			f := ks.fields[i]
			e := c.Clone()
			m := full
			v := reflect.ValueOf(&m).Elem()
			v.FieldByIndex(f.index).SetZero()
			for _, g := range ks.fields { // the arguments its value carries go with it
				if g.head != nil && g.head.member == f.member {
					v.FieldByIndex(g.index).SetZero()
				}
			}
			if err := replace(e, m); err != nil {
				t.Fatal(err)
			}
			got := strings.TrimSpace(strings.Split(string(e.Bytes()), "\n")[1])
			words, left := strings.Join(ks.table[f.row].write(&full), " "), strings.Join(ks.table[f.row].write(&m), " ")
			in, end := " ", ""
			if left != "" {
				in, end = " "+left+" ", " "+left
			}
			if want := strings.Replace(line, " "+words+" ", in, 1); got != want && got != strings.TrimSuffix(line, " "+words)+end {
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

// sectionSettings are the tagged settings of frontends and backends, with the
// view of each, for the tests that walk both.
func sectionCases(t *testing.T) []struct {
	kind   string
	fields []taggedField
	try    func(c *Config, on bool, clear int) (any, func(*Config) any)
} {
	t.Helper()
	return []struct {
		kind   string
		fields []taggedField
		try    func(c *Config, on bool, clear int) (any, func(*Config) any)
	}{
		{"frontend", frontendSettings.fields, func(c *Config, on bool, clear int) (any, func(*Config) any) {
			f := frontend{Name: "fe"}
			sampleFields(&f, frontendSettings.fields, on, 0, len(frontendSettings.fields))
			if clear >= 0 {
				reflect.ValueOf(&f).Elem().FieldByIndex(frontendSettings.fields[clear].index).SetZero()
			}
			if err := Frontends.Replace(c, f); err != nil {
				t.Fatal(err)
			}
			return f, func(c *Config) any { return must[frontend](t)(Frontends.Get(c, "fe")) }
		}},
		{"backend", backendSettings.fields, func(c *Config, on bool, clear int) (any, func(*Config) any) {
			b := backend{Name: "be"}
			sampleFields(&b, backendSettings.fields, on, 0, len(backendSettings.fields))
			if clear >= 0 {
				reflect.ValueOf(&b).Elem().FieldByIndex(backendSettings.fields[clear].index).SetZero()
			}
			if err := Backends.Replace(c, b); err != nil {
				t.Fatal(err)
			}
			return b, func(c *Config) any { return must[backend](t)(Backends.Get(c, "be")) }
		}},
	}
}

// TestEverySettingRoundTrips writes a frontend and a backend with every setting
// their models declare set, both ways, and reads them back equal, from the config
// as edited, from its bytes parsed anew, and from a handwritten section that says
// the same in other spellings (bare numbers, tabs, comments).
func TestEverySettingRoundTrips(t *testing.T) {
	for _, tc := range sectionCases(t) {
		for _, on := range []bool{true, false} {
			c := Parse([]byte("frontend fe\n    bind :80\nbackend be\n    server s0 127.0.0.1:80\n"))
			want, get := tc.try(c, on, -1)
			for _, cfg := range []*Config{c, Parse(c.Bytes())} {
				if got := get(cfg); !reflect.DeepEqual(got, want) {
					t.Errorf("%s on=%v: read back differs: %v\n%s", tc.kind, on, differences(reflect.ValueOf(got), reflect.ValueOf(want)), cfg.Bytes())
				}
			}
			hand := handwritten(t, tc.kind, tc.fields, want)
			if got := get(Parse([]byte(hand))); !reflect.DeepEqual(got, want) {
				t.Errorf("%s on=%v: handwritten section reads differently: %v\n%s", tc.kind, on, differences(reflect.ValueOf(got), reflect.ValueOf(want)), hand)
			}
		}
	}
}

// handwritten writes the section m is, by hand: each setting's line from its
// tag, with times in bare milliseconds (bare seconds for the kind that reads
// them so), tabs between the words and a comment after the line.
func handwritten(t *testing.T, kind string, fields []taggedField, m any) string {
	t.Helper()
	v := reflect.ValueOf(m)
	name := v.FieldByName("Name").String()
	out := kind + " " + name + "\n"
	for _, f := range fields {
		x := v.FieldByIndex(f.index)
		words := strings.Fields(f.keywords[0])
		switch f.kind {
		case "switch":
			if x.String() == dataplane.Disabled {
				words = append([]string{"no"}, words...)
			}
		case "flag":
			if !x.Bool() {
				continue
			}
		case "int":
			words = append(words, formatInt(x.Elem().Int()))
		case "time":
			words = append(words, formatInt(x.Elem().Int()))
		case "seconds":
			ms := x.Elem().Int()
			if ms%1000 != 0 {
				words = append(words, formatInt(ms)+"ms")
			} else {
				words = append(words, formatInt(ms/1000))
			}
		case "list":
			words = append(words, strings.Join(x.Interface().([]string), ","))
		case "lines":
			for _, line := range x.Interface().([]string) {
				out += "\t" + strings.Join(append(words, line), "\t") + "  # by hand\n"
			}
			continue
		default:
			words = append(words, x.String())
		}
		out += "\t" + strings.Join(words, "\t") + "  # by hand\n"
	}
	return out
}

// TestEachSettingEditsOnlyItsLine clears the settings of full sections one at a
// time: each edit removes that setting's line and leaves every other as written.
func TestEachSettingEditsOnlyItsLine(t *testing.T) {
	for _, tc := range sectionCases(t) {
		c := Parse([]byte("frontend fe\n    bind :80\nbackend be\n    server s0 127.0.0.1:80\n"))
		tc.try(c, true, -1)
		full := strings.Split(string(c.Bytes()), "\n")
		for i, f := range tc.fields {
			e := c.Clone()
			tc.try(e, true, i)
			got := strings.Split(string(e.Bytes()), "\n")
			if len(got) != len(full)-1 {
				t.Errorf("%s: clearing %s left %d lines of %d", tc.kind, f.member, len(got), len(full))
				continue
			}
			k := slices.IndexFunc(full, func(l string) bool { return !slices.Contains(got, l) })
			gone := strings.Fields(full[k])
			if gone[0] == "no" {
				gone = gone[1:]
			}
			if !hasPrefix(gone, strings.Fields(f.keywords[0])) {
				t.Errorf("%s: clearing %s removed %q", tc.kind, f.member, full[k])
			}
			if !slices.Equal(slices.Delete(slices.Clone(full), k, k+1), got) {
				t.Errorf("%s: clearing %s changed other lines:\n%s", tc.kind, f.member, e.Bytes())
			}
		}
	}
}

// TestFromOnTheHeader: `from` is written on the section's header, changed and
// removed there, keeping the header's spacing and comment.
func TestFromOnTheHeader(t *testing.T) {
	c := Parse([]byte("defaults a\ndefaults b\nbackend be   # the app\n    balance roundrobin\n"))
	steps := []struct{ from, header string }{
		{"a", "backend be from a   # the app"},
		{"b", "backend be from b   # the app"},
		{"", "backend be   # the app"},
	}
	for _, s := range steps {
		b := must[backend](t)(Backends.Get(c, "be"))
		b.From = s.from
		if err := Backends.Replace(c, b); err != nil {
			t.Fatal(err)
		}
		if got := strings.Split(string(c.Bytes()), "\n")[2]; got != s.header {
			t.Errorf("from %q: header %q, want %q", s.from, got, s.header)
		}
		if got := must[backend](t)(Backends.Get(Parse(c.Bytes()), "be")); !reflect.DeepEqual(got, b) {
			t.Errorf("from %q: read back %+v", s.from, got)
		}
	}
	f := frontend{Name: "fe", ProxyOptions: dataplane.ProxyOptions{From: "a"}}
	if err := Frontends.Create(c, f); err != nil {
		t.Fatal(err)
	}
	if !strings.Contains(string(c.Bytes()), "\nfrontend fe from a\n") {
		t.Errorf("new frontend's header:\n%s", c.Bytes())
	}
	f.From = "bad name"
	var fe *FieldError
	if err := Frontends.Replace(c, f); !errors.As(err, &fe) || fe.Field != "from" {
		t.Errorf("a bad from: %v", err)
	}
}

// TestHashType: hash-type is read from handwritten lines, written back only when
// its meaning changes, and its enums are checked.
func TestHashType(t *testing.T) {
	c := Parse([]byte("backend be\n    hash-type   consistent  # by hand\n    balance uri\n"))
	b := must[backend](t)(Backends.Get(c, "be"))
	if want := (&dataplane.HashType{Method: "consistent"}); !reflect.DeepEqual(b.HashType, want) {
		t.Fatalf("read %+v", b.HashType)
	}
	before := string(c.Bytes())
	if err := Backends.Replace(c, b); err != nil || string(c.Bytes()) != before {
		t.Fatalf("an unchanged hash-type was rewritten (%v):\n%s", err, c.Bytes())
	}
	b.HashType = &dataplane.HashType{Method: "map-based", Function: "crc32", Modifier: "avalanche"}
	if err := Backends.Replace(c, b); err != nil {
		t.Fatal(err)
	}
	if !strings.Contains(string(c.Bytes()), "\n    hash-type   map-based crc32 avalanche  # by hand\n") { // spacing and comment kept
		t.Errorf("written:\n%s", c.Bytes())
	}
	if got := must[backend](t)(Backends.Get(Parse(c.Bytes()), "be")); !reflect.DeepEqual(got.HashType, b.HashType) {
		t.Errorf("read back %+v", got.HashType)
	}
	for field, h := range map[string]*dataplane.HashType{
		"hash_type.method":   {Function: "sdbm"},
		"hash_type.function": {Method: "consistent", Function: "md5"},
		"hash_type.modifier": {Method: "consistent", Modifier: "avalanche"},
	} {
		b.HashType = h
		var fe *FieldError
		if err := Backends.Replace(c, b); !errors.As(err, &fe) || fe.Field != field {
			t.Errorf("%+v: %v, want an error naming %s", h, err, field)
		}
	}
}

// TestNewSettingGoesWithItsKeyword: a new `no option` line goes with the
// section's `option` lines, a new timeout with its timeouts.
func TestNewSettingGoesWithItsKeyword(t *testing.T) {
	c := Parse([]byte("backend be\n    option persist\n    timeout connect 1s\n    balance roundrobin\n    server s 127.0.0.1:80\n"))
	b := must[backend](t)(Backends.Get(c, "be"))
	b.PreferLastServer, b.ServerTimeout = dataplane.Disabled, ptr[int64](5000)
	if err := Backends.Replace(c, b); err != nil {
		t.Fatal(err)
	}
	want := "backend be\n    option persist\n    no option prefer-last-server\n    timeout connect 1s\n    timeout server 5s\n    balance roundrobin\n    server s 127.0.0.1:80\n"
	if got := string(c.Bytes()); got != want {
		t.Errorf("got\n%s\nwant\n%s", got, want)
	}
}
