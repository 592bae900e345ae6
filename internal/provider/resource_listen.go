package provider

import (
	"context"
	"slices"

	"github.com/tfhaproxy/terraform-provider-haproxy/internal/dataplane"
	"github.com/tfhaproxy/terraform-provider-haproxy/internal/haproxycfg"
)

type listenSection = dataplane.Listen

var listenSpec = &objectSpec[listenSection]{
	typeName: "listen",
	description: "A `listen` section of haproxy.cfg, a frontend and a backend in one: its own settings, which are the frontend's " +
		"and the backend's attributes. Binds, servers, ACLs and rules are resources of their own (`haproxy_bind` and " +
		"`haproxy_server` with `parent_type = \"listen\"`). Our agent serves listen sections at `/v3/services/haproxy/configuration/listens`, " +
		"an extension: the official Data Plane API has no listen endpoints.",
	fields: slices.Concat([]field[listenSection]{
		nameField("name", "Name of the listen section.", func(l *listenSection) *string { return &l.Name }),
		enumField("mode", "Proxy mode.", dataplane.Modes, func(l *listenSection) *string { return &l.Mode }),
		textField("description", "`description`.", func(l *listenSection) *string { return &l.Description }),
	},
		lift(frontendFields, func(l *listenSection) *frontendOptions { return &l.FrontendOptions }),
		lift(clientTimeoutFields, func(l *listenSection) *proxyOptions { return &l.ProxyOptions }),
		lift(backendObjectFields, func(l *listenSection) *backendObjects { return &l.BackendObjects }),
		lift(backendOptionFields, func(l *listenSection) *backendOptions { return &l.BackendOptions }),
		lift(proxyFields, func(l *listenSection) *proxyOptions { return &l.ProxyOptions })),
	nested: []nestedField[listenSection]{defaultServerField(func(l *listenSection) *backendObjects { return &l.BackendObjects })},
	extra: directivesExtra(haproxycfg.Listens, extraDescription("The section's other directives, one line each",
		"`[\"option forwardfor header X-Real-IP\", \"balance uri whole len 10\"]`",
		"Lines the model does not hold (http-response, tcp-request, stats, capture, ...) are refused here and stay as they are; "+
			"binds, servers, ACLs, http-request rules and use_backend rules have resources of their own.")),
	prune: func(l *listenSection) {
		pruneBackendObjects(&l.BackendObjects)
		pruneProxy(&l.ProxyOptions)
	},
	read: func(ctx context.Context, c *dataplane.Client, _ []string, name string) (listenSection, error) {
		return c.Listen(ctx, name)
	},
	create: func(ctx context.Context, c *dataplane.Client, _ []string, l listenSection, o dataplane.WriteOptions) error {
		return c.CreateListen(ctx, l, o)
	},
	update: func(ctx context.Context, c *dataplane.Client, _ []string, name string, change func(*listenSection) error, o dataplane.WriteOptions) error {
		return c.ModifyListen(ctx, name, change, o)
	},
	delete: func(ctx context.Context, c *dataplane.Client, _ []string, name string) error {
		return c.DeleteListen(ctx, name)
	},
}
