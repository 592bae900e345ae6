package provider

import (
	"os"
	"path/filepath"
	"strings"
	"testing"
)

// TestExamplesValidate runs `terraform validate` on every example, each example
// directory as one configuration (a resource and its import block; or a whole
// root module, as examples/fleet).
func TestExamplesValidate(t *testing.T) {
	env := terraformEnv(t)
	dirs, _ := filepath.Glob("../../examples/*/*")
	top, _ := filepath.Glob("../../examples/*")
	checked := 0
	for _, d := range append(dirs, top...) {
		files, _ := filepath.Glob(filepath.Join(d, "*.tf"))
		if len(files) == 0 {
			continue
		}
		checked++
		t.Run(d, func(t *testing.T) {
			var body strings.Builder
			for _, f := range files {
				b, err := os.ReadFile(f)
				if err != nil {
					t.Fatal(err)
				}
				body.Write(b)
				body.WriteString("\n")
			}
			config := body.String()
			if !strings.Contains(config, "required_providers") {
				config = requiredProviders + config
			}
			dir := t.TempDir()
			os.WriteFile(filepath.Join(dir, "main.tf"), []byte(config), 0o644)
			if out, code := runTerraform(t, dir, env, "validate", "-no-color"); code != 0 {
				t.Fatalf("terraform validate %s (exit %d):\n%s", d, code, out)
			}
		})
	}
	if checked < 10 {
		t.Fatalf("only %d example directories", checked)
	}
}
