package dataplane

// The nested objects of frontends and backends: each stands for one line of its
// section, or for a few lines that together make one setting (compression,
// stats, email-alert), or for a list of lines of one keyword (error_files).
// Member names and shapes are the official models'.

// ProxyObjects are the nested objects frontends and backends both have.
type ProxyObjects struct {
	StickTable               *StickTable   `json:"stick_table,omitempty"`
	Compression              *Compression  `json:"compression,omitempty"`
	StatsOptions             *StatsOptions `json:"stats_options,omitempty"`
	EmailAlert               *EmailAlert   `json:"email_alert,omitempty"`
	ErrorFiles               []Errorfile   `json:"error_files,omitempty"`
	ErrorFilesFromHTTPErrors []Errorfiles  `json:"errorfiles_from_http_errors,omitempty"`
	Errorloc302              *Errorloc     `json:"errorloc302,omitempty"`
	Errorloc303              *Errorloc     `json:"errorloc303,omitempty"`
	Originalto               *Originalto   `json:"originalto,omitempty"`
	Forwarded                *Forwarded    `json:"forwarded,omitempty"`
}

// StickTable is `stick-table type <type> [len <keylen>] size <size> [expire <t>]
// [nopurge] [peers <name>] [srvkey <key>] [write-to <table>] [recv-only]
// [store <data>[,<data>...]]`.
type StickTable struct {
	Type     string `json:"type,omitempty"`
	Keylen   *int64 `json:"keylen,omitempty"`
	Size     *int64 `json:"size,omitempty"`
	Expire   *int64 `json:"expire,omitempty"`
	Nopurge  bool   `json:"nopurge,omitempty"`
	Peers    string `json:"peers,omitempty"`
	Srvkey   string `json:"srvkey,omitempty"`
	WriteTo  string `json:"write_to,omitempty"`
	RecvOnly bool   `json:"recv_only,omitempty"`
	Store    string `json:"store,omitempty"`
	// Metadata is the stick-table line's comment.
	Metadata Metadata `json:"metadata,omitempty"`
}

// Compression is the `compression <keyword> ...` lines of a section: algo,
// algo-req, algo-res, type, type-req, type-res, offload, direction,
// minsize-req and minsize-res.
type Compression struct {
	Algorithms []string `json:"algorithms,omitempty"`
	AlgoReq    string   `json:"algo-req,omitempty"`
	AlgosRes   []string `json:"algos-res,omitempty"`
	Types      []string `json:"types,omitempty"`
	TypesReq   []string `json:"types-req,omitempty"`
	TypesRes   []string `json:"types-res,omitempty"`
	Offload    bool     `json:"offload,omitempty"`
	Direction  string   `json:"direction,omitempty"`
	MinsizeReq *int64   `json:"minsize_req,omitempty"`
	MinsizeRes *int64   `json:"minsize_res,omitempty"`
}

// StatsOptions is the `stats <keyword> ...` lines of a section.
type StatsOptions struct {
	StatsEnable        bool               `json:"stats_enable,omitempty"`
	StatsURIPrefix     string             `json:"stats_uri_prefix,omitempty"`
	StatsRealm         bool               `json:"stats_realm,omitempty"`
	StatsRealmRealm    string             `json:"stats_realm_realm,omitempty"`
	StatsAuths         []StatsAuth        `json:"stats_auths,omitempty"`
	StatsHTTPRequests  []StatsHTTPRequest `json:"stats_http_requests,omitempty"`
	StatsAdmin         bool               `json:"stats_admin,omitempty"`
	StatsAdminCond     string             `json:"stats_admin_cond,omitempty"`
	StatsAdminCondTest string             `json:"stats_admin_cond_test,omitempty"`
	StatsHideVersion   bool               `json:"stats_hide_version,omitempty"`
	StatsShowVersion   bool               `json:"stats_show_version,omitempty"`
	StatsShowLegends   bool               `json:"stats_show_legends,omitempty"`
	StatsShowModules   bool               `json:"stats_show_modules,omitempty"`
	// StatsShowDesc and StatsShowNodeName are `stats show-desc [<desc>]` and
	// `stats show-node [<name>]`: "" is the line without its argument.
	StatsShowDesc     *string `json:"stats_show_desc,omitempty"`
	StatsShowNodeName *string `json:"stats_show_node_name,omitempty"`
	StatsMaxconn      *int64  `json:"stats_maxconn,omitempty"`
	StatsRefreshDelay *int64  `json:"stats_refresh_delay,omitempty"`
	// StatsScopes are the `stats scope <proxy>` lines, this agent's extension
	// (the official model lacks them): the proxies the page shows.
	StatsScopes []string `json:"stats_scopes,omitempty"`
}

// StatsAuth is `stats auth <user>:<passwd>`.
type StatsAuth struct {
	User   string `json:"user"`
	Passwd string `json:"passwd"`
}

// StatsHTTPRequest is `stats http-request {allow|deny|auth [realm <realm>]}
// [{if|unless} <condition>]`.
type StatsHTTPRequest struct {
	Type     string `json:"type"`
	Realm    string `json:"realm,omitempty"`
	Cond     string `json:"cond,omitempty"`
	CondTest string `json:"cond_test,omitempty"`
}

