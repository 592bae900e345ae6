package dataplane

// The settings of proxy sections, grouped by who has them in the official
// models: ProxyOptions are the frontend's, the backend's and the defaults
// section's; FrontendOptions the frontend's and the defaults section's;
// BackendOptions the backend's and the defaults section's. Frontend and Backend
// embed them, with their own fields beside (see models.go).
//
// The `hap` tag of a field names the words its line starts with and its kind
// (see haproxycfg's tags.go), `enum` its allowed values and `range` its bounds,
// as on ServerParams: the engine's directive tables and checks are read from
// them, so a new single-line setting is one line here. A switch is `<words>`
// when "enabled" and `no <words>` when "disabled".
type ProxyOptions struct {
	Disabled                bool   `json:"disabled,omitempty" hap:"disabled,flag"`
	Enabled                 bool   `json:"enabled,omitempty" hap:"enabled,flag"`
	HTTPRequestTimeout      *int64 `json:"http_request_timeout,omitempty" hap:"timeout http-request,time" range:"0,2147483648"`
	HTTPKeepAliveTimeout    *int64 `json:"http_keep_alive_timeout,omitempty" hap:"timeout http-keep-alive,time" range:"0,2147483648"`
	TarpitTimeout           *int64 `json:"tarpit_timeout,omitempty" hap:"timeout tarpit,time" range:"0,2147483648"`
	Abortonclose            string `json:"abortonclose,omitempty" hap:"option abortonclose,switch"`
	HTTPBufferRequest       string `json:"http-buffer-request,omitempty" hap:"option http-buffer-request,switch"`
	HTTPRestrictReqHdrNames string `json:"http_restrict_req_hdr_names,omitempty" hap:"option http-restrict-req-hdr-names,word" enum:"preserve|delete|reject"`
	IndependentStreams      string `json:"independent_streams,omitempty" hap:"option independent-streams,switch"`
	Nolinger                string `json:"nolinger,omitempty" hap:"option nolinger,switch"`
	SpliceAuto              string `json:"splice_auto,omitempty" hap:"option splice-auto,switch"`
	SpliceRequest           string `json:"splice_request,omitempty" hap:"option splice-request,switch"`
	SpliceResponse          string `json:"splice_response,omitempty" hap:"option splice-response,switch"`
	Tcpka                   string `json:"tcpka,omitempty" hap:"option tcpka,switch"`
	LogTag                  string `json:"log_tag,omitempty" hap:"log-tag,text"`
	// HTTPUseHtx is a v3.0-3.3 field (3.4 dropped it); HAProxy 2.6 reads the
	// option and ignores it, HTX being its only mode.
	HTTPUseHtx string `json:"http-use-htx,omitempty" hap:"option http-use-htx,switch"`

	// From names the defaults section the section takes its defaults from, on
	// its header: `frontend <name> from <defaults>`.
	From string `json:"from,omitempty"`
	// Lines of more than one keyword and a value, written by custom directives.
	Forwardfor         *Forwardfor `json:"forwardfor,omitempty"`
	HTTPConnectionMode string      `json:"http_connection_mode,omitempty"`
}

