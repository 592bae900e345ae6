// Package dataplane holds the HAProxy Data Plane API v3 JSON models, shared by the
// agent (which serves them) and the client (which speaks them). Field names are the
// contract's, including its mix of snake_case and dash-case.
//
// Optional fields are pointers or omitempty so that an unset field is omitted, never
// filled in: a GET after a PUT returns exactly what was PUT.
package dataplane

import "time"

// Metadata is an object's free-form metadata, any JSON object, as the official
// models have it. It is kept in the comment at the end of the object's line (a
// section's header line for frontends and backends): a comment that is a JSON
// object is the metadata, any other reads as {"comment": "<text>"}. Unset
// (nil), a write leaves the line's comment as it is; empty ({}), it removes it.
// See internal/haproxycfg/metadata.go.
type Metadata = map[string]any

// Flag values of the string-typed HAProxy switches.
const (
	Enabled  = "enabled"
	Disabled = "disabled"
)

// Frontend is a `frontend` section's own settings (binds, ACLs and rules are
// children, carried here only with full_section). The `hap`, `enum` and `range` tags are as on ProxyOptions.
type Frontend struct {
	Name     string   `json:"name"`
	Metadata Metadata `json:"metadata,omitempty"` // the comment of the object's line

	Mode        string `json:"mode,omitempty" hap:"mode,word" enum:"http|tcp"`
	Description string `json:"description,omitempty" hap:"description,line"`
	ID          *int64 `json:"id,omitempty" hap:"id,int" range:"1,2147483647"`
	GUID        string `json:"guid,omitempty" hap:"guid,name"`
	ProxyOptions
	FrontendOptions
	ProxyObjects
	HeaderCaptures
	// Redirects are `redirect <rule>` lines, as a backend's (BackendOwn).
	Redirects []string `json:"redirects,omitempty" hap:"redirect,lines"`

	MonitorFail *MonitorFail `json:"monitor_fail,omitempty"`
	// The children this agent serves, read and written with the section only
	// with ?full_section=true (see haproxycfg's full.go). Binds are keyed by name.
	ACLList                  []ACL                  `json:"acl_list,omitempty"`
	Binds                    map[string]Bind        `json:"binds,omitempty"`
	HTTPRequestRuleList      []HTTPRequestRule      `json:"http_request_rule_list,omitempty"`
	BackendSwitchingRuleList []BackendSwitchingRule `json:"backend_switching_rule_list,omitempty"`
	TCPRequestRuleList       []TCPRequestRule       `json:"tcp_request_rule_list,omitempty"`
	// The response side's lists (models_http_response.go), as the others.
	HTTPResponseRuleList      []HTTPResponseRule      `json:"http_response_rule_list,omitempty"`
	HTTPAfterResponseRuleList []HTTPAfterResponseRule `json:"http_after_response_rule_list,omitempty"`
	HTTPErrorRuleList         []HTTPErrorRule         `json:"http_error_rule_list,omitempty"`
	FrontendLists
}

// Forwardfor is `option forwardfor [except <net>] [header <name>] [if-none]`.
type Forwardfor struct {
	Enabled string `json:"enabled"`
	Except  string `json:"except,omitempty"`
	Header  string `json:"header,omitempty"`
	Ifnone  bool   `json:"ifnone,omitempty"`
}

// Backend is a `backend` section's own settings (servers, ACLs and rules are
// children, carried here only with full_section). The `hap`, `enum` and `range` tags are as on ProxyOptions; the
// fields without one are lines of more than a keyword and a value, written by
// custom directives.
type Backend struct {
	Name     string   `json:"name"`
	Metadata Metadata `json:"metadata,omitempty"` // the comment of the object's line

	Mode        string `json:"mode,omitempty" hap:"mode,word" enum:"http|tcp|log"`
	Description string `json:"description,omitempty" hap:"description,line"`
	ID          *int64 `json:"id,omitempty" hap:"id,int" range:"1,2147483647"`
	GUID        string `json:"guid,omitempty" hap:"guid,name"`
	HTTPNoDelay string `json:"http-no-delay,omitempty" hap:"option http-no-delay,switch"`
	BackendOwn
	ProxyOptions
	BackendOptions
	BackendObjects
	ProxyObjects

	// The children this agent serves, read and written with the section only
	// with ?full_section=true (see haproxycfg's full.go). Servers are keyed by name.
	ACLList             []ACL             `json:"acl_list,omitempty"`
	Servers             map[string]Server `json:"servers,omitempty"`
	HTTPRequestRuleList []HTTPRequestRule `json:"http_request_rule_list,omitempty"`

	// The check and server-rule lists (models_checks.go).
	HTTPCheckList           []HTTPCheck           `json:"http_check_list,omitempty"`
	TCPCheckRuleList        []TCPCheck            `json:"tcp_check_rule_list,omitempty"`
	ServerSwitchingRuleList []ServerSwitchingRule `json:"server_switching_rule_list,omitempty"`
	StickRuleList           []StickRule           `json:"stick_rule_list,omitempty"`
	TCPRequestRuleList      []TCPRequestRule      `json:"tcp_request_rule_list,omitempty"`
	TCPResponseRuleList     []TCPResponseRule     `json:"tcp_response_rule_list,omitempty"`
	// The response side's lists (models_http_response.go), as the others.
	HTTPResponseRuleList      []HTTPResponseRule      `json:"http_response_rule_list,omitempty"`
	HTTPAfterResponseRuleList []HTTPAfterResponseRule `json:"http_after_response_rule_list,omitempty"`
	HTTPErrorRuleList         []HTTPErrorRule         `json:"http_error_rule_list,omitempty"`
	BackendLists
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
	// URLParamCheckPost and URLParamMaxWait are `balance url_param <param>
	// [check_post <bytes>] [max_wait <ms>]`, as the official API writes them.
	URLParamCheckPost *int64 `json:"url_param_check_post,omitempty"`
	URLParamMaxWait   *int64 `json:"url_param_max_wait,omitempty"`
}

