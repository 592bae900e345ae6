package dataplane

// The allowed values of enumerated fields. The engine validates against these lists
// and the provider builds its validators and attribute descriptions from them, so a
// value and its documentation never disagree. Those of the keywords of servers,
// binds and sections are declared on the models, in their `enum` tags.
var (
	Switch              = []string{Enabled, Disabled}
	Modes               = FieldEnum[Frontend]("mode")
	BalanceAlgorithms   = []string{"roundrobin", "static-rr", "leastconn", "first", "source", "uri", "url_param", "hdr", "random", "rdp-cookie", "hash"}
	AdvChecks           = []string{"httpchk", "ssl-hello-chk", "smtpchk", "ldap-check", "mysql-check", "pgsql-check", "tcp-check", "redis-check"}
	HTTPConnectionModes = []string{"httpclose", "http-server-close", "http-keep-alive"}
	HTTPReuseModes      = FieldEnum[Backend]("http_reuse")
	CookieTypes         = []string{"rewrite", "insert", "prefix"}
	ServerVerify        = FieldEnum[ServerParams]("verify")
	BindVerify          = FieldEnum[Bind]("verify")
	Observe             = FieldEnum[ServerParams]("observe")
	OnMarkedDown        = FieldEnum[ServerParams]("on-marked-down")
	SSLVersions         = FieldEnum[Bind]("ssl_min_ver")
	Conds               = []string{"if", "unless"}
	RedirTypes          = []string{"location", "prefix", "scheme"}
	RedirCodes          = []int64{301, 302, 303, 307, 308}
	ReturnFormats       = []string{"default-errorfiles", "errorfile", "errorfiles", "file", "lf-file", "string", "lf-string"}
	VarScopes           = []string{"proc", "sess", "txn", "req", "res"}
	TimeoutTypes        = []string{"client", "connect", "queue", "server", "tarpit", "tunnel"}
	LogLevels           = []string{"emerg", "alert", "crit", "err", "warning", "notice", "info", "debug", "silent"}
	Normalizers         = []string{"fragment-encode", "fragment-strip", "path-merge-slashes", "path-strip-dot", "path-strip-dotdot", "percent-decode-unreserved", "percent-to-uppercase", "query-sort-by-name"}
	ResolveProtocols    = []string{"ipv4", "ipv6"}
	StrictModes         = []string{"on", "off"}
	HeaderMatchMethods  = []string{"str", "beg", "end", "sub", "reg"}
	// HTTPRequestRuleTypes are the official model's http-request actions. Some are
	// newer than HAProxy 2.6, which refuses them in `haproxy -c`.
	HTTPRequestRuleTypes = []string{
		"add-acl", "add-header", "add-headers-bin", "allow", "auth", "cache-use", "capture", "del-acl",
		"del-header", "del-headers-bin", "del-map", "deny", "disable-l7-retry", "do-log", "do-resolve",
		"early-hint", "lua", "normalize-uri", "pause", "redirect", "reject", "replace-header", "replace-path",
		"replace-pathq", "replace-uri", "replace-value", "return", "sc-add-gpc", "sc-inc-gpc", "sc-inc-gpc0",
		"sc-inc-gpc1", "sc-set-gpt", "sc-set-gpt0", "send-spoe-group", "set-bandwidth-limit", "set-bc-mark",
		"set-bc-tos", "set-dst", "set-dst-port", "set-fc-mark", "set-fc-tos", "set-header", "set-headers-bin",
		"set-log-level", "set-map", "set-mark", "set-method", "set-nice", "set-path", "set-pathq",
		"set-priority-class", "set-priority-offset", "set-query", "set-retries", "set-src", "set-src-port",
		"set-timeout", "set-tos", "set-uri", "set-var", "set-var-fmt", "silent-drop", "strict-mode", "tarpit",
		"track-sc", "unset-var", "use-service", "wait-for-body", "wait-for-handshake",
	}
	// LegacyTrackSc are the Data Plane API v2's names of track-sc with its counter:
	// accepted, and written back as track-sc with track_sc_stick_counter.
	LegacyTrackSc = []string{"track-sc0", "track-sc1", "track-sc2"}
)
