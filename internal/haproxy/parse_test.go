package haproxy

import (
	"os"
	"reflect"
	"testing"
)

// The testdata files are answers captured from HAProxy 2.6.12.

func readTestdata(t *testing.T, name string) string {
	t.Helper()
	b, err := os.ReadFile("testdata/" + name)
	if err != nil {
		t.Fatal(err)
	}
	return string(b)
}

func TestParseProcs(t *testing.T) {
	tests := []struct {
		file string
		want []Proc
	}{
		{"show_proc_reloading.txt", []Proc{
			{PID: 22439, Role: "master", Reloads: 4, Uptime: "0d00h01m45s", Version: "2.6.12-1+deb12u4"},
			{PID: 25639, Role: "worker", Reloads: 0, Uptime: "0d00h00m01s", Version: "2.6.12-1+deb12u4"},
			{PID: 25599, Role: "worker", Reloads: 1, Uptime: "0d00h00m02s", Version: "2.6.12-1+deb12u4", Old: true},
		}},
		{"show_proc_failed.txt", []Proc{
			{PID: 22439, Role: "master", Reloads: 2, Failed: 1, Uptime: "0d00h01m25s", Version: "2.6.12-1+deb12u4"},
			{PID: 25443, Role: "worker", Reloads: 1, Uptime: "0d00h00m02s", Version: "2.6.12-1+deb12u4"},
		}},
		{"show_proc_program.txt", []Proc{
			{PID: 26761, Role: "master", Reloads: 1, Uptime: "0d00h00m01s", Version: "2.6.12-1+deb12u4"},
			{PID: 26781, Role: "worker", Uptime: "0d00h00m01s", Version: "2.6.12-1+deb12u4"},
			{PID: 26780, Role: "program", Name: "sleeper", Uptime: "0d00h00m01s", Version: "-"},
		}},
	}
	for _, tt := range tests {
		got, err := parseProcs(readTestdata(t, tt.file))
		if err != nil {
			t.Fatalf("%s: %v", tt.file, err)
		}
		if !reflect.DeepEqual(got, tt.want) {
			t.Errorf("%s:\n got %+v\nwant %+v", tt.file, got, tt.want)
		}
	}
	for _, bad := range []string{"", "Unknown command.\n", "#<PID> <type>\n# workers\n123 worker 0 0d00h00m01s 2.6\n"} {
		if _, err := parseProcs(bad); err == nil {
			t.Errorf("parseProcs(%q): no error", bad)
		}
	}
}

func TestParseServersState(t *testing.T) {
	rows, err := parseServersState(readTestdata(t, "show_servers_state.txt"))
	if err != nil {
		t.Fatal(err)
	}
	want := []ServerState{
		{ID: 1, Name: "s1", Address: "127.0.0.1", Port: 21090, AdminState: "ready", OperationalState: "up", Weight: 10,
			ServerDetail: ServerDetail{BackendID: 3, BackendName: "be", InitialWeight: 10, SinceChange: 177, CheckStatus: 1, CheckHealth: 2}},
		{ID: 2, Name: "slow", Address: "127.0.0.1", Port: 21090, AdminState: "ready", OperationalState: "up", Weight: 20,
			ServerDetail: ServerDetail{BackendID: 3, BackendName: "be", InitialWeight: 20, SinceChange: 3, CheckStatus: 1}},
		{ID: 3, Name: "fast", Address: "127.0.0.1", Port: 21096, AdminState: "drain", OperationalState: "up", Weight: 1,
			ServerDetail: ServerDetail{BackendID: 3, BackendName: "be", InitialWeight: 1, SinceChange: 3, CheckStatus: 1}},
	}
	if !reflect.DeepEqual(rows, want) {
		t.Errorf("got  %+v\nwant %+v", rows, want)
	}

	rows, err = parseServersState(readTestdata(t, "show_servers_state_maint.txt"))
	if err != nil {
		t.Fatal(err)
	}
	byName := map[string]ServerState{}
	for _, r := range rows {
		byName[r.Name] = ServerState{ID: r.ID, Name: r.Name, Address: r.Address, Port: r.Port, AdminState: r.AdminState,
			OperationalState: r.OperationalState, Weight: r.Weight} // the states, without the detail
	}
	// r1: in maintenance, check enabled and down; r3: a config server without
	// port; r13: IPv6; r15: a unix socket, which has no address to show.
	for name, want := range map[string]ServerState{
		"r1":  {ID: 1, Name: "r1", Address: "127.0.0.1", Port: 21096, AdminState: "maint", OperationalState: "down", Weight: 1},
		"r3":  {ID: 3, Name: "r3", Address: "127.0.0.2", Port: 0, AdminState: "ready", OperationalState: "up", Weight: 1},
		"r13": {ID: 5, Name: "r13", Address: "::1", Port: 21096, AdminState: "ready", OperationalState: "up", Weight: 1},
		"r15": {ID: 7, Name: "r15", Address: "-", Port: 0, AdminState: "maint", OperationalState: "down", Weight: 1},
	} {
		if got := byName[name]; got != want {
			t.Errorf("%s: got %+v, want %+v", name, got, want)
		}
	}

	if _, err := parseServersState("Can't find backend.\n"); err == nil {
		t.Error("an error answer parsed")
	}
}