// HttpchkParams is the arguments of `option httpchk [<method>] [<uri>] [<version>]
// [<host>]`: host is the fourth argument, as the official API writes it (HAProxy
// 2.6 takes three, and refuses a fourth).
type HttpchkParams struct {
	Method  string `json:"method,omitempty"`
	URI     string `json:"uri,omitempty"`
	Version string `json:"version,omitempty"`
	Host    string `json:"host,omitempty"`
}

// Redispatch is `option redispatch [<interval>]`.
type Redispatch struct {
	Enabled  string `json:"enabled"`
	Interval *int64 `json:"interval,omitempty"`
}

// Cookie is `cookie <name> [rewrite|insert|prefix] [indirect] [nocache] ...`.
type Cookie struct {
	Name     string        `json:"name"`
	Type     string        `json:"type,omitempty"`
	Indirect bool          `json:"indirect,omitempty"`
	Nocache  bool          `json:"nocache,omitempty"`
	Postonly bool          `json:"postonly,omitempty"`
	Preserve bool          `json:"preserve,omitempty"`
	Httponly bool          `json:"httponly,omitempty"`
	Secure   bool          `json:"secure,omitempty"`
	Dynamic  bool          `json:"dynamic,omitempty"`
	Domains  []CookieValue `json:"domain,omitempty"`
	Attrs    []CookieValue `json:"attr,omitempty"`
	Maxidle  *int64        `json:"maxidle,omitempty"`
	Maxlife  *int64        `json:"maxlife,omitempty"`
}

// UseSmallBuffers is `option use-small-buffers [queue] [l7-retries] [check]`
// ("enabled") or `no option use-small-buffers` ("disabled").
type UseSmallBuffers struct {
	Enabled   string `json:"enabled" enum:"enabled|disabled"`
	Queue     bool   `json:"queue,omitempty"`
	L7Retries bool   `json:"l7_retries,omitempty"`
	Check     bool   `json:"check,omitempty"`
}

// IDValue is a keyword that carries an id in parentheses, with a value:
// `set-proxy-v2-tlv-fmt(<id>) <value>`.
type IDValue struct {
	ID    string `json:"id"`
	Value string `json:"value"`
}

