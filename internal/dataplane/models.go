// Package dataplane holds the HAProxy Data Plane API v3 JSON models, shared by the
// agent (which serves them) and the client (which speaks them). Field names are the
// contract's, including its mix of snake_case and dash-case.
//
// Optional fields are pointers or omitempty so that an unset field is omitted, never
// filled in: a GET after a PUT returns exactly what was PUT.
package dataplane

// Flag values of the string-typed HAProxy switches.
const (
	Enabled  = "enabled"
	Disabled = "disabled"
)

// Frontend is a `frontend` section's own settings (binds, ACLs and rules are children).
type Frontend struct {
	Name                 string      `json:"name"`
	Mode                 string      `json:"mode,omitempty"`
	DefaultBackend       string      `json:"default_backend,omitempty"`
	Description          string      `json:"description,omitempty"`
	Disabled             bool        `json:"disabled,omitempty"`
	Maxconn              *int64      `json:"maxconn,omitempty"`
	Backlog              *int64      `json:"backlog,omitempty"`
	ClientTimeout        *int64      `json:"client_timeout,omitempty"`
	HTTPRequestTimeout   *int64      `json:"http_request_timeout,omitempty"`
	HTTPKeepAliveTimeout *int64      `json:"http_keep_alive_timeout,omitempty"`
	Httplog              bool        `json:"httplog,omitempty"`
	Tcplog               bool        `json:"tcplog,omitempty"`
	LogFormat            string      `json:"log_format,omitempty"`
	Dontlognull          string      `json:"dontlognull,omitempty"`
	Forwardfor           *Forwardfor `json:"forwardfor,omitempty"`
	HTTPConnectionMode   string      `json:"http_connection_mode,omitempty"`
}

// Forwardfor is `option forwardfor [except <net>] [header <name>] [if-none]`.
type Forwardfor struct {
	Enabled string `json:"enabled"`
	Except  string `json:"except,omitempty"`
	Header  string `json:"header,omitempty"`
	Ifnone  bool   `json:"ifnone,omitempty"`
}

// Backend is a `backend` section's own settings (servers, ACLs and rules are children).
type Backend struct {
	Name               string         `json:"name"`
	Mode               string         `json:"mode,omitempty"`
	Balance            *Balance       `json:"balance,omitempty"`
	DefaultServer      *ServerParams  `json:"default_server,omitempty"`
	AdvCheck           string         `json:"adv_check,omitempty"`
	HttpchkParams      *HttpchkParams `json:"httpchk_params,omitempty"`
	CheckTimeout       *int64         `json:"check_timeout,omitempty"`
	ConnectTimeout     *int64         `json:"connect_timeout,omitempty"`
	ServerTimeout      *int64         `json:"server_timeout,omitempty"`
	QueueTimeout       *int64         `json:"queue_timeout,omitempty"`
	Retries            *int64         `json:"retries,omitempty"`
	Redispatch         *Redispatch    `json:"redispatch,omitempty"`
	Cookie             *Cookie        `json:"cookie,omitempty"`
	Forwardfor         *Forwardfor    `json:"forwardfor,omitempty"`
	HTTPConnectionMode string         `json:"http_connection_mode,omitempty"`
	HTTPReuse          string         `json:"http_reuse,omitempty"`
	Description        string         `json:"description,omitempty"`
	Disabled           bool           `json:"disabled,omitempty"`
}

// Balance is `balance <algorithm> [<arguments>]`.
type Balance struct {
	Algorithm        string `json:"algorithm"`
	HdrName          string `json:"hdr_name,omitempty"`
	HdrUseDomainOnly bool   `json:"hdr_use_domain_only,omitempty"`
	URLParam         string `json:"url_param,omitempty"`
	RdpCookieName    string `json:"rdp_cookie_name,omitempty"`
	HashExpression   string `json:"hash_expression,omitempty"`
	URIWhole         bool   `json:"uri_whole,omitempty"`
	URIPathOnly      bool   `json:"uri_path_only,omitempty"`
	URILen           *int64 `json:"uri_len,omitempty"`
	URIDepth         *int64 `json:"uri_depth,omitempty"`
	RandomDraws      *int64 `json:"random_draws,omitempty"`
}

// HttpchkParams is the arguments of `option httpchk [<method>] [<uri>] [<version>]`.
type HttpchkParams struct {
	Method  string `json:"method,omitempty"`
	URI     string `json:"uri,omitempty"`
	Version string `json:"version,omitempty"`
}

