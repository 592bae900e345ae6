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
	ACLs                  int // lines
	HTTPRequestRules      int // lines
	BackendSwitchingRules int // lines
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
	return Section{Name: name, ACLs: len(acls), HTTPRequestRules: len(rules)}, nil
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
	return Section{Name: name, ACLs: len(acls), HTTPRequestRules: len(rules)}, nil
}

// Write writes one import block per object: sections, servers, binds, each ACL
// line, and each non-empty rule list.
func Write(w io.Writer, inv Inventory) error {
	g := &generator{w: w, used: map[string]bool{}}
	for _, pair := range []struct {
		kind     string
		sections []Section
	}{{"frontend", inv.Frontends}, {"backend", inv.Backends}} {
		for _, s := range pair.sections {
			g.block("haproxy_"+pair.kind, s.Name, s.Name)
			for _, b := range s.Binds {
				g.block("haproxy_bind", s.Name+"_"+b, s.Name+"/"+b)
			}
			for _, sv := range s.Servers {
				g.block("haproxy_server", s.Name+"_"+sv, s.Name+"/"+sv)
			}
			for i := range s.ACLs {
				g.block("haproxy_acl", s.Name+"_acl_"+strconv.Itoa(i), pair.kind+"s/"+s.Name+"/"+strconv.Itoa(i))
			}
			if s.HTTPRequestRules > 0 {
				g.block("haproxy_http_request_rules", s.Name, pair.kind+"s/"+s.Name)
			}
			if s.BackendSwitchingRules > 0 {
				g.block("haproxy_backend_switching_rules", s.Name, pair.kind+"s/"+s.Name)
			}
		}
	}
	return g.err
}

type generator struct {
	w    io.Writer
	used map[string]bool
	err  error
}

var notIdentifier = regexp.MustCompile(`[^A-Za-z0-9_-]`)

// block writes one import block; the resource name is the object's name made an
// identifier, made unique within its type.
func (g *generator) block(typ, name, id string) {
	base := notIdentifier.ReplaceAllString(name, "_")
	if base == "" || base[0] >= '0' && base[0] <= '9' || base[0] == '-' {
		base = "_" + base
	}
	label := base
	for n := 2; g.used[typ+"."+label]; n++ {
		label = base + "_" + strconv.Itoa(n)
	}
	g.used[typ+"."+label] = true
	if g.err == nil {
		_, g.err = fmt.Fprintf(g.w, "import {\n  to = %s.%s\n  id = %q\n}\n\n", typ, label, strings.ReplaceAll(id, "${", "$${"))
	}
}
