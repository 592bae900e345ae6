package provider

import (
	"context"
	"slices"

	"github.com/tfhaproxy/terraform-provider-haproxy/internal/dataplane"
	"github.com/tfhaproxy/terraform-provider-haproxy/internal/haproxycfg"
)

type defaultsSection = dataplane.Defaults

var defaultsSpec = &objectSpec[defaultsSection]{
	typeName: "defaults",
	description: "A `defaults` section of haproxy.cfg: the settings the frontends, backends and listen sections after it take, or " +
		"that name it with `from`. Its attributes are the frontend's and the backend's. An anonymous `defaults` section is " +
		"`unnamed_defaults_<n>` on our agent (n counts the anonymous sections in file order) and is imported under that name; " +
		"its header stays without one. A new section goes before the first defaults section after the one its `from` names " +
		"(at the end of the file when there is none), where it changes no other section's defaults. A section another names " +
		"with `from` is not deleted while it is named.",
	fields: slices.Concat([]field[defaultsSection]{
		nameField("name", "Name of the defaults section; `unnamed_defaults_<n>` for an anonymous one on our agent.", func(d *defaultsSection) *string { return &d.Name }),
		enumField("mode", "Proxy mode.", dataplane.Modes, func(d *defaultsSection) *string { return &d.Mode }),
		wordField("from", "The defaults section this one takes its own defaults from (`defaults <name> from <from>`).", func(d *defaultsSection) *string { return &d.From }),
	},
		lift(frontendFields, func(d *defaultsSection) *frontendOptions { return &d.FrontendOptions }),
		lift(clientTimeoutFields, func(d *defaultsSection) *proxyOptions { return &d.ProxyOptions }),
		lift(backendObjectFields, func(d *defaultsSection) *backendObjects { return &d.BackendObjects }),
		lift(backendOptionFields, func(d *defaultsSection) *backendOptions { return &d.BackendOptions }),
		lift(proxyFields, func(d *defaultsSection) *proxyOptions { return &d.ProxyOptions })),
	nested: []nestedField[defaultsSection]{defaultServerField(func(d *defaultsSection) *backendObjects { return &d.BackendObjects })},
	extra: directivesExtra(haproxycfg.Defaults, extraDescription("The section's other directives, one line each",
		"`[\"option redispatch\", \"timeout tunnel 1h\"]`",
		"Lines the model does not hold (http-response, tcp-request, log, ...) are refused here and stay as they are; "+
			"ACLs and http-request rules of a named defaults section have resources of their own.")),
	prune: func(d *defaultsSection) {
		pruneBackendObjects(&d.BackendObjects)
		pruneProxy(&d.ProxyOptions)
	},
	read: func(ctx context.Context, c *dataplane.Client, _ []string, name string) (defaultsSection, error) {
		return c.DefaultsSection(ctx, name)
	},
	create: func(ctx context.Context, c *dataplane.Client, _ []string, d defaultsSection, o dataplane.WriteOptions) error {
		return c.CreateDefaults(ctx, d, o)
	},
	update: func(ctx context.Context, c *dataplane.Client, _ []string, name string, change func(*defaultsSection) error, o dataplane.WriteOptions) error {
		return c.ModifyDefaults(ctx, name, change, o)
	},
	delete: func(ctx context.Context, c *dataplane.Client, _ []string, name string) error {
		return c.DeleteDefaults(ctx, name)
	},
}
