package provider

import (
	"bytes"
	"os"
	"path/filepath"
	"testing"
)

// TestExamplesValidate runs `terraform validate` on every example the docs show.
func TestExamplesValidate(t *testing.T) {
	env := terraformEnv(t)
	files, _ := filepath.Glob("../../examples/*/*/*.tf")
	provider, _ := filepath.Glob("../../examples/provider/*.tf")
	if len(files) < 10 {
		t.Fatalf("only %d examples", len(files))
	}
	for _, f := range append(files, provider...) {
		t.Run(f, func(t *testing.T) {
			body, err := os.ReadFile(f)
			if err != nil {
				t.Fatal(err)
			}
			dir := t.TempDir()
			if !bytes.Contains(body, []byte("required_providers")) {
				body = append([]byte(requiredProviders), body...)
			}
			os.WriteFile(filepath.Join(dir, "main.tf"), body, 0o644)
			if out, code := runTerraform(t, dir, env, "validate", "-no-color"); code != 0 {
				t.Fatalf("terraform validate %s (exit %d):\n%s", f, code, out)
			}
		})
	}
}
