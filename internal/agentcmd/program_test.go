package agentcmd

import (
	"context"
	"fmt"
	"io"
	"net/http"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"syscall"
	"testing"
	"time"

	"golang.org/x/crypto/bcrypt"

	"github.com/tfhaproxy/terraform-provider-haproxy/internal/haproxytest"

	"github.com/tfhaproxy/terraform-provider-haproxy/internal/haproxy"
)

// TestProgramAPISection: HAProxy in master-worker mode starts the agent from a
// `program api` section (as examples/agent/haproxy.cfg does); the agent drives that
// HAProxy through its master socket and outlives the reloads it makes.
func TestProgramAPISection(t *testing.T) {
	if _, err := exec.LookPath("haproxy"); err != nil {
		t.Fatal("haproxy is not installed")
	}
	dir := haproxytest.OpenTempDir(t)
	bin := filepath.Join(dir, "terraform-provider-haproxy")
	build := exec.Command("go", "build", "-o", bin, "../..")
	if out, err := build.CombinedOutput(); err != nil {
		t.Fatalf("go build: %v\n%s", err, out)
	}
	hash, _ := bcrypt.GenerateFromPassword([]byte("pw"), bcrypt.MinCost)
	users := filepath.Join(dir, "users")
	os.WriteFile(users, []byte("admin:"+string(hash)+"\n"), 0o600)
	sock := filepath.Join(dir, "master.sock")
	api, fe := haproxytest.FreePort(t), haproxytest.FreePort(t)
	config := filepath.Join(dir, "haproxy.cfg")
	os.WriteFile(config, []byte(fmt.Sprintf(`global
    master-worker

defaults
    mode http
    option idle-close-on-response
    timeout connect 1s
    timeout client 5s
    timeout server 5s

program api
    command %s agent --config %s --master-socket %s --users-file %s --state-dir %s --listen 127.0.0.1:%d
    no option start-on-reload

frontend fe
    bind 127.0.0.1:%d
    http-request return status 200 content-type text/plain string ok
`, bin, config, sock, users, filepath.Join(dir, "state"), api, fe)), 0o644)

	ctx, cancel := context.WithTimeout(context.Background(), 60*time.Second)
	defer cancel()
	proc, err := haproxy.Start(ctx, haproxy.StartOptions{Config: config, MasterSocket: sock, WorkDir: dir, Stdout: io.Discard, Stderr: io.Discard})
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() {
		// The agent ignores SIGUSR1, the master's soft stop, as it must to survive
		// reloads: the SIGTERM that follows this short soft-stop window stops it.
		stop, cancel := context.WithTimeout(context.Background(), 2*time.Second)
		defer cancel()
		proc.Stop(stop)
	})
	call := func(method, path, body string) (int, string, error) {
		req, _ := http.NewRequest(method, fmt.Sprintf("http://127.0.0.1:%d%s", api, path), strings.NewReader(body))
		req.SetBasicAuth("admin", "pw")
		if body != "" {
			req.Header.Set("Content-Type", "application/json")
		}
		resp, err := http.DefaultClient.Do(req)
		if err != nil {
			return 0, "", err
		}
		defer resp.Body.Close()
		b, _ := io.ReadAll(resp.Body)
		return resp.StatusCode, string(b), nil
	}
	deadline := time.Now().Add(30 * time.Second)
	for {
		status, body, err := call("GET", "/v3/health", "")
		if err == nil && status == 200 && strings.Contains(body, `"up"`) {
			break
		}
		if time.Now().After(deadline) {
			t.Fatalf("the agent HAProxy started never answered: %d %s %v", status, body, err)
		}
		time.Sleep(100 * time.Millisecond)
	}
	programPID := func() int {
		procs, err := proc.Master().Processes(ctx)
		if err != nil {
			t.Fatal(err)
		}
		for _, p := range procs {
			if p.Role == "program" && p.Name == "api" {
				return p.PID
			}
		}
		t.Fatalf("no api program in %+v", procs)
		return 0
	}
	before := programPID()
	status, body, err := call("POST", "/v3/services/haproxy/configuration/backends?version=1&force_reload=true", `{"name":"be_new","balance":{"algorithm":"roundrobin"}}`)
	if err != nil || status != 201 {
		t.Fatalf("write with a forced reload: %d %s %v", status, body, err)
	}
	status, body, err = call("GET", "/v3/services/haproxy/configuration/backends/be_new", "")
	if err != nil || status != 200 {
		t.Fatalf("the agent after its reload: %d %s %v", status, body, err)
	}
	// The master signals the former program after the new worker is up: give it
	// the time, then the same agent must still be there and answering.
	time.Sleep(time.Second)
	if after := programPID(); after != before {
		t.Fatalf("the reload restarted the agent: pid %d, then %d", before, after)
	}
	if err := syscall.Kill(before, 0); err != nil {
		t.Fatalf("the agent (pid %d) did not survive the reload: %v", before, err)
	}
	if status, body, err := call("GET", "/v3/info", ""); err != nil || status != 200 {
		t.Fatalf("the agent after the reload: %d %s %v", status, body, err)
	}
	if r, err := http.Get(fmt.Sprintf("http://127.0.0.1:%d/", fe)); err != nil || r.StatusCode != 200 {
		t.Fatalf("haproxy: %v %v", r, err)
	}
}
