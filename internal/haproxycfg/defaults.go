package haproxycfg

import (
	"fmt"
	"regexp"
	"slices"
	"strconv"
	"strings"

	"github.com/tfhaproxy/terraform-provider-haproxy/internal/dataplane"
)

type defaults = dataplane.Defaults

// defaultsSettings are the single-line settings of a defaults section, from the
// model's tags.
var defaultsSettings = sectionTagsOf[defaults]()

// Defaults is the view of the `defaults` sections, named and anonymous.
//
// An anonymous section (`defaults` alone on its header) is named
// unnamed_defaults_<n> by the API (anonymousNames): the name reads and
// addresses it, and is never written to the file, so the header stays as it
// was. The official server renames such a section in the file; we do not.
//
// A new defaults section goes where it changes no other section's defaults:
// HAProxy gives a section without `from` the last defaults section before it,
// so the new one goes just before an existing defaults section (the first one
// after the section its own `from` names), and at the end of the file when
// there is none. A section that names it with `from` must come after it, as
// HAProxy reads `from` only backwards.
//
// A defaults section that another names with `from` is not deleted: HAProxy
// would refuse the dangling name; the error names the sections to change first.
var Defaults = SectionView[defaults]{
	kind:     "defaults",
	name:     func(d *defaults) *string { return &d.Name },
	from:     func(d *defaults) *string { return &d.From },
	metadata: func(d *defaults) *dataplane.Metadata { return &d.Metadata },
	table: slices.Concat(defaultsSettings.table,
		backendDirectives(backendParts[defaults]{
			objects: func(d *defaults) *backendObjects { return &d.BackendObjects },
			options: func(d *defaults) *dataplane.BackendOptions { return &d.BackendOptions },
			proxy:   func(d *defaults) *dataplane.ProxyOptions { return &d.ProxyOptions },
		}),
		proxyObjectDirectives(func(d *defaults) *dataplane.ProxyObjects { return &d.ProxyObjects })),
	parts: []childPart[defaults]{
		listPart("acl_list", "defaults", ACLs, func(d *defaults) *[]dataplane.ACL { return &d.ACLList }),
		listPart("http_request_rule_list", "defaults", HTTPRequestRules,
			func(d *defaults) *[]dataplane.HTTPRequestRule { return &d.HTTPRequestRuleList }),
		listPart("http_response_rule_list", "defaults", HTTPResponseRules,
			func(d *defaults) *[]dataplane.HTTPResponseRule { return &d.HTTPResponseRuleList }),
		listPart("http_after_response_rule_list", "defaults", HTTPAfterResponseRules,
			func(d *defaults) *[]dataplane.HTTPAfterResponseRule { return &d.HTTPAfterResponseRuleList }),
		listPart("http_error_rule_list", "defaults", HTTPErrorRules,
			func(d *defaults) *[]dataplane.HTTPErrorRule { return &d.HTTPErrorRuleList }),
		listPart("tcp_request_rule_list", "defaults", TCPRequestRules,
			func(d *defaults) *[]dataplane.TCPRequestRule { return &d.TCPRequestRuleList }),
		listPart("tcp_response_rule_list", "defaults", TCPResponseRules,
			func(d *defaults) *[]dataplane.TCPResponseRule { return &d.TCPResponseRuleList }),
		listPart("http_check_list", "defaults", HTTPChecks, func(d *defaults) *[]dataplane.HTTPCheck { return &d.HTTPCheckList }),
		listPart("tcp_check_rule_list", "defaults", TCPChecks, func(d *defaults) *[]dataplane.TCPCheck { return &d.TCPCheckRuleList }),
		listPart("log_target_list", "defaults", LogTargets, func(d *defaults) *[]dataplane.LogTarget { return &d.LogTargetList }),
		listPart("quic_initial_rule_list", "defaults", QUICInitialRules,
			func(d *defaults) *[]dataplane.QUICInitialRule { return &d.QUICInitialRuleList }),
	},
	place: defaultsPlace,
	check: func(d *defaults) error {
		var notHere error
		switch {
		case d.StickTable != nil:
			notHere = &FieldError{"stick_table", "HAProxy has no stick-table in a defaults section"}
		case d.HTTPProxy != "":
			notHere = &FieldError{"http_proxy", "HAProxy has no option http_proxy in a defaults section"}
		}
		return firstError(
			checkStrings(d),
			checkName("name", d.Name),
			defaultsSettings.check(d),
			checkProxyOptions(&d.ProxyOptions),
			checkBackendObjects(&d.BackendObjects, &d.BackendOptions),
			checkProxyObjects(&d.ProxyObjects),
			notHere,
		)
	},
	deleting: checkUnreferenced,
}

