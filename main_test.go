package main

import (
	"encoding/json"
	"fmt"
	"io"
	"net"
	"net/http"
	"os"
	"os/exec"
	"path/filepath"
	"regexp"
	"strings"
	"syscall"
	"testing"
	"time"

	"golang.org/x/tools/go/packages"

	"github.com/tfhaproxy/terraform-provider-haproxy/internal/haproxytest"
)

// quickstart is the environment for a `make quickstart` of its own, beside any
// the user runs: free ports, terraform's working directory and the processes'
// files in a temporary directory, and a temporary HOME for the provider `make
// install` puts where terraform finds it (Go keeps its caches). It stops with the
// test, and the ports it uses are returned.
func quickstart(t *testing.T) (env []string, ports map[string]int) {
	out, err := exec.Command("go", "env", "GOCACHE", "GOMODCACHE", "GOPATH", "GOENV").Output()
	if err != nil {
		t.Fatalf("go env: %v", err)
	}
	goenv := strings.Split(strings.TrimSpace(string(out)), "\n")
	if len(goenv) != 4 {
		t.Fatalf("go env printed %q", out)
	}
	env = append(os.Environ(), "HOME="+t.TempDir(), "QUICKSTART_DIR="+haproxytest.OpenTempDir(t),
		"GOCACHE="+goenv[0], "GOMODCACHE="+goenv[1], "GOPATH="+goenv[2], "GOENV="+goenv[3])
	ports = map[string]int{}
	for _, name := range []string{"AGENT", "", "WWW", "API", "STATUS"} {
		ports[name] = haproxytest.FreePort(t)
		env = append(env, fmt.Sprintf("QUICKSTART_%s=%d", strings.TrimPrefix(name+"_PORT", "_"), ports[name]))
	}
	t.Cleanup(func() {
		down := exec.Command("make", "quickstart-down")
		down.Env = env
		if out, err := down.CombinedOutput(); err != nil {
			t.Errorf("make quickstart-down: %v\n%s", err, out)
		}
	})
	return env, ports
}

// TestQuickstart runs the README's first command, `make quickstart`, as a
// newcomer would, checks that it routed traffic, and stops it with
// `make quickstart-down`.
func TestQuickstart(t *testing.T) {
	env, ports := quickstart(t)
	up := exec.Command("make", "quickstart")
	up.Env = env
	out, err := up.CombinedOutput()
	if err != nil {
		t.Fatalf("make quickstart: %v\n%s", err, out)
	}
	for _, want := range []string{"Apply complete! Resources: 10 added", "hello from www", "hello from api", "403", "The quickstart is running", "make quickstart-down"} {
		if !strings.Contains(string(out), want) {
			t.Fatalf("make quickstart did not show %q:\n%s", want, out)
		}
	}
	if strings.Contains(string(out), "cannot check") {
		t.Fatalf("the plan of a fresh quickstart warned about rules it could not check yet:\n%s", out)
	}
	down := exec.Command("make", "quickstart-down")
	down.Env = env
	if out, err := down.CombinedOutput(); err != nil {
		t.Fatalf("make quickstart-down: %v\n%s", err, out)
	}
	for _, port := range ports {
		if conn, err := net.Dial("tcp", fmt.Sprintf("127.0.0.1:%d", port)); err == nil {
			conn.Close()
			t.Fatalf("127.0.0.1:%d still answers after make quickstart-down", port)
		}
	}
}

