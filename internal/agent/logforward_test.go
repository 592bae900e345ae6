package agent

import (
	"errors"
	"fmt"
	"net"
	"strings"
	"testing"
	"time"
)

// freeUDPPort is a UDP port nothing listens on, for a dgram-bind.
func freeUDPPort(t *testing.T) int {
	t.Helper()
	c, err := net.ListenPacket("udp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	defer c.Close()
	return c.LocalAddr().(*net.UDPAddr).Port
}

// syslogSink listens for the messages a log target sends.
func syslogSink(t *testing.T) (*net.UDPConn, int) {
	t.Helper()
	c, err := net.ListenUDP("udp", &net.UDPAddr{IP: net.IPv4(127, 0, 0, 1)})
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { c.Close() })
	return c, c.LocalAddr().(*net.UDPAddr).Port
}

// forwarded sends a syslog message to port until sink receives one that
// holds it, and fails if none comes. The message is sent again while none
// has come: UDP may drop it, and the worker that binds port may still be
// starting after its reload.
func forwarded(t *testing.T, port int, sink *net.UDPConn, text string) {
	t.Helper()
	out, err := net.Dial("udp", fmt.Sprintf("127.0.0.1:%d", port))
	if err != nil {
		t.Fatal(err)
	}
	defer out.Close()
	buf := make([]byte, 4096)
	for range 60 {
		if _, err := fmt.Fprintf(out, "<134>Dec  1 20:00:00 host app: %s", text); err != nil {
			t.Fatal(err)
		}
		sink.SetReadDeadline(time.Now().Add(time.Second)) // a bound on one attempt, not on the test
		n, _, err := sink.ReadFrom(buf)
		var timeout net.Error
		switch {
		case err == nil && strings.Contains(string(buf[:n]), text):
			return
		case err != nil && !(errors.As(err, &timeout) && timeout.Timeout()):
			t.Fatal(err)
		}
	}
	t.Fatalf("no message %q came out of the log-forward section", text)
}

