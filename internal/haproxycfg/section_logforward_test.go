package haproxycfg

import (
	"errors"
	"slices"
	"strings"
	"testing"

	"github.com/tfhaproxy/terraform-provider-haproxy/internal/dataplane"
)

// logForwardCfg has log-forward sections as people write them: spacing,
// comments, quotes, a dgram-bind named by its address and one by `name`,
// keywords the model does not hold.
const logForwardCfg = `global
    log stdout format raw local0

log-forward   syslog   # relay
    dgram-bind 127.0.0.1:1514
    dgram-bind   127.0.0.1:1515-1517   name  udp2 interface "lo"   transparent   # ranged
    bind 127.0.0.1:1516 name tcp1   maxconn 10
    backlog    10
    maxconn 100
    timeout   client  30s
    log 127.0.0.1:514   local0   # upstream
    log global

log-forward other
    dgram-bind unix@/run/log.sock
`

func TestReadLogForward(t *testing.T) {
	c := Parse([]byte(logForwardCfg))
	if string(c.Bytes()) != logForwardCfg {
		t.Fatal("not byte for byte")
	}
	got := asJSON(t, must[dataplane.LogForward](t)(LogForwards.GetFull(c, "syslog")))
	want := `{"name":"syslog","metadata":{"comment":"relay"},"backlog":10,"maxconn":100,"timeout_client":30000,` +
		`"binds":{"tcp1":{"name":"tcp1","address":"127.0.0.1","port":1516,"maxconn":10}},` +
		`"dgram_binds":{"127.0.0.1:1514":{"name":"127.0.0.1:1514","address":"127.0.0.1","port":1514},` +
		`"udp2":{"name":"udp2","metadata":{"comment":"ranged"},"address":"127.0.0.1","port":1515,"port-range-end":1517,"interface":"\"lo\"","transparent":true}},` +
		`"log_target_list":[{"metadata":{"comment":"upstream"},"address":"127.0.0.1:514","facility":"local0"},{"global":true}]}`
	if got != want {
		t.Errorf("full section:\n got %s\nwant %s", got, want)
	}
	if got := asJSON(t, must[[]dataplane.DgramBind](t)(DgramBinds.List(c, "other"))); got != `[{"name":"unix@/run/log.sock","address":"unix@/run/log.sock"}]` {
		t.Errorf("socket dgram bind: %s", got)
	}
	if u := Unowned(c); len(u) != 0 {
		t.Errorf("unowned lines: %v", u)
	}
}

// TestLogForwardWriteBackIsNoChange: the sections, read and written back with
// their children, leave every byte as it was.
func TestLogForwardWriteBackIsNoChange(t *testing.T) {
	c := Parse([]byte(logForwardCfg))
	e := c.Clone()
	for _, name := range []string{"syslog", "other"} {
		if err := LogForwards.ReplaceFull(e, must[dataplane.LogForward](t)(LogForwards.GetFull(c, name))); err != nil {
			t.Fatal(err)
		}
	}
	if got := string(e.Bytes()); got != logForwardCfg {
		t.Errorf("write-back changed the file:\n%s", got)
	}
	if ch := Changed(c, e); len(ch) != 0 {
		t.Errorf("Changed = %v", ch)
	}
}

// TestLogForwardEdits: an edit changes its own words and is tracked as its own
// object; a new dgram-bind with every field is written as HAProxy reads it,
// after its siblings, and reads back equal.
func TestLogForwardEdits(t *testing.T) {
	c := Parse([]byte(logForwardCfg))
	e := c.Clone()
	udp2 := must[dataplane.DgramBind](t)(DgramBinds.Get(c, "syslog", "udp2"))
	udp2.Transparent, udp2.Interface, udp2.PortRangeEnd = false, "eth0", new(int64(1518))
	if err := DgramBinds.Replace(e, "syslog", udp2); err != nil {
		t.Fatal(err)
	}
	all := dataplane.DgramBind{Name: "d3", Address: "::1", Port: new(int64(1600)), PortRangeEnd: new(int64(1601)), Interface: "lo",
		Namespace: "ns1", Transparent: true, Metadata: dataplane.Metadata{"comment": "all"}}
	if err := DgramBinds.Create(e, "syslog", all); err != nil {
		t.Fatal(err)
	}
	if got := must[dataplane.DgramBind](t)(DgramBinds.Get(e, "syslog", "d3")); asJSON(t, got) != asJSON(t, all) {
		t.Errorf("read back %s, want %s", asJSON(t, got), asJSON(t, all))
	}
	lf := must[dataplane.LogForward](t)(LogForwards.Get(c, "syslog"))
	lf.Maxconn, lf.Backlog, lf.DontParseLog = new(int64(200)), nil, true
	if err := LogForwards.Replace(e, lf); err != nil {
		t.Fatal(err)
	}
	want := strings.NewReplacer(
		`    dgram-bind   127.0.0.1:1515-1517   name  udp2 interface "lo"   transparent   # ranged`+"\n",
		"    dgram-bind   127.0.0.1:1515-1518   name  udp2 interface eth0   # ranged\n    dgram-bind ::1:1600-1601 name d3 interface lo namespace ns1 transparent # all\n",
		"    backlog    10\n", "",
		"    maxconn 100\n", "    maxconn 200\n",
		"log-forward   syslog   # relay\n", "log-forward   syslog   # relay\n    option dont-parse-log\n",
	).Replace(logForwardCfg)
	if got := string(e.Bytes()); got != want {
		t.Errorf("edited:\n%s\nwant:\n%s", got, want)
	}
	wantChanged := []string{"log-forward syslog", "log-forward syslog/dgram-bind d3", "log-forward syslog/dgram-bind udp2"}
	if changed := Changed(c, e); !slices.Equal(changed, wantChanged) {
		t.Errorf("Changed = %v, want %v", changed, wantChanged)
	}
	// a new section goes after the last one of its kind, with its children,
	// settings first as in a proxy section (edit.go's rank)
	f := e.Clone()
	if err := LogForwards.CreateFull(f, dataplane.LogForward{Name: "third", TimeoutClient: new(int64(1000)),
		DgramBinds:    map[string]dataplane.DgramBind{"u": {Address: "127.0.0.1", Port: new(int64(1700))}},
		LogTargetList: []dataplane.LogTarget{{Address: "127.0.0.1:514", Facility: "local1"}}}); err != nil {
		t.Fatal(err)
	}
	if got := string(f.Bytes()); !strings.HasSuffix(got, "\nlog-forward third\n    timeout client 1s\n    log 127.0.0.1:514 local1\n    dgram-bind 127.0.0.1:1700 name u\n") {
		t.Errorf("new section:\n%s", got)
	}
}

