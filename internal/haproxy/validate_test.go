package haproxy

import (
	"context"
	"errors"
	"os"
	"os/exec"
	"strings"
	"testing"
)

func requireHAProxy(t *testing.T) {
	t.Helper()
	if _, err := exec.LookPath("haproxy"); err != nil {
		t.Fatal("haproxy is not installed: `apt-get install -y haproxy` (.ci/run does it)")
	}
}

func TestValidate(t *testing.T) {
	requireHAProxy(t)
	v := &Validator{TempDir: t.TempDir()}
	good := "defaults\n    mode http\n    timeout connect 1s\n    timeout client 1s\n    timeout server 1s\nbackend b\n    server s 127.0.0.1:80\n"
	if err := v.Validate(context.Background(), []byte(good)); err != nil {
		t.Fatalf("valid config rejected: %v", err)
	}
	bad := good + "    bogus-keyword 1\n"
	err := v.Validate(context.Background(), []byte(bad))
	var ve *ValidationError
	if !errors.As(err, &ve) || !errors.Is(err, ErrInvalid) {
		t.Fatalf("invalid config: error %v, want a ValidationError", err)
	}
	msg := err.Error()
	if !strings.Contains(msg, "[ALERT]") || !strings.Contains(msg, "bogus-keyword") || !strings.Contains(msg, "haproxy.cfg:8") {
		t.Fatalf("message does not carry HAProxy's alert with the line: %q", msg)
	}
	if strings.Contains(msg, "candidate-") {
		t.Fatalf("message leaks the temporary path: %q", msg)
	}
}

// TestValidateWarningAsReason: when HAProxy fails a config with a warning and
// only a summing-up alert, the warning is in the error, as the reason; when an
// alert says why, warnings are left out.
func TestValidateWarningAsReason(t *testing.T) {
	requireHAProxy(t)
	v := &Validator{TempDir: t.TempDir()}
	config := "fcgi-app php\n    docroot /srv\n    option max-reqs 5\n"
	err := v.Validate(context.Background(), []byte(config))
	if err == nil || !strings.Contains(err.Error(), "[WARNING]") || !strings.Contains(err.Error(), "max-reqs") {
		t.Fatalf("error %v, want HAProxy's warning about max-reqs", err)
	}
	// a warning (a rule after use_backend) and an alert that says why
	other := "frontend f\n    use_backend b\n    http-request deny\n    bogus-keyword 1\nbackend b\n"
	err = v.Validate(context.Background(), []byte(other))
	if err == nil || strings.Contains(err.Error(), "[WARNING]") || !strings.Contains(err.Error(), "bogus-keyword") {
		t.Fatalf("error %v, want the alert alone", err)
	}
}

func TestValidateMissingBinary(t *testing.T) {
	v := &Validator{Bin: "/nonexistent/haproxy", TempDir: t.TempDir()}
	err := v.Validate(context.Background(), []byte("global\n"))
	if err == nil || errors.Is(err, ErrInvalid) {
		t.Fatalf("missing binary: error %v, want a run failure that is not a validation error", err)
	}
}

// TestValidateQuickCheck: the quick check (no CA loading for HAProxy's HTTP
// client) is on with this HAProxy, leaves no file behind, and never hides an
// error in the candidate's own HTTP client settings, which HAProxy would refuse
// at startup.
func TestValidateQuickCheck(t *testing.T) {
	requireHAProxy(t)
	dir := t.TempDir()
	v := &Validator{TempDir: dir}
	good := "defaults\n    mode http\n    timeout connect 1s\n    timeout client 1s\n    timeout server 1s\nbackend b\n"
	if err := v.Validate(context.Background(), []byte(good)); err != nil {
		t.Fatalf("valid config rejected: %v", err)
	}
	if !v.quick {
		t.Fatal("the quick check is off with this HAProxy, which knows httpclient.ssl.verify (2.5 and later)")
	}
	badCA := "global\n    httpclient.ssl.ca-file /nonexistent/ca.pem\n" + good
	err := v.Validate(context.Background(), []byte(badCA))
	if !errors.Is(err, ErrInvalid) || !strings.Contains(err.Error(), "/nonexistent/ca.pem") {
		t.Fatalf("a missing httpclient CA file: error %v, want HAProxy's refusal", err)
	}
	if left, _ := os.ReadDir(dir); len(left) != 0 {
		t.Fatalf("files left in TempDir: %v", left)
	}
}

// TestValidateUsesHugePages: the check runs with glibc's huge-page tunable,
// unless the operator's environment sets GLIBC_TUNABLES, which wins.
func TestValidateUsesHugePages(t *testing.T) {
	dir := t.TempDir()
	bin, envFile := dir+"/fake-haproxy", dir+"/env"
	if err := os.WriteFile(bin, []byte("#!/bin/sh\necho \"$GLIBC_TUNABLES\" > "+envFile+"\n"), 0o755); err != nil {
		t.Fatal(err)
	}
	for _, c := range []struct {
		env  []string
		want string
	}{
		{nil, strings.TrimPrefix(hugePageMalloc, "GLIBC_TUNABLES=")},
		{[]string{"GLIBC_TUNABLES=glibc.malloc.check=0"}, "glibc.malloc.check=0"},
	} {
		v := &Validator{Bin: bin, TempDir: dir, Env: c.env}
		if err := v.Validate(context.Background(), []byte("defaults\n")); err != nil {
			t.Fatal(err)
		}
		got, err := os.ReadFile(envFile)
		if err != nil {
			t.Fatal(err)
		}
		if strings.TrimSpace(string(got)) != c.want {
			t.Errorf("with Env %v, the check's GLIBC_TUNABLES is %q, want %q", c.env, got, c.want)
		}
	}
}
