package haproxycfg

import (
	"errors"
	"reflect"
	"slices"
	"strings"
	"testing"

	"github.com/tfhaproxy/terraform-provider-haproxy/internal/dataplane"
)

// fullGlobal is a global model with every field set: the tagged ones from
// their tags (a value of their kind, in their enum and range), the lists and
// objects of custom lines by hand.
func fullGlobal() dataplane.Global {
	var g dataplane.Global
	fillTagged(reflect.ValueOf(&g).Elem())
	g.CPUAffinity = &dataplane.CPUAffinity{Affinity: "per-core", Argument: "loose"}
	g.CPUMaps = []dataplane.CPUMap{{Process: "1/all", CPUSet: "0-3"}, {Process: "2", CPUSet: "4 5"}}
	g.CPUSet = []dataplane.CPUSet{{Directive: "reset"}, {Directive: "only-node", Set: "0"}}
	g.DefaultPath = &dataplane.DefaultPath{Type: "origin", Path: "/etc/haproxy"}
	g.H1CaseAdjust = []dataplane.H1CaseAdjust{{From: "content-length", To: "Content-Length"}}
	g.HTTPErrCodes = []dataplane.HTTPCodes{{Value: "400-499 -404"}}
	g.HTTPFailCodes = []dataplane.HTTPCodes{{Value: "+500"}}
	g.LogSendHostname = &dataplane.LogSendHostname{Enabled: "enabled", Param: "lb1"}
	g.RuntimeAPIs = []dataplane.RuntimeAPI{{Name: "admin", Bind: dataplane.Bind{Address: "/run/haproxy/admin.sock"}}}
	g.RuntimeAPIs[0].Level = "admin"
	g.RuntimeAPIs[0].ExposeFdListeners = true
	g.SetVar = []dataplane.GlobalSetVar{{Name: "proc.a", Expr: "int(1)"}}
	g.SetVarFmt = []dataplane.GlobalSetVarFmt{{Name: "proc.b", Format: `"%[env(HOST)]"`}}
	g.ThreadGroupLines = []dataplane.ThreadGroup{{Group: "1", NumOrRange: "1-2"}}
	g.LuaOptions.Loads = []dataplane.LuaLoad{{File: "/etc/haproxy/a.lua"}, {File: "/etc/haproxy/b.lua"}}
	g.LuaOptions.PrependPath = []dataplane.LuaPrependPath{{Path: "/usr/share/lua/?.lua"}, {Path: "/usr/lib/lua/?.so", Type: "cpath"}}
	g.EnvironmentOptions.Presetenv = []dataplane.EnvVar{{Name: "A", Value: "1"}}
	g.EnvironmentOptions.Setenv = []dataplane.EnvVar{{Name: "B", Value: `"two words"`}}
	g.SSLOptions.Engines = []dataplane.SSLEngine{{Name: "rdrand"}, {Name: "qat", Algorithms: "RSA,DSA"}}
	g.OcspUpdateOptions.Httpproxy = &dataplane.OcspHttpproxy{Address: "10.0.0.1", Port: ptr[int64](3128)}
	g.Metadata = dataplane.Metadata{"comment": "managed"}
	return g
}

// fillTagged sets every tagged field of v, and of the objects it points to,
// to a value of its kind.
func fillTagged(v reflect.Value) {
	for i := 0; i < v.NumField(); i++ {
		f, fv := v.Type().Field(i), v.Field(i)
		if fv.Kind() == reflect.Pointer && fv.Type().Elem().Kind() == reflect.Struct && f.Tag.Get("hap") == "" {
			elem := fv.Type().Elem()
			if _, custom := map[string]bool{"CPUAffinity": true, "DefaultPath": true, "LogSendHostname": true, "OcspHttpproxy": true}[elem.Name()]; custom {
				continue
			}
			fv.Set(reflect.New(elem))
			fillTagged(fv.Elem())
			continue
		}
		tag := f.Tag.Get("hap")
		if tag == "" {
			continue
		}
		_, kind, _ := strings.Cut(tag, ",")
		enum := strings.Split(f.Tag.Get("enum"), "|")
		lo, hi := int64(1), int64(1<<31)
		if r := f.Tag.Get("range"); r != "" {
			a, b, _ := strings.Cut(r, ",")
			lo, _ = parseInt(a)
			hi, _ = parseInt(b)
		}
		n := max(lo, min(hi, 2))
		switch kind {
		case "flag":
			fv.SetBool(true)
		case "switch":
			fv.SetString("enabled")
		case "onoff", "word":
			switch {
			case enum[0] != "":
				fv.SetString(enum[len(enum)-1])
			case kind == "onoff":
				fv.SetString("enabled")
			default:
				fv.SetString("w1")
			}
		case "name":
			fv.SetString("n1")
		case "text":
			fv.SetString("t1")
		case "line":
			fv.SetString("a b")
		case "file":
			fv.SetString("/etc/haproxy/" + strings.ToLower(f.Name))
		case "int":
			fv.Set(reflect.ValueOf(&n))
		case "time", "seconds":
			ms := max(n, 2) * 1000
			if ms > hi { // idletimer's range is in ms
				ms = hi
			}
			fv.Set(reflect.ValueOf(&ms))
		case "bytes":
			b := int64(16384)
			fv.Set(reflect.ValueOf(&b))
		case "list":
			fv.Set(reflect.ValueOf(slices.Clone(enum)))
		default:
			panic("no sample for kind " + kind)
		}
	}
}

