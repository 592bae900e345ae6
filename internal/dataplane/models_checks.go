package dataplane

// The check and server-rule lists of a backend (and of a listen section, and,
// for the checks, of a defaults section): its http-check and tcp-check lines,
// its use-server lines and its stick lines, as the official v3 models have them.

// HTTPCheck is one `http-check <type> [arguments]` line. The members are the
// official http_check's: connect's in addr...via_socks4 (port_string is a port
// that is no number), send's in method...body_log_format, expect's in
// match...tout_status; check_comment is the `comment <text>` argument of a rule
// (and a comment rule's text), metadata is the comment at the end of the line.
type HTTPCheck struct {
	Type     string   `json:"type"`
	Metadata Metadata `json:"metadata,omitempty"` // the comment of the object's line

	CheckComment string `json:"check_comment,omitempty"`
	// connect
	Default    bool   `json:"default,omitempty"`
	Port       *int64 `json:"port,omitempty"`
	PortString string `json:"port_string,omitempty"`
	Addr       string `json:"addr,omitempty"`
	SendProxy  bool   `json:"send_proxy,omitempty"`
	ViaSocks4  bool   `json:"via_socks4,omitempty"`
	SSL        bool   `json:"ssl,omitempty"`
	SNI        string `json:"sni,omitempty"`
	ALPN       string `json:"alpn,omitempty"`
	Linger     bool   `json:"linger,omitempty"`
	Proto      string `json:"proto,omitempty"`
	// send
	Method        string         `json:"method,omitempty"`
	URI           string         `json:"uri,omitempty"`
	URILogFormat  string         `json:"uri_log_format,omitempty"`
	Version       string         `json:"version,omitempty"`
	CheckHeaders  []ReturnHeader `json:"headers,omitempty"`
	Body          string         `json:"body,omitempty"`
	BodyLogFormat string         `json:"body_log_format,omitempty"`
	// expect
	MinRecv         *int64 `json:"min_recv,omitempty"`
	OkStatus        string `json:"ok_status,omitempty"`
	ErrorStatus     string `json:"error_status,omitempty"`
	ToutStatus      string `json:"tout_status,omitempty"`
	OnSuccess       string `json:"on_success,omitempty"`
	OnError         string `json:"on_error,omitempty"`
	StatusCode      string `json:"status-code,omitempty"`
	ExclamationMark bool   `json:"exclamation_mark,omitempty"`
	Match           string `json:"match,omitempty"`
	Pattern         string `json:"pattern,omitempty"`
	// set-var, set-var-fmt, unset-var
	VarScope  string `json:"var_scope,omitempty"`
	VarName   string `json:"var_name,omitempty"`
	VarExpr   string `json:"var_expr,omitempty"`
	VarFormat string `json:"var_format,omitempty"`
}

// TCPCheck is one `tcp-check <action> [arguments]` line, as the official
// tcp_check has it: connect and expect take the members HTTPCheck has for them;
// data, fmt, hex_string and hex_fmt are what send, send-lf, send-binary and
// send-binary-lf send.
type TCPCheck struct {
	Action   string   `json:"action"`
	Metadata Metadata `json:"metadata,omitempty"` // the comment of the object's line

	CheckComment string `json:"check_comment,omitempty"`
	// connect
	Default    bool   `json:"default,omitempty"`
	Port       *int64 `json:"port,omitempty"`
	PortString string `json:"port_string,omitempty"`
	Addr       string `json:"addr,omitempty"`
	SendProxy  bool   `json:"send_proxy,omitempty"`
	ViaSocks4  bool   `json:"via_socks4,omitempty"`
	SSL        bool   `json:"ssl,omitempty"`
	SNI        string `json:"sni,omitempty"`
	ALPN       string `json:"alpn,omitempty"`
	Linger     bool   `json:"linger,omitempty"`
	Proto      string `json:"proto,omitempty"`
	// send, send-lf, send-binary, send-binary-lf
	Data      string `json:"data,omitempty"`
	Fmt       string `json:"fmt,omitempty"`
	HexString string `json:"hex_string,omitempty"`
	HexFmt    string `json:"hex_fmt,omitempty"`
	// expect
	MinRecv         *int64 `json:"min_recv,omitempty"`
	OkStatus        string `json:"ok_status,omitempty"`
	ErrorStatus     string `json:"error_status,omitempty"`
	ToutStatus      string `json:"tout_status,omitempty"`
	OnSuccess       string `json:"on_success,omitempty"`
	OnError         string `json:"on_error,omitempty"`
	StatusCode      string `json:"status-code,omitempty"`
	ExclamationMark bool   `json:"exclamation_mark,omitempty"`
	Match           string `json:"match,omitempty"`
	Pattern         string `json:"pattern,omitempty"`
	// set-var, set-var-fmt, unset-var
	VarScope string `json:"var_scope,omitempty"`
	VarName  string `json:"var_name,omitempty"`
	VarExpr  string `json:"var_expr,omitempty"`
	VarFmt   string `json:"var_fmt,omitempty"`
}

// ServerSwitchingRule is one `use-server <server> [if|unless <condition>]` line.
type ServerSwitchingRule struct {
	TargetServer string   `json:"target_server"`
	Metadata     Metadata `json:"metadata,omitempty"` // the comment of the object's line

	Cond     string `json:"cond,omitempty"`
	CondTest string `json:"cond_test,omitempty"`
}

// StickRule is one `stick <type> <pattern> [table <table>] [if|unless
// <condition>]` line.
type StickRule struct {
	Type     string   `json:"type"`
	Metadata Metadata `json:"metadata,omitempty"` // the comment of the object's line

	Pattern  string `json:"pattern"`
	Table    string `json:"table,omitempty"`
	Cond     string `json:"cond,omitempty"`
	CondTest string `json:"cond_test,omitempty"`
}

// The allowed values of the check and stick rule members, from the official models.
var (
	HTTPCheckTypes = []string{"comment", "connect", "disable-on-404", "expect", "send", "send-state", "set-var",
		"set-var-fmt", "unset-var"}
	TCPCheckActions = []string{"comment", "connect", "expect", "send", "send-lf", "send-binary", "send-binary-lf",
		"set-var", "set-var-fmt", "unset-var"}
	HTTPCheckMethods = []string{"HEAD", "PUT", "POST", "GET", "TRACE", "PATCH", "DELETE", "CONNECT", "OPTIONS"}
	HTTPCheckMatches = []string{"status", "rstatus", "hdr", "fhdr", "string", "rstring"}
	TCPCheckMatches  = []string{"string", "rstring", "string-lf", "binary", "rbinary", "binary-lf"}
	CheckOkStatuses  = []string{"L7OK", "L7OKC", "L6OK", "L4OK"}
	CheckErrStatuses = []string{"L7OKC", "L7RSP", "L7STS", "L6RSP", "L4CON"}
	CheckToutStatus  = []string{"L7TOUT", "L6TOUT", "L4TOUT"}
	StickRuleTypes   = []string{"match", "on", "store-request", "store-response"}
)

// The check and server-rule lists of a backend, by the name of their endpoint
// (see List and ReplaceList).
const (
	ListHTTPChecks           = "http_checks"
	ListTCPChecks            = "tcp_checks"
	ListServerSwitchingRules = "server_switching_rules"
	ListStickRules           = "stick_rules"
)
