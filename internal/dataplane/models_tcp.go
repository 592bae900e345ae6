package dataplane

// TCPRequestRule is one `tcp-request connection|session|content <action>
// [arguments] [if|unless <condition>]` line, or `tcp-request inspect-delay
// <timeout>` (type inspect-delay, no action). The official model names the
// action "action" and some values otherwise than http_request_rule does
// (track_key, sc_inc_id, spoe_engine_name, resolve_var...); the members are the
// official ones, of every v3 version.
type TCPRequestRule struct {
	Type     string   `json:"type"`
	Metadata Metadata `json:"metadata,omitempty"` // the comment of the object's line

	Action               string `json:"action,omitempty"`
	Cond                 string `json:"cond,omitempty"`
	CondTest             string `json:"cond_test,omitempty"`
	BandwidthLimitLimit  string `json:"bandwidth_limit_limit,omitempty"`
	BandwidthLimitName   string `json:"bandwidth_limit_name,omitempty"`
	BandwidthLimitPeriod string `json:"bandwidth_limit_period,omitempty"`
	CaptureLen           int64  `json:"capture_len,omitempty"`
	CaptureSample        string `json:"capture_sample,omitempty"`
	Expr                 string `json:"expr,omitempty"`
	GptValue             string `json:"gpt_value,omitempty"`
	LogLevel             string `json:"log_level,omitempty"`
	LogProfile           string `json:"log_profile,omitempty"`
	LuaAction            string `json:"lua_action,omitempty"`
	LuaParams            string `json:"lua_params,omitempty"`
	MarkValue            string `json:"mark_value,omitempty"`
	NiceValue            int64  `json:"nice_value,omitempty"`
	ResolveProtocol      string `json:"resolve_protocol,omitempty"`
	ResolveResolvers     string `json:"resolve_resolvers,omitempty"`
	ResolveVar           string `json:"resolve_var,omitempty"`
	RstTTL               int64  `json:"rst_ttl,omitempty"`
	ScIdx                string `json:"sc_idx,omitempty"`
	ScIncID              string `json:"sc_inc_id,omitempty"`
	ScInt                *int64 `json:"sc_int,omitempty"`
	ServerName           string `json:"server_name,omitempty"`
	ServiceName          string `json:"service_name,omitempty"`
	SpoeEngineName       string `json:"spoe_engine_name,omitempty"`
	SpoeGroupName        string `json:"spoe_group_name,omitempty"`
	SwitchModeProto      string `json:"switch_mode_proto,omitempty"`
	Timeout              *int64 `json:"timeout,omitempty"` // inspect-delay, milliseconds
	TosValue             string `json:"tos_value,omitempty"`
	TrackKey             string `json:"track_key,omitempty"`
	TrackStickCounter    *int64 `json:"track_stick_counter,omitempty"`
	TrackTable           string `json:"track_table,omitempty"`
	VarFormat            string `json:"var_format,omitempty"`
	VarName              string `json:"var_name,omitempty"`
	VarScope             string `json:"var_scope,omitempty"`
}

// TCPResponseRule is one `tcp-response content <action> [arguments]
// [if|unless <condition>]` line, or `tcp-response inspect-delay <timeout>`.
type TCPResponseRule struct {
	Type     string   `json:"type"`
	Metadata Metadata `json:"metadata,omitempty"` // the comment of the object's line

	Action               string `json:"action,omitempty"`
	Cond                 string `json:"cond,omitempty"`
	CondTest             string `json:"cond_test,omitempty"`
	BandwidthLimitLimit  string `json:"bandwidth_limit_limit,omitempty"`
	BandwidthLimitName   string `json:"bandwidth_limit_name,omitempty"`
	BandwidthLimitPeriod string `json:"bandwidth_limit_period,omitempty"`
	Expr                 string `json:"expr,omitempty"`
	LogLevel             string `json:"log_level,omitempty"`
	LogProfile           string `json:"log_profile,omitempty"`
	LuaAction            string `json:"lua_action,omitempty"`
	LuaParams            string `json:"lua_params,omitempty"`
	MarkValue            string `json:"mark_value,omitempty"`
	NiceValue            int64  `json:"nice_value,omitempty"`
	RstTTL               int64  `json:"rst_ttl,omitempty"`
	ScExpr               string `json:"sc_expr,omitempty"`
	ScID                 int64  `json:"sc_id,omitempty"`
	ScIdx                int64  `json:"sc_idx,omitempty"`
	ScInt                *int64 `json:"sc_int,omitempty"`
	SpoeEngine           string `json:"spoe_engine,omitempty"`
	SpoeGroup            string `json:"spoe_group,omitempty"`
	Timeout              *int64 `json:"timeout,omitempty"` // inspect-delay, milliseconds
	TosValue             string `json:"tos_value,omitempty"`
	VarFormat            string `json:"var_format,omitempty"`
	VarName              string `json:"var_name,omitempty"`
	VarScope             string `json:"var_scope,omitempty"`
}

// The types and actions of the TCP rules, from the official models. Some
// actions are newer than HAProxy 2.6, which refuses them in `haproxy -c`, as it
// refuses an action under a type that does not take it (use-service on a
// connection).
var (
	TCPRequestRuleTypes   = []string{"connection", "content", "inspect-delay", "session"}
	TCPRequestRuleActions = []string{
		"accept", "attach-srv", "capture", "do-log", "do-resolve", "expect-netscaler-cip", "expect-proxy", "lua",
		"reject", "sc-add-gpc", "sc-inc-gpc", "sc-inc-gpc0", "sc-inc-gpc1", "sc-set-gpt", "sc-set-gpt0",
		"send-spoe-group", "set-bandwidth-limit", "set-bc-mark", "set-bc-tos", "set-dst", "set-dst-port",
		"set-fc-mark", "set-fc-tos", "set-log-level", "set-mark", "set-nice", "set-priority-class",
		"set-priority-offset", "set-retries", "set-src", "set-src-port", "set-tos", "set-var", "set-var-fmt",
		"silent-drop", "switch-mode", "track-sc", "unset-var", "use-service",
	}
	TCPResponseRuleTypes   = []string{"content", "inspect-delay"}
	TCPResponseRuleActions = []string{
		"accept", "close", "do-log", "lua", "reject", "sc-add-gpc", "sc-inc-gpc", "sc-inc-gpc0", "sc-inc-gpc1",
		"sc-set-gpt", "sc-set-gpt0", "send-spoe-group", "set-bandwidth-limit", "set-fc-mark", "set-fc-tos",
		"set-log-level", "set-mark", "set-nice", "set-tos", "set-var", "set-var-fmt", "silent-drop", "unset-var",
	}
)

// InspectDelay is the rule type that sets a TCP rule list's inspect delay, not an action.
const InspectDelay = "inspect-delay"