// ServerParams are the settings a `server` line and a `default-server` line share.
//
// The `hap` tag of a field names the keyword it is written as and its kind (see
// haproxycfg's tags.go), `enum` its allowed values and `range` its bounds: the
// engine's tables and checks and the provider's enum lists are read from these tags,
// so a new keyword is one line here. Lines keep the keywords in field order.
type ServerParams struct {
	Check              string   `json:"check,omitempty" hap:"check|no-check,switch"`
	Backup             string   `json:"backup,omitempty" hap:"backup|no-backup,switch"`
	Maintenance        string   `json:"maintenance,omitempty" hap:"disabled|enabled,switch"`
	SSL                string   `json:"ssl,omitempty" hap:"ssl|no-ssl,switch"`
	SendProxy          string   `json:"send-proxy,omitempty" hap:"send-proxy|no-send-proxy,switch"`
	SendProxyV2        string   `json:"send-proxy-v2,omitempty" hap:"send-proxy-v2|no-send-proxy-v2,switch"`
	CheckSSL           string   `json:"check-ssl,omitempty" hap:"check-ssl|no-check-ssl,switch"`
	Weight             *int64   `json:"weight,omitempty" hap:"weight,int" range:"0,256"`
	Maxconn            *int64   `json:"maxconn,omitempty" hap:"maxconn,int" range:"0,2147483648"`
	Inter              *int64   `json:"inter,omitempty" hap:"inter,time" range:"1,2147483648"`
	Fastinter          *int64   `json:"fastinter,omitempty" hap:"fastinter,time" range:"1,2147483648"`
	Downinter          *int64   `json:"downinter,omitempty" hap:"downinter,time" range:"1,2147483648"`
	Rise               *int64   `json:"rise,omitempty" hap:"rise,int" range:"1,2147483648"`
	Fall               *int64   `json:"fall,omitempty" hap:"fall,int" range:"1,2147483648"`
	Slowstart          *int64   `json:"slowstart,omitempty" hap:"slowstart,time" range:"0,2147483648"`
	Verify             string   `json:"verify,omitempty" hap:"verify,word" enum:"none|required"`
	SNI                string   `json:"sni,omitempty" hap:"sni,text"`
	ALPN               string   `json:"alpn,omitempty" hap:"alpn,text"`
	SSLCertificate     string   `json:"ssl_certificate,omitempty" hap:"crt,file"`
	SSLCafile          string   `json:"ssl_cafile,omitempty" hap:"ca-file,file"`
	Cookie             string   `json:"cookie,omitempty" hap:"cookie,text"`
	InitAddr           string   `json:"init-addr,omitempty" hap:"init-addr,text"`
	Resolvers          string   `json:"resolvers,omitempty" hap:"resolvers,text"`
	Observe            string   `json:"observe,omitempty" hap:"observe,word" enum:"layer4|layer7"`
	OnMarkedDown       string   `json:"on-marked-down,omitempty" hap:"on-marked-down,word" enum:"shutdown-sessions"`
	AgentCheck         string   `json:"agent-check,omitempty" hap:"agent-check|no-agent-check,switch"`
	AgentAddr          string   `json:"agent-addr,omitempty" hap:"agent-addr,text"`
	AgentPort          *int64   `json:"agent-port,omitempty" hap:"agent-port,int" range:"1,65535"`
	AgentInter         *int64   `json:"agent-inter,omitempty" hap:"agent-inter,time" range:"0,2147483648"`
	AgentSend          string   `json:"agent-send,omitempty" hap:"agent-send,text"`
	HealthCheckAddress string   `json:"health_check_address,omitempty" hap:"addr,text"`
	HealthCheckPort    *int64   `json:"health_check_port,omitempty" hap:"port,int" range:"1,65535"`
	CheckAlpn          string   `json:"check_alpn,omitempty" hap:"check-alpn,text"`
	CheckProto         string   `json:"check_proto,omitempty" hap:"check-proto,text"`
	CheckSNI           string   `json:"check-sni,omitempty" hap:"check-sni,text"`
	CheckSNIAuto       string   `json:"check_sni_auto,omitempty" hap:"check-sni-auto|no-check-sni-auto,switch"`
	CheckSendProxy     string   `json:"check-send-proxy,omitempty" hap:"check-send-proxy|no-check-send-proxy,switch"`
	CheckReusePool     string   `json:"check-reuse-pool,omitempty" hap:"check-reuse-pool|no-check-reuse-pool,switch"`
	CheckPoolConnName  string   `json:"check-pool-conn-name,omitempty" hap:"check-pool-conn-name,text"`
	CheckViaSocks4     string   `json:"check_via_socks4,omitempty" hap:"check-via-socks4,switch"`
	Socks4             string   `json:"socks4,omitempty" hap:"socks4,text"`
	ErrorLimit         *int64   `json:"error_limit,omitempty" hap:"error-limit,int" range:"0,2147483648"`
	OnError            string   `json:"on-error,omitempty" hap:"on-error,word" enum:"fastinter|fail-check|sudden-death|mark-down"`
	OnMarkedUp         string   `json:"on-marked-up,omitempty" hap:"on-marked-up,word" enum:"shutdown-backup-sessions"`
	Track              string   `json:"track,omitempty" hap:"track,text"`
	InitState          string   `json:"init-state,omitempty" hap:"init-state,word" enum:"fully-up|up|down|fully-down"`
	ResolveNet         string   `json:"resolve-net,omitempty" hap:"resolve-net,text"`
	ResolveOpts        string   `json:"resolve_opts,omitempty" hap:"resolve-opts,text"`
	ResolvePrefer      string   `json:"resolve-prefer,omitempty" hap:"resolve-prefer,word" enum:"ipv4|ipv6"`
	Minconn            *int64   `json:"minconn,omitempty" hap:"minconn,int" range:"0,2147483648"`
	Maxqueue           *int64   `json:"maxqueue,omitempty" hap:"maxqueue,int" range:"0,2147483648"`
	MaxReuse           *int64   `json:"max_reuse,omitempty" hap:"max-reuse,int" range:"-1,2147483648"`
	PoolLowConn        *int64   `json:"pool_low_conn,omitempty" hap:"pool-low-conn,int" range:"0,2147483648"`
	PoolMaxConn        *int64   `json:"pool_max_conn,omitempty" hap:"pool-max-conn,int" range:"-1,2147483648"`
	PoolPurgeDelay     *int64   `json:"pool_purge_delay,omitempty" hap:"pool-purge-delay,time" range:"0,2147483648"`
	PoolConnName       string   `json:"pool_conn_name,omitempty" hap:"pool-conn-name,text"`
	IdlePing           *int64   `json:"idle_ping,omitempty" hap:"idle-ping,time" range:"0,2147483648"`
	TCPUt              *int64   `json:"tcp_ut,omitempty" hap:"tcp-ut,time" range:"0,2147483648"`
	TCPMd5sig          string   `json:"tcp_md5sig,omitempty" hap:"tcp-md5sig,text"`
	Tfo                string   `json:"tfo,omitempty" hap:"tfo|no-tfo,switch"`
	Source             string   `json:"source,omitempty" hap:"source,text"`
	Namespace          string   `json:"namespace,omitempty" hap:"namespace,text"`
	Redir              string   `json:"redir,omitempty" hap:"redir,text"`
	Proto              string   `json:"proto,omitempty" hap:"proto,text"`
	Ws                 string   `json:"ws,omitempty" hap:"ws,word" enum:"auto|h1|h2"`
	HashKey            string   `json:"hash_key,omitempty" hap:"hash-key,text"`
	GUID               string   `json:"guid,omitempty" hap:"guid,text"`
	Shard              *int64   `json:"shard,omitempty" hap:"shard,int" range:"0,2147483648"`
	Stick              string   `json:"stick,omitempty" hap:"stick|non-stick,switch"`
	StrictMaxconn      bool     `json:"strict-maxconn,omitempty" hap:"strict-maxconn,flag"`
	LogProto           string   `json:"log_proto,omitempty" hap:"log-proto,word" enum:"legacy|octet-count"`
	LogBufsize         *int64   `json:"log-bufsize,omitempty" hap:"log-bufsize,int" range:"0,2147483648"`
	ProxyV2Options     []string `json:"proxy-v2-options,omitempty" hap:"proxy-v2-options,list" enum:"authority|cert-cn|cert-key|cert-sig|crc32c|ssl|ssl-cipher|unique-id"`
	SetProxyV2TlvFmt   *IDValue `json:"set-proxy-v2-tlv-fmt,omitempty" hap:"set-proxy-v2-tlv-fmt,idvalue"`
	SendProxyV2SSL     string   `json:"send_proxy_v2_ssl,omitempty" hap:"send-proxy-v2-ssl|no-send-proxy-v2-ssl,switch"`
	SendProxyV2SSLCN   string   `json:"send_proxy_v2_ssl_cn,omitempty" hap:"send-proxy-v2-ssl-cn|no-send-proxy-v2-ssl-cn,switch"`
	SSLReuse           string   `json:"ssl_reuse,omitempty" hap:"ssl-reuse|no-ssl-reuse,switch"`
	SSLMinVer          string   `json:"ssl_min_ver,omitempty" hap:"ssl-min-ver,word" enum:"SSLv3|TLSv1.0|TLSv1.1|TLSv1.2|TLSv1.3"`
	SSLMaxVer          string   `json:"ssl_max_ver,omitempty" hap:"ssl-max-ver,word" enum:"SSLv3|TLSv1.0|TLSv1.1|TLSv1.2|TLSv1.3"`
	Sslv3              string   `json:"sslv3,omitempty" hap:"force-sslv3|no-sslv3,switch"`
	Tlsv10             string   `json:"tlsv10,omitempty" hap:"force-tlsv10|no-tlsv10,switch"`
	Tlsv11             string   `json:"tlsv11,omitempty" hap:"force-tlsv11|no-tlsv11,switch"`
	Tlsv12             string   `json:"tlsv12,omitempty" hap:"force-tlsv12|no-tlsv12,switch"`
	Tlsv13             string   `json:"tlsv13,omitempty" hap:"force-tlsv13|no-tlsv13,switch"`
	TLSTickets         string   `json:"tls_tickets,omitempty" hap:"tls-tickets|no-tls-tickets,switch"`
	Renegotiate        string   `json:"renegotiate,omitempty" hap:"renegotiate|no-renegotiate,switch"`
	Allow0rtt          bool     `json:"allow_0rtt,omitempty" hap:"allow-0rtt,flag"`
	Ciphers            string   `json:"ciphers,omitempty" hap:"ciphers,text"`
	Ciphersuites       string   `json:"ciphersuites,omitempty" hap:"ciphersuites,text"`
	ClientSigalgs      string   `json:"client_sigalgs,omitempty" hap:"client-sigalgs,text"`
	Sigalgs            string   `json:"sigalgs,omitempty" hap:"sigalgs,text"`
	Curves             string   `json:"curves,omitempty" hap:"curves,text"`
	CrlFile            string   `json:"crl_file,omitempty" hap:"crl-file,file"`
	Verifyhost         string   `json:"verifyhost,omitempty" hap:"verifyhost,text"`
	NoVerifyhost       string   `json:"no_verifyhost,omitempty" hap:"no-verifyhost,switch"`
	SNIAuto            string   `json:"sni_auto,omitempty" hap:"sni-auto|no-sni-auto,switch"`
	Npn                string   `json:"npn,omitempty" hap:"npn,text"`
	Cc                 string   `json:"cc,omitempty" hap:"cc,text"`
	Ktls               string   `json:"ktls,omitempty" hap:"ktls,word" enum:"on|off"`
	QuicCcAlgo         string   `json:"quic-cc-algo,omitempty" hap:"quic-cc-algo,word" enum:"cubic|newreno|bbr|nocc"`

	// The arguments quic-cc-algo's value carries: `cubic(<window>)`.
	QuicCcAlgoMaxWindow *int64 `json:"quic_cc_algo_max_window,omitempty" hap:"quic-cc-algo(1),size" range:"10,4194304"`
}

