package dataplane

import (
	"context"
	"net/url"
)

// The endpoints of the smaller lists of frontends and backends (models_misc.go),
// read with List and written whole with ReplaceList. ssl_front_uses and
// force_be_switches are officially appended to with a POST to the list; the
// agent also takes a PUT of the whole list, as for the others.
const (
	ListLogTargets       = "log_targets"
	ListCaptures         = "captures"
	ListFilters          = "filters"
	ListQUICInitialRules = "quic_initial_rules"
	ListSSLFrontUses     = "ssl_front_uses"
	ListForceBeSwitches  = "force_be_switches"
)

func (c *Client) ServerTemplates(ctx context.Context, backend string) ([]ServerTemplate, error) {
	return get[[]ServerTemplate](ctx, c, childPath("backend", backend, "server_templates"))
}

func (c *Client) ServerTemplate(ctx context.Context, backend, prefix string) (ServerTemplate, error) {
	return get[ServerTemplate](ctx, c, childPath("backend", backend, "server_templates/"+url.PathEscape(prefix)))
}

func (c *Client) CreateServerTemplate(ctx context.Context, backend string, t ServerTemplate, o WriteOptions) error {
	return c.create(ctx, childPath("backend", backend, "server_templates"), t, o)
}

// ModifyServerTemplate writes what change makes of the template as it is (see modify).
func (c *Client) ModifyServerTemplate(ctx context.Context, backend, prefix string, change func(*ServerTemplate) error, o WriteOptions) error {
	return modify(ctx, c, childPath("backend", backend, "server_templates/"+url.PathEscape(prefix)), change, o)
}

func (c *Client) DeleteServerTemplate(ctx context.Context, backend, prefix string) error {
	return c.remove(ctx, childPath("backend", backend, "server_templates/"+url.PathEscape(prefix)))
}
