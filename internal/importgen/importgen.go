// Package importgen writes Terraform `import {}` blocks for every object of a
// haproxy.cfg that the provider manages, so that `terraform plan
// -generate-config-out=...` adopts a handwritten configuration whole.
package importgen

import (
	"context"
	"fmt"
	"io"
	"maps"
	"regexp"
	"slices"
	"strconv"
	"strings"

	"github.com/tfhaproxy/terraform-provider-haproxy/internal/dataplane"
	"github.com/tfhaproxy/terraform-provider-haproxy/internal/haproxycfg"
)

// Inventory is what a configuration holds, as the provider's resources see it.
type Inventory struct {
	Global bool // a global section: haproxy_global adopts it
	// GlobalLists are the resource types of the global section's non-empty
	// lists (haproxy_log_targets), as Section.Lists.
	GlobalLists []string
	Defaults    []Section
	Frontends   []Section
	Backends    []Section
	Listens     []Section
	// Resolvers are the names of those sections. Userlists are not here:
	// `plan -generate-config-out` cannot write their passwords (Terraform
	// keeps sensitive values out of generated files), so they are imported
	// with the passwords written in (see the adopting guide).
	Resolvers []string
	// Sections are the other sections held as their lines (haproxy_section),
	// by kind, each kind's in file order.
	Sections []SectionRef
	// Maps are the map files the agent stores (haproxy_map), through the API
	// only: a haproxy.cfg alone does not say which directory the agent stores
	// them in. Stored certificates are not here, for the reason userlists are
	// not: their private keys stay out of generated files.
	Maps []string
}

// SectionRef names a section held as its lines.
type SectionRef struct{ Type, Name string }

// Section is a proxy section and its children.
type Section struct {
	Name           string
	Servers, Binds []string
	ACLs           []dataplane.ACL // in file order: an ACL's import ID is its index
	// Lists are the resource types of the section's non-empty ordered lists
	// (haproxy_http_request_rules, ...), in the order of lists.
	Lists []string
}

// listKind is one ordered list of a section, a resource of its own: how many
// items a section has, from a config or through the API.
type listKind struct {
	resource   string
	parents    []string
	fromConfig func(c *haproxycfg.Config, kind, name string) int
	fromAPI    func(ctx context.Context, c *dataplane.Client, kind, name string) (int, error)
}

func list[T any](resource, endpoint string, view haproxycfg.ListView[T]) listKind {
	return listKind{
		resource: resource, parents: view.Parents(),
		fromConfig: func(c *haproxycfg.Config, kind, name string) int {
			items, _ := view.List(c, kind, name)
			return len(items)
		},
		fromAPI: func(ctx context.Context, c *dataplane.Client, kind, name string) (int, error) {
			items, err := dataplane.List[T](ctx, c, kind, name, endpoint)
			return len(items), err
		},
	}
}

// lists are the provider's list resources, one row each.
var lists = []listKind{
	list("haproxy_http_request_rules", dataplane.ListHTTPRequestRules, haproxycfg.HTTPRequestRules),
	list("haproxy_http_response_rules", dataplane.ListHTTPResponseRules, haproxycfg.HTTPResponseRules),
	list("haproxy_http_after_response_rules", dataplane.ListHTTPAfterResponseRules, haproxycfg.HTTPAfterResponseRules),
	list("haproxy_http_error_rules", dataplane.ListHTTPErrorRules, haproxycfg.HTTPErrorRules),
	list("haproxy_tcp_request_rules", dataplane.ListTCPRequestRules, haproxycfg.TCPRequestRules),
	list("haproxy_tcp_response_rules", dataplane.ListTCPResponseRules, haproxycfg.TCPResponseRules),
	list("haproxy_backend_switching_rules", dataplane.ListBackendSwitchingRules, haproxycfg.BackendSwitchingRules),
	list("haproxy_server_switching_rules", dataplane.ListServerSwitchingRules, haproxycfg.ServerSwitchingRules),
	list("haproxy_stick_rules", dataplane.ListStickRules, haproxycfg.StickRules),
	list("haproxy_http_checks", dataplane.ListHTTPChecks, haproxycfg.HTTPChecks),
	list("haproxy_tcp_checks", dataplane.ListTCPChecks, haproxycfg.TCPChecks),
	list("haproxy_log_targets", dataplane.ListLogTargets, haproxycfg.LogTargets),
	list("haproxy_captures", dataplane.ListCaptures, haproxycfg.Captures),
	list("haproxy_filters", dataplane.ListFilters, haproxycfg.Filters),
}

