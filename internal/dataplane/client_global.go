package dataplane

import (
	"context"
	"encoding/json"
)

const globalPath = configPath + "/global"

// Global reads the global section.
func (c *Client) Global(ctx context.Context) (Global, error) {
	return get[Global](ctx, c, globalPath)
}

// ReplaceGlobal makes the global section say g.
func (c *Client) ReplaceGlobal(ctx context.Context, g Global, o WriteOptions) error {
	return c.replace(ctx, globalPath, g, o)
}

// ModifyGlobal writes what change makes of the global section as it is (see
// modify), keeping the members a server's model has beyond ours.
func (c *Client) ModifyGlobal(ctx context.Context, change func(*Global) error, o WriteOptions) error {
	return modify(ctx, c, globalPath, change, o)
}

// GlobalRaw reads the global section as the server's JSON, members beyond
// our model included: what ReplaceGlobalRaw writes back.
func (c *Client) GlobalRaw(ctx context.Context) (json.RawMessage, error) {
	return get[json.RawMessage](ctx, c, globalPath)
}

// ReplaceGlobalRaw makes the global section say raw, JSON GlobalRaw read.
func (c *Client) ReplaceGlobalRaw(ctx context.Context, raw json.RawMessage, o WriteOptions) error {
	return c.replace(ctx, globalPath, raw, o)
}
