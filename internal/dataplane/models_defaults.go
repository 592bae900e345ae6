package dataplane

// Defaults is a `defaults` section's own settings: the settings frontends and
// backends share with it, embedded from the same structs (sections.go), so a
// setting modeled for them is modeled here. The ACLs and rules of a named
// defaults section are children, carried here only with full_section.
//
// An anonymous `defaults` section (no name on its header) is named
// "unnamed_defaults_<n>" by the agent, n counting the anonymous sections in file
// order and skipping the names a named defaults section has; that name is
// never written to the file (see haproxycfg's defaults.go).
type Defaults struct {
	Name     string   `json:"name"`
	Metadata Metadata `json:"metadata,omitempty"` // the comment of the object's line

	Mode string `json:"mode,omitempty" hap:"mode,word" enum:"http|tcp|log"`
	ProxyOptions
	FrontendOptions
	BackendOptions
	BackendObjects
	ProxyObjects

	ACLList             []ACL             `json:"acl_list,omitempty"`
	HTTPRequestRuleList []HTTPRequestRule `json:"http_request_rule_list,omitempty"`
}
