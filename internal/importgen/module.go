package importgen

import (
	"bytes"
	"errors"
	"fmt"
	"os"
	"path/filepath"
)

// rootModule is main.tf of a new root module: the provider's source address,
// and a provider block that takes the agent's URL and credentials from the
// environment, so that no password lands in a file.
const rootModule = `# Written by terraform-provider-haproxy generate-imports. Then:
#   terraform init
#   terraform plan -generate-config-out=generated.tf
#   terraform apply
terraform {
  required_providers {
    haproxy = {
      source = "tfhaproxy/haproxy"
    }
  }
}

# The agent's URL and credentials come from HAPROXY_URL, HAPROXY_USERNAME and
# HAPROXY_PASSWORD; the provider documentation lists the other settings.
provider "haproxy" {}
`

// WriteModule makes dir a root module that adopts objs: main.tf (the provider's
// source and block) and imports.tf (an import block per object). dir is made
// if it is missing; it must hold no Terraform files, so that nothing is
// overwritten and no second terraform block clashes with the first.
func WriteModule(dir string, objs []Object, taken map[string]bool) error {
	if err := os.MkdirAll(dir, 0o755); err != nil {
		return err
	}
	for _, pattern := range []string{"*.tf", "*.tf.json"} {
		if found, _ := filepath.Glob(filepath.Join(dir, pattern)); len(found) > 0 {
			return fmt.Errorf("%s already has Terraform files (%s): --module-dir writes a new root module; "+
				"to add import blocks to an existing one, use --out", dir, filepath.Base(found[0]))
		}
	}
	var imports bytes.Buffer
	if err := WriteImports(&imports, objs, taken); err != nil {
		return err
	}
	files := []struct {
		name string
		data []byte
	}{{"main.tf", []byte(rootModule)}, {"imports.tf", imports.Bytes()}}
	var written []string
	for _, f := range files {
		path := filepath.Join(dir, f.name)
		if err := writeNew(path, f.data); err != nil {
			for _, w := range written {
				os.Remove(w)
			}
			return err
		}
		written = append(written, path)
	}
	return nil
}

// writeNew writes a file that must not exist yet.
func writeNew(path string, data []byte) error {
	f, err := os.OpenFile(path, os.O_WRONLY|os.O_CREATE|os.O_EXCL, 0o644)
	if err != nil {
		return err
	}
	_, err = f.Write(data)
	if err = errors.Join(err, f.Close()); err != nil {
		os.Remove(path)
	}
	return err
}