// TestLogForwardAgainstHAProxy: a log-forward section and its children
// through the official v3 paths against a real HAProxy: created, read back
// equal, written as HAProxy reads it (it reloads, and forwards a message from
// its dgram-bind to its log target), replaced, deleted; bad input is refused
// and nothing is written.
func TestLogForwardAgainstHAProxy(t *testing.T) {
	ports := freePorts(t, 3)
	ta := startAgent(t, baseConfig(ports[0]))
	sink, sinkPort := syslogSink(t)
	udp := freeUDPPort(t)
	base := cfgPath + "/log_forwards"
	hasLines := func(lines ...string) {
		t.Helper()
		file := ta.file()
		for _, l := range lines {
			if !strings.Contains(file, l) {
				t.Errorf("the file has no line %q:\n%s", l, file)
			}
		}
	}

	// The section, with every field HAProxy 2.6 knows.
	section := map[string]any{"name": "lf", "backlog": 10, "maxconn": 20, "timeout_client": 5000, "metadata": map[string]any{"team": "ops"}}
	ta.send(t, "POST", base, section)
	assertSame(t, ta.do("GET", base+"/lf", nil).expect(t, 200).body, section)
	var list []map[string]any
	ta.do("GET", base, nil).expect(t, 200).json(t, &list)
	if len(list) != 1 {
		t.Errorf("list: %v", list)
	}
	hasLines("log-forward lf # {\"team\":\"ops\"}\n", "    backlog 10\n", "    maxconn 20\n", "    timeout client 5s\n")

	// Its children: a dgram-bind, a log target, a bind.
	dgram := map[string]any{"name": "udp", "address": "127.0.0.1", "port": udp, "metadata": map[string]any{"comment": "syslog in"}}
	ta.send(t, "POST", base+"/lf/dgram_binds", dgram)
	assertSame(t, ta.do("GET", base+"/lf/dgram_binds/udp", nil).expect(t, 200).body, dgram)
	target := map[string]any{"address": fmt.Sprintf("127.0.0.1:%d", sinkPort), "facility": "local0"}
	ta.send(t, "PUT", base+"/lf/log_targets", []any{target})
	assertSame(t, ta.do("GET", base+"/lf/log_targets/0", nil).expect(t, 200).body, target)
	hasLines(fmt.Sprintf("    dgram-bind 127.0.0.1:%d name udp # syslog in\n", udp), fmt.Sprintf("    log 127.0.0.1:%d local0\n", sinkPort))
	forwarded(t, udp, sink, "hello-log-forward")

	bind := map[string]any{"name": "tcp", "address": "127.0.0.1", "port": ports[1]}
	ta.send(t, "POST", base+"/lf/binds", bind)
	assertSame(t, ta.do("GET", base+"/lf/binds/tcp", nil).expect(t, 200).body, bind)
	bind["maxconn"] = 5
	ta.send(t, "PUT", base+"/lf/binds/tcp", bind)
	assertSame(t, ta.do("GET", base+"/lf/binds/tcp", nil).expect(t, 200).body, bind)
	hasLines(fmt.Sprintf("    bind 127.0.0.1:%d name tcp maxconn 5\n", ports[1]))
	ta.send(t, "POST", base+"/lf/log_targets/1", map[string]any{"global": true})

	// With full_section, the section answers its children, keyed by name.
	var full map[string]any
	ta.do("GET", base+"/lf?full_section=true", nil).expect(t, 200).json(t, &full)
	sameJSON(t, "full section", full, map[string]any{"name": "lf", "backlog": 10, "maxconn": 20, "timeout_client": 5000,
		"metadata":        map[string]any{"team": "ops"},
		"binds":           map[string]any{"tcp": bind},
		"dgram_binds":     map[string]any{"udp": dgram},
		"log_target_list": []any{target, map[string]any{"global": true}}})

	// A replaced dgram-bind moves; a deleted bind is gone; the log target list shrinks.
	udp2 := freeUDPPort(t)
	dgram["port"] = udp2
	ta.send(t, "PUT", base+"/lf/dgram_binds/udp", dgram)
	hasLines(fmt.Sprintf("    dgram-bind 127.0.0.1:%d name udp # syslog in\n", udp2))
	forwarded(t, udp2, sink, "moved-log-forward")
	ta.send(t, "DELETE", base+"/lf/binds/tcp", nil)
	ta.do("GET", base+"/lf/binds/tcp", nil).expect(t, 404)
	ta.send(t, "DELETE", base+"/lf/log_targets/1", nil)
	ta.do("GET", base+"/lf/log_targets/1", nil).expect(t, 404)

	// The section replaced: its settings change, its children stay, and
	// without metadata its header keeps its comment.
	ta.send(t, "PUT", base+"/lf", map[string]any{"name": "lf", "maxconn": 30})
	assertSame(t, ta.do("GET", base+"/lf", nil).expect(t, 200).body, map[string]any{"name": "lf", "maxconn": 30, "metadata": map[string]any{"team": "ops"}})
	if file := ta.file(); strings.Contains(file, "backlog") || !strings.Contains(file, "    maxconn 30\n") || !strings.Contains(file, "dgram-bind") {
		t.Errorf("replaced section:\n%s", file)
	}

	// The fields HAProxy 2.6 cannot run here pass its check (dry_run:
	// haproxy -c, nothing written).
	before := ta.file()
	all := map[string]any{"name": "all", "address": "127.0.0.1", "port": 1600, "port-range-end": 1601, "interface": "lo", "transparent": true}
	ta.do("POST", fmt.Sprintf("%s/lf/dgram_binds?version=%d&dry_run=true", base, ta.version()), all).expect(t, 200)
	if ta.file() != before {
		t.Error("a dry run changed the file")
	}

	// Bad input is refused naming its member, and nothing is written; the
	// fields HAProxy 2.6 does not know are refused with its own message.
	for _, bad := range []struct {
		method, path string
		body         any
		status       int
		says         string
	}{
		{"POST", base, map[string]any{"name": "bad name"}, 400, "name"},
		{"POST", base, map[string]any{"name": "lf2", "timeout_client": -1}, 400, "timeout_client"},
		{"POST", base, map[string]any{"name": "lf2", "maxconn": "many"}, 422, "maxconn"},
		{"POST", base, map[string]any{"name": "lf", "maxconn": 1}, 409, "exists"},
		{"POST", base, map[string]any{"name": "lf2", "dont-parse-log": true}, 400, "[ALERT]"},
		{"POST", base, map[string]any{"name": "lf2", "assume-rfc6587-ntf": true}, 400, "[ALERT]"},
		{"POST", base, map[string]any{"name": "lf2", "dgram_binds": map[string]any{"d": map[string]any{"address": "127.0.0.1", "port": 1700}}}, 422, "dgram_binds"},
		{"POST", base + "/lf/dgram_binds", map[string]any{"name": "d", "address": "127.0.0.1", "port": 70000}, 400, "port"},
		{"POST", base + "/lf/dgram_binds", map[string]any{"name": "d", "address": "127.0.0.1\n    maxconn 1", "port": 1700}, 400, "address"},
		{"POST", base + "/lf/dgram_binds", map[string]any{"name": "d", "address": "127.0.0.1", "port": 1700, "namespace": "no-such-ns"}, 400, "[ALERT]"},
		{"POST", base + "/lf/dgram_binds", map[string]any{"name": "d"}, 400, "address"},
		{"POST", base + "/nope/dgram_binds", map[string]any{"name": "d", "address": "127.0.0.1", "port": 1700}, 400, "log-forward nope does not exist"},
		{"PUT", base + "/lf/dgram_binds/udp", map[string]any{"name": "other", "address": "127.0.0.1", "port": 1700}, 400, "other"},
		{"PUT", base + "/lf/log_targets", []any{map[string]any{"address": "127.0.0.1", "facility": "nope"}}, 400, "facility"},
		{"POST", base + "/lf/binds", map[string]any{"name": "b", "address": "127.0.0.1", "port": 1700, "verify": "maybe"}, 400, "verify"},
	} {
		sep := "?"
		if strings.Contains(bad.path, "?") {
			sep = "&"
		}
		r := ta.do(bad.method, fmt.Sprintf("%s%sversion=%d", bad.path, sep, ta.version()), bad.body)
		if r.status != bad.status || !strings.Contains(string(r.body), bad.says) {
			t.Errorf("%s %s %v: %d %s, want %d naming %s", bad.method, bad.path, bad.body, r.status, r.body, bad.status, bad.says)
		}
	}
	if ta.file() != before {
		t.Errorf("a refused write changed the file:\n%s", ta.file())
	}

	// As the official server decodes: null is unset, an unknown member is
	// ignored. A section is created with its children in one write with
	// full_section.
	ta.send(t, "POST", base+"?full_section=true", map[string]any{"name": "lf2", "maxconn": nil, "no_such_member": 1,
		"dgram_binds":     map[string]any{"d": map[string]any{"address": "127.0.0.1", "port": freeUDPPort(t)}},
		"log_target_list": []any{map[string]any{"global": true}}})
	var lf2 map[string]any
	ta.do("GET", base+"/lf2?full_section=true", nil).expect(t, 200).json(t, &lf2)
	if lf2["maxconn"] != nil || lf2["no_such_member"] != nil || lf2["dgram_binds"].(map[string]any)["d"] == nil || len(lf2["log_target_list"].([]any)) != 1 {
		t.Errorf("lf2: %v", lf2)
	}

	// Deleted, the sections leave nothing behind.
	for _, name := range []string{"lf", "lf2"} {
		ta.send(t, "DELETE", base+"/"+name, nil)
		ta.do("GET", base+"/"+name, nil).expect(t, 404)
		ta.do("GET", base+"/"+name+"/dgram_binds", nil).expect(t, 200) // [] as the official server answers a missing parent's list
	}
	if strings.Contains(ta.file(), "log-forward") || strings.Contains(ta.file(), "dgram-bind") {
		t.Errorf("the deleted sections stay:\n%s", ta.file())
	}
	ta.haproxyCheck(t)
}

