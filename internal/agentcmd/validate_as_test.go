package agentcmd

import (
	"context"
	"fmt"
	"io"
	"log/slog"
	"net/http"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"syscall"
	"testing"

	"golang.org/x/crypto/bcrypt"

	"github.com/tfhaproxy/terraform-provider-haproxy/internal/haproxy"
	"github.com/tfhaproxy/terraform-provider-haproxy/internal/haproxytest"
)

// TestOnlyValidateRunsNoCodeAsRoot: a raw config with only_validate=true whose
// Lua writes a file (as any code a client could submit would) is checked by a
// root agent as the unprivileged --validate-as default, not as root.
func TestOnlyValidateRunsNoCodeAsRoot(t *testing.T) {
	if _, err := exec.LookPath("haproxy"); err != nil {
		t.Fatal("haproxy is not installed")
	}
	if os.Getuid() != 0 {
		t.Skip("the agent checks as another user only when it runs as root")
	}
	as, err := haproxy.CheckIdentity("")
	if err != nil {
		t.Skipf("no unprivileged user to check as: %v", err)
	}
	dir := haproxytest.OpenTempDir(t)
	evidence := filepath.Join(dir, "evidence")
	if err := os.Mkdir(evidence, 0o1777); err != nil {
		t.Fatal(err)
	}
	os.Chmod(evidence, 0o1777) // past the umask
	script := filepath.Join(dir, "evidence.lua")
	os.WriteFile(script, []byte(fmt.Sprintf("local f = assert(io.open(%q, 'w')); f:write('ran'); f:close()\n", filepath.Join(evidence, "ran"))), 0o644)
	config := filepath.Join(dir, "haproxy.cfg")
	base := fmt.Sprintf("defaults\n    mode http\n    timeout connect 1s\n    timeout client 5s\n    timeout server 5s\n\nfrontend fe\n    bind 127.0.0.1:%d\n    http-request return status 200\n", haproxytest.FreePort(t))
	os.WriteFile(config, []byte(base), 0o644)
	hash, _ := bcrypt.GenerateFromPassword([]byte("pw"), bcrypt.MinCost)
	admins := filepath.Join(dir, "admins")
	os.WriteFile(admins, []byte("admin:"+string(hash)+"\n"), 0o600)
	f, err := Parse([]string{"--config", config, "--admin-users-file", admins, "--listen", "127.0.0.1:0", "--state-dir", filepath.Join(dir, "state")}, io.Discard)
	if err != nil {
		t.Fatal(err)
	}
	addr, _ := runAgent(t, f)

	raw := "global\n    lua-load " + script + "\n\n" + base
	req, _ := http.NewRequest("POST", "http://"+addr+"/v3/services/haproxy/configuration/raw?version=1&only_validate=true", strings.NewReader(raw))
	req.Header.Set("Content-Type", "text/plain")
	req.SetBasicAuth("admin", "pw") // raw and lua-load are the admin's
	resp, err := http.DefaultClient.Do(req)
	if err != nil {
		t.Fatal(err)
	}
	body, _ := io.ReadAll(resp.Body)
	resp.Body.Close()
	if resp.StatusCode != http.StatusAccepted {
		t.Fatalf("only_validate: %d %s", resp.StatusCode, body)
	}
	fi, err := os.Stat(filepath.Join(evidence, "ran"))
	if err != nil {
		t.Fatalf("the check did not run the Lua script: %v", err)
	}
	if uid := fi.Sys().(*syscall.Stat_t).Uid; uid != as.UID {
		t.Fatalf("the check ran Lua as uid %d, want %v", uid, as)
	}
}

// TestValidateAsUnknownUser: a --validate-as user that does not exist stops
// the agent before it starts anything, naming the flag.
func TestValidateAsUnknownUser(t *testing.T) {
	dir := t.TempDir()
	config := filepath.Join(dir, "haproxy.cfg")
	os.WriteFile(config, []byte("defaults\n    mode http\n"), 0o644)
	f, err := Parse([]string{"--config", config, "--insecure-no-auth", "--listen", "127.0.0.1:0", "--validate-as", "no-such-user-here"}, io.Discard)
	if err != nil {
		t.Fatal(err)
	}
	err = Run(context.Background(), f, "test", slog.New(slog.NewJSONHandler(io.Discard, nil)), nil)
	if err == nil || !strings.Contains(err.Error(), "--validate-as") || !strings.Contains(err.Error(), "no-such-user-here") {
		t.Fatalf("Run with an unknown --validate-as user: %v", err)
	}
}
