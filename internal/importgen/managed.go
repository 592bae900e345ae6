package importgen

import (
	"encoding/json"
	"errors"
	"fmt"
	"strings"

	"github.com/tfhaproxy/terraform-provider-haproxy/internal/dataplane"
)

// Managed is what a Terraform state holds: the objects this provider's resources
// manage, and the resource addresses of the root module.
type Managed struct {
	objects map[string]int // type and identity of an object → its instances (ACL lines may repeat)
	// Addresses are the root module's resource addresses (`haproxy_backend.app`),
	// which new import blocks must not take.
	Addresses map[string]bool
}

// ourProvider is the end of this provider's address, as states record it
// (`registry.terraform.io/tfhaproxy/haproxy`, or another host's mirror of it).
const ourProvider = "tfhaproxy/haproxy"

// ReadManaged reads either form Terraform prints a state in: `terraform show
// -json` (a JSON document with format_version and values), or the state file
// itself (version 4, as `terraform state pull` prints it and backends store it).
func ReadManaged(data []byte) (*Managed, error) {
	var top map[string]json.RawMessage
	if err := json.Unmarshal(data, &top); err != nil {
		return nil, fmt.Errorf("not JSON: %w", err)
	}
	m := &Managed{objects: map[string]int{}, Addresses: map[string]bool{}}
	switch {
	case top["planned_values"] != nil || top["resource_changes"] != nil:
		return nil, errors.New("this is a plan, not a state: give `terraform show -json` without a plan file, or the state file")
	case top["format_version"] != nil:
		var shown struct {
			FormatVersion string `json:"format_version"`
			Values        *struct {
				RootModule shownModule `json:"root_module"`
			} `json:"values"`
		}
		if err := json.Unmarshal(data, &shown); err != nil {
			return nil, fmt.Errorf("`terraform show -json` output: %w", err)
		}
		if !strings.HasPrefix(shown.FormatVersion, "1.") {
			return nil, fmt.Errorf("`terraform show -json` format_version %q: only 1.x is known", shown.FormatVersion)
		}
		if shown.Values != nil { // an empty state has none
			m.addShown(shown.Values.RootModule, true)
		}
	case top["version"] != nil && top["lineage"] != nil:
		var state stateFile
		if err := json.Unmarshal(data, &state); err != nil {
			return nil, fmt.Errorf("state file: %w", err)
		}
		if state.Version != 4 {
			return nil, fmt.Errorf("state file version %d: only version 4 (Terraform 0.12 and later) is known", state.Version)
		}
		for _, r := range state.Resources {
			if r.Mode != "managed" {
				continue
			}
			if r.Module == "" {
				m.Addresses[r.Type+"."+r.Name] = true
			}
			if !ours(stateProvider(r.Provider)) {
				continue
			}
			for _, in := range r.Instances {
				m.add(r.Type, in.Attributes)
			}
		}
	default:
		return nil, errors.New("neither `terraform show -json` output (no format_version) nor a Terraform state file (no version and lineage)")
	}
	return m, nil
}

// stateFile is the part of a version 4 state file read here.
type stateFile struct {
	Version   int `json:"version"`
	Resources []struct {
		Module    string `json:"module"` // empty in the root module
		Mode      string `json:"mode"`
		Type      string `json:"type"`
		Name      string `json:"name"`
		Provider  string `json:"provider"` // provider["registry.terraform.io/tfhaproxy/haproxy"], maybe with a module before and an alias after
		Instances []struct {
			Attributes map[string]any `json:"attributes"`
		} `json:"instances"`
	} `json:"resources"`
}

// shownModule is a module in `terraform show -json`: one entry per resource
// instance.
type shownModule struct {
	Resources []struct {
		Mode         string         `json:"mode"`
		Type         string         `json:"type"`
		Name         string         `json:"name"`
		ProviderName string         `json:"provider_name"`
		Values       map[string]any `json:"values"`
	} `json:"resources"`
	ChildModules []shownModule `json:"child_modules"`
}

func (m *Managed) addShown(mod shownModule, root bool) {
	for _, r := range mod.Resources {
		if r.Mode != "managed" {
			continue
		}
		if root {
			m.Addresses[r.Type+"."+r.Name] = true
		}
		if ours(r.ProviderName) {
			m.add(r.Type, r.Values)
		}
	}
	for _, c := range mod.ChildModules {
		m.addShown(c, false)
	}
}

// stateProvider is the provider's address in a state file's reference to it:
// module.x.provider["registry.terraform.io/tfhaproxy/haproxy"].alias.
func stateProvider(ref string) string {
	_, rest, _ := strings.Cut(ref, `provider["`)
	addr, _, _ := strings.Cut(rest, `"]`)
	return addr
}

func ours(provider string) bool {
	return provider == ourProvider || strings.HasSuffix(provider, "/"+ourProvider)
}

// add counts the object a resource instance manages, known by the same
// identity as Objects gives it: its import ID, which every resource keeps as
// its id, or for an ACL, whose import ID is an index that moves, its parent
// and line.
func (m *Managed) add(typ string, attrs map[string]any) {
	s := func(name string) string { v, _ := attrs[name].(string); return v } // a null is ""
	identity := s("id")
	if typ == "haproxy_acl" {
		identity = aclIdentity(s("parent_type"), s("parent_name"), dataplane.ACL{ACLName: s("acl_name"), Criterion: s("criterion"), Value: s("value")})
	}
	m.objects[typ+" "+identity]++
}

// Unmanaged is the objects of objs that m does not manage. Of several equal ACL
// lines, as many as m manages count as managed, the first ones.
func (m *Managed) Unmanaged(objs []Object) []Object {
	left := make(map[string]int, len(m.objects))
	for k, n := range m.objects {
		left[k] = n
	}
	var out []Object
	for _, o := range objs {
		if k := o.Type + " " + o.Identity; left[k] > 0 {
			left[k]--
			continue
		}
		out = append(out, o)
	}
	return out
}
