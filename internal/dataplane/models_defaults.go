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

	ACLList                   []ACL                   `json:"acl_list,omitempty"`
	HTTPRequestRuleList       []HTTPRequestRule       `json:"http_request_rule_list,omitempty"`
	HTTPResponseRuleList      []HTTPResponseRule      `json:"http_response_rule_list,omitempty"`
	HTTPAfterResponseRuleList []HTTPAfterResponseRule `json:"http_after_response_rule_list,omitempty"`
	HTTPErrorRuleList         []HTTPErrorRule         `json:"http_error_rule_list,omitempty"`
	TCPRequestRuleList        []TCPRequestRule        `json:"tcp_request_rule_list,omitempty"`
	TCPResponseRuleList       []TCPResponseRule       `json:"tcp_response_rule_list,omitempty"`
	HTTPCheckList             []HTTPCheck             `json:"http_check_list,omitempty"`
	TCPCheckRuleList          []TCPCheck              `json:"tcp_check_rule_list,omitempty"`
	LogTargetList             []LogTarget             `json:"log_target_list,omitempty"`
	QUICInitialRuleList       []QUICInitialRule       `json:"quic_initial_rule_list,omitempty"`
}