// FrontendOptions are the settings of a frontend that a defaults section has too.
type FrontendOptions struct {
	DefaultBackend                      string   `json:"default_backend,omitempty" hap:"default_backend,name"`
	Maxconn                             *int64   `json:"maxconn,omitempty" hap:"maxconn,int" range:"0,2147483648"`
	Backlog                             *int64   `json:"backlog,omitempty" hap:"backlog,int" range:"0,2147483648"`
	ClientTimeout                       *int64   `json:"client_timeout,omitempty" hap:"timeout client,time" range:"0,2147483648"`
	ClientFinTimeout                    *int64   `json:"client_fin_timeout,omitempty" hap:"timeout client-fin,time" range:"0,2147483648"`
	Httplog                             bool     `json:"httplog,omitempty" hap:"option httplog,flag"`
	Clflog                              bool     `json:"clflog,omitempty" hap:"option httplog clf,flag"`
	Httpslog                            string   `json:"httpslog,omitempty" hap:"option httpslog,switch"`
	Tcplog                              bool     `json:"tcplog,omitempty" hap:"option tcplog,flag"`
	LogFormat                           string   `json:"log_format,omitempty" hap:"log-format,text"`
	LogFormatSd                         string   `json:"log_format_sd,omitempty" hap:"log-format-sd,text"`
	ErrorLogFormat                      string   `json:"error_log_format,omitempty" hap:"error-log-format,text"`
	LogSteps                            []string `json:"log_steps,omitempty" hap:"log-steps,list" enum:"accept|request|connect|response|close|error|any"`
	Dontlognull                         string   `json:"dontlognull,omitempty" hap:"option dontlognull,switch"`
	DontlogNormal                       string   `json:"dontlog_normal,omitempty" hap:"option dontlog-normal,switch"`
	LogSeparateErrors                   string   `json:"log_separate_errors,omitempty" hap:"option log-separate-errors,switch"`
	Logasap                             string   `json:"logasap,omitempty" hap:"option logasap,switch"`
	Contstats                           string   `json:"contstats,omitempty" hap:"option contstats,switch" enum:"enabled"`
	SocketStats                         string   `json:"socket_stats,omitempty" hap:"option socket-stats,switch"`
	TCPSmartAccept                      string   `json:"tcp_smart_accept,omitempty" hap:"option tcp-smart-accept,switch"`
	Clitcpka                            string   `json:"clitcpka,omitempty" hap:"option clitcpka,switch"`
	ClitcpkaCnt                         *int64   `json:"clitcpka_cnt,omitempty" hap:"clitcpka-cnt,int" range:"0,2147483648"`
	ClitcpkaIdle                        *int64   `json:"clitcpka_idle,omitempty" hap:"clitcpka-idle,seconds" range:"0,2147483648"`
	ClitcpkaIntvl                       *int64   `json:"clitcpka_intvl,omitempty" hap:"clitcpka-intvl,seconds" range:"0,2147483648"`
	AcceptInvalidHTTPRequest            string   `json:"accept_invalid_http_request,omitempty" hap:"option accept-invalid-http-request,switch"`
	AcceptUnsafeViolationsInHTTPRequest string   `json:"accept_unsafe_violations_in_http_request,omitempty" hap:"option accept-unsafe-violations-in-http-request,switch"`
	H1CaseAdjustBogusClient             string   `json:"h1_case_adjust_bogus_client,omitempty" hap:"option h1-case-adjust-bogus-client,switch"`
	DisableH2Upgrade                    string   `json:"disable_h2_upgrade,omitempty" hap:"option disable-h2-upgrade,switch"`
	HTTPIgnoreProbes                    string   `json:"http_ignore_probes,omitempty" hap:"option http-ignore-probes,switch"`
	HTTPUseProxyHeader                  string   `json:"http_use_proxy_header,omitempty" hap:"option http-use-proxy-header,switch"`
	HTTPNoDelay                         string   `json:"http_no_delay,omitempty" hap:"option http-no-delay,switch"`
	HTTPDropResponseTrailers            string   `json:"http-drop-response-trailers,omitempty" hap:"option http-drop-response-trailers,switch"`
	IdleCloseOnResponse                 string   `json:"idle_close_on_response,omitempty" hap:"option idle-close-on-response,switch"`
	UniqueIDFormat                      string   `json:"unique_id_format,omitempty" hap:"unique-id-format,text"`
	UniqueIDHeader                      string   `json:"unique_id_header,omitempty" hap:"unique-id-header,text"`
	MonitorURI                          string   `json:"monitor_uri,omitempty" hap:"monitor-uri,text"`
}