func TestGlobalEveryFieldRoundTrips(t *testing.T) {
	want := fullGlobal()
	c := Parse([]byte("# top\n\ndefaults\n    mode http\n"))
	if err := GlobalView.Replace(c, want); err != nil {
		t.Fatal(err)
	}
	if !strings.HasPrefix(string(c.Bytes()), "# top\n\nglobal # ") {
		t.Errorf("the new global section is not first:\n%s", c.Bytes())
	}
	if got := GlobalView.Get(c); asJSON(t, got) != asJSON(t, want) {
		t.Errorf("read back:\n got %s\nwant %s", asJSON(t, got), asJSON(t, want))
	}
	written := c.Bytes()
	again := Parse(written)
	if got := GlobalView.Get(again); asJSON(t, got) != asJSON(t, want) {
		t.Errorf("re-parsed:\n got %s\nwant %s", asJSON(t, got), asJSON(t, want))
	}
	if err := GlobalView.Replace(again, want); err != nil {
		t.Fatal(err)
	}
	if string(again.Bytes()) != string(written) {
		t.Errorf("the same model rewrote the file:\n%s", again.Bytes())
	}
	// Every leaf is set: nothing of the model is left out of the sample (an
	// optional word of a list's first item is set on the second; a runtime
	// API's bind params are the bind's, tested there).
	set := map[string]bool{}
	for _, l := range leaves(reflect.ValueOf(&want), "", nil) {
		set[l.path] = !l.unset()
	}
	for path, ok := range set {
		if !ok && !set[strings.Replace(path, "[0]", "[1]", 1)] && !strings.HasPrefix(path, "runtime_apis[0].") {
			t.Errorf("the sample leaves %s unset", path)
		}
	}
	// Removing everything leaves an empty section and the rest as it was.
	if err := GlobalView.Replace(again, dataplane.Global{Metadata: want.Metadata}); err != nil {
		t.Fatal(err)
	}
	header := strings.SplitAfter(string(written), "\n")[2] // "global # {...}\n"
	if got := string(again.Bytes()); got != "# top\n\n"+header+"\ndefaults\n    mode http\n" {
		t.Errorf("after removing every field:\n%s", got)
	}
}

const handwrittenGlobal = `global
	log /dev/log local0
	chroot /var/lib/haproxy
	stats socket /run/haproxy/admin.sock mode 660 level admin expose-fd listeners
	stats timeout 30s
	user haproxy
	group haproxy
	daemon
	maxconn    4096   # the box has 8 GB
	tune.bufsize 32k
	tune.ssl.default-dh-param 2048
	ssl-default-bind-ciphers ECDHE-ECDSA-AES128-GCM-SHA256:ECDHE-RSA-AES128-GCM-SHA256
	ssl-default-bind-options no-sslv3 no-tlsv10   no-tlsv11
	tune.idle-pool.shared off
	stats socket ipv4@127.0.0.1:9999 level admin some-future-keyword 1
	lua-load /etc/haproxy/a.lua
	nbthread 4

defaults
	mode http
`

