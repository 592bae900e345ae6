package dataplane

// The response side's rule lists of a frontend, backend, defaults or listen
// section: http-response, http-after-response and http-error lines. Which
// fields an action takes, and the words each is, is the action tables'
// (internal/haproxycfg/rules_http_response.go, which reuses the http-request
// rows where HAProxy's syntax is the same). As in HTTPRequestRule, integers
// the official model cannot leave unset are plain: 0 is written, and omitted
// from JSON.

// HTTPResponseRule is one `http-response <action> [args] [if|unless <condition>]`
// line: every field of the official v3 model.
type HTTPResponseRule struct {
	Type     string   `json:"type"`
	Metadata Metadata `json:"metadata,omitempty"` // the comment of the object's line

	Cond                 string         `json:"cond,omitempty"`
	CondTest             string         `json:"cond_test,omitempty"`
	ACLFile              string         `json:"acl_file,omitempty"`
	ACLKeyfmt            string         `json:"acl_keyfmt,omitempty"`
	BandwidthLimitLimit  string         `json:"bandwidth_limit_limit,omitempty"`
	BandwidthLimitName   string         `json:"bandwidth_limit_name,omitempty"`
	BandwidthLimitPeriod string         `json:"bandwidth_limit_period,omitempty"`
	CacheName            string         `json:"cache_name,omitempty"`
	CaptureID            *int64         `json:"capture_id,omitempty"`
	CaptureSample        string         `json:"capture_sample,omitempty"`
	DenyStatus           *int64         `json:"deny_status,omitempty"`
	Expr                 string         `json:"expr,omitempty"`
	HdrExpr              string         `json:"hdr_expr,omitempty"`
	HdrFormat            string         `json:"hdr_format,omitempty"`
	HdrMatch             string         `json:"hdr_match,omitempty"`
	HdrMethod            string         `json:"hdr_method,omitempty"`
	HdrName              string         `json:"hdr_name,omitempty"`
	HdrPrefix            string         `json:"hdr_prefix,omitempty"`
	LogLevel             string         `json:"log_level,omitempty"`
	LogProfile           string         `json:"log_profile,omitempty"`
	LuaAction            string         `json:"lua_action,omitempty"`
	LuaParams            string         `json:"lua_params,omitempty"`
	MapFile              string         `json:"map_file,omitempty"`
	MapKeyfmt            string         `json:"map_keyfmt,omitempty"`
	MapValuefmt          string         `json:"map_valuefmt,omitempty"`
	MarkValue            string         `json:"mark_value,omitempty"`
	NiceValue            int64          `json:"nice_value,omitempty"`
	RedirCode            *int64         `json:"redir_code,omitempty"`
	RedirOption          string         `json:"redir_option,omitempty"`
	RedirType            string         `json:"redir_type,omitempty"`
	RedirValue           string         `json:"redir_value,omitempty"`
	ReturnContent        string         `json:"return_content,omitempty"`
	ReturnContentFormat  string         `json:"return_content_format,omitempty"`
	ReturnContentType    string         `json:"return_content_type,omitempty"`
	ReturnHeaders        []ReturnHeader `json:"return_hdrs,omitempty"`
	ReturnStatusCode     *int64         `json:"return_status_code,omitempty"`
	RstTTL               int64          `json:"rst_ttl,omitempty"`
	ScExpr               string         `json:"sc_expr,omitempty"`
	ScID                 int64          `json:"sc_id,omitempty"`
	ScIdx                int64          `json:"sc_idx,omitempty"`
	ScInt                *int64         `json:"sc_int,omitempty"`
	SpoeEngine           string         `json:"spoe_engine,omitempty"`
	SpoeGroup            string         `json:"spoe_group,omitempty"`
	Status               int64          `json:"status,omitempty"`
	StatusReason         string         `json:"status_reason,omitempty"`
	StrictMode           string         `json:"strict_mode,omitempty"`
	Timeout              string         `json:"timeout,omitempty"`
	TimeoutType          string         `json:"timeout_type,omitempty"`
	TosValue             string         `json:"tos_value,omitempty"`
	TrackScKey           string         `json:"track_sc_key,omitempty"`
	TrackScStickCounter  *int64         `json:"track_sc_stick_counter,omitempty"`
	TrackScTable         string         `json:"track_sc_table,omitempty"`
	VarExpr              string         `json:"var_expr,omitempty"`
	VarFormat            string         `json:"var_format,omitempty"`
	VarName              string         `json:"var_name,omitempty"`
	VarScope             string         `json:"var_scope,omitempty"`
	WaitAtLeast          *int64         `json:"wait_at_least,omitempty"`
	WaitTime             *int64         `json:"wait_time,omitempty"`
}