// Server is one `server <name> <address>[:<port>] [params]` line of a backend.
type Server struct {
	Name     string   `json:"name"`
	Metadata Metadata `json:"metadata,omitempty"` // the comment of the object's line

	Address string `json:"address"`
	Port    *int64 `json:"port,omitempty"`
	ID      *int64 `json:"id,omitempty" hap:"id,int" range:"1,2147483647"`
	ServerParams
}

// Bind is one `bind <address>[:<port>] [params]` line of a frontend. Its `hap`,
// `enum` and `range` tags are as on ServerParams.
type Bind struct {
	Name     string   `json:"name"`
	Metadata Metadata `json:"metadata,omitempty"` // the comment of the object's line

	Address              string `json:"address,omitempty"`
	Port                 *int64 `json:"port,omitempty"`
	PortRangeEnd         *int64 `json:"port-range-end,omitempty"`
	SSL                  bool   `json:"ssl,omitempty" hap:"ssl,flag"`
	SSLCertificate       string `json:"ssl_certificate,omitempty" hap:"crt,file"`
	SSLCafile            string `json:"ssl_cafile,omitempty" hap:"ca-file,file"`
	CrtList              string `json:"crt_list,omitempty" hap:"crt-list,file"`
	ALPN                 string `json:"alpn,omitempty" hap:"alpn,text"`
	Verify               string `json:"verify,omitempty" hap:"verify,word" enum:"none|optional|required"`
	AcceptProxy          bool   `json:"accept_proxy,omitempty" hap:"accept-proxy,flag"`
	Transparent          bool   `json:"transparent,omitempty" hap:"transparent,flag"`
	V4v6                 bool   `json:"v4v6,omitempty" hap:"v4v6,flag"`
	V6only               bool   `json:"v6only,omitempty" hap:"v6only,flag"`
	DeferAccept          bool   `json:"defer_accept,omitempty" hap:"defer-accept,flag"`
	Tfo                  bool   `json:"tfo,omitempty" hap:"tfo,flag"`
	SSLMinVer            string `json:"ssl_min_ver,omitempty" hap:"ssl-min-ver,word" enum:"SSLv3|TLSv1.0|TLSv1.1|TLSv1.2|TLSv1.3"`
	SSLMaxVer            string `json:"ssl_max_ver,omitempty" hap:"ssl-max-ver,word" enum:"SSLv3|TLSv1.0|TLSv1.1|TLSv1.2|TLSv1.3"`
	Ciphers              string `json:"ciphers,omitempty" hap:"ciphers,text"`
	Maxconn              *int64 `json:"maxconn,omitempty" hap:"maxconn,int" range:"0,2147483648"`
	Thread               string `json:"thread,omitempty" hap:"thread,text"`
	Process              string `json:"process,omitempty" hap:"process,text"`
	Level                string `json:"level,omitempty" hap:"level,word" enum:"user|operator|admin"`
	SeverityOutput       string `json:"severity_output,omitempty" hap:"severity-output,word" enum:"none|number|string"`
	ID                   string `json:"id,omitempty" hap:"id,text"`
	Backlog              string `json:"backlog,omitempty" hap:"backlog,text"`
	Mss                  string `json:"mss,omitempty" hap:"mss,text"`
	Interface            string `json:"interface,omitempty" hap:"interface,text"`
	Namespace            string `json:"namespace,omitempty" hap:"namespace,text"`
	Mode                 string `json:"mode,omitempty" hap:"mode,text"`
	User                 string `json:"user,omitempty" hap:"user,text"`
	UID                  string `json:"uid,omitempty" hap:"uid,text"`
	Group                string `json:"group,omitempty" hap:"group,text"`
	Gid                  *int64 `json:"gid,omitempty" hap:"gid,int" range:"0,2147483647"`
	Nice                 *int64 `json:"nice,omitempty" hap:"nice,int" range:"-1024,1024"`
	Proto                string `json:"proto,omitempty" hap:"proto,text"`
	Label                string `json:"label,omitempty" hap:"label,text"`
	Shards               string `json:"shards,omitempty" hap:"shards,text"`
	Nbconn               *int64 `json:"nbconn,omitempty" hap:"nbconn,int" range:"1,2147483647"`
	GUIDPrefix           string `json:"guid_prefix,omitempty" hap:"guid-prefix,text"`
	ExposeFdListeners    bool   `json:"expose_fd_listeners,omitempty" hap:"expose-fd listeners,flag"`
	AcceptNetscalerCip   *int64 `json:"accept_netscaler_cip,omitempty" hap:"accept-netscaler-cip,int" range:"0,4294967295"`
	TCPUserTimeout       *int64 `json:"tcp_user_timeout,omitempty" hap:"tcp-ut,time" range:"0,2147483648"`
	TCPMd5sig            string `json:"tcp_md5sig,omitempty" hap:"tcp-md5sig,text"`
	TCPSs                *int64 `json:"tcp_ss,omitempty" hap:"tcp-ss,int" range:"1,3"`
	IdlePing             *int64 `json:"idle_ping,omitempty" hap:"idle-ping,time" range:"0,2147483648"`
	Allow0rtt            bool   `json:"allow_0rtt,omitempty" hap:"allow-0rtt,flag"`
	CaIgnoreErr          string `json:"ca_ignore_err,omitempty" hap:"ca-ignore-err,text"`
	CaSignFile           string `json:"ca_sign_file,omitempty" hap:"ca-sign-file,file"`
	CaSignPass           string `json:"ca_sign_pass,omitempty" hap:"ca-sign-pass,text"`
	CaVerifyFile         string `json:"ca_verify_file,omitempty" hap:"ca-verify-file,file"`
	CrlFile              string `json:"crl_file,omitempty" hap:"crl-file,file"`
	CrtIgnoreErr         string `json:"crt_ignore_err,omitempty" hap:"crt-ignore-err,text"`
	Ciphersuites         string `json:"ciphersuites,omitempty" hap:"ciphersuites,text"`
	ClientSigalgs        string `json:"client_sigalgs,omitempty" hap:"client-sigalgs,text"`
	Sigalgs              string `json:"sigalgs,omitempty" hap:"sigalgs,text"`
	Curves               string `json:"curves,omitempty" hap:"curves,text"`
	Ecdhe                string `json:"ecdhe,omitempty" hap:"ecdhe,text"`
	Npn                  string `json:"npn,omitempty" hap:"npn,text"`
	NoAlpn               bool   `json:"no_alpn,omitempty" hap:"no-alpn,flag"`
	Cc                   string `json:"cc,omitempty" hap:"cc,text"`
	GenerateCertificates bool   `json:"generate_certificates,omitempty" hap:"generate-certificates,flag"`
	NoCaNames            bool   `json:"no_ca_names,omitempty" hap:"no-ca-names,flag"`
	PreferClientCiphers  bool   `json:"prefer_client_ciphers,omitempty" hap:"prefer-client-ciphers,flag"`
	ForceStrictSni       string `json:"force_strict_sni,omitempty" hap:"strict-sni|no-strict-sni,switch"`
	TLSTickets           string `json:"tls_tickets,omitempty" hap:"tls-tickets|no-tls-tickets,switch"`
	TLSTicketKeys        string `json:"tls_ticket_keys,omitempty" hap:"tls-ticket-keys,file"`
	Sslv3                string `json:"sslv3,omitempty" hap:"force-sslv3|no-sslv3,switch"`
	Tlsv10               string `json:"tlsv10,omitempty" hap:"force-tlsv10|no-tlsv10,switch"`
	Tlsv11               string `json:"tlsv11,omitempty" hap:"force-tlsv11|no-tlsv11,switch"`
	Tlsv12               string `json:"tlsv12,omitempty" hap:"force-tlsv12|no-tlsv12,switch"`
	Tlsv13               string `json:"tlsv13,omitempty" hap:"force-tlsv13|no-tlsv13,switch"`
	Ktls                 string `json:"ktls,omitempty" hap:"ktls,word" enum:"on|off"`
	QuicForceRetry       bool   `json:"quic-force-retry,omitempty" hap:"quic-force-retry,flag"`
	QuicSocket           string `json:"quic-socket,omitempty" hap:"quic-socket,word" enum:"connection|listener"`
	QuicCcAlgo           string `json:"quic-cc-algo,omitempty" hap:"quic-cc-algo,word" enum:"cubic|newreno|bbr|nocc"`

	// The arguments quic-cc-algo's value carries: `cubic(<window>,<burst>)`.
	QuicCcAlgoMaxWindow *int64 `json:"quic_cc_algo_max_window,omitempty" hap:"quic-cc-algo(1),size" range:"10,4194304"`
	QuicCcAlgoBurstSize *int64 `json:"quic_cc_algo_burst_size,omitempty" hap:"quic-cc-algo(2),int" range:"0,1024"`

	// One `default-crt <file>` each.
	DefaultCrtList []string `json:"default_crt_list,omitempty" hap:"default-crt,files"`
}

