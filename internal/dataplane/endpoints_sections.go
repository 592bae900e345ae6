package dataplane

import (
	"context"
	"encoding/json"
	"net/url"
)

// The client of the sections that are not proxies (models_sections.go), at the
// official v3 paths. Sections are read and written with full_section=true, so
// that one call carries their children; the children also have their own
// calls, with the parent in the query as the official API names it.

// fullSection is the query of a read or write of a section with its children.
const fullSection = "?full_section=true"

func otherSectionPath(plural, name string) string {
	return configPath + "/" + plural + "/" + url.PathEscape(name)
}

// childOf is the path of a child (name "" for the list) whose parent the
// query parameter parentParam names.
func childOf(plural, parentParam, parent, name string) string {
	p := configPath + "/" + plural
	if name != "" {
		p += "/" + url.PathEscape(name)
	}
	return p + "?" + url.Values{parentParam: {parent}}.Encode()
}

// Resolvers lists the resolvers sections.
func (c *Client) Resolvers(ctx context.Context) ([]Resolver, error) {
	return get[[]Resolver](ctx, c, configPath+"/resolvers")
}

// Userlists lists the userlists.
func (c *Client) Userlists(ctx context.Context) ([]Userlist, error) {
	return get[[]Userlist](ctx, c, configPath+"/userlists")
}

// Resolver reads a resolvers section with its nameservers.
func (c *Client) Resolver(ctx context.Context, name string) (Resolver, error) {
	return get[Resolver](ctx, c, otherSectionPath("resolvers", name)+fullSection)
}

// CreateResolver adds a resolvers section with its nameservers.
func (c *Client) CreateResolver(ctx context.Context, r Resolver, o WriteOptions) error {
	return c.create(ctx, configPath+"/resolvers"+fullSection, r, o)
}

// ReplaceResolver makes a resolvers section and its nameservers say what r says.
func (c *Client) ReplaceResolver(ctx context.Context, r Resolver, o WriteOptions) error {
	return c.replace(ctx, otherSectionPath("resolvers", r.Name)+fullSection, r, o)
}

func (c *Client) DeleteResolver(ctx context.Context, name string) error {
	return c.remove(ctx, otherSectionPath("resolvers", name))
}

func (c *Client) Nameservers(ctx context.Context, resolver string) ([]Nameserver, error) {
	return get[[]Nameserver](ctx, c, childOf("nameservers", "resolver", resolver, ""))
}

func (c *Client) CreateNameserver(ctx context.Context, resolver string, n Nameserver, o WriteOptions) error {
	return c.create(ctx, childOf("nameservers", "resolver", resolver, ""), n, o)
}

func (c *Client) ReplaceNameserver(ctx context.Context, resolver string, n Nameserver, o WriteOptions) error {
	return c.replace(ctx, childOf("nameservers", "resolver", resolver, n.Name), n, o)
}

func (c *Client) DeleteNameserver(ctx context.Context, resolver, name string) error {
	return c.remove(ctx, childOf("nameservers", "resolver", resolver, name))
}

// Userlist reads a userlist with its users and groups.
func (c *Client) Userlist(ctx context.Context, name string) (Userlist, error) {
	return get[Userlist](ctx, c, otherSectionPath("userlists", name)+fullSection)
}

// CreateUserlist adds a userlist with its users and groups.
func (c *Client) CreateUserlist(ctx context.Context, u Userlist, o WriteOptions) error {
	return c.create(ctx, configPath+"/userlists"+fullSection, u, o)
}

func (c *Client) DeleteUserlist(ctx context.Context, name string) error {
	return c.remove(ctx, otherSectionPath("userlists", name))
}

func (c *Client) CreateUser(ctx context.Context, userlist string, u User, o WriteOptions) error {
	return c.create(ctx, childOf("users", "userlist", userlist, ""), u, o)
}

func (c *Client) ReplaceUser(ctx context.Context, userlist string, u User, o WriteOptions) error {
	return c.replace(ctx, childOf("users", "userlist", userlist, u.Username), u, o)
}

func (c *Client) DeleteUser(ctx context.Context, userlist, name string) error {
	return c.remove(ctx, childOf("users", "userlist", userlist, name))
}

func (c *Client) CreateGroup(ctx context.Context, userlist string, g Group, o WriteOptions) error {
	return c.create(ctx, childOf("groups", "userlist", userlist, ""), g, o)
}

func (c *Client) ReplaceGroup(ctx context.Context, userlist string, g Group, o WriteOptions) error {
	return c.replace(ctx, childOf("groups", "userlist", userlist, g.Name), g, o)
}

func (c *Client) DeleteGroup(ctx context.Context, userlist, name string) error {
	return c.remove(ctx, childOf("groups", "userlist", userlist, name))
}

// BodySectionPaths are the API collections of the sections the provider holds
// as their body (haproxy_section), by keyword.
var BodySectionPaths = map[string]string{
	"cache": "caches", "http-errors": "http_errors_sections", "ring": "rings", "mailers": "mailers_section",
	"peers": "peer_section", "fcgi-app": "fcgi_apps", "log-forward": "log_forwards",
}

// OtherSection reads a section of the collection at plural with its children,
// as the JSON the API answers.
func (c *Client) OtherSection(ctx context.Context, plural, name string) (json.RawMessage, error) {
	return get[json.RawMessage](ctx, c, otherSectionPath(plural, name)+fullSection)
}

// OtherSectionNames lists the names of the sections of the collection at plural.
func (c *Client) OtherSectionNames(ctx context.Context, plural string) ([]string, error) {
	sections, err := get[[]struct {
		Name string `json:"name"`
	}](ctx, c, configPath+"/"+plural)
	var names []string
	for _, s := range sections {
		names = append(names, s.Name)
	}
	return names, err
}

// CreateOtherSection adds a section, with its children, to the collection at plural.
func (c *Client) CreateOtherSection(ctx context.Context, plural string, m any, o WriteOptions) error {
	return c.create(ctx, configPath+"/"+plural+fullSection, m, o)
}

// ReplaceOtherSection makes a section and its children say what m says.
func (c *Client) ReplaceOtherSection(ctx context.Context, plural, name string, m any, o WriteOptions) error {
	return c.replace(ctx, otherSectionPath(plural, name)+fullSection, m, o)
}

func (c *Client) DeleteOtherSection(ctx context.Context, plural, name string) error {
	return c.remove(ctx, otherSectionPath(plural, name))
}