// HTTPAfterResponseRule is one `http-after-response <action> [args] [if|unless
// <condition>]` line: every field of the official v3 model.
type HTTPAfterResponseRule struct {
	Type     string   `json:"type"`
	Metadata Metadata `json:"metadata,omitempty"` // the comment of the object's line

	Cond          string `json:"cond,omitempty"`
	CondTest      string `json:"cond_test,omitempty"`
	ACLFile       string `json:"acl_file,omitempty"`
	ACLKeyfmt     string `json:"acl_keyfmt,omitempty"`
	CaptureID     *int64 `json:"capture_id,omitempty"`
	CaptureLen    int64  `json:"capture_len,omitempty"`
	CaptureSample string `json:"capture_sample,omitempty"`
	HdrExpr       string `json:"hdr_expr,omitempty"`
	HdrFormat     string `json:"hdr_format,omitempty"`
	HdrMatch      string `json:"hdr_match,omitempty"`
	HdrMethod     string `json:"hdr_method,omitempty"`
	HdrName       string `json:"hdr_name,omitempty"`
	HdrPrefix     string `json:"hdr_prefix,omitempty"`
	LogLevel      string `json:"log_level,omitempty"`
	LogProfile    string `json:"log_profile,omitempty"`
	MapFile       string `json:"map_file,omitempty"`
	MapKeyfmt     string `json:"map_keyfmt,omitempty"`
	MapValuefmt   string `json:"map_valuefmt,omitempty"`
	ScExpr        string `json:"sc_expr,omitempty"`
	ScID          int64  `json:"sc_id,omitempty"`
	ScIdx         int64  `json:"sc_idx,omitempty"`
	ScInt         *int64 `json:"sc_int,omitempty"`
	Status        int64  `json:"status,omitempty"`
	StatusReason  string `json:"status_reason,omitempty"`
	StrictMode    string `json:"strict_mode,omitempty"`
	VarExpr       string `json:"var_expr,omitempty"`
	VarFormat     string `json:"var_format,omitempty"`
	VarName       string `json:"var_name,omitempty"`
	VarScope      string `json:"var_scope,omitempty"`
}

// HTTPErrorRule is one `http-error status <code> [content-type <type>]
// [<content format> <content>] [hdr <name> <fmt>]...` line (no condition):
// every field of the official v3 model. Its one type is "status".
type HTTPErrorRule struct {
	Type     string   `json:"type"`
	Status   int64    `json:"status"`
	Metadata Metadata `json:"metadata,omitempty"` // the comment of the object's line

	ReturnContent       string         `json:"return_content,omitempty"`
	ReturnContentFormat string         `json:"return_content_format,omitempty"`
	ReturnContentType   string         `json:"return_content_type,omitempty"`
	ReturnHeaders       []ReturnHeader `json:"return_hdrs,omitempty"`
}

// The official model's action types of the response lists, and the status
// codes an http-error rule may answer. Some are newer than HAProxy 2.6, which
// refuses them in `haproxy -c`.
var (
	HTTPResponseRuleTypes = []string{
		"add-acl", "add-header", "add-headers-bin", "allow", "cache-store", "capture", "del-acl", "del-header",
		"del-headers-bin", "del-map", "deny", "do-log", "lua", "pause", "redirect", "replace-header",
		"replace-value", "return", "sc-add-gpc", "sc-inc-gpc", "sc-inc-gpc0", "sc-inc-gpc1", "sc-set-gpt",
		"sc-set-gpt0", "send-spoe-group", "set-bandwidth-limit", "set-fc-mark", "set-fc-tos", "set-header",
		"set-headers-bin", "set-log-level", "set-map", "set-mark", "set-nice", "set-status", "set-timeout",
		"set-tos", "set-var", "set-var-fmt", "silent-drop", "strict-mode", "track-sc", "unset-var",
		"wait-for-body",
	}
	HTTPAfterResponseRuleTypes = []string{
		"add-header", "add-headers-bin", "allow", "capture", "del-acl", "del-header", "del-headers-bin",
		"del-map", "do-log", "replace-header", "replace-value", "sc-add-gpc", "sc-inc-gpc", "sc-inc-gpc0",
		"sc-inc-gpc1", "sc-set-gpt", "sc-set-gpt0", "set-header", "set-headers-bin", "set-log-level",
		"set-map", "set-status", "set-var", "set-var-fmt", "strict-mode", "unset-var",
	}
	HTTPErrorRuleTypes = []string{"status"}
	HTTPErrorStatuses  = []int64{200, 400, 401, 403, 404, 405, 407, 408, 410, 413, 425, 429, 500, 501, 502, 503, 504}
)

// The endpoints of the response lists under a parent, for List and ReplaceList.
const (
	ListHTTPResponseRules      = "http_response_rules"
	ListHTTPAfterResponseRules = "http_after_response_rules"
	ListHTTPErrorRules         = "http_error_rules"
)