// BackendOptions are the settings of a backend that a defaults section has too.
// external-check lines are privileged (haproxycfg's privileged.go): writing
// them, or leaving them out of a write that had them, takes the admin role.
type BackendOptions struct {
	Retries                              *int64 `json:"retries,omitempty" hap:"retries,int" range:"0,2147483648"`
	Fullconn                             *int64 `json:"fullconn,omitempty" hap:"fullconn,int" range:"0,2147483648"`
	HashBalanceFactor                    *int64 `json:"hash_balance_factor,omitempty" hap:"hash-balance-factor,int" range:"0,2147483648"`
	MaxKeepAliveQueue                    *int64 `json:"max_keep_alive_queue,omitempty" hap:"max-keep-alive-queue,int" range:"-1,2147483648"`
	CheckTimeout                         *int64 `json:"check_timeout,omitempty" hap:"timeout check,time" range:"0,2147483648"`
	ConnectTimeout                       *int64 `json:"connect_timeout,omitempty" hap:"timeout connect,time" range:"0,2147483648"`
	ServerTimeout                        *int64 `json:"server_timeout,omitempty" hap:"timeout server,time" range:"0,2147483648"`
	ServerFinTimeout                     *int64 `json:"server_fin_timeout,omitempty" hap:"timeout server-fin,time" range:"0,2147483648"`
	QueueTimeout                         *int64 `json:"queue_timeout,omitempty" hap:"timeout queue,time" range:"0,2147483648"`
	TunnelTimeout                        *int64 `json:"tunnel_timeout,omitempty" hap:"timeout tunnel,time" range:"0,2147483648"`
	HTTPReuse                            string `json:"http_reuse,omitempty" hap:"http-reuse,word" enum:"aggressive|always|never|safe"`
	Allbackups                           string `json:"allbackups,omitempty" hap:"option allbackups,switch"`
	Checkcache                           string `json:"checkcache,omitempty" hap:"option checkcache,switch"`
	LogHealthChecks                      string `json:"log_health_checks,omitempty" hap:"option log-health-checks,switch"`
	Persist                              string `json:"persist,omitempty" hap:"option persist,switch"`
	PreferLastServer                     string `json:"prefer_last_server,omitempty" hap:"option prefer-last-server,switch"`
	Srvtcpka                             string `json:"srvtcpka,omitempty" hap:"option srvtcpka,switch"`
	SrvtcpkaCnt                          *int64 `json:"srvtcpka_cnt,omitempty" hap:"srvtcpka-cnt,int" range:"0,2147483648"`
	SrvtcpkaIdle                         *int64 `json:"srvtcpka_idle,omitempty" hap:"srvtcpka-idle,seconds" range:"0,2147483648"`
	SrvtcpkaIntvl                        *int64 `json:"srvtcpka_intvl,omitempty" hap:"srvtcpka-intvl,seconds" range:"0,2147483648"`
	TCPSmartConnect                      string `json:"tcp_smart_connect,omitempty" hap:"option tcp-smart-connect,switch"`
	Transparent                          string `json:"transparent,omitempty" hap:"option transparent,switch"`
	HTTPPretendKeepalive                 string `json:"http_pretend_keepalive,omitempty" hap:"option http-pretend-keepalive,switch"`
	AcceptInvalidHTTPResponse            string `json:"accept_invalid_http_response,omitempty" hap:"option accept-invalid-http-response,switch"`
	AcceptUnsafeViolationsInHTTPResponse string `json:"accept_unsafe_violations_in_http_response,omitempty" hap:"option accept-unsafe-violations-in-http-response,switch"`
	H1CaseAdjustBogusServer              string `json:"h1_case_adjust_bogus_server,omitempty" hap:"option h1-case-adjust-bogus-server,switch"`
	HTTPDropRequestTrailers              string `json:"http-drop-request-trailers,omitempty" hap:"option http-drop-request-trailers,switch"`
	DynamicCookieKey                     string `json:"dynamic_cookie_key,omitempty" hap:"dynamic-cookie-key,text"`
	ExternalCheck                        string `json:"external_check,omitempty" hap:"option external-check,switch"`
	ExternalCheckCommand                 string `json:"external_check_command,omitempty" hap:"external-check command,text"`
	ExternalCheckPath                    string `json:"external_check_path,omitempty" hap:"external-check path,text"`
	LoadServerStateFromFile              string `json:"load_server_state_from_file,omitempty" hap:"load-server-state-from-file,word" enum:"global|local|none"`
	RetryOn                              string `json:"retry_on,omitempty" hap:"retry-on,line"`
	HTTPSendNameHeader                   string `json:"http_send_name_header,omitempty" hap:"http-send-name-header,text"`
	HashPreserveAffinity                 string `json:"hash_preserve_affinity,omitempty" hap:"hash-preserve-affinity,word" enum:"always|maxconn|maxqueue"`
	// HashType is `hash-type <method> [<function> [<modifier>]]`, written by a
	// custom directive.
	HashType *HashType `json:"hash_type,omitempty"`
	// HTTPProxy is a v3.0-3.3 field (3.4 dropped it), `option http_proxy`.
	HTTPProxy string `json:"http_proxy,omitempty" hap:"option http_proxy,switch"`
}