func TestGlobalHandwritten(t *testing.T) {
	c := Parse([]byte(handwrittenGlobal))
	g := GlobalView.Get(c)
	want := `{"chroot":"/var/lib/haproxy","daemon":true,"group":"haproxy","nbthread":4,"stats_timeout":30000,"user":"haproxy",` +
		`"runtime_apis":[{"address":"/run/haproxy/admin.sock","level":"admin","mode":"660","expose_fd_listeners":true}],` +
		`"lua_options":{"loads":[{"file":"/etc/haproxy/a.lua"}]},"performance_options":{"maxconn":4096},` +
		`"ssl_options":{"default_bind_ciphers":"ECDHE-ECDSA-AES128-GCM-SHA256:ECDHE-RSA-AES128-GCM-SHA256","default_bind_options":"no-sslv3 no-tlsv10   no-tlsv11"},` +
		`"tune_buffer_options":{"bufsize":32768},"tune_options":{"idle_pool_shared":"disabled"},"tune_ssl_options":{"default_dh_param":2048}}`
	if got := asJSON(t, g); got != want {
		t.Fatalf("read:\n got %s\nwant %s", got, want)
	}
	// The same model changes nothing; one field changes its line only.
	if err := GlobalView.Replace(c, g); err != nil {
		t.Fatal(err)
	}
	if string(c.Bytes()) != handwrittenGlobal {
		t.Fatalf("the same model rewrote:\n%s", c.Bytes())
	}
	*g.PerformanceOptions.Maxconn = 8192
	g.TuneOptions = nil
	if err := GlobalView.Replace(c, g); err != nil {
		t.Fatal(err)
	}
	wantFile := strings.Replace(handwrittenGlobal, "maxconn    4096   # the box", "maxconn    8192   # the box", 1)
	wantFile = strings.Replace(wantFile, "\ttune.idle-pool.shared off\n", "", 1)
	if string(c.Bytes()) != wantFile {
		t.Fatalf("edit:\n%s", c.Bytes())
	}
}

func TestGlobalRefusals(t *testing.T) {
	for _, tc := range []struct {
		name, field string
		g           dataplane.Global
	}{
		{"a newline", "chroot", dataplane.Global{Chroot: "/a\nb"}},
		{"an onoff out of its enum", "tune_options.idle_pool_shared", dataplane.Global{TuneOptions: &dataplane.TuneOptions{IdlePoolShared: "auto"}}},
		{"a range", "tune_zlib_options.memlevel", dataplane.Global{TuneZlibOptions: &dataplane.TuneZlibOptions{Memlevel: ptr[int64](10)}}},
		{"a blank in a word", "user", dataplane.Global{User: "a b"}},
		{"a cpu-map process of two words", "cpu_maps[0].process", dataplane.Global{CPUMaps: []dataplane.CPUMap{{Process: "1 2", CPUSet: "0"}}}},
		{"a runtime API without address", "runtime_apis[0].address", dataplane.Global{RuntimeAPIs: []dataplane.RuntimeAPI{{}}}},
		{"a runtime API with a port", "runtime_apis[0]", dataplane.Global{RuntimeAPIs: []dataplane.RuntimeAPI{{Bind: dataplane.Bind{Address: "/a", Port: ptr[int64](1)}}}}},
	} {
		t.Run(tc.name, func(t *testing.T) {
			c := Parse([]byte(handwrittenGlobal))
			err := GlobalView.Replace(c, tc.g)
			var fe *FieldError
			if !errors.As(err, &fe) || fe.Field != tc.field {
				t.Fatalf("got %v, want an error about %s", err, tc.field)
			}
			if string(c.Bytes()) != handwrittenGlobal {
				t.Fatal("the refused write changed the config")
			}
		})
	}
}

func TestGlobalSeveralSections(t *testing.T) {
	cfg := "global\n    maxconn 10\nglobal\n    maxconn 20\n    nbthread 2\n"
	c := Parse([]byte(cfg))
	if got := asJSON(t, GlobalView.Get(c)); got != `{"nbthread":2,"performance_options":{"maxconn":20}}` {
		t.Errorf("read: %s", got)
	}
	if err := GlobalView.Replace(c, dataplane.Global{}); !errors.Is(err, ErrInvalid) || !strings.Contains(err.Error(), "2 global sections") {
		t.Errorf("write: %v", err)
	}
}

func TestGlobalDirectives(t *testing.T) {
	var g dataplane.Global
	lines := []string{"maxconn 100", "tune.ssl.default-dh-param 2048", "lua-load /etc/haproxy/x.lua", "stats socket /run/a.sock level admin"}
	if err := GlobalView.ParseDirectives(lines, &g); err != nil {
		t.Fatal(err)
	}
	var got []string
	for _, d := range GlobalView.Directives(&g) {
		if d != "" {
			got = append(got, d)
		}
	}
	slices.Sort(got)
	want := slices.Sorted(slices.Values(lines))
	if !slices.Equal(got, want) {
		t.Errorf("directives: %q, want %q", got, want)
	}
	for _, bad := range []string{"log /dev/log local0", "stats socket /run/a.sock some-future-keyword 1", "maxconn"} {
		if err := GlobalView.ParseDirectives([]string{bad}, &g); err == nil {
			t.Errorf("%q was read", bad)
		}
	}
}
