package dataplane

import (
	"context"
	"encoding/json"
	"net/url"
)

// SectionPlural is the path segment of a kind of section whose lists (ACLs,
// rules) are served under it: frontends, backends, listens, defaults, which is
// plural already, and fcgi_apps.
func SectionPlural(kind string) string {
	switch kind {
	case "defaults":
		return kind
	case "fcgi-app":
		return "fcgi_apps"
	}
	return kind + "s"
}

// SectionKind is the kind of section a path segment names, "" for none of
// frontends, backends, listens, defaults and fcgi_apps.
func SectionKind(plural string) string {
	for _, kind := range []string{"frontend", "backend", "listen", "defaults", "fcgi-app"} {
		if SectionPlural(kind) == plural {
			return kind
		}
	}
	return ""
}

// DefaultsSection reads a defaults section; an anonymous one by the name the
// agent gives it (unnamed_defaults_<n>).
func (c *Client) DefaultsSection(ctx context.Context, name string) (Defaults, error) {
	return get[Defaults](ctx, c, sectionPath("defaults", name))
}

func (c *Client) DefaultsSections(ctx context.Context) ([]Defaults, error) {
	return get[[]Defaults](ctx, c, configPath+"/defaults")
}

func (c *Client) CreateDefaults(ctx context.Context, d Defaults, o WriteOptions) error {
	return c.create(ctx, configPath+"/defaults", d, o)
}

// ModifyDefaults writes what change makes of the defaults section as it is (see modify).
func (c *Client) ModifyDefaults(ctx context.Context, name string, change func(*Defaults) error, o WriteOptions) error {
	return modify(ctx, c, sectionPath("defaults", name), change, o)
}

func (c *Client) DeleteDefaults(ctx context.Context, name string) error {
	return c.remove(ctx, sectionPath("defaults", name))
}

// Listen reads a listen section (an extension of our agent's: the official
// API has no listen sections).
func (c *Client) Listen(ctx context.Context, name string) (Listen, error) {
	return get[Listen](ctx, c, sectionPath("listen", name))
}

func (c *Client) Listens(ctx context.Context) ([]Listen, error) {
	return get[[]Listen](ctx, c, configPath+"/listens")
}

func (c *Client) CreateListen(ctx context.Context, l Listen, o WriteOptions) error {
	return c.create(ctx, configPath+"/listens", l, o)
}

// ModifyListen writes what change makes of the listen section as it is (see modify).
func (c *Client) ModifyListen(ctx context.Context, name string, change func(*Listen) error, o WriteOptions) error {
	return modify(ctx, c, sectionPath("listen", name), change, o)
}

func (c *Client) DeleteListen(ctx context.Context, name string) error {
	return c.remove(ctx, sectionPath("listen", name))
}

// The servers and binds of a section of any kind that has them: servers in
// backends and listen sections, binds in frontends and listen sections.

func (c *Client) ServersIn(ctx context.Context, kind, parent string) ([]Server, error) {
	return get[[]Server](ctx, c, childPath(kind, parent, "servers"))
}

func (c *Client) ServerIn(ctx context.Context, kind, parent, name string) (Server, error) {
	return get[Server](ctx, c, childPath(kind, parent, "servers/"+url.PathEscape(name)))
}

func (c *Client) CreateServerIn(ctx context.Context, kind, parent string, s Server, o WriteOptions) error {
	return c.create(ctx, childPath(kind, parent, "servers"), s, o)
}

// ModifyServerIn writes what change makes of the server as it is (see modify).
func (c *Client) ModifyServerIn(ctx context.Context, kind, parent, name string, change func(*Server) error, o WriteOptions) error {
	return modify(ctx, c, childPath(kind, parent, "servers/"+url.PathEscape(name)), change, o)
}

func (c *Client) DeleteServerIn(ctx context.Context, kind, parent, name string) error {
	return c.remove(ctx, childPath(kind, parent, "servers/"+url.PathEscape(name)))
}

func (c *Client) BindsIn(ctx context.Context, kind, parent string) ([]Bind, error) {
	return get[[]Bind](ctx, c, childPath(kind, parent, "binds"))
}

func (c *Client) BindIn(ctx context.Context, kind, parent, name string) (Bind, error) {
	return get[Bind](ctx, c, childPath(kind, parent, "binds/"+url.PathEscape(name)))
}

func (c *Client) CreateBindIn(ctx context.Context, kind, parent string, b Bind, o WriteOptions) error {
	return c.create(ctx, childPath(kind, parent, "binds"), b, o)
}

// ModifyBindIn writes what change makes of the bind as it is (see modify).
func (c *Client) ModifyBindIn(ctx context.Context, kind, parent, name string, change func(*Bind) error, o WriteOptions) error {
	return modify(ctx, c, childPath(kind, parent, "binds/"+url.PathEscape(name)), change, o)
}

func (c *Client) DeleteBindIn(ctx context.Context, kind, parent, name string) error {
	return c.remove(ctx, childPath(kind, parent, "binds/"+url.PathEscape(name)))
}

// Section reads a section of any kind as its raw members: an error for which
// IsNotFound holds tells a missing section (whose lists read as empty) from
// an empty list.
func (c *Client) Section(ctx context.Context, kind, name string) (map[string]json.RawMessage, error) {
	return get[map[string]json.RawMessage](ctx, c, sectionPath(kind, name))
}