// TestLogForwardBadValues: each bad value is refused naming its member, and
// changes nothing.
func TestLogForwardBadValues(t *testing.T) {
	expectRefusals(t, logForwardCfg, []refusal{
		{"name", func(e *Config) error { return LogForwards.Create(e, dataplane.LogForward{Name: "bad name"}) }},
		{"maxconn", func(e *Config) error {
			return LogForwards.Create(e, dataplane.LogForward{Name: "x", Maxconn: new(int64(-1))})
		}},
		{"timeout_client", func(e *Config) error {
			return LogForwards.Create(e, dataplane.LogForward{Name: "x", TimeoutClient: new(int64(1 << 40))})
		}},
		{"dgram_binds", func(e *Config) error { // children need full_section
			return LogForwards.Create(e, dataplane.LogForward{Name: "x", DgramBinds: map[string]dataplane.DgramBind{"a": {Address: "127.0.0.1"}}})
		}},
		{"port", func(e *Config) error {
			return DgramBinds.Create(e, "syslog", dataplane.DgramBind{Name: "d", Address: "127.0.0.1", Port: new(int64(70000))})
		}},
		{"port-range-end", func(e *Config) error {
			return DgramBinds.Create(e, "syslog", dataplane.DgramBind{Name: "d", Address: "127.0.0.1", Port: new(int64(1)), PortRangeEnd: new(int64(0))})
		}},
		{"address", func(e *Config) error { return DgramBinds.Create(e, "syslog", dataplane.DgramBind{Name: "d"}) }},
		{"address", func(e *Config) error {
			return DgramBinds.Create(e, "syslog", dataplane.DgramBind{Name: "d", Address: "127.0.0.1\nlog-forward x"})
		}},
		{"interface", func(e *Config) error {
			return DgramBinds.Create(e, "syslog", dataplane.DgramBind{Name: "d", Address: "127.0.0.1", Interface: "lo\x00"})
		}},
		{"name", func(e *Config) error {
			return DgramBinds.Create(e, "syslog", dataplane.DgramBind{Name: "a b", Address: "127.0.0.1"})
		}},
		{"log[0].facility", func(e *Config) error {
			return LogTargets.Insert(e, "log-forward", "syslog", 0, dataplane.LogTarget{Address: "127.0.0.1", Facility: "nope"})
		}},
	})
	// an existing name is refused
	e := Parse([]byte(logForwardCfg))
	if err := DgramBinds.Create(e, "syslog", dataplane.DgramBind{Name: "udp2", Address: "127.0.0.2"}); !errors.Is(err, ErrExists) {
		t.Errorf("a second udp2: %v", err)
	}
}

// TestDgramBindSocketIsAFile: a dgram-bind's UNIX socket path is a file the
// line names, as a bind's is (files.go): HAProxy creates it.
func TestDgramBindSocketIsAFile(t *testing.T) {
	for line, want := range map[string][]string{
		"dgram-bind /run/x.sock\n":                  {"/run/x.sock"},
		"dgram-bind unix@/run/y.sock name y\n":      {"/run/y.sock"},
		"dgram-bind 127.0.0.1:514 interface lo\n":   nil,
		"dgram-bind uxdg@/run/z.sock transparent\n": {"/run/z.sock"},
	} {
		if got := LineFiles(line); !slices.Equal(got, want) {
			t.Errorf("%q: %v, want %v", line, got, want)
		}
	}
	c := Parse([]byte(logForwardCfg))
	c.AllowFiles(func(path string) error {
		if strings.HasPrefix(path, "/var/lib/haproxy/") {
			return nil
		}
		return errors.New("not in /var/lib/haproxy")
	})
	if err := DgramBinds.Create(c, "syslog", dataplane.DgramBind{Name: "s", Address: "/etc/passwd"}); !errors.Is(err, ErrFile) {
		t.Errorf("a socket at /etc/passwd: %v", err)
	}
	if err := DgramBinds.Create(c, "syslog", dataplane.DgramBind{Name: "s", Address: "/var/lib/haproxy/log.sock"}); err != nil {
		t.Errorf("an allowed socket: %v", err)
	}
}
