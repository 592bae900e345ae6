package importgen

import (
	"bytes"
	"errors"
	"fmt"
	"net/url"
	"os"
	"path/filepath"
	"strings"
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

// fleetProvider is rootModule's provider block for a fleet: its nodes' URLs,
// which the environment cannot give, and the credentials from it.
const fleetProvider = `# The nodes' credentials come from HAPROXY_USERNAME and HAPROXY_PASSWORD; the
# provider documentation lists the other settings. The first node is the canary.
provider "haproxy" {
  nodes = [
%s  ]
}
`

// mainTF is main.tf for a module that manages one agent (nodes is empty or
// has one URL), or the nodes of a fleet.
func mainTF(nodes []string) []byte {
	if len(nodes) < 2 {
		return []byte(rootModule)
	}
	var list strings.Builder
	for _, n := range nodes {
		if u, err := url.Parse(n); err == nil && u.User != nil {
			u.User = nil // a password in a URL stays out of the file too
			n = u.String()
		}
		fmt.Fprintf(&list, "    { url = %q },\n", strings.ReplaceAll(n, "${", "$${"))
	}
	head, _, _ := strings.Cut(rootModule, "# The agent's URL")
	return []byte(head + fmt.Sprintf(fleetProvider, list.String()))
}

// WriteModule makes dir a root module that adopts objs: main.tf (the provider's
// source and block, with nodes when there are several) and imports.tf (an
// import block per object). dir is made
// if it is missing; it must hold no Terraform files, so that nothing is
// overwritten and no second terraform block clashes with the first.
func WriteModule(dir string, nodes []string, objs []Object, taken map[string]bool) error {
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
	}{{"main.tf", mainTF(nodes)}, {"imports.tf", imports.Bytes()}}
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