// FromConfig takes the inventory of a haproxy.cfg's content.
func FromConfig(data []byte) (Inventory, error) {
	c := haproxycfg.Parse(data)
	inv := Inventory{Global: c.Section("global", "") != nil}
	for _, l := range lists {
		if slices.Contains(l.parents, "global") && l.fromConfig(c, "global", "") > 0 {
			inv.GlobalLists = append(inv.GlobalLists, l.resource)
		}
	}
	proxies := []struct {
		kind  string
		names []string
		into  *[]Section
	}{
		{"defaults", names(haproxycfg.Defaults.List(c), func(d dataplane.Defaults) string { return d.Name }), &inv.Defaults},
		{"frontend", names(haproxycfg.Frontends.List(c), func(f dataplane.Frontend) string { return f.Name }), &inv.Frontends},
		{"backend", names(haproxycfg.Backends.List(c), func(b dataplane.Backend) string { return b.Name }), &inv.Backends},
		{"listen", names(haproxycfg.Listens.List(c), func(l dataplane.Listen) string { return l.Name }), &inv.Listens},
	}
	for _, p := range proxies {
		for _, name := range p.names {
			sec := Section{Name: name}
			sec.ACLs, _ = haproxycfg.ACLs.List(c, p.kind, name)
			if p.kind == "backend" || p.kind == "listen" {
				servers, _ := haproxycfg.Servers.In(p.kind).List(c, name)
				sec.Servers = names(servers, func(s dataplane.Server) string { return s.Name })
			}
			if p.kind == "frontend" || p.kind == "listen" {
				binds, _ := haproxycfg.Binds.In(p.kind).List(c, name)
				sec.Binds = names(binds, func(b dataplane.Bind) string { return b.Name })
			}
			for _, l := range lists {
				if slices.Contains(l.parents, p.kind) && l.fromConfig(c, p.kind, name) > 0 {
					sec.Lists = append(sec.Lists, l.resource)
				}
			}
			*p.into = append(*p.into, sec)
		}
	}
	inv.Resolvers = names(haproxycfg.Resolvers.List(c), func(r dataplane.Resolver) string { return r.Name })
	for _, typ := range slices.Sorted(maps.Keys(haproxycfg.BodySections)) {
		for _, name := range haproxycfg.BodySections[typ].Names(c) {
			inv.Sections = append(inv.Sections, SectionRef{typ, name})
		}
	}
	return inv, nil
}

// FromAPI takes the inventory through the Data Plane API of an agent (or of the
// official dataplaneapi, which has no listen sections).
func FromAPI(ctx context.Context, c *dataplane.Client) (Inventory, error) {
	var inv Inventory
	if _, err := c.Global(ctx); err == nil {
		inv.Global = true
		for _, l := range lists {
			if !slices.Contains(l.parents, "global") {
				continue
			}
			n, err := l.fromAPI(ctx, c, "global", "")
			if err != nil {
				return inv, err
			}
			if n > 0 {
				inv.GlobalLists = append(inv.GlobalLists, l.resource)
			}
		}
	}
	frontends, err := c.Frontends(ctx)
	if err != nil {
		return inv, err
	}
	backends, err := c.Backends(ctx)
	if err != nil {
		return inv, err
	}
	defaults, _ := c.DefaultsSections(ctx) // the official API before 3.0 has none
	listens, _ := c.Listens(ctx)           // ours only
	proxies := []struct {
		kind  string
		names []string
		into  *[]Section
	}{
		{"defaults", names(defaults, func(d dataplane.Defaults) string { return d.Name }), &inv.Defaults},
		{"frontend", names(frontends, func(f dataplane.Frontend) string { return f.Name }), &inv.Frontends},
		{"backend", names(backends, func(b dataplane.Backend) string { return b.Name }), &inv.Backends},
		{"listen", names(listens, func(l dataplane.Listen) string { return l.Name }), &inv.Listens},
	}
	for _, p := range proxies {
		for _, name := range p.names {
			sec, err := apiSection(ctx, c, p.kind, name)
			if err != nil {
				return inv, err
			}
			*p.into = append(*p.into, sec)
		}
	}
	resolvers, _ := c.Resolvers(ctx)
	inv.Resolvers = names(resolvers, func(r dataplane.Resolver) string { return r.Name })
	for _, typ := range slices.Sorted(maps.Keys(haproxycfg.BodySections)) {
		sections, err := c.OtherSectionNames(ctx, dataplane.BodySectionPaths[typ])
		if err != nil && !dataplane.IsNotFound(err) { // an older official API lacks some kinds
			return inv, err
		}
		for _, name := range sections {
			inv.Sections = append(inv.Sections, SectionRef{typ, name})
		}
	}
	stored, err := c.MapFiles(ctx)
	if err != nil && !dataplane.IsNotFound(err) {
		return inv, err
	}
	inv.Maps = names(stored, func(m dataplane.MapFile) string { return m.StorageName })
	return inv, nil
}