// handwrittenLogForward is a log-forward section as people write it:
// spacing, comments, a dgram-bind named by its address, quotes.
func handwrittenLogForward(udp, tcp, sink int) string {
	return fmt.Sprintf(`
# syslog relay
log-forward   relay   # from the edge
    dgram-bind   127.0.0.1:%d
    bind 127.0.0.1:%d   name  tcp1   maxconn 10   # stream syslog
    timeout   client  30s
    log 127.0.0.1:%d   local0   info   # to the collector
    log global
`, udp, tcp, sink)
}

// TestLogForwardHandwritten: a handwritten log-forward section reads as its
// model, is written back through the API without a byte changed, and an edit
// changes only the words it is about.
func TestLogForwardHandwritten(t *testing.T) {
	ports := freePorts(t, 2)
	sink, sinkPort := syslogSink(t)
	udp := freeUDPPort(t)
	ta := startAgent(t, baseConfig(ports[0])+handwrittenLogForward(udp, ports[1], sinkPort))
	original := ta.file()
	addr := fmt.Sprintf("127.0.0.1:%d", udp)
	want := map[string]any{"name": "relay", "metadata": map[string]any{"comment": "from the edge"}, "timeout_client": 30000,
		"dgram_binds": map[string]any{addr: map[string]any{"name": addr, "address": "127.0.0.1", "port": udp}},
		"binds": map[string]any{"tcp1": map[string]any{"name": "tcp1", "address": "127.0.0.1", "port": ports[1], "maxconn": 10,
			"metadata": map[string]any{"comment": "stream syslog"}}},
		"log_target_list": []any{
			map[string]any{"address": fmt.Sprintf("127.0.0.1:%d", sinkPort), "facility": "local0", "level": "info",
				"metadata": map[string]any{"comment": "to the collector"}},
			map[string]any{"global": true}}}
	var full map[string]any
	ta.do("GET", cfgPath+"/log_forwards/relay?full_section=true", nil).expect(t, 200).json(t, &full)
	sameJSON(t, "handwritten section", full, want)
	forwarded(t, udp, sink, "handwritten-relay")

	// What was read, written back, changes nothing.
	ta.send(t, "PUT", cfgPath+"/log_forwards/relay?full_section=true", full)
	ta.send(t, "PUT", cfgPath+"/log_forwards/relay/dgram_binds/"+addr, want["dgram_binds"].(map[string]any)[addr])
	if got := ta.file(); got != original {
		t.Errorf("write-back changed the file:\n got %s\nwant %s", got, original)
	}

	// Edits touch their own words only.
	ta.send(t, "PUT", cfgPath+"/log_forwards/relay/binds/tcp1", map[string]any{"name": "tcp1", "address": "127.0.0.1", "port": ports[1], "maxconn": 20})
	ta.send(t, "PUT", cfgPath+"/log_forwards/relay", map[string]any{"name": "relay", "timeout_client": 60000})
	ta.send(t, "PUT", cfgPath+"/log_forwards/relay/log_targets/0", map[string]any{"address": fmt.Sprintf("127.0.0.1:%d", sinkPort), "facility": "local1", "level": "info"})
	wantFile := strings.NewReplacer(
		"   maxconn 10   # stream syslog\n", "   maxconn 20   # stream syslog\n",
		"    timeout   client  30s\n", "    timeout   client  1m\n",
		"   local0   info   # to the collector\n", "   local1   info   # to the collector\n",
	).Replace(original)
	if got := ta.file(); got != wantFile {
		t.Errorf("edits changed more than their words:\n got %s\nwant %s", got, wantFile)
	}

	// Versions are per object: writes made at the same version to two
	// children both pass; a second one to the same child conflicts.
	v := ta.version()
	at := func(path string, body any) response {
		r := ta.do("PUT", fmt.Sprintf("%s%s?version=%d", cfgPath, path, v), body)
		if id := r.header.Get("Reload-ID"); id != "" && ta.waitReload(id) != "succeeded" {
			t.Fatalf("PUT %s: reload failed", path)
		}
		return r
	}
	dgram := map[string]any{"name": addr, "address": "127.0.0.1", "port": udp, "metadata": map[string]any{"comment": "edge"}}
	at("/log_forwards/relay/dgram_binds/"+addr, dgram).expect(t, 202)
	at("/log_forwards/relay/binds/tcp1", map[string]any{"name": "tcp1", "address": "127.0.0.1", "port": ports[1], "maxconn": 30}).expect(t, 202)
	dgram["metadata"] = map[string]any{"comment": "other"}
	at("/log_forwards/relay/dgram_binds/"+addr, dgram).expect(t, 409)
	ta.haproxyCheck(t)
}
