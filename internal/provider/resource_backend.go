package provider

import (
	"context"
	"slices"

	"github.com/tfhaproxy/terraform-provider-haproxy/internal/dataplane"
	"github.com/tfhaproxy/terraform-provider-haproxy/internal/haproxycfg"
)

type backend = dataplane.Backend

var backendSpec = &objectSpec[backend]{
	typeName:    "backend",
	description: "A `backend` section of haproxy.cfg: its own settings. Servers, ACLs and rules are resources of their own. Settings the provider does not model stay as they are in the file.",
	fields: slices.Concat([]field[backend]{
		nameField("name", "Name of the backend.", func(b *backend) *string { return &b.Name }),
		enumField("mode", "Proxy mode.", dataplane.Modes, func(b *backend) *string { return &b.Mode }),
		textField("description", "`description`.", func(b *backend) *string { return &b.Description }),
	},
		lift(backendObjectFields, func(b *backend) *backendObjects { return &b.BackendObjects }),
		lift(backendOptionFields, func(b *backend) *backendOptions { return &b.BackendOptions }),
		lift(proxyFields, func(b *backend) *proxyOptions { return &b.ProxyOptions })),
	nested: []nestedField[backend]{defaultServerField(func(b *backend) *backendObjects { return &b.BackendObjects })},
	extra: directivesExtra(haproxycfg.Backends, extraDescription("The backend's other directives, one line each",
		"`[\"balance uri whole len 10\", \"option forwardfor except 127.0.0.0/8\"]`",
		"A line the typed attributes say only part of (`balance uri len 10`) goes here whole, and they are left unset; "+
			"so does a `default-server` line with keywords `default_server` has no attribute for. "+
			"Lines the model does not hold (http-response, tcp-request, stats, capture, ...) are refused here and stay as they are; "+
			"ACLs, http-request rules, use_backend rules, servers have resources of their own.")),
	prune: func(b *backend) {
		pruneBackendObjects(&b.BackendObjects)
		pruneProxy(&b.ProxyOptions)
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
