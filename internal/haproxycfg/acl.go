package haproxycfg

import (
	"strings"

	"github.com/tfhaproxy/terraform-provider-haproxy/internal/dataplane"
)

// ACLs is the view of the `acl <name> <criterion> [values]` lines of proxies
// and of fcgi-app sections, whose ACLs are their own (pass-header, set-param). The criterion and the value are spelled as written: the value is the rest
// of the line, flags, patterns, quotes and all.
var ACLs = ListView[dataplane.ACL]{
	keyword: "acl",
	parents: []string{"frontend", "backend", "defaults", "listen", "fcgi-app"},
	read: func(l *Line) dataplane.ACL {
		a := dataplane.ACL{Value: rawFrom(l, 3)}
		if len(l.words) > 1 {
			a.ACLName = l.words[1]
		}
		if len(l.words) > 2 {
			a.Criterion = l.spell(2)
		}
		return a
	},
	words: func(a *dataplane.ACL) []string {
		w := []string{"acl", a.ACLName, a.Criterion}
		if a.Value != "" {
			w = append(w, a.Value)
		}
		return w
	},
	metadata: func(a *dataplane.ACL) *dataplane.Metadata { return &a.Metadata },
	check: func(a *dataplane.ACL) error {
		if strings.ContainsAny(a.Criterion, " \t") {
			return &FieldError{"criterion", "must be one word"}
		}
		return firstError(checkStrings(a), checkName("acl_name", a.ACLName), checkWord("criterion", a.Criterion))
	},
}