// Redispatch is `option redispatch [<interval>]`.
type Redispatch struct {
	Enabled  string `json:"enabled"`
	Interval *int64 `json:"interval,omitempty"`
}

// Cookie is `cookie <name> [rewrite|insert|prefix] [indirect] [nocache] ...`.
type Cookie struct {
	Name     string   `json:"name"`
	Type     string   `json:"type,omitempty"`
	Indirect bool     `json:"indirect,omitempty"`
	Nocache  bool     `json:"nocache,omitempty"`
	Postonly bool     `json:"postonly,omitempty"`
	Preserve bool     `json:"preserve,omitempty"`
	Httponly bool     `json:"httponly,omitempty"`
	Secure   bool     `json:"secure,omitempty"`
	Dynamic  bool     `json:"dynamic,omitempty"`
	Domains  []string `json:"domains,omitempty"`
	Attrs    []string `json:"attr,omitempty"`
	Maxidle  *int64   `json:"maxidle,omitempty"`
	Maxlife  *int64   `json:"maxlife,omitempty"`
}

// ServerParams are the settings a `server` line and a `default-server` line share.
type ServerParams struct {
	Check          string `json:"check,omitempty"`
	Backup         string `json:"backup,omitempty"`
	Maintenance    string `json:"maintenance,omitempty"`
	SSL            string `json:"ssl,omitempty"`
	SendProxy      string `json:"send-proxy,omitempty"`
	SendProxyV2    string `json:"send-proxy-v2,omitempty"`
	CheckSSL       string `json:"check-ssl,omitempty"`
	Weight         *int64 `json:"weight,omitempty"`
	Maxconn        *int64 `json:"maxconn,omitempty"`
	Inter          *int64 `json:"inter,omitempty"`
	Fastinter      *int64 `json:"fastinter,omitempty"`
	Downinter      *int64 `json:"downinter,omitempty"`
	Rise           *int64 `json:"rise,omitempty"`
	Fall           *int64 `json:"fall,omitempty"`
	Slowstart      *int64 `json:"slowstart,omitempty"`
	Verify         string `json:"verify,omitempty"`
	SNI            string `json:"sni,omitempty"`
	ALPN           string `json:"alpn,omitempty"`
	SSLCertificate string `json:"ssl_certificate,omitempty"`
	SSLCafile      string `json:"ssl_cafile,omitempty"`
	Cookie         string `json:"cookie,omitempty"`
	InitAddr       string `json:"init-addr,omitempty"`
	Resolvers      string `json:"resolvers,omitempty"`
	Observe        string `json:"observe,omitempty"`
	OnMarkedDown   string `json:"on-marked-down,omitempty"`
}

// Server is one `server <name> <address>[:<port>] [params]` line of a backend.
type Server struct {
	Name    string `json:"name"`
	Address string `json:"address"`
	Port    *int64 `json:"port,omitempty"`
	ServerParams
}

// Bind is one `bind <address>[:<port>] [params]` line of a frontend.
type Bind struct {
	Name           string `json:"name"`
	Address        string `json:"address,omitempty"`
	Port           *int64 `json:"port,omitempty"`
	PortRangeEnd   *int64 `json:"port-range-end,omitempty"`
	SSL            bool   `json:"ssl,omitempty"`
	SSLCertificate string `json:"ssl_certificate,omitempty"`
	SSLCafile      string `json:"ssl_cafile,omitempty"`
	CrtList        string `json:"crt_list,omitempty"`
	ALPN           string `json:"alpn,omitempty"`
	Verify         string `json:"verify,omitempty"`
	AcceptProxy    bool   `json:"accept_proxy,omitempty"`
	Transparent    bool   `json:"transparent,omitempty"`
	V4v6           bool   `json:"v4v6,omitempty"`
	V6only         bool   `json:"v6only,omitempty"`
	DeferAccept    bool   `json:"defer_accept,omitempty"`
	Tfo            bool   `json:"tfo,omitempty"`
	SSLMinVer      string `json:"ssl_min_ver,omitempty"`
	SSLMaxVer      string `json:"ssl_max_ver,omitempty"`
	Ciphers        string `json:"ciphers,omitempty"`
	Maxconn        *int64 `json:"maxconn,omitempty"`
	Thread         string `json:"thread,omitempty"`
	Process        string `json:"process,omitempty"`
	Level          string `json:"level,omitempty"`
}

// ACL is one `acl <name> <criterion> [<value> ...]` line.
type ACL struct {
	ACLName   string `json:"acl_name"`
	Criterion string `json:"criterion"`
	Value     string `json:"value,omitempty"`
}