// EmailAlert is the `email-alert <keyword> <value>` lines of a section.
type EmailAlert struct {
	From       string `json:"from,omitempty"`
	To         string `json:"to,omitempty"`
	Level      string `json:"level,omitempty"`
	Mailers    string `json:"mailers,omitempty"`
	Myhostname string `json:"myhostname,omitempty"`
	// Metadata is the comment of the `email-alert mailers` line, the one the
	// others need.
	Metadata Metadata `json:"metadata,omitempty"`
}

// Errorfile is one `errorfile <code> <file>` line.
type Errorfile struct {
	Code int64  `json:"code,omitempty"`
	File string `json:"file,omitempty"`
}

// Errorfiles is one `errorfiles <http-errors section> [<code> ...]` line.
type Errorfiles struct {
	Name     string   `json:"name,omitempty"`
	Codes    []int64  `json:"codes,omitempty"`
	Metadata Metadata `json:"metadata,omitempty"` // the line's comment
}

// Errorloc is `errorloc302 <code> <url>` or `errorloc303 <code> <url>`.
type Errorloc struct {
	Code     int64    `json:"code,omitempty"`
	URL      string   `json:"url,omitempty"`
	Metadata Metadata `json:"metadata,omitempty"` // the line's comment
}

// Originalto is `option originalto [except <network>] [header <name>]`.
type Originalto struct {
	Enabled string `json:"enabled"`
	Except  string `json:"except,omitempty"`
	Header  string `json:"header,omitempty"`
}

// Forwarded is `option forwarded [proto] [host|host-expr <e>] [by|by-expr <e>]
// [by_port|by_port-expr <e>] [for|for-expr <e>] [for_port|for_port-expr <e>]`,
// or `no option forwarded` (disabled).
type Forwarded struct {
	Enabled     string `json:"enabled"`
	Proto       bool   `json:"proto,omitempty"`
	Host        bool   `json:"host,omitempty"`
	HostExpr    string `json:"host_expr,omitempty"`
	By          bool   `json:"by,omitempty"`
	ByExpr      string `json:"by_expr,omitempty"`
	ByPort      bool   `json:"by_port,omitempty"`
	ByPortExpr  string `json:"by_port_expr,omitempty"`
	For         bool   `json:"for,omitempty"`
	ForExpr     string `json:"for_expr,omitempty"`
	ForPort     bool   `json:"for_port,omitempty"`
	ForPortExpr string `json:"for_port_expr,omitempty"`
}

// MonitorFail is `monitor fail {if|unless} <condition>`.
type MonitorFail struct {
	Cond     string `json:"cond"`
	CondTest string `json:"cond_test"`
}

// PersistRule is `persist rdp-cookie[(<name>)]`.
type PersistRule struct {
	Type          string `json:"type"`
	RdpCookieName string `json:"rdp_cookie_name,omitempty"`
}

// Source is `source <address>[:<port>] [usesrc {<address>[:<port>]|client|clientip|
// hdr_ip(<hdr>[,<occ>])}] [interface <name>]`.
type Source struct {
	Address       string `json:"address"`
	Port          *int64 `json:"port,omitempty"`
	Usesrc        string `json:"usesrc,omitempty"`
	AddressSecond string `json:"address_second,omitempty"`
	PortSecond    *int64 `json:"port_second,omitempty"`
	Hdr           string `json:"hdr,omitempty"`
	Occ           string `json:"occ,omitempty"`
	Interface     string `json:"interface,omitempty"`
}

// MysqlCheckParams are the arguments of `option mysql-check [user <username>
// [{post-41|pre-41}]]`.
type MysqlCheckParams struct {
	Username      string `json:"username,omitempty"`
	ClientVersion string `json:"client_version,omitempty"`
}

// PgsqlCheckParams are the arguments of `option pgsql-check [user <username>]`.
type PgsqlCheckParams struct {
	Username string `json:"username,omitempty"`
}

// SmtpchkParams are the arguments of `option smtpchk [<hello> <domain>]`.
type SmtpchkParams struct {
	Hello  string `json:"hello,omitempty"`
	Domain string `json:"domain,omitempty"`
}

// PersistCond is one `force-persist` or `ignore-persist` line:
// `{force|ignore}-persist {if|unless} <condition>`.
type PersistCond struct {
	Cond     string `json:"cond"`
	CondTest string `json:"cond_test"`
}

// CookieValue is an item of a cookie's domain and attr lists.
type CookieValue struct {
	Value string `json:"value"`
}

// The allowed values of the nested objects' enumerated fields, from the official
// models.
var (
	StickTableTypes      = []string{"ip", "ipv6", "integer", "string", "binary"}
	StickTableSrvkeys    = []string{"addr", "name"}
	CompressionAlgos     = []string{"identity", "gzip", "deflate", "raw-deflate"}
	CompressionDirection = []string{"request", "response", "both"}
	StatsHTTPRequestType = []string{"allow", "deny", "auth"}
	EmailAlertLevels     = []string{"emerg", "alert", "crit", "err", "warning", "notice", "info", "debug"}
	ErrorCodes           = []int64{200, 400, 401, 403, 404, 405, 407, 408, 410, 413, 425, 429, 500, 501, 502, 503, 504}
	SourceUsesrc         = []string{"address", "client", "clientip", "hdr_ip"}
	MysqlClientVersions  = []string{"pre-41", "post-41"}
	PersistTypes         = []string{"rdp-cookie"}
	HttpchkMethods       = []string{"HEAD", "PUT", "POST", "GET", "TRACE", "PATCH", "DELETE", "CONNECT", "OPTIONS"}
)