// HashType is `hash-type <method> [<function> [<modifier>]]`.
type HashType struct {
	Method   string `json:"method,omitempty" enum:"map-based|consistent"`
	Function string `json:"function,omitempty" enum:"sdbm|djb2|wt6|crc32|none"`
	Modifier string `json:"modifier,omitempty" enum:"avalanche"`
}

// BackendObjects are the nested objects of a backend that a defaults section
// has too: lines of more than a keyword and a value, written by custom
// directives (haproxycfg's backend.go).
type BackendObjects struct {
	Balance          *Balance          `json:"balance,omitempty"`
	DefaultServer    *ServerParams     `json:"default_server,omitempty"`
	AdvCheck         string            `json:"adv_check,omitempty"`
	HttpchkParams    *HttpchkParams    `json:"httpchk_params,omitempty"`
	Redispatch       *Redispatch       `json:"redispatch,omitempty"`
	Cookie           *Cookie           `json:"cookie,omitempty"`
	PersistRule      *PersistRule      `json:"persist_rule,omitempty"`
	Source           *Source           `json:"source,omitempty"`
	MysqlCheckParams *MysqlCheckParams `json:"mysql_check_params,omitempty"`
	PgsqlCheckParams *PgsqlCheckParams `json:"pgsql_check_params,omitempty"`
	SmtpchkParams    *SmtpchkParams    `json:"smtpchk_params,omitempty"`
	// UseSmallBuffers is written by its own directive (haproxycfg's small_buffers.go).
	UseSmallBuffers *UseSmallBuffers `json:"use_small_buffers,omitempty"`
}

// HeaderCaptures are the `capture cookie|request header|response header` lines
// of frontends and listen sections: what HAProxy logs of a request. The
// official models have only `declare capture` (captures); these are this
// agent's extension, each line's text after its keywords, as spelled.
type HeaderCaptures struct {
	CaptureCookie          string   `json:"capture_cookie,omitempty" hap:"capture cookie,line"`
	CaptureRequestHeaders  []string `json:"capture_request_headers,omitempty" hap:"capture request header,lines"`
	CaptureResponseHeaders []string `json:"capture_response_headers,omitempty" hap:"capture response header,lines"`
}

// BackendOwn are the settings of a backend that a defaults section does not
// have and a listen section does. (The backend's `http-no-delay`, which a
// listen section says as the frontend's `http_no_delay`, is Backend's own.)
// Redirects (`redirect <rule>`, each rule's text as spelled) and Dispatch are
// this agent's extension: the official models have neither.
type BackendOwn struct {
	Redirects           []string      `json:"redirects,omitempty" hap:"redirect,lines"`
	Dispatch            string        `json:"dispatch,omitempty" hap:"dispatch,text"`
	SpopCheck           string        `json:"spop_check,omitempty" hap:"option spop-check,switch"`
	UseFcgiApp          string        `json:"use_fcgi_app,omitempty" hap:"use-fcgi-app,name"`
	ServerStateFileName string        `json:"server_state_file_name,omitempty" hap:"server-state-file-name,file"`
	ForcePersistList    []PersistCond `json:"force_persist_list,omitempty"`
	IgnorePersistList   []PersistCond `json:"ignore_persist_list,omitempty"`
}
