package provider

import (
	"context"

	"github.com/tfhaproxy/terraform-provider-haproxy/internal/dataplane"
)

type bind = dataplane.Bind

var bindSpec = &objectSpec[bind]{
	typeName:    "bind",
	description: "A `bind` line of a frontend or a listen section: an address it listens on.",
	kinds:       parentKinds{"frontend", "listen"},
	parents:     []parentAttribute{{"frontend", "Frontend (or, with `parent_type = \"listen\"`, listen section) the bind belongs to."}},
	fields: []field[bind]{
		{attribute: attribute{name: "name", desc: "Name of the bind (`name` keyword). A handwritten bind without one is named after its address, such as `127.0.0.1:80`.",
			kind: kindString, identity: true}, str: func(b *bind) *string { return &b.Name }},
		wordField("address", "Address to listen on: an IP, `*`, or a socket path (for this provider's agent, an absolute path in one of its file directories, such as `--general-storage-dir`).", func(b *bind) *string { return &b.Address }),
		intField("port", "Port.", 1, 65535, func(b *bind) **int64 { return &b.Port }),
		intField("port_range_end", "Last port of a port range.", 1, 65535, func(b *bind) **int64 { return &b.PortRangeEnd }),
		boolField("ssl", "`ssl`: TLS on this bind.", func(b *bind) *bool { return &b.SSL }),
		wordField("ssl_certificate", "`crt`: certificate file or directory."+agentFileNote, func(b *bind) *string { return &b.SSLCertificate }),
		wordField("ssl_cafile", "`ca-file` to verify clients."+agentFileNote, func(b *bind) *string { return &b.SSLCafile }),
		wordField("crt_list", "`crt-list` file."+agentFileNote, func(b *bind) *string { return &b.CrtList }),
		wordField("alpn", "`alpn` protocols, such as `h2,http/1.1`.", func(b *bind) *string { return &b.ALPN }),
		enumField("verify", "`verify` of client certificates.", dataplane.BindVerify, func(b *bind) *string { return &b.Verify }),
		enumField("ssl_min_ver", "`ssl-min-ver`.", dataplane.SSLVersions, func(b *bind) *string { return &b.SSLMinVer }),
		enumField("ssl_max_ver", "`ssl-max-ver`.", dataplane.SSLVersions, func(b *bind) *string { return &b.SSLMaxVer }),
		wordField("ciphers", "`ciphers`.", func(b *bind) *string { return &b.Ciphers }),
		boolField("accept_proxy", "`accept-proxy`: expect the PROXY protocol.", func(b *bind) *bool { return &b.AcceptProxy }),
		boolField("transparent", "`transparent`.", func(b *bind) *bool { return &b.Transparent }),
		boolField("v4v6", "`v4v6`.", func(b *bind) *bool { return &b.V4v6 }),
		boolField("v6only", "`v6only`.", func(b *bind) *bool { return &b.V6only }),
		boolField("defer_accept", "`defer-accept`.", func(b *bind) *bool { return &b.DeferAccept }),
		boolField("tfo", "`tfo`: TCP fast open.", func(b *bind) *bool { return &b.Tfo }),
		intField("maxconn", "`maxconn` on this bind.", 0, 1<<31, func(b *bind) **int64 { return &b.Maxconn }),
		wordField("thread", "`thread` set.", func(b *bind) *string { return &b.Thread }),
		wordField("process", "`process` set.", func(b *bind) *string { return &b.Process }),
		wordField("level", "`level` (stats sockets).", func(b *bind) *string { return &b.Level }),
	},
	extra: paramsExtra[bind](extraDescription("The bind line's other keywords with their arguments",
		"`nice 10 tcp-ut 30s mss 1400`",
		"Keywords the model does not hold cannot travel through the API and stay as they are.")),
	read: func(ctx context.Context, c *dataplane.Client, p []string, name string) (bind, error) {
		return c.BindIn(ctx, p[0], p[1], name)
	},
	create: func(ctx context.Context, c *dataplane.Client, p []string, b bind, o dataplane.WriteOptions) error {
		return c.CreateBindIn(ctx, p[0], p[1], b, o)
	},
	update: func(ctx context.Context, c *dataplane.Client, p []string, name string, change func(*bind) error, o dataplane.WriteOptions) error {
		return c.ModifyBindIn(ctx, p[0], p[1], name, change, o)
	},
	delete: func(ctx context.Context, c *dataplane.Client, p []string, name string) error {
		return c.DeleteBindIn(ctx, p[0], p[1], name)
	},
}