// ACL is one `acl <name> <criterion> [<value> ...]` line.
type ACL struct {
	ACLName  string   `json:"acl_name"`
	Metadata Metadata `json:"metadata,omitempty"` // the comment of the object's line

	Criterion string `json:"criterion"`
	Value     string `json:"value,omitempty"`
}

// HTTPRequestRule is one `http-request <action> [args] [if|unless <condition>]` line:
// every field of the official v3 model. Which fields an action takes,
// and the words each is, is the action table's (internal/haproxycfg/actions_http.go).
// Integers the official model cannot leave unset (sc_id, nice_value...) are plain,
// as there: 0 is written, and omitted from JSON.
type HTTPRequestRule struct {
	Type     string   `json:"type"`
	Metadata Metadata `json:"metadata,omitempty"` // the comment of the object's line

	Cond                 string         `json:"cond,omitempty"`
	CondTest             string         `json:"cond_test,omitempty"`
	ACLFile              string         `json:"acl_file,omitempty"`
	ACLKeyfmt            string         `json:"acl_keyfmt,omitempty"`
	AuthRealm            string         `json:"auth_realm,omitempty"`
	BandwidthLimitLimit  string         `json:"bandwidth_limit_limit,omitempty"`
	BandwidthLimitName   string         `json:"bandwidth_limit_name,omitempty"`
	BandwidthLimitPeriod string         `json:"bandwidth_limit_period,omitempty"`
	CacheName            string         `json:"cache_name,omitempty"`
	CaptureID            *int64         `json:"capture_id,omitempty"`
	CaptureLen           int64          `json:"capture_len,omitempty"`
	CaptureSample        string         `json:"capture_sample,omitempty"`
	DenyStatus           *int64         `json:"deny_status,omitempty"`
	Expr                 string         `json:"expr,omitempty"`
	HdrExpr              string         `json:"hdr_expr,omitempty"`
	HdrFormat            string         `json:"hdr_format,omitempty"`
	HdrMatch             string         `json:"hdr_match,omitempty"`
	HdrMethod            string         `json:"hdr_method,omitempty"`
	HdrName              string         `json:"hdr_name,omitempty"`
	HdrPrefix            string         `json:"hdr_prefix,omitempty"`
	HintFormat           string         `json:"hint_format,omitempty"`
	HintName             string         `json:"hint_name,omitempty"`
	LogLevel             string         `json:"log_level,omitempty"`
	LogProfile           string         `json:"log_profile,omitempty"`
	LuaAction            string         `json:"lua_action,omitempty"`
	LuaParams            string         `json:"lua_params,omitempty"`
	MapFile              string         `json:"map_file,omitempty"`
	MapKeyfmt            string         `json:"map_keyfmt,omitempty"`
	MapValuefmt          string         `json:"map_valuefmt,omitempty"`
	MarkValue            string         `json:"mark_value,omitempty"`
	MethodFmt            string         `json:"method_fmt,omitempty"`
	NiceValue            int64          `json:"nice_value,omitempty"`
	Normalizer           string         `json:"normalizer,omitempty"`
	NormalizerFull       bool           `json:"normalizer_full,omitempty"`
	NormalizerStrict     bool           `json:"normalizer_strict,omitempty"`
	PathFmt              string         `json:"path_fmt,omitempty"`
	PathMatch            string         `json:"path_match,omitempty"`
	Protocol             string         `json:"protocol,omitempty"`
	QueryFmt             string         `json:"query-fmt,omitempty"`
	RedirCode            *int64         `json:"redir_code,omitempty"`
	RedirOption          string         `json:"redir_option,omitempty"`
	RedirType            string         `json:"redir_type,omitempty"`
	RedirValue           string         `json:"redir_value,omitempty"`
	Resolvers            string         `json:"resolvers,omitempty"`
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
	ServiceName          string         `json:"service_name,omitempty"`
	SpoeEngine           string         `json:"spoe_engine,omitempty"`
	SpoeGroup            string         `json:"spoe_group,omitempty"`
	StrictMode           string         `json:"strict_mode,omitempty"`
	Timeout              string         `json:"timeout,omitempty"`
	TimeoutType          string         `json:"timeout_type,omitempty"`
	TosValue             string         `json:"tos_value,omitempty"`
	TrackScKey           string         `json:"track_sc_key,omitempty"`
	TrackScStickCounter  *int64         `json:"track_sc_stick_counter,omitempty"`
	TrackScTable         string         `json:"track_sc_table,omitempty"`
	URIFmt               string         `json:"uri-fmt,omitempty"`
	URIMatch             string         `json:"uri-match,omitempty"`
	VarExpr              string         `json:"var_expr,omitempty"`
	VarFormat            string         `json:"var_format,omitempty"`
	VarName              string         `json:"var_name,omitempty"`
	VarScope             string         `json:"var_scope,omitempty"`
	WaitAtLeast          *int64         `json:"wait_at_least,omitempty"`
	WaitTime             *int64         `json:"wait_time,omitempty"`
}

