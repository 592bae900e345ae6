package provider

import (
	"context"

	"github.com/tfhaproxy/terraform-provider-haproxy/internal/dataplane"
	"github.com/tfhaproxy/terraform-provider-haproxy/internal/haproxycfg"
)

type backend = dataplane.Backend

// The nested objects of a backend, made on first use by the flat fields.
func balanceOf(b *backend) *dataplane.Balance {
	if b.Balance == nil {
		b.Balance = &dataplane.Balance{}
	}
	return b.Balance
}

func httpchkOf(b *backend) *dataplane.HttpchkParams {
	if b.HttpchkParams == nil {
		b.HttpchkParams = &dataplane.HttpchkParams{}
	}
	return b.HttpchkParams
}

func defaultServerOf(b *backend) *serverParams {
	if b.DefaultServer == nil {
		b.DefaultServer = &serverParams{}
	}
	return b.DefaultServer
}

func cookieOf(b *backend) *dataplane.Cookie {
	if b.Cookie == nil {
		b.Cookie = &dataplane.Cookie{}
	}
	return b.Cookie
}

func redispatchOf(b *backend) *dataplane.Redispatch {
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

var backendSpec = &objectSpec[backend]{
	typeName:    "backend",
	description: "A `backend` section of haproxy.cfg: its own settings. Servers, ACLs and rules are resources of their own. Settings the provider does not model stay as they are in the file.",
	fields: []field[backend]{
		nameField("name", "Name of the backend.", func(b *backend) *string { return &b.Name }),
		enumField("mode", "Proxy mode.", dataplane.Modes, func(b *backend) *string { return &b.Mode }),
		enumField("balance", "Load-balancing algorithm.", dataplane.BalanceAlgorithms, func(b *backend) *string { return &balanceOf(b).Algorithm }),
		argumentOf(strField("balance_hdr_name", "Header that `balance hdr(<name>)` hashes.", func(b *backend) *string { return &balanceOf(b).HdrName }), "balance", "hdr", true),
		argumentOf(boolField("balance_hdr_use_domain_only", "`use_domain_only` of `balance hdr`: hash the domain name only.", func(b *backend) *bool { return &balanceOf(b).HdrUseDomainOnly }), "balance", "hdr", false),
		argumentOf(wordField("balance_url_param", "Query parameter that `balance url_param <param>` hashes.", func(b *backend) *string { return &balanceOf(b).URLParam }), "balance", "url_param", true),
		argumentOf(textField("balance_hash_expression", "Sample expression that `balance hash <expr>` hashes.", func(b *backend) *string { return &balanceOf(b).HashExpression }), "balance", "hash", true),
		enumField("adv_check", "Health check protocol (`option <check>`).", dataplane.AdvChecks, func(b *backend) *string { return &b.AdvCheck }),
		wordField("httpchk_method", "HTTP method of `option httpchk`.", func(b *backend) *string { return &httpchkOf(b).Method }),
		wordField("httpchk_uri", "URI of `option httpchk`.", func(b *backend) *string { return &httpchkOf(b).URI }),
		textField("httpchk_version", "HTTP version of `option httpchk`.", func(b *backend) *string { return &httpchkOf(b).Version }),
		durationField("connect_timeout", "`timeout connect`.", func(b *backend) **int64 { return &b.ConnectTimeout }),
		durationField("server_timeout", "`timeout server`.", func(b *backend) **int64 { return &b.ServerTimeout }),
		durationField("queue_timeout", "`timeout queue`.", func(b *backend) **int64 { return &b.QueueTimeout }),
		durationField("check_timeout", "`timeout check`.", func(b *backend) **int64 { return &b.CheckTimeout }),
		intField("retries", "`retries`: connection attempts to a server.", 0, 100, func(b *backend) **int64 { return &b.Retries }),
		switchField("redispatch", "`option redispatch`: retry on another server.", "`no option redispatch`", func(b *backend) *string { return &redispatchOf(b).Enabled }),
		switchField("forwardfor", "`option forwardfor`: add X-Forwarded-For.", "`no option forwardfor`", func(b *backend) *string { return forwardforOf(&b.Forwardfor) }),
		enumField("http_connection_mode", "HTTP connection mode (`option <mode>`).", dataplane.HTTPConnectionModes, func(b *backend) *string { return &b.HTTPConnectionMode }),
		enumField("http_reuse", "`http-reuse` of idle server connections.", dataplane.HTTPReuseModes, func(b *backend) *string { return &b.HTTPReuse }),
		wordField("cookie", "Name of the persistence cookie (`cookie <name>`).", func(b *backend) *string { return &cookieOf(b).Name }),
		enumField("cookie_type", "How the cookie is set.", dataplane.CookieTypes, func(b *backend) *string { return &cookieOf(b).Type }),
		boolField("cookie_indirect", "`indirect`: the cookie is not passed to the server.", func(b *backend) *bool { return &cookieOf(b).Indirect }),
		boolField("cookie_nocache", "`nocache`: responses that set the cookie are not cached.", func(b *backend) *bool { return &cookieOf(b).Nocache }),
		boolField("cookie_httponly", "`httponly`.", func(b *backend) *bool { return &cookieOf(b).Httponly }),
		boolField("cookie_secure", "`secure`.", func(b *backend) *bool { return &cookieOf(b).Secure }),
		textField("description", "`description`.", func(b *backend) *string { return &b.Description }),
		boolField("disabled", "`disabled`: the backend is stopped.", func(b *backend) *bool { return &b.Disabled }),
	},
	nested: []nestedField[backend]{{
		name:    "default_server",
		desc:    "The backend's `default-server` line: the keywords its servers start from.",
		fields:  lift(serverParamFields, defaultServerOf),
		present: func(b *backend) bool { return b.DefaultServer != nil },
		drop:    func(b *backend) { b.DefaultServer = nil },
	}},
	extra: directivesExtra(haproxycfg.Backends, extraDescription("The backend's other directives, one line each",
		"`[\"balance uri whole len 10\", \"option forwardfor except 127.0.0.0/8\"]`",
		"A line the typed attributes say only part of (`balance uri len 10`) goes here whole, and they are left unset; "+
			"so does a `default-server` line with keywords `default_server` has no attribute for. "+
			"Lines the model does not hold (http-response, tcp-request, stats, capture, ...) are refused here and stay as they are; "+
			"ACLs, http-request rules, use_backend rules, servers have resources of their own.")),
	prune: func(b *backend) {
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
		if b.Forwardfor != nil && b.Forwardfor.Enabled == "" {
			b.Forwardfor = nil
		}
	},
	read: func(ctx context.Context, c *dataplane.Client, _ []string, name string) (backend, error) {
		return c.Backend(ctx, name)
	},
	create: func(ctx context.Context, c *dataplane.Client, _ []string, b backend, o dataplane.WriteOptions) error {
		return c.CreateBackend(ctx, b, o)
	},
	update: func(ctx context.Context, c *dataplane.Client, _ []string, name string, change func(*backend) error, o dataplane.WriteOptions) error {
		return c.ModifyBackend(ctx, name, change, o)
	},
	delete: func(ctx context.Context, c *dataplane.Client, _ []string, name string) error {
		return c.DeleteBackend(ctx, name)
	},
}
