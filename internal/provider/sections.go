package provider

import (
	"github.com/tfhaproxy/terraform-provider-haproxy/internal/dataplane"
)

// The attributes of the proxy sections, one list per shared struct of the
// models (dataplane's sections.go), lifted onto each resource that has the
// struct: frontends, backends, defaults and listen sections say a setting
// with the same attribute, described once.

type (
	proxyOptions    = dataplane.ProxyOptions
	frontendOptions = dataplane.FrontendOptions
	backendOptions  = dataplane.BackendOptions
	backendObjects  = dataplane.BackendObjects
)

// proxyFields are the settings every proxy section has.
var proxyFields = []field[proxyOptions]{
	switchField("forwardfor", "`option forwardfor`: add X-Forwarded-For.", "`no option forwardfor`", func(p *proxyOptions) *string { return forwardforOf(&p.Forwardfor) }),
	enumField("http_connection_mode", "HTTP connection mode (`option <mode>`).", dataplane.HTTPConnectionModes, func(p *proxyOptions) *string { return &p.HTTPConnectionMode }),
	boolField("disabled", "`disabled`: the section's proxies are stopped.", func(p *proxyOptions) *bool { return &p.Disabled }),
}

// clientTimeoutFields are the timeouts of ProxyOptions that a frontend's side
// of a section uses.
var clientTimeoutFields = []field[proxyOptions]{
	durationField("http_request_timeout", "`timeout http-request`.", func(p *proxyOptions) **int64 { return &p.HTTPRequestTimeout }),
	durationField("http_keep_alive_timeout", "`timeout http-keep-alive`.", func(p *proxyOptions) **int64 { return &p.HTTPKeepAliveTimeout }),
}

// frontendFields are the settings of a frontend's side.
var frontendFields = []field[frontendOptions]{
	strField("default_backend", "Backend for requests no `use_backend` rule takes.", func(f *frontendOptions) *string { return &f.DefaultBackend }),
	intField("maxconn", "`maxconn`: concurrent connections.", 0, 1<<31, func(f *frontendOptions) **int64 { return &f.Maxconn }),
	intField("backlog", "`backlog` of the listening sockets.", 0, 1<<31, func(f *frontendOptions) **int64 { return &f.Backlog }),
	durationField("client_timeout", "`timeout client`.", func(f *frontendOptions) **int64 { return &f.ClientTimeout }),
	boolField("httplog", "`option httplog`.", func(f *frontendOptions) *bool { return &f.Httplog }),
	boolField("tcplog", "`option tcplog`.", func(f *frontendOptions) *bool { return &f.Tcplog }),
	wordField("log_format", "`log-format`.", func(f *frontendOptions) *string { return &f.LogFormat }),
	switchField("dontlognull", "`option dontlognull`.", "`no option dontlognull`", func(f *frontendOptions) *string { return &f.Dontlognull }),
}

// backendOptionFields are the single-line settings of a backend's side.
var backendOptionFields = []field[backendOptions]{
	durationField("connect_timeout", "`timeout connect`.", func(b *backendOptions) **int64 { return &b.ConnectTimeout }),
	durationField("server_timeout", "`timeout server`.", func(b *backendOptions) **int64 { return &b.ServerTimeout }),
	durationField("queue_timeout", "`timeout queue`.", func(b *backendOptions) **int64 { return &b.QueueTimeout }),
	durationField("check_timeout", "`timeout check`.", func(b *backendOptions) **int64 { return &b.CheckTimeout }),
	intField("retries", "`retries`: connection attempts to a server.", 0, 100, func(b *backendOptions) **int64 { return &b.Retries }),
	enumField("http_reuse", "`http-reuse` of idle server connections.", dataplane.HTTPReuseModes, func(b *backendOptions) *string { return &b.HTTPReuse }),
}