// TestQuickstartPortTaken: when something else listens on the quickstart's
// frontend port, HAProxy cannot load the frontend, and `make quickstart` fails
// with HAProxy's own message instead of saying that the quickstart runs.
func TestQuickstartPortTaken(t *testing.T) {
	env, ports := quickstart(t)
	taken, err := net.Listen("tcp", fmt.Sprintf("127.0.0.1:%d", ports[""]))
	if err != nil {
		t.Fatal(err)
	}
	defer taken.Close()
	up := exec.Command("make", "quickstart")
	up.Env = env
	out, err := up.CombinedOutput()
	if err == nil {
		t.Fatalf("make quickstart succeeded with its frontend's port taken:\n%s", out)
	}
	for _, want := range []string{"The quickstart failed", "cannot bind socket", "Address already in use", "make quickstart-down"} {
		if !strings.Contains(string(out), want) {
			t.Errorf("make quickstart did not show %q", want)
		}
	}
	if strings.Contains(string(out), "The quickstart is running") {
		t.Errorf("make quickstart said it runs")
	}
	if t.Failed() {
		t.Logf("make quickstart:\n%s", out)
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

// TestReleaseTargetsTypeCheck type-checks the binary, and every package it
// imports, for every platform .goreleaser.yml releases, so that a Linux-only call
// fails here, not at release time. Type-checking from source finds what a build
// would (an undefined function, a field of another type) in seconds; building
// took up to 5 minutes a platform with a cold build cache on a busy 2-core
// machine, which put `make test` past its timeout.
func TestReleaseTargetsTypeCheck(t *testing.T) {
	for _, target := range []string{"linux/amd64", "linux/arm64", "darwin/amd64", "darwin/arm64", "windows/amd64", "windows/arm64"} {
		goos, goarch, _ := strings.Cut(target, "/")
		cfg := &packages.Config{
			Mode: packages.NeedName | packages.NeedImports | packages.NeedDeps | packages.NeedSyntax | packages.NeedTypes,
			Env:  append(os.Environ(), "GOOS="+goos, "GOARCH="+goarch, "CGO_ENABLED=0"),
		}
		pkgs, err := packages.Load(cfg, ".")
		if err != nil {
			t.Fatalf("%s: %v", target, err)
		}
		checked := 0
		packages.Visit(pkgs, nil, func(p *packages.Package) {
			checked++
			for _, e := range p.Errors {
				t.Errorf("%s: %v", target, e)
			}
		})
		if checked < 100 {
			t.Errorf("%s: only %d packages type-checked", target, checked)
		}
	}
}

// TestAgentRestartAfterSIGKILL: an agent killed with SIGKILL cannot stop its
// HAProxy, which goes on serving. A second agent on the same state directory is
// refused while the first runs; once it is gone, the next agent takes over that
// HAProxy and only the configuration as it is now answers, not the old one
// beside it.
func TestAgentRestartAfterSIGKILL(t *testing.T) {
	dir := t.TempDir()
	bin := buildProvider(t)
	fe := haproxytest.FreePort(t)
	config := filepath.Join(dir, "haproxy.cfg")
	writeBody := func(body string) {
		os.WriteFile(config, []byte(fmt.Sprintf("defaults\n    mode http\n    timeout connect 1s\n    timeout client 1s\n    timeout server 1s\nfrontend f\n    bind 127.0.0.1:%d\n    http-request return status 200 content-type text/plain string %s\n", fe, body)), 0o644)
	}
	t.Cleanup(func() { exec.Command("pkill", "-KILL", "-f", config).Run() }) // whatever a failure left
	agent := func() (*exec.Cmd, *strings.Builder) {
		var out strings.Builder
		cmd := exec.Command(bin, "agent", "--config", config, "--insecure-no-auth", "--listen", fmt.Sprintf("127.0.0.1:%d", haproxytest.FreePort(t)))
		cmd.Stdout, cmd.Stderr = &out, &out
		if err := cmd.Start(); err != nil {
			t.Fatal(err)
		}
		return cmd, &out
	}
	// serves waits until 20 requests in a row, each on a new connection, get body.
	serves := func(body string) {
		t.Helper()
		deadline := time.Now().Add(20 * time.Second)
		for inARow := 0; inARow < 20; {
			if time.Now().After(deadline) {
				t.Fatalf("127.0.0.1:%d does not answer %q alone", fe, body)
			}
			got := ""
			if resp, err := (&http.Client{Transport: &http.Transport{DisableKeepAlives: true}}).Get(fmt.Sprintf("http://127.0.0.1:%d/", fe)); err == nil {
				b, _ := io.ReadAll(resp.Body)
				resp.Body.Close()
				got = string(b)
			}
			if got == body {
				inARow++
			} else {
				inARow = 0
				time.Sleep(50 * time.Millisecond)
			}
		}
	}

	writeBody("v1")
	first, firstOut := agent()
	serves("v1")

	second, secondOut := agent()
	exited := make(chan error, 1)
	go func() { exited <- second.Wait() }()
	select {
	case err := <-exited:
		if err == nil || !strings.Contains(secondOut.String(), "another agent is running") {
			t.Fatalf("a second agent on the same state directory: %v\n%s", err, secondOut)
		}
	case <-time.After(40 * time.Second): // it waits 20s for the first to stop
		second.Process.Kill()
		t.Fatalf("a second agent on the same state directory kept running:\n%s", secondOut)
	}
	serves("v1")

	first.Process.Kill()
	first.Wait()
	serves("v1") // its HAProxy goes on
	writeBody("v2")
	third, thirdOut := agent()
	t.Cleanup(func() { third.Process.Signal(syscall.SIGTERM); third.Wait() })
	serves("v2")
	if t.Failed() {
		t.Logf("first agent:\n%s\nthird agent:\n%s", firstOut, thirdOut)
	}
}

// TestHelpListsCommands: --help answers on standard output with every command,
// and a mistyped command is refused with the same list instead of starting the
// provider, which only Terraform can talk to.
func TestHelpListsCommands(t *testing.T) {
	bin := buildProvider(t)
	commands := []string{"agent", "generate-imports", "hash-password", "--version", "-debug"}
	for _, help := range []string{"--help", "-h", "help"} {
		out, err := exec.Command(bin, help).Output()
		if err != nil {
			t.Fatalf("%s: %v", help, err)
		}
		for _, c := range commands {
			if !regexp.MustCompile(`\n  ` + regexp.QuoteMeta(c) + `\s`).Match(out) {
				t.Errorf("%s does not list %s:\n%s", help, c, out)
			}
		}
	}
	var stderr strings.Builder
	cmd := exec.Command(bin, "agnet")
	cmd.Stderr = &stderr
	err := cmd.Run()
	if exit, ok := err.(*exec.ExitError); !ok || exit.ExitCode() != 2 || !strings.Contains(stderr.String(), `unknown command "agnet"`) ||
		!strings.Contains(stderr.String(), "generate-imports") {
		t.Fatalf("a mistyped command: %v\n%s", err, stderr.String())
	}
	for _, sub := range []string{"agent", "generate-imports", "hash-password"} {
		if out, err := exec.Command(bin, sub, "--help").CombinedOutput(); err != nil || !strings.Contains(strings.ToLower(string(out)), "usage") {
			t.Errorf("%s --help: %v\n%s", sub, err, out)
		}
	}
}
