package provider

import (
	"context"

	"github.com/tfhaproxy/terraform-provider-haproxy/internal/dataplane"
	"github.com/tfhaproxy/terraform-provider-haproxy/internal/haproxycfg"
)

type frontend = dataplane.Frontend

var frontendSpec = &objectSpec[frontend]{
	typeName:    "frontend",
	description: "A `frontend` section of haproxy.cfg: its own settings. Binds, ACLs and rules are resources of their own. Settings the provider does not model stay as they are in the file.",
	fields: []field[frontend]{
		nameField("name", "Name of the frontend.", func(f *frontend) *string { return &f.Name }),
		enumField("mode", "Proxy mode.", dataplane.Modes, func(f *frontend) *string { return &f.Mode }),
		strField("default_backend", "Backend for requests no `use_backend` rule takes.", func(f *frontend) *string { return &f.DefaultBackend }),
		intField("maxconn", "`maxconn`: concurrent connections.", 0, 1<<31, func(f *frontend) **int64 { return &f.Maxconn }),
		intField("backlog", "`backlog` of the listening sockets.", 0, 1<<31, func(f *frontend) **int64 { return &f.Backlog }),
		durationField("client_timeout", "`timeout client`.", func(f *frontend) **int64 { return &f.ClientTimeout }),
		durationField("http_request_timeout", "`timeout http-request`.", func(f *frontend) **int64 { return &f.HTTPRequestTimeout }),
		durationField("http_keep_alive_timeout", "`timeout http-keep-alive`.", func(f *frontend) **int64 { return &f.HTTPKeepAliveTimeout }),
		boolField("httplog", "`option httplog`.", func(f *frontend) *bool { return &f.Httplog }),
		boolField("tcplog", "`option tcplog`.", func(f *frontend) *bool { return &f.Tcplog }),
		wordField("log_format", "`log-format`.", func(f *frontend) *string { return &f.LogFormat }),
		switchField("dontlognull", "`option dontlognull`.", "`no option dontlognull`", func(f *frontend) *string { return &f.Dontlognull }),
		switchField("forwardfor", "`option forwardfor`: add X-Forwarded-For.", "`no option forwardfor`", func(f *frontend) *string { return forwardforOf(&f.Forwardfor) }),
		enumField("http_connection_mode", "HTTP connection mode (`option <mode>`).", dataplane.HTTPConnectionModes, func(f *frontend) *string { return &f.HTTPConnectionMode }),
		textField("description", "`description`.", func(f *frontend) *string { return &f.Description }),
		boolField("disabled", "`disabled`: the frontend is stopped.", func(f *frontend) *bool { return &f.Disabled }),
	},
	extra: directivesExtra(haproxycfg.Frontends, extraDescription("The frontend's other directives, one line each",
		"`[\"option forwardfor header X-Real-IP if-none\"]`",
		"Lines the model does not hold (http-response, tcp-request, stats, capture, ...) are refused here and stay as they are; "+
			"ACLs, http-request rules, use_backend rules, binds have resources of their own.")),
	prune: func(f *frontend) {
		if f.Forwardfor != nil && f.Forwardfor.Enabled == "" {
			f.Forwardfor = nil
		}
	},
	read: func(ctx context.Context, c *dataplane.Client, _ []string, name string) (frontend, error) {
		return c.Frontend(ctx, name)
	},
	create: func(ctx context.Context, c *dataplane.Client, _ []string, f frontend, o dataplane.WriteOptions) error {
		return c.CreateFrontend(ctx, f, o)
	},
	update: func(ctx context.Context, c *dataplane.Client, _ []string, name string, change func(*frontend) error, o dataplane.WriteOptions) error {
		return c.ModifyFrontend(ctx, name, change, o)
	},
	delete: func(ctx context.Context, c *dataplane.Client, _ []string, name string) error {
		return c.DeleteFrontend(ctx, name)
	},
}
