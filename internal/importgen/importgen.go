// Package importgen writes Terraform `import {}` blocks for every object of a
// haproxy.cfg that the provider manages, so that `terraform plan
// -generate-config-out=...` adopts a handwritten configuration whole.
package importgen

import (
	"context"
	"fmt"
	"io"
	"regexp"
	"strconv"
	"strings"

	"github.com/tfhaproxy/terraform-provider-haproxy/internal/dataplane"
	"github.com/tfhaproxy/terraform-provider-haproxy/internal/haproxycfg"
)

// Inventory is what a configuration holds, as the provider's resources see it.
type Inventory struct {
	Frontends []Section
	Backends  []Section
}

// Section is a frontend or backend and its children.
type Section struct {
	Name                  string
	Servers, Binds        []string
	ACLs                  []dataplane.ACL // in file order: an ACL's import ID is its index
	HTTPRequestRules      int             // lines
	BackendSwitchingRules int             // lines
}

// FromConfig takes the inventory of a haproxy.cfg's content.
func FromConfig(data []byte) (Inventory, error) {
	c := haproxycfg.Parse(data)
	var inv Inventory
	for _, f := range haproxycfg.Frontends.List(c) {
		sec, err := configSection(c, "frontend", f.Name)
		if err != nil {
			return inv, err
		}
		binds, _ := haproxycfg.Binds.List(c, f.Name)
		for _, b := range binds {
			sec.Binds = append(sec.Binds, b.Name)
		}
		switching, _ := haproxycfg.BackendSwitchingRules.List(c, "frontend", f.Name)
		sec.BackendSwitchingRules = len(switching)
		inv.Frontends = append(inv.Frontends, sec)
	}
	for _, b := range haproxycfg.Backends.List(c) {
		sec, err := configSection(c, "backend", b.Name)
		if err != nil {
			return inv, err
		}
		servers, _ := haproxycfg.Servers.List(c, b.Name)
		for _, s := range servers {
			sec.Servers = append(sec.Servers, s.Name)
		}
		inv.Backends = append(inv.Backends, sec)
	}
	return inv, nil
}

func configSection(c *haproxycfg.Config, kind, name string) (Section, error) {
	acls, err := haproxycfg.ACLs.List(c, kind, name)
	if err != nil {
		return Section{}, err
	}
	rules, err := haproxycfg.HTTPRequestRules.List(c, kind, name)
	if err != nil {
		return Section{}, err
	}
	return Section{Name: name, ACLs: acls, HTTPRequestRules: len(rules)}, nil
}

// FromAPI takes the inventory through the Data Plane API of an agent (or of the
// official dataplaneapi).
func FromAPI(ctx context.Context, c *dataplane.Client) (Inventory, error) {
	var inv Inventory
	frontends, err := c.Frontends(ctx)
	if err != nil {
		return inv, err
	}
	for _, f := range frontends {
		sec, err := apiSection(ctx, c, "frontend", f.Name)
		if err != nil {
			return inv, err
		}
		binds, err := c.Binds(ctx, f.Name)
		if err != nil {
			return inv, err
		}
		for _, b := range binds {
			sec.Binds = append(sec.Binds, b.Name)
		}
		switching, err := dataplane.List[dataplane.BackendSwitchingRule](ctx, c, "frontend", f.Name, dataplane.ListBackendSwitchingRules)
		if err != nil {
			return inv, err
		}
		sec.BackendSwitchingRules = len(switching)
		inv.Frontends = append(inv.Frontends, sec)
	}
	backends, err := c.Backends(ctx)
	if err != nil {
		return inv, err
	}
	for _, b := range backends {
		sec, err := apiSection(ctx, c, "backend", b.Name)
		if err != nil {
			return inv, err
		}
		servers, err := c.Servers(ctx, b.Name)
		if err != nil {
			return inv, err
		}
		for _, s := range servers {
			sec.Servers = append(sec.Servers, s.Name)
		}
		inv.Backends = append(inv.Backends, sec)
	}
	return inv, nil
}