func TestParseStat(t *testing.T) {
	stats, err := parseStat(readTestdata(t, "show_stat.txt"), "be")
	if err != nil {
		t.Fatal(err)
	}
	want := map[string]serverStat{"s1": {sessions: 2}, "slow": {sessions: 3}, "fast": {}}
	if !reflect.DeepEqual(stats, want) {
		t.Errorf("got %+v, want %+v", stats, want)
	}
	if stats, _ := parseStat(readTestdata(t, "show_stat.txt"), "other"); len(stats) != 0 {
		t.Errorf("rows of another backend kept: %+v", stats)
	}
}

func TestOperationalAndAdminState(t *testing.T) {
	for flags, want := range map[int64]string{0: "ready", 1: "maint", 5: "maint", 8: "drain", 9: "maint", 0x10: "drain", 0x20: "maint", 0x40: "ready"} {
		if got := adminState(flags); got != want {
			t.Errorf("adminState(%#x) = %s, want %s", flags, got, want)
		}
	}
	for st, want := range map[int64]string{0: "down", 1: "up", 2: "up", 3: "stopping"} {
		if got := operationalState(st); got != want {
			t.Errorf("operationalState(%d) = %s, want %s", st, got, want)
		}
	}
}

func TestAddressHost(t *testing.T) {
	for addr, want := range map[string]string{
		"127.0.0.1:80": "127.0.0.1", "127.0.0.1": "127.0.0.1", "[::1]:80": "::1", "::1": "::1",
		"example.com:443": "example.com", "localhost": "localhost",
		"ipv4@127.0.0.1:80": "127.0.0.1", "ipv6@[::1]:80": "::1", "ipv4@db:5432": "db",
	} {
		if got, ok := addressHost(addr); !ok || got != want {
			t.Errorf("addressHost(%q) = %q, %v; want %q", addr, got, ok, want)
		}
	}
	for _, addr := range []string{"/run/app.sock", "unix@/run/app.sock", "abns@app"} {
		if _, ok := addressHost(addr); ok {
			t.Errorf("addressHost(%q): a host to resolve", addr)
		}
	}
}

func TestOutput(t *testing.T) {
	var o output
	o.Write([]byte("[NOTICE]   (10) : Loading success.\npartial"))
	mark := o.mark()
	o.Write([]byte(" line\n[ALERT]    (10) : config : parsing [h.cfg:15] : unknown keyword 'bogus'\n[ALERT]    (11) : other process\n"))
	got := alertsOf(o.since(mark), 10)
	want := []string{"[ALERT]    (10) : config : parsing [h.cfg:15] : unknown keyword 'bogus'"}
	if !reflect.DeepEqual(got, want) {
		t.Errorf("got %q, want %q", got, want)
	}
	if lines := o.since(mark); len(lines) != 3 || lines[0] != "partial line" {
		t.Errorf("since(mark) = %q", lines)
	}
	for i := 0; i < outputLines+10; i++ {
		o.Write([]byte("x\n"))
	}
	if n := len(o.since(0)); n != outputLines {
		t.Errorf("kept %d lines, want %d", n, outputLines)
	}
	var none *output
	if none.mark() != 0 || none.since(0) != nil {
		t.Error("a nil output is not empty")
	}
}
