package main

import (
	"encoding/json"
	"fmt"
	"net/http"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"syscall"
	"testing"
	"time"

	"github.com/tfhaproxy/terraform-provider-haproxy/internal/haproxytest"
)

// TestQuickstart runs the README's first command, `make quickstart`, as a
// newcomer would, checks that it routed traffic, and stops it with
// `make quickstart-down`.
func TestQuickstart(t *testing.T) {
	t.Cleanup(func() { exec.Command("make", "quickstart-down").Run() })
	out, err := exec.Command("make", "quickstart").CombinedOutput()
	if err != nil {
		t.Fatalf("make quickstart: %v\n%s", err, out)
	}
	for _, want := range []string{"Apply complete! Resources: 10 added", "hello from www", "hello from api", "403", "make quickstart-down"} {
		if !strings.Contains(string(out), want) {
			t.Fatalf("make quickstart did not show %q:\n%s", want, out)
		}
	}
	if strings.Contains(string(out), "cannot check") {
		t.Fatalf("the plan of a fresh quickstart warned about rules it could not check yet:\n%s", out)
	}
	if out, err := exec.Command("make", "quickstart-down").CombinedOutput(); err != nil {
		t.Fatalf("make quickstart-down: %v\n%s", err, out)
	}
	if _, err := http.Get("http://127.0.0.1:18080/"); err == nil {
		t.Fatal("the quickstart's frontend still answers after make quickstart-down")
	}
}

// TestOneVersion builds the binary with a version, as releases do, and checks that
// --version and the agent's /v3/info report it.
func TestOneVersion(t *testing.T) {
	dir := t.TempDir()
	bin := filepath.Join(dir, "terraform-provider-haproxy")
	if out, err := exec.Command("go", "build", "-ldflags", "-X main.version=9.8.7-test", "-o", bin, ".").CombinedOutput(); err != nil {
		t.Fatalf("go build: %v\n%s", err, out)
	}
	out, err := exec.Command(bin, "--version").Output()
	if err != nil || strings.TrimSpace(string(out)) != "9.8.7-test" {
		t.Fatalf("--version: %q %v", out, err)
	}
	port := haproxytest.FreePort(t)
	config := filepath.Join(dir, "haproxy.cfg")
	os.WriteFile(config, []byte(fmt.Sprintf("defaults\n    mode http\n    timeout connect 1s\n    timeout client 1s\n    timeout server 1s\nfrontend f\n    bind 127.0.0.1:%d\n    http-request return status 200\n", haproxytest.FreePort(t))), 0o644)
	agent := exec.Command(bin, "agent", "--config", config, "--insecure-no-auth", "--listen", fmt.Sprintf("127.0.0.1:%d", port))
	if err := agent.Start(); err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { agent.Process.Signal(syscall.SIGTERM); agent.Wait() })
	var info struct{ API struct{ Version string } }
	deadline := time.Now().Add(20 * time.Second)
	for time.Now().Before(deadline) {
		if resp, err := http.Get(fmt.Sprintf("http://127.0.0.1:%d/v3/info", port)); err == nil {
			json.NewDecoder(resp.Body).Decode(&info)
			resp.Body.Close()
			break
		}
		time.Sleep(50 * time.Millisecond)
	}
	if info.API.Version != "9.8.7-test" {
		t.Fatalf("/v3/info api.version = %q, want 9.8.7-test", info.API.Version)
	}
}

// TestReleaseTargetsBuild builds the binary for every platform .goreleaser.yml
// releases, so that a Linux-only call fails here, not at release time.
func TestReleaseTargetsBuild(t *testing.T) {
	for _, target := range []string{"linux/arm64", "darwin/amd64", "darwin/arm64", "windows/amd64", "windows/arm64"} {
		goos, goarch, _ := strings.Cut(target, "/")
		cmd := exec.Command("go", "build", "-o", os.DevNull, ".")
		cmd.Env = append(os.Environ(), "GOOS="+goos, "GOARCH="+goarch, "CGO_ENABLED=0")
		if out, err := cmd.CombinedOutput(); err != nil {
			t.Errorf("%s: %v\n%s", target, err, out)
		}
	}
}
