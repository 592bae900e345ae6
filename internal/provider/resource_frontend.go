package provider

import (
	"context"
	"slices"

	"github.com/tfhaproxy/terraform-provider-haproxy/internal/dataplane"
	"github.com/tfhaproxy/terraform-provider-haproxy/internal/haproxycfg"
)

type frontend = dataplane.Frontend

var frontendSpec = &objectSpec[frontend]{
	typeName:    "frontend",
	description: "A `frontend` section of haproxy.cfg: its own settings. Binds, ACLs and rules are resources of their own. Settings the provider does not model stay as they are in the file.",
	fields: slices.Concat([]field[frontend]{
		nameField("name", "Name of the frontend.", func(f *frontend) *string { return &f.Name }),
		enumField("mode", "Proxy mode.", dataplane.Modes, func(f *frontend) *string { return &f.Mode }),
		textField("description", "`description`.", func(f *frontend) *string { return &f.Description }),
	},
		lift(frontendFields, func(f *frontend) *frontendOptions { return &f.FrontendOptions }),
		lift(clientTimeoutFields, func(f *frontend) *proxyOptions { return &f.ProxyOptions }),
		lift(proxyFields, func(f *frontend) *proxyOptions { return &f.ProxyOptions })),
	extra: directivesExtra(haproxycfg.Frontends, extraDescription("The frontend's other directives, one line each",
		"`[\"option forwardfor header X-Real-IP if-none\"]`",
		"Lines the model does not hold (http-response, tcp-request, stats, capture, ...) are refused here and stay as they are; "+
			"ACLs, http-request rules, use_backend rules, binds have resources of their own.")),
	prune: func(f *frontend) { pruneProxy(&f.ProxyOptions) },
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