// HTTPRequestRule is one `http-request <action> [args] [if|unless <condition>]` line.
type HTTPRequestRule struct {
	Type                string `json:"type"`
	Cond                string `json:"cond,omitempty"`
	CondTest            string `json:"cond_test,omitempty"`
	HdrName             string `json:"hdr_name,omitempty"`
	HdrFormat           string `json:"hdr_format,omitempty"`
	HdrMatch            string `json:"hdr_match,omitempty"`
	RedirType           string `json:"redir_type,omitempty"`
	RedirValue          string `json:"redir_value,omitempty"`
	RedirCode           *int64 `json:"redir_code,omitempty"`
	RedirOption         string `json:"redir_option,omitempty"`
	DenyStatus          *int64 `json:"deny_status,omitempty"`
	ReturnStatusCode    *int64 `json:"return_status_code,omitempty"`
	ReturnContent       string `json:"return_content,omitempty"`
	ReturnContentType   string `json:"return_content_type,omitempty"`
	ReturnContentFormat string `json:"return_content_format,omitempty"`
	VarName             string `json:"var_name,omitempty"`
	VarScope            string `json:"var_scope,omitempty"`
	VarExpr             string `json:"var_expr,omitempty"`
	PathFmt             string `json:"path_fmt,omitempty"`
	PathMatch           string `json:"path_match,omitempty"`
	URIFmt              string `json:"uri-fmt,omitempty"`
	QueryFmt            string `json:"query-fmt,omitempty"`
	AuthRealm           string `json:"auth_realm,omitempty"`
	TrackScKey          string `json:"track_sc_key,omitempty"`
	TrackScTable        string `json:"track_sc_table,omitempty"`
	LuaAction           string `json:"lua_action,omitempty"`
	LuaParams           string `json:"lua_params,omitempty"`
	ServiceName         string `json:"service_name,omitempty"`
	Timeout             string `json:"timeout,omitempty"`
	TimeoutType         string `json:"timeout_type,omitempty"`
	LogLevel            string `json:"log_level,omitempty"`
}

// BackendSwitchingRule is one `use_backend <name> [if|unless <condition>]` line.
type BackendSwitchingRule struct {
	Name     string `json:"name"`
	Cond     string `json:"cond,omitempty"`
	CondTest string `json:"cond_test,omitempty"`
}

// Transaction is a Data Plane API transaction.
type Transaction struct {
	Version int64  `json:"_version"`
	ID      string `json:"id"`
	Status  string `json:"status"`
}

// RuntimeServer is a server as the running HAProxy has it (runtime API, no reload).
type RuntimeServer struct {
	Name             string `json:"name,omitempty"`
	Address          string `json:"address,omitempty"`
	Port             *int64 `json:"port,omitempty"`
	AdminState       string `json:"admin_state,omitempty"`
	OperationalState string `json:"operational_state,omitempty"`
	Weight           *int64 `json:"weight,omitempty"`
}

// Reload is one reload of HAProxy and its outcome.
type Reload struct {
	ID              string `json:"id"`
	Status          string `json:"status"`
	Response        string `json:"response,omitempty"`
	ReloadTimestamp int64  `json:"reload_timestamp"`
}

// Reload statuses.
const (
	ReloadInProgress = "in_progress"
	ReloadSucceeded  = "succeeded"
	ReloadFailed     = "failed"
)

// Info is /v3/info. HAProxy is our extension: the version of the HAProxy the agent
// drives, so that a client needs one call for both.
type Info struct {
	API     InfoAPI     `json:"api"`
	System  InfoSystem  `json:"system"`
	HAProxy InfoHAProxy `json:"haproxy"`
}

type InfoAPI struct {
	Version   string `json:"version"`
	BuildDate string `json:"build_date,omitempty"`
	// Extensions lists what this server offers beyond the official API (e.g.
	// "dry_run"); the official dataplaneapi has none, and a client must ask
	// before it relies on one.
	Extensions []string `json:"extensions,omitempty"`
}

// ExtensionDryRun is the dry_run parameter on writes and commits.
const ExtensionDryRun = "dry_run"

type InfoSystem struct {
	Hostname string `json:"hostname,omitempty"`
	OSString string `json:"os_string,omitempty"`
	Time     int64  `json:"time"`
	Uptime   int64  `json:"uptime"`
}

type InfoHAProxy struct {
	Version string `json:"version,omitempty"`
}

// Health is /v3/health.
type Health struct {
	HAProxy string `json:"haproxy"`
}