// backendObjectFields are the settings of a backend's side that are parts of
// nested objects: balance, the health check, redispatch, the cookie.
var backendObjectFields = []field[backendObjects]{
	enumField("balance", "Load-balancing algorithm.", dataplane.BalanceAlgorithms, func(b *backendObjects) *string { return &balanceOf(b).Algorithm }),
	argumentOf(strField("balance_hdr_name", "Header that `balance hdr(<name>)` hashes.", func(b *backendObjects) *string { return &balanceOf(b).HdrName }), "balance", "hdr", true),
	argumentOf(boolField("balance_hdr_use_domain_only", "`use_domain_only` of `balance hdr`: hash the domain name only.", func(b *backendObjects) *bool { return &balanceOf(b).HdrUseDomainOnly }), "balance", "hdr", false),
	argumentOf(wordField("balance_url_param", "Query parameter that `balance url_param <param>` hashes.", func(b *backendObjects) *string { return &balanceOf(b).URLParam }), "balance", "url_param", true),
	argumentOf(textField("balance_hash_expression", "Sample expression that `balance hash <expr>` hashes.", func(b *backendObjects) *string { return &balanceOf(b).HashExpression }), "balance", "hash", true),
	enumField("adv_check", "Health check protocol (`option <check>`).", dataplane.AdvChecks, func(b *backendObjects) *string { return &b.AdvCheck }),
	wordField("httpchk_method", "HTTP method of `option httpchk`.", func(b *backendObjects) *string { return &httpchkOf(b).Method }),
	wordField("httpchk_uri", "URI of `option httpchk`.", func(b *backendObjects) *string { return &httpchkOf(b).URI }),
	textField("httpchk_version", "HTTP version of `option httpchk`.", func(b *backendObjects) *string { return &httpchkOf(b).Version }),
	switchField("redispatch", "`option redispatch`: retry on another server.", "`no option redispatch`", func(b *backendObjects) *string { return &redispatchOf(b).Enabled }),
	wordField("cookie", "Name of the persistence cookie (`cookie <name>`).", func(b *backendObjects) *string { return &cookieOf(b).Name }),
	enumField("cookie_type", "How the cookie is set.", dataplane.CookieTypes, func(b *backendObjects) *string { return &cookieOf(b).Type }),
	boolField("cookie_indirect", "`indirect`: the cookie is not passed to the server.", func(b *backendObjects) *bool { return &cookieOf(b).Indirect }),
	boolField("cookie_nocache", "`nocache`: responses that set the cookie are not cached.", func(b *backendObjects) *bool { return &cookieOf(b).Nocache }),
	boolField("cookie_httponly", "`httponly`.", func(b *backendObjects) *bool { return &cookieOf(b).Httponly }),
	boolField("cookie_secure", "`secure`.", func(b *backendObjects) *bool { return &cookieOf(b).Secure }),
}

// The nested objects of a backend's side, made on first use by the flat fields.
func balanceOf(b *backendObjects) *dataplane.Balance {
	if b.Balance == nil {
		b.Balance = &dataplane.Balance{}
	}
	return b.Balance
}

func httpchkOf(b *backendObjects) *dataplane.HttpchkParams {
	if b.HttpchkParams == nil {
		b.HttpchkParams = &dataplane.HttpchkParams{}
	}
	return b.HttpchkParams
}

func defaultServerOf(b *backendObjects) *serverParams {
	if b.DefaultServer == nil {
		b.DefaultServer = &serverParams{}
	}
	return b.DefaultServer
}

func cookieOf(b *backendObjects) *dataplane.Cookie {
	if b.Cookie == nil {
		b.Cookie = &dataplane.Cookie{}
	}
	return b.Cookie
}

func redispatchOf(b *backendObjects) *dataplane.Redispatch {
	if b.Redispatch == nil {
		b.Redispatch = &dataplane.Redispatch{}
	}
	return b.Redispatch
}

func forwardforOf(f **dataplane.Forwardfor) *string {
	if *f == nil {
		*f = &dataplane.Forwardfor{}
	}
	return &(*f).Enabled
}

// defaultServerField is the `default-server` line of a section with a
// backend's side.
func defaultServerField[M any](objects func(*M) *backendObjects) nestedField[M] {
	return nestedField[M]{
		name:    "default_server",
		desc:    "The section's `default-server` line: the keywords its servers (and, in a defaults section, the servers of the sections that take it) start from.",
		fields:  lift(lift(serverParamFields, defaultServerOf), objects),
		present: func(m *M) bool { return objects(m).DefaultServer != nil },
		drop:    func(m *M) { objects(m).DefaultServer = nil },
	}
}

// pruneProxy drops the forwardfor the flat fields made and left unset.
func pruneProxy(p *proxyOptions) {
	if p.Forwardfor != nil && p.Forwardfor.Enabled == "" {
		p.Forwardfor = nil
	}
}

// pruneBackendObjects drops the nested objects the flat fields made and left
// empty.
func pruneBackendObjects(b *backendObjects) {
	if b.Balance != nil && b.Balance.Algorithm == "" {
		b.Balance = nil
	}
	if b.HttpchkParams != nil && *b.HttpchkParams == (dataplane.HttpchkParams{}) {
		b.HttpchkParams = nil
	}
	if b.Cookie != nil && b.Cookie.Name == "" {
		b.Cookie = nil
	}
	if b.Redispatch != nil && b.Redispatch.Enabled == "" {
		b.Redispatch = nil
	}
}
