package main

import (
	"net/http"
	"os/exec"
	"strings"
	"testing"
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
