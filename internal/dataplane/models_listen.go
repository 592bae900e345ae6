package dataplane

import "slices"

// Listen is a `listen` section's own settings: a frontend and a backend in one
// section, so its model is the union of theirs, embedded from the same structs
// (sections.go). The official API has no listen model; this is our extension
// (see the agent guide). A setting both have under two names is said once:
// `option http-no-delay` is the frontend's http_no_delay. Binds, servers, ACLs
// and rules are children, carried here only with full_section.
type Listen struct {
	Name     string   `json:"name"`
	Metadata Metadata `json:"metadata,omitempty"` // the comment of the object's line

	Mode        string `json:"mode,omitempty" hap:"mode,word" enum:"http|tcp"`
	Description string `json:"description,omitempty" hap:"description,line"`
	ID          *int64 `json:"id,omitempty" hap:"id,int" range:"1,2147483647"`
	GUID        string `json:"guid,omitempty" hap:"guid,name"`
	BackendOwn
	ProxyOptions
	FrontendOptions
	BackendOptions
	BackendObjects
	ProxyObjects
	HeaderCaptures

	MonitorFail *MonitorFail `json:"monitor_fail,omitempty"`

	ACLList                  []ACL                  `json:"acl_list,omitempty"`
	Binds                    map[string]Bind        `json:"binds,omitempty"`
	Servers                  map[string]Server      `json:"servers,omitempty"`
	HTTPRequestRuleList      []HTTPRequestRule      `json:"http_request_rule_list,omitempty"`
	BackendSwitchingRuleList []BackendSwitchingRule `json:"backend_switching_rule_list,omitempty"`

	HTTPResponseRuleList      []HTTPResponseRule        `json:"http_response_rule_list,omitempty"`
	HTTPAfterResponseRuleList []HTTPAfterResponseRule   `json:"http_after_response_rule_list,omitempty"`
	HTTPErrorRuleList         []HTTPErrorRule           `json:"http_error_rule_list,omitempty"`
	TCPRequestRuleList        []TCPRequestRule          `json:"tcp_request_rule_list,omitempty"`
	TCPResponseRuleList       []TCPResponseRule         `json:"tcp_response_rule_list,omitempty"`
	HTTPCheckList             []HTTPCheck               `json:"http_check_list,omitempty"`
	TCPCheckRuleList          []TCPCheck                `json:"tcp_check_rule_list,omitempty"`
	ServerSwitchingRuleList   []ServerSwitchingRule     `json:"server_switching_rule_list,omitempty"`
	StickRuleList             []StickRule               `json:"stick_rule_list,omitempty"`
	ServerTemplates           map[string]ServerTemplate `json:"server_templates,omitempty"`
	FrontendLists
}

// The official fields of a listen section are those of a frontend and a
// backend together: a client may send either's.
func init() {
	OfficialFields["listen"] = slices.Compact(officialWith(OfficialFields["frontend"], OfficialFields["backend"]...))
	Aliases["listen"] = Aliases["backend"] // force_persist, ignore_persist
}
