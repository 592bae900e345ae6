package haproxycfg

import (
	"strings"

	"github.com/tfhaproxy/terraform-provider-haproxy/internal/dataplane"
)

// ACLs is the view of a frontend's or backend's `acl <name> <criterion> [values]`
// lines. The value is kept as written (flags, quoting and all).
var ACLs = ListView[dataplane.ACL]{
	keyword: "acl",
	parents: []string{"frontend", "backend"},
	read: func(l *Line) dataplane.ACL {
		a := dataplane.ACL{Value: rawFrom(l, 3)}
		if len(l.words) > 1 {
			a.ACLName = l.words[1]
		}
		if len(l.words) > 2 {
			a.Criterion = l.words[2]
		}
		return a
	},
	words: func(a *dataplane.ACL) []string {
		w := []string{"acl", quote(a.ACLName), quote(a.Criterion)}
		if a.Value != "" {
			w = append(w, a.Value)
		}
		return w
	},
	check: func(a *dataplane.ACL) error {
		if strings.ContainsAny(a.Criterion, " \t") {
			return &FieldError{"criterion", "must be one word"}
		}
		return firstError(checkStrings(a), checkName("acl_name", a.ACLName), checkWord("criterion", a.Criterion))
	},
}