// ReturnHeader is one `hdr <name> <fmt>` of a response a rule makes (return,
// deny, tarpit).
type ReturnHeader struct {
	Fmt  string `json:"fmt"`
	Name string `json:"name"`
}

// BackendSwitchingRule is one `use_backend <name> [if|unless <condition>]` line.
type BackendSwitchingRule struct {
	Name     string   `json:"name"`
	Metadata Metadata `json:"metadata,omitempty"` // the comment of the object's line

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
// Only address, port, weight and admin_state are written; the rest are read only,
// as HAProxy's `show servers state` gives them.
type RuntimeServer struct {
	Name             string `json:"name,omitempty"`
	Address          string `json:"address,omitempty"`
	Port             *int64 `json:"port,omitempty"`
	AdminState       string `json:"admin_state,omitempty"`
	OperationalState string `json:"operational_state,omitempty"`
	Weight           *int64 `json:"weight,omitempty"`
	ID               string `json:"id,omitempty"`
	BackendID        *int64 `json:"backend_id,omitempty"`
	BackendName      string `json:"backend_name,omitempty"`
	Uweight          *int64 `json:"uweight,omitempty"`
	Iweight          *int64 `json:"iweight,omitempty"`
	LastTimeChange   *int64 `json:"last_time_change,omitempty"`
	CheckStatus      *int64 `json:"check_status,omitempty"`
	CheckResult      *int64 `json:"check_result,omitempty"`
	CheckHealth      *int64 `json:"check_health,omitempty"`
	CheckState       *int64 `json:"check_state,omitempty"`
	AgentState       *int64 `json:"agent_state,omitempty"`
	BackendForcedID  *int64 `json:"backend_forced_id,omitempty"`
	ForcedID         *int64 `json:"forced_id,omitempty"`
	FQDN             string `json:"fqdn,omitempty"`
	SRVRecord        string `json:"srvrecord,omitempty"`
	UseSSL           bool   `json:"use_ssl,omitempty"`
	CheckPort        *int64 `json:"check_port,omitempty"`
	CheckAddr        string `json:"check_addr,omitempty"`
	AgentAddr        string `json:"agent_addr,omitempty"`
	AgentPort        *int64 `json:"agent_port,omitempty"`
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

// The extensions our agent offers.
const (
	// ExtensionDryRun is the dry_run parameter on writes and commits.
	ExtensionDryRun = "dry_run"
	// ExtensionReloadWait is the wait parameter of GET
	// /services/haproxy/reloads/{id}: a reload in progress is answered when
	// it ends, which a client waiting for it would otherwise poll for.
	ExtensionReloadWait = "reload_wait"
	// ExtensionObjectVersions is the versions of each object: a write at an
	// older version than the configuration's is made unless what it addresses
	// changed since, so a client may write at the newest version it has seen,
	// without asking for the current one first.
	ExtensionObjectVersions = "object_versions"
)

// MaxReloadWait is the longest wait the reload_wait extension grants.
const MaxReloadWait = time.Minute

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
