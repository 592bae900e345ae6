package provider

import (
	"context"

	"github.com/tfhaproxy/terraform-provider-haproxy/internal/dataplane"
)

type server = dataplane.Server

// serverFields are the server attributes, shared by the resource and the
// servers a backend data source lists.
var serverFields = append([]field[server]{
	nameField("name", "Name of the server, unique in its backend.", func(s *server) *string { return &s.Name }),
	required(wordField("address", "Address: an IP, a host name or a socket path.", func(s *server) *string { return &s.Address })),
	intField("port", "Port.", 1, 65535, func(s *server) **int64 { return &s.Port }),
}, lift(serverParamFields, func(s *server) *serverParams { return &s.ServerParams })...)

type serverParams = dataplane.ServerParams

// agentFileNote ends the description of a value that names a file: the agent
// takes only files in its directories (the official Data Plane API any).
const agentFileNote = " An absolute path; this provider's agent takes only files in its `--ssl-certs-dir`, `--maps-dir` or `--general-storage-dir`."

// serverParamFields are the keywords a server and a backend's default-server
// share.
var serverParamFields = []field[serverParams]{
	intField("weight", "`weight`.", 0, 256, func(s *serverParams) **int64 { return &s.Weight }),
	switchField("check", "`check`: health checks.", "`no-check`", func(s *serverParams) *string { return &s.Check }),
	switchField("backup", "`backup`: used only when no other server is up.", "`no-backup`", func(s *serverParams) *string { return &s.Backup }),
	switchField("maintenance", "`disabled`: in maintenance, taking no traffic.", "`enabled`", func(s *serverParams) *string { return &s.Maintenance }),
	intField("maxconn", "`maxconn`.", 0, 1<<31, func(s *serverParams) **int64 { return &s.Maxconn }),
	durationField("inter", "`inter`: time between health checks.", func(s *serverParams) **int64 { return &s.Inter }),
	durationField("fastinter", "`fastinter`.", func(s *serverParams) **int64 { return &s.Fastinter }),
	durationField("downinter", "`downinter`.", func(s *serverParams) **int64 { return &s.Downinter }),
	intField("rise", "`rise`: successful checks to be up.", 1, 1<<31, func(s *serverParams) **int64 { return &s.Rise }),
	intField("fall", "`fall`: failed checks to be down.", 1, 1<<31, func(s *serverParams) **int64 { return &s.Fall }),
	durationField("slowstart", "`slowstart`.", func(s *serverParams) **int64 { return &s.Slowstart }),
	switchField("ssl", "`ssl`: TLS to the server.", "`no-ssl`", func(s *serverParams) *string { return &s.SSL }),
	enumField("verify", "`verify` of the server's certificate.", dataplane.ServerVerify, func(s *serverParams) *string { return &s.Verify }),
	wordField("sni", "`sni` expression.", func(s *serverParams) *string { return &s.SNI }),
	wordField("alpn", "`alpn` protocols.", func(s *serverParams) *string { return &s.ALPN }),
	wordField("ssl_certificate", "`crt`: client certificate file."+agentFileNote, func(s *serverParams) *string { return &s.SSLCertificate }),
	wordField("ssl_cafile", "`ca-file` to verify the server."+agentFileNote, func(s *serverParams) *string { return &s.SSLCafile }),
	switchField("check_ssl", "`check-ssl`: health checks over TLS.", "`no-check-ssl`", func(s *serverParams) *string { return &s.CheckSSL }),
	switchField("send_proxy", "`send-proxy`: PROXY protocol v1.", "`no-send-proxy`", func(s *serverParams) *string { return &s.SendProxy }),
	switchField("send_proxy_v2", "`send-proxy-v2`: PROXY protocol v2.", "`no-send-proxy-v2`", func(s *serverParams) *string { return &s.SendProxyV2 }),
	wordField("cookie", "`cookie` value for persistence.", func(s *serverParams) *string { return &s.Cookie }),
	wordField("init_addr", "`init-addr` methods.", func(s *serverParams) *string { return &s.InitAddr }),
	wordField("resolvers", "`resolvers` section for DNS.", func(s *serverParams) *string { return &s.Resolvers }),
	enumField("observe", "`observe` traffic for health.", dataplane.Observe, func(s *serverParams) *string { return &s.Observe }),
	enumField("on_marked_down", "`on-marked-down` action.", dataplane.OnMarkedDown, func(s *serverParams) *string { return &s.OnMarkedDown }),
}

var serverSpec = &objectSpec[server]{
	typeName: "server",
	description: "A `server` line of a backend or a listen section. In a backend, creating, deleting (after draining), and changing weight, address, port or maintenance " +
		"go through HAProxy's runtime API with no reload on our agent.",
	kinds:   parentKinds{"backend", "listen"},
	parents: []parentAttribute{{"backend", "Backend (or, with `parent_type = \"listen\"`, listen section) the server belongs to."}},
	fields:  serverFields,
	extra: paramsExtra[server](extraDescription("The server line's other keywords with their arguments",
		"`resolve-prefer ipv4 agent-check agent-port 5555 agent-inter 2s`",
		"Keywords the model does not hold cannot travel through the API and stay as they are.")),
	read: func(ctx context.Context, c *dataplane.Client, p []string, name string) (server, error) {
		return c.ServerIn(ctx, p[0], p[1], name)
	},
	create: func(ctx context.Context, c *dataplane.Client, p []string, s server, o dataplane.WriteOptions) error {
		return c.CreateServerIn(ctx, p[0], p[1], s, o)
	},
	update: func(ctx context.Context, c *dataplane.Client, p []string, name string, change func(*server) error, o dataplane.WriteOptions) error {
		return c.ModifyServerIn(ctx, p[0], p[1], name, change, o)
	},
	delete: func(ctx context.Context, c *dataplane.Client, p []string, name string) error {
		return c.DeleteServerIn(ctx, p[0], p[1], name)
	},
}
