package dataplane

// The allowed values of enumerated fields. The engine validates against these lists
// and the provider builds its validators and attribute descriptions from them, so a
// value and its documentation never disagree. Those of the keywords of servers,
// binds and sections are declared on the models, in their `enum` tags.
var (
	Switch               = []string{Enabled, Disabled}
	Modes                = FieldEnum[Frontend]("mode")
	BalanceAlgorithms    = []string{"roundrobin", "static-rr", "leastconn", "first", "source", "uri", "url_param", "hdr", "random", "rdp-cookie", "hash"}
	AdvChecks            = []string{"httpchk", "ssl-hello-chk", "smtpchk", "ldap-check", "mysql-check", "pgsql-check", "tcp-check", "redis-check"}
	HTTPConnectionModes  = []string{"httpclose", "http-server-close", "http-keep-alive"}
	HTTPReuseModes       = FieldEnum[Backend]("http_reuse")
	CookieTypes          = []string{"rewrite", "insert", "prefix"}
	ServerVerify         = FieldEnum[ServerParams]("verify")
	BindVerify           = FieldEnum[Bind]("verify")
	Observe              = FieldEnum[ServerParams]("observe")
	OnMarkedDown         = FieldEnum[ServerParams]("on-marked-down")
	SSLVersions          = FieldEnum[Bind]("ssl_min_ver")
	Conds                = []string{"if", "unless"}
	RedirTypes           = []string{"location", "prefix", "scheme"}
	RedirCodes           = []int64{301, 302, 303, 307, 308}
	ReturnFormats        = []string{"default-errorfiles", "errorfile", "errorfiles", "file", "lf-file", "string", "lf-string"}
	VarScopes            = []string{"proc", "sess", "txn", "req", "res"}
	TimeoutTypes         = []string{"server", "tunnel", "client"}
	LogLevels            = []string{"emerg", "alert", "crit", "err", "warning", "notice", "info", "debug", "silent"}
	HTTPRequestRuleTypes = []string{
		"allow", "deny", "tarpit", "auth", "redirect", "return", "reject", "silent-drop",
		"add-header", "set-header", "del-header", "replace-header", "replace-value",
		"set-path", "replace-path", "set-uri", "set-query", "set-var", "unset-var",
		"set-log-level", "track-sc0", "track-sc1", "track-sc2", "lua", "use-service", "set-timeout",
	}
)