// anonymousDefaults is how the API's names of anonymous defaults sections
// begin: unnamed_defaults_1, unnamed_defaults_2, ...
const anonymousDefaults = "unnamed_defaults_"

var anonymousName = regexp.MustCompile(`^` + anonymousDefaults + `[0-9]+$`)

// anonymousNames names the anonymous defaults sections of c, by index: the
// n-th one, in file order, takes the n-th name unnamed_defaults_<k> (k from 1)
// that no named defaults section has, so that every section has one name.
func (c *Config) anonymousNames() map[int]string {
	var out map[int]string
	var named map[string]bool
	k := 0
	for i, s := range c.sections {
		if s.Kind != "defaults" || s.Name != "" {
			continue
		}
		if out == nil {
			out, named = map[int]string{}, map[string]bool{}
			for _, t := range c.sections {
				if t.Kind == "defaults" && t.Name != "" {
					named[t.Name] = true
				}
			}
		}
		for {
			k++
			if n := anonymousDefaults + strconv.Itoa(k); !named[n] {
				out[i] = n
				break
			}
		}
	}
	return out
}

// findAnonymous is the index of the anonymous defaults section the API names
// name, -1 when none.
func (c *Config) findAnonymous(name string) int {
	if !anonymousName.MatchString(name) {
		return -1
	}
	for i, n := range c.anonymousNames() {
		if n == name {
			return i
		}
	}
	return -1
}

// apiName is the name the API gives section i.
func (c *Config) apiName(i int) string {
	if s := c.sections[i]; s.Kind != "defaults" || s.Name != "" {
		return s.Name
	}
	return c.anonymousNames()[i]
}

// key names the section the API names kind and name as Changed names it, so
// that an edit of it and a change to it meet: an anonymous defaults section is
// "defaults ", the next "defaults  #2", and so on.
func (c *Config) key(kind, name string) string {
	i := c.find(kind, name)
	if i < 0 || c.sections[i].Name == name {
		return sectionKey(kind, name)
	}
	n := 0
	for _, s := range c.sections[:i] {
		if s.Kind == kind && s.Name == "" {
			n++
		}
	}
	if n == 0 {
		return sectionKey(kind, "")
	}
	return sectionKey(kind, "") + " #" + strconv.Itoa(n+1)
}

// childKey names an object inside a section: "backend be/server web1", "frontend fe/acls".
func (c *Config) childKey(kind, name, child string) string { return c.key(kind, name) + "/" + child }

// defaultsPlace is where a new defaults section d goes (see Defaults): the
// index of the section it goes before. A name of the form the API gives
// anonymous sections is refused: it would name two sections, or shift the
// names of the anonymous ones.
func defaultsPlace(c *Config, d *defaults) (int, error) {
	if anonymousName.MatchString(d.Name) {
		return 0, &FieldError{"name", fmt.Sprintf("%q is of the form %s<n>, the names this API gives anonymous defaults sections", d.Name, anonymousDefaults)}
	}
	after := 0
	if d.From != "" {
		if j := c.find("defaults", d.From); j >= 0 {
			after = j + 1
		}
	}
	for i := after; i < len(c.sections); i++ {
		if c.sections[i].Kind == "defaults" {
			return i, nil
		}
	}
	return len(c.sections), nil
}

// checkUnreferenced refuses to delete defaults section i while another section
// names it with `from`.
func checkUnreferenced(c *Config, i int) error {
	name := c.sections[i].Name
	if name == "" {
		return nil // `from` names only named sections
	}
	var users []string
	for _, s := range c.sections {
		if s.Kind != "" && s.From() == name {
			users = append(users, s.Kind+" "+s.Name)
		}
	}
	if len(users) == 0 {
		return nil
	}
	return fmt.Errorf("%w: defaults %s is named by `from` in %s; change or delete them first (HAProxy refuses a `from` that names no defaults section)",
		ErrInvalid, name, strings.Join(users, ", "))
}

// Section is the section of that kind the API names name (an anonymous
// defaults section by its unnamed_defaults_<n>), nil when none.
func (c *Config) Section(kind, name string) *Section {
	if i := c.find(kind, name); i >= 0 {
		return c.sections[i]
	}
	return nil
}
