package agentcmd

import (
	"bytes"
	"encoding/json"
	"fmt"
	"io"
	"net"
	"net/http"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/tfhaproxy/terraform-provider-haproxy/internal/haproxytest"
)

// TestMapEntriesSurviveARestart adds 1,000 entries to a map HAProxy answers
// from, through the runtime map API: none reloads, each answers from the
// running HAProxy at once, and after the agent and its HAProxy stop and start
// again, the map file holds every one and HAProxy answers from them.
func TestMapEntriesSurviveARestart(t *testing.T) {
	dir := t.TempDir()
	fe := haproxytest.FreePort(t)
	config := filepath.Join(dir, "haproxy.cfg")
	hosts := filepath.Join(dir, "maps", "hosts.map")
	if err := os.MkdirAll(filepath.Dir(hosts), 0o755); err != nil {
		t.Fatal(err)
	}
	os.WriteFile(hosts, nil, 0o644)
	os.WriteFile(config, []byte(fmt.Sprintf("defaults\n    mode http\n    timeout connect 1s\n    timeout client 5s\n    timeout server 5s\n\n"+
		"frontend fe\n    bind 127.0.0.1:%d\n    http-request return status 200 content-type text/plain lf-string %%[req.hdr(host),map(%s,none)]\n", fe, hosts)), 0o644)
	f, err := Parse([]string{"--config", config, "--insecure-no-auth", "--listen", "127.0.0.1:0", "--state-dir", filepath.Join(dir, "state")}, io.Discard)
	if err != nil {
		t.Fatal(err)
	}
	call := func(addr, method, path string, body any, want int) []byte {
		t.Helper()
		var rd io.Reader
		if body != nil {
			b, _ := json.Marshal(body)
			rd = bytes.NewReader(b)
		}
		req, _ := http.NewRequest(method, "http://"+addr+path, rd)
		req.Header.Set("Content-Type", "application/json")
		resp, err := http.DefaultClient.Do(req)
		if err != nil {
			t.Fatal(err)
		}
		defer resp.Body.Close()
		answer, _ := io.ReadAll(resp.Body)
		if resp.StatusCode != want {
			t.Fatalf("%s %s: %d %s, want %d", method, path, resp.StatusCode, answer, want)
		}
		return answer
	}
	answers := func(host string) string {
		t.Helper()
		req, _ := http.NewRequest("GET", fmt.Sprintf("http://127.0.0.1:%d/", fe), nil)
		req.Host = host
		resp, err := http.DefaultClient.Do(req)
		if err != nil {
			t.Fatal(err)
		}
		defer resp.Body.Close()
		b, _ := io.ReadAll(resp.Body)
		return string(b)
	}
	const entries = 1000
	entriesPath := "/v3/services/haproxy/runtime/maps/hosts.map/entries"

	addr, _, stop := startAgentRun(t, f)
	for i := range entries {
		call(addr, "POST", entriesPath+"?force_sync=true", map[string]string{"key": fmt.Sprintf("h%d.test", i), "value": fmt.Sprintf("v%d", i)}, 201)
		if i%250 == 0 {
			if got := answers(fmt.Sprintf("h%d.test", i)); got != fmt.Sprintf("v%d", i) {
				t.Fatalf("host h%d.test answered %q right after its add", i, got)
			}
		}
	}
	if got := strings.TrimSpace(string(call(addr, "GET", "/v3/services/haproxy/reloads", nil, 200))); got != "[]" {
		t.Fatalf("the adds reloaded: %s", got)
	}
	stop()
	if conn, err := net.Dial("tcp", fmt.Sprintf("127.0.0.1:%d", fe)); err == nil {
		conn.Close()
		t.Fatal("HAProxy still serves after the agent stopped: no restart to test")
	}

	data, _ := os.ReadFile(hosts)
	if n := strings.Count(string(data), "\n"); n != entries {
		t.Fatalf("the map file holds %d lines after the adds, want %d", n, entries)
	}
	addr, _, _ = startAgentRun(t, f)
	var listed []map[string]string
	if err := json.Unmarshal(call(addr, "GET", entriesPath, nil, 200), &listed); err != nil || len(listed) != entries {
		t.Fatalf("after the restart the running map has %d entries (%v), want %d", len(listed), err, entries)
	}
	for _, i := range []int{0, 499, entries - 1} {
		if got := answers(fmt.Sprintf("h%d.test", i)); got != fmt.Sprintf("v%d", i) {
			t.Fatalf("after the restart host h%d.test answered %q", i, got)
		}
	}
}