func apiSection(ctx context.Context, c *dataplane.Client, kind, name string) (Section, error) {
	sec := Section{Name: name}
	var err error
	if kind != "defaults" {
		if sec.ACLs, err = dataplane.List[dataplane.ACL](ctx, c, kind, name, dataplane.ListACLs); err != nil {
			return sec, err
		}
	}
	if kind == "backend" || kind == "listen" {
		servers, err := c.ServersIn(ctx, kind, name)
		if err != nil {
			return sec, err
		}
		sec.Servers = names(servers, func(s dataplane.Server) string { return s.Name })
	}
	if kind == "frontend" || kind == "listen" {
		binds, err := c.BindsIn(ctx, kind, name)
		if err != nil {
			return sec, err
		}
		sec.Binds = names(binds, func(b dataplane.Bind) string { return b.Name })
	}
	for _, l := range lists {
		if !slices.Contains(l.parents, kind) {
			continue
		}
		n, err := l.fromAPI(ctx, c, kind, name)
		if err != nil {
			return sec, err
		}
		if n > 0 {
			sec.Lists = append(sec.Lists, l.resource)
		}
	}
	return sec, nil
}

// names are the names of items.
func names[T any](items []T, name func(T) string) []string {
	var out []string
	for _, it := range items {
		out = append(out, name(it))
	}
	return out
}

// Object is one resource to import.
type Object struct {
	Type string // haproxy_server
	Name string // what the resource's name is made from: be_app_web1
	ID   string // the import ID: be_app/web1
	// Identity says which object this is in a Terraform state: the import ID, or
	// for an ACL, whose import ID is an index that moves, its parent and line.
	Identity string
	at       place // where its resource reads it (read)
}

// place is where an object is: the kind and name of its section (or of the
// section a child is in, with the child's name), or a map file's name.
type place struct{ kind, parent, name string }

// Objects lists the objects of inv in the order they are written: the global
// section and its lists, the proxy sections, then each one's binds, servers, ACL lines and
// non-empty lists, then the other sections, then the stored map files.
func (inv Inventory) Objects() []Object {
	var objs []Object
	add := func(typ, name, id string, at place) {
		objs = append(objs, Object{Type: typ, Name: name, ID: id, Identity: id, at: at})
	}
	if inv.Global {
		add("haproxy_global", "global", "global", place{kind: "global"})
	}
	for _, typ := range inv.GlobalLists {
		add(typ, "global", "global", place{kind: "global"})
	}
	for _, group := range []struct {
		kind     string
		sections []Section
	}{{"defaults", inv.Defaults}, {"frontend", inv.Frontends}, {"backend", inv.Backends}, {"listen", inv.Listens}} {
		for _, s := range group.sections {
			section := place{kind: group.kind, parent: s.Name}
			add("haproxy_"+group.kind, s.Name, s.Name, place{kind: group.kind, name: s.Name})
			child := func(name string) string { return childID(s.Name, name) }
			if group.kind == "listen" {
				child = func(name string) string { return "listen/" + childID(s.Name, name) }
			}
			for _, b := range s.Binds {
				add("haproxy_bind", s.Name+"_"+b, child(b), place{group.kind, s.Name, b})
			}
			for _, sv := range s.Servers {
				add("haproxy_server", s.Name+"_"+sv, child(sv), place{group.kind, s.Name, sv})
			}
			for i, a := range s.ACLs {
				objs = append(objs, Object{Type: "haproxy_acl", Name: s.Name + "_acl_" + strconv.Itoa(i),
					ID: listID(group.kind, s.Name) + "/" + strconv.Itoa(i), Identity: aclIdentity(group.kind, s.Name, a), at: section})
			}
			for _, typ := range s.Lists {
				add(typ, s.Name, listID(group.kind, s.Name), section)
			}
		}
	}
	for _, r := range inv.Resolvers {
		add("haproxy_resolvers", r, r, place{kind: "resolvers", name: r})
	}
	for _, s := range inv.Sections {
		add("haproxy_section", s.Type+"_"+s.Name, s.Type+"/"+s.Name, place{kind: s.Type, name: s.Name})
	}
	for _, m := range inv.Maps {
		add("haproxy_map", m, m, place{name: m})
	}
	return objs
}

// childID is the ID of a server or bind: `<parent>/<name>`.
func childID(parent, name string) string { return parent + "/" + name }

// listID is the ID of a section's list: `<frontends|backends|listens|defaults>/<parent>`.
func listID(kind, parent string) string { return dataplane.SectionPlural(kind) + "/" + parent }

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