func apiSection(ctx context.Context, c *dataplane.Client, kind, name string) (Section, error) {
	acls, err := dataplane.List[dataplane.ACL](ctx, c, kind, name, dataplane.ListACLs)
	if err != nil {
		return Section{}, err
	}
	rules, err := dataplane.List[dataplane.HTTPRequestRule](ctx, c, kind, name, dataplane.ListHTTPRequestRules)
	if err != nil {
		return Section{}, err
	}
	return Section{Name: name, ACLs: acls, HTTPRequestRules: len(rules)}, nil
}

// Object is one resource to import.
type Object struct {
	Type string // haproxy_server
	Name string // what the resource's name is made from: be_app_web1
	ID   string // the import ID: be_app/web1
	// Identity says which object this is in a Terraform state: the import ID, or
	// for an ACL, whose import ID is an index that moves, its parent and line.
	Identity string
}

// Objects lists the objects of inv in the order they are written: sections,
// then their binds, servers, ACL lines and non-empty rule lists.
func (inv Inventory) Objects() []Object {
	var objs []Object
	add := func(typ, name, id, identity string) {
		objs = append(objs, Object{Type: typ, Name: name, ID: id, Identity: identity})
	}
	for _, pair := range []struct {
		kind     string
		sections []Section
	}{{"frontend", inv.Frontends}, {"backend", inv.Backends}} {
		for _, s := range pair.sections {
			add("haproxy_"+pair.kind, s.Name, s.Name, s.Name)
			for _, b := range s.Binds {
				add("haproxy_bind", s.Name+"_"+b, childID(s.Name, b), childID(s.Name, b))
			}
			for _, sv := range s.Servers {
				add("haproxy_server", s.Name+"_"+sv, childID(s.Name, sv), childID(s.Name, sv))
			}
			for i, a := range s.ACLs {
				add("haproxy_acl", s.Name+"_acl_"+strconv.Itoa(i), listID(pair.kind, s.Name)+"/"+strconv.Itoa(i), aclIdentity(pair.kind, s.Name, a))
			}
			if s.HTTPRequestRules > 0 {
				add("haproxy_http_request_rules", s.Name, listID(pair.kind, s.Name), listID(pair.kind, s.Name))
			}
			if s.BackendSwitchingRules > 0 {
				add("haproxy_backend_switching_rules", s.Name, listID(pair.kind, s.Name), listID(pair.kind, s.Name))
			}
		}
	}
	return objs
}

// childID is the ID of a server or bind: `<parent>/<name>`.
func childID(parent, name string) string { return parent + "/" + name }

// listID is the ID of a section's rule list: `<frontends|backends>/<parent>`.
func listID(kind, parent string) string { return kind + "s/" + parent }

// aclIdentity is an ACL line by where it is and what it says.
func aclIdentity(kind, parent string, a dataplane.ACL) string {
	return listID(kind, parent) + "/" + strings.Join([]string{a.ACLName, a.Criterion, a.Value}, " ")
}

// Write writes one import block per object of inv.
func Write(w io.Writer, inv Inventory) error { return WriteImports(w, inv.Objects(), nil) }

// WriteImports writes one import block per object. Each resource's name is the
// object's name made an identifier, unique within its type and not one of the
// addresses in taken (`haproxy_backend.app`, resources a configuration has).
func WriteImports(w io.Writer, objs []Object, taken map[string]bool) error {
	used := map[string]bool{}
	for a := range taken {
		used[a] = true
	}
	for _, o := range objs {
		base := notIdentifier.ReplaceAllString(o.Name, "_")
		if base == "" || base[0] >= '0' && base[0] <= '9' || base[0] == '-' {
			base = "_" + base
		}
		label := base
		for n := 2; used[o.Type+"."+label]; n++ {
			label = base + "_" + strconv.Itoa(n)
		}
		used[o.Type+"."+label] = true
		if _, err := fmt.Fprintf(w, "import {\n  to = %s.%s\n  id = %q\n}\n\n", o.Type, label, strings.ReplaceAll(o.ID, "${", "$${")); err != nil {
			return err
		}
	}
	return nil
}

var notIdentifier = regexp.MustCompile(`[^A-Za-z0-9_-]`)
