package dataplane

import (
	"maps"
	"reflect"
	"slices"
	"strings"
	"testing"
)

// TestEveryModelHasAnOfficialKind: every struct a served model holds names its
// official model, so that the agent's decoder knows which of its members the
// official server reads.
func TestEveryModelHasAnOfficialKind(t *testing.T) {
	seen := map[reflect.Type]bool{}
	var walk func(t reflect.Type, from string)
	walk = func(rt reflect.Type, from string) {
		for rt.Kind() == reflect.Pointer || rt.Kind() == reflect.Slice {
			rt = rt.Elem()
		}
		if rt.Kind() != reflect.Struct || seen[rt] {
			return
		}
		seen[rt] = true
		if _, ok := OfficialKinds[rt]; !ok {
			t.Errorf("%s (in %s) has no entry in OfficialKinds", rt.Name(), from)
		}
		for name, ft := range ModelFields(rt) {
			walk(ft, rt.Name()+"."+name)
		}
	}
	for rt := range OfficialKinds {
		walk(rt, "OfficialKinds")
	}
	for kind, fields := range OfficialFields {
		if !slices.IsSorted(fields) || len(slices.Compact(slices.Clone(fields))) != len(fields) {
			t.Errorf("OfficialFields[%q] is not sorted and unique", kind)
		}
		for _, name := range fields {
			if strings.ToLower(name) != name { // the agent's decoder folds case against them
				t.Errorf("OfficialFields[%q]: %q is not lower case", kind, name)
			}
		}
	}
}

// notOfficial are the members our models have that the official model of the
// same kind does not: each is a deliberate extension or a known difference.
var notOfficial = map[string][]string{
	"bind": {"process"}, // a v2 field (v3 has thread); HAProxy 2.6 still reads it
	// a runtime API is a bind without a port and metadata; the agent's decoder
	// ignores those members, as the official server does
	"runtime_api": {"metadata", "port", "port-range-end", "process"},
	// The frontend's and backend's shared structs hold them; HAProxy refuses
	// both in a defaults section, and so does our check.
	"defaults": {"http_proxy", "stick_table"},
	// Lines the official models lack, which handwritten configs have: our
	// extension, so that every line of them has an owner.
	"frontend":      {"capture_cookie", "capture_request_headers", "capture_response_headers", "redirects"},
	"backend":       {"dispatch", "redirects"},
	"listen":        {"capture_cookie", "capture_request_headers", "capture_response_headers", "dispatch", "redirects"},
	"global":        {"stats_bind_process", "unix_bind"},
	"stats_options": {"stats_scopes"},
}

// TestOfficialFieldCoverage measures, per kind of object, the share of the
// official model's fields our model has (the json tags of our Go type that the
// official list names), and checks that every other member we have is a known
// difference, so that a misspelt tag cannot pass for a modeled field.
func TestOfficialFieldCoverage(t *testing.T) {
	typeOf := map[string]reflect.Type{}
	for rt, kind := range OfficialKinds {
		typeOf[kind] = rt
	}
	kinds := slices.Sorted(maps.Keys(OfficialFields))
	total, covered := 0, 0
	for _, kind := range kinds {
		official := OfficialFields[kind]
		if len(official) == 0 {
			t.Fatalf("no official fields for %s", kind)
		}
		ours := map[string]reflect.Type{} // a kind with no Go model yet (stick_table) covers nothing
		if rt, ok := typeOf[kind]; ok {
			ours = ModelFields(rt)
		}
		n := 0
		for _, name := range official {
			_, modeled := ours[name]
			_, alias := Aliases[kind][name] // read as the member it stands for
			if modeled || alias {
				n++
			}
		}
		for name := range ours {
			if !slices.Contains(official, name) && !slices.Contains(notOfficial[kind], name) {
				t.Errorf("%s: our member %q is not in the official model (misspelt, or a difference to list in notOfficial)", kind, name)
			}
		}
		if _, ok := typeOf[kind]; ok && n == 0 {
			t.Errorf("%s: no official field is modeled", kind)
		}
		total, covered = total+len(official), covered+n
		var missing []string
		for _, name := range official {
			if _, modeled := ours[name]; !modeled && Aliases[kind][name] == (Alias{}) {
				missing = append(missing, name)
			}
		}
		t.Logf("missing %s: %s", kind, strings.Join(missing, " "))
		t.Logf("coverage %-24s %3d / %3d = %5.1f%%", kind, n, len(official), 100*float64(n)/float64(len(official)))
	}
	t.Logf("coverage %-24s %3d / %3d = %5.1f%%", "all kinds", covered, total, 100*float64(covered)/float64(total))
}
