package dataplane

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"net/http"
	"net/url"
	"reflect"
	"strconv"
	"strings"
)

const configPath = "/services/haproxy/configuration"

// sectionPath is a section's path; the global section, one of a kind, has no
// name in it (/global).
func sectionPath(kind, name string) string {
	if kind == "global" {
		return configPath + "/global"
	}
	return configPath + "/" + SectionPlural(kind) + "/" + url.PathEscape(name)
}

func childPath(parentKind, parent, children string) string {
	return sectionPath(parentKind, parent) + "/" + children
}

func (c *Client) create(ctx context.Context, collection string, body any, o WriteOptions) error {
	return c.write(ctx, o, nil, fixed(http.MethodPost, collection, body))
}

func (c *Client) replace(ctx context.Context, item string, body any, o WriteOptions) error {
	return c.write(ctx, o, nil, fixed(http.MethodPut, item, body))
}

// modify writes, with PUT, what change makes of the item as it is, so that
// what change leaves alone stays as it is. The item is read after the version
// the write is made at: a change anyone makes in between fails the write (409),
// which is then built again from a fresh read, and so is never lost.
func modify[T any](ctx context.Context, c *Client, item string, change func(*T) error, o WriteOptions) error {
	return c.write(ctx, o, nil, func(ctx context.Context) (string, string, any, error) {
		method, path := http.MethodPut, item
		raw, err := get[map[string]json.RawMessage](ctx, c, item)
		if canary, ok := c.fromCanary(ctx); ok && IsNotFound(err) {
			// A node of a fleet that misses the object gets the canary's.
			method, path = http.MethodPost, parentOf(item)
			raw, err = get[map[string]json.RawMessage](canary, c, item)
		}
		var body map[string]json.RawMessage
		if err == nil {
			body, err = changeKeepingUnknown(raw, change)
		}
		return method, path, body, err
	})
}

// changeKeepingUnknown applies change to raw as a T, and carries over the
// fields T does not have, so that a server whose models hold more than ours
// (the official dataplaneapi) loses none of them on an update. Unknown fields
// of nested objects are not kept.
func changeKeepingUnknown[T any](raw map[string]json.RawMessage, change func(*T) error) (map[string]json.RawMessage, error) {
	data, err := json.Marshal(raw)
	var v T
	if err == nil {
		err = json.Unmarshal(data, &v)
	}
	if err == nil {
		err = change(&v)
	}
	if err == nil {
		data, err = json.Marshal(v)
	}
	var out map[string]json.RawMessage
	if err == nil {
		err = json.Unmarshal(data, &out)
	}
	if err != nil {
		return nil, err
	}
	known := ModelFields(reflect.TypeFor[T]())
	for k, m := range raw {
		if _, ok := known[k]; !ok {
			out[k] = m
		}
	}
	return out, nil
}

func (c *Client) remove(ctx context.Context, item string) error {
	return c.write(ctx, WriteOptions{}, nil, fixed(http.MethodDelete, item, nil))
}

// Frontend reads a frontend; a missing one is an error for which IsNotFound holds.
func (c *Client) Frontend(ctx context.Context, name string) (Frontend, error) {
	return get[Frontend](ctx, c, sectionPath("frontend", name))
}

func (c *Client) Frontends(ctx context.Context) ([]Frontend, error) {
	return get[[]Frontend](ctx, c, configPath+"/frontends")
}

func (c *Client) CreateFrontend(ctx context.Context, f Frontend, o WriteOptions) error {
	return c.create(ctx, configPath+"/frontends", f, o)
}

// ModifyFrontend writes what change makes of the frontend as it is (see modify).
func (c *Client) ModifyFrontend(ctx context.Context, name string, change func(*Frontend) error, o WriteOptions) error {
	return modify(ctx, c, sectionPath("frontend", name), change, o)
}

func (c *Client) DeleteFrontend(ctx context.Context, name string) error {
	return c.remove(ctx, sectionPath("frontend", name))
}

func (c *Client) Backend(ctx context.Context, name string) (Backend, error) {
	return get[Backend](ctx, c, sectionPath("backend", name))
}

func (c *Client) Backends(ctx context.Context) ([]Backend, error) {
	return get[[]Backend](ctx, c, configPath+"/backends")
}

func (c *Client) CreateBackend(ctx context.Context, b Backend, o WriteOptions) error {
	return c.create(ctx, configPath+"/backends", b, o)
}

// ModifyBackend writes what change makes of the backend as it is (see modify).
func (c *Client) ModifyBackend(ctx context.Context, name string, change func(*Backend) error, o WriteOptions) error {
	return modify(ctx, c, sectionPath("backend", name), change, o)
}

func (c *Client) DeleteBackend(ctx context.Context, name string) error {
	return c.remove(ctx, sectionPath("backend", name))
}

// A backend's servers and a frontend's binds: the *In calls (a listen
// section's too) with the parent's kind given.

func (c *Client) Servers(ctx context.Context, backend string) ([]Server, error) {
	return c.ServersIn(ctx, "backend", backend)
}

func (c *Client) Server(ctx context.Context, backend, name string) (Server, error) {
	return c.ServerIn(ctx, "backend", backend, name)
}

func (c *Client) CreateServer(ctx context.Context, backend string, s Server, o WriteOptions) error {
	return c.CreateServerIn(ctx, "backend", backend, s, o)
}

// ModifyServer writes what change makes of the server as it is (see modify).
func (c *Client) ModifyServer(ctx context.Context, backend, name string, change func(*Server) error, o WriteOptions) error {
	return c.ModifyServerIn(ctx, "backend", backend, name, change, o)
}

func (c *Client) DeleteServer(ctx context.Context, backend, name string) error {
	return c.DeleteServerIn(ctx, "backend", backend, name)
}

func (c *Client) Binds(ctx context.Context, frontend string) ([]Bind, error) {
	return c.BindsIn(ctx, "frontend", frontend)
}

func (c *Client) Bind(ctx context.Context, frontend, name string) (Bind, error) {
	return c.BindIn(ctx, "frontend", frontend, name)
}

func (c *Client) CreateBind(ctx context.Context, frontend string, b Bind, o WriteOptions) error {
	return c.CreateBindIn(ctx, "frontend", frontend, b, o)
}

// ModifyBind writes what change makes of the bind as it is (see modify).
func (c *Client) ModifyBind(ctx context.Context, frontend, name string, change func(*Bind) error, o WriteOptions) error {
	return c.ModifyBindIn(ctx, "frontend", frontend, name, change, o)
}

func (c *Client) DeleteBind(ctx context.Context, frontend, name string) error {
	return c.DeleteBindIn(ctx, "frontend", frontend, name)
}

// The ordered lists of a frontend or backend, by the name of their endpoint.
const (
	ListACLs                  = "acls"
	ListHTTPRequestRules      = "http_request_rules"
	ListBackendSwitchingRules = "backend_switching_rules"
	ListTCPRequestRules       = "tcp_request_rules"
	ListTCPResponseRules      = "tcp_response_rules"
)

// List reads an ordered list of a parent ("frontend" or "backend").
func List[T any](ctx context.Context, c *Client, parentKind, parent, list string) ([]T, error) {
	return get[[]T](ctx, c, childPath(parentKind, parent, list))
}

// ReplaceList replaces a parent's whole list in one write.
func ReplaceList[T any](ctx context.Context, c *Client, parentKind, parent, list string, items []T, o WriteOptions) error {
	if items == nil {
		items = []T{}
	}
	return c.replace(ctx, childPath(parentKind, parent, list), items, o)
}

// NotEmptyError is a create that would replace lines someone else wrote: a
// list that is not empty, or an ACL line that is already there.
type NotEmptyError struct {
	ParentKind, Parent, List string
	Count                    int // the lines there
	Index                    int // of the identical ACL line; -1 for a list
}

func (e *NotEmptyError) Error() string {
	if e.Index >= 0 {
		return fmt.Sprintf("%s %s already has this ACL line, at index %d", e.ParentKind, e.Parent, e.Index)
	}
	return fmt.Sprintf("%s %s already has %d %s lines, which this resource would replace",
		e.ParentKind, e.Parent, e.Count, strings.ReplaceAll(e.List, "_", " "))
}

// ImportID is the provider's import ID of what is there: the ACL line, or the list.
func (e *NotEmptyError) ImportID() string {
	if e.Index >= 0 {
		return fmt.Sprintf("%ss/%s/%d", e.ParentKind, e.Parent, e.Index)
	}
	return e.ParentKind + "s/" + e.Parent
}

// RequireEmptyList reads a parent's list and fails with a NotEmptyError when it
// has lines: whoever creates a list does not take over lines it did not write.
func RequireEmptyList[T any](ctx context.Context, c *Client, parentKind, parent, list string) error {
	cur, err := List[T](ctx, c, parentKind, parent, list)
	if err == nil && len(cur) > 0 {
		err = &NotEmptyError{ParentKind: parentKind, Parent: parent, List: list, Count: len(cur), Index: -1}
	}
	return err
}

// CreateList writes a parent's list, which must be empty (RequireEmptyList). A
// line added after the check makes the write retry, and the check see it.
func CreateList[T any](ctx context.Context, c *Client, parentKind, parent, list string, items []T, o WriteOptions) error {
	if items == nil {
		items = []T{}
	}
	return c.write(ctx, o, nil, func(ctx context.Context) (string, string, any, error) {
		err := RequireEmptyList[T](ctx, c, parentKind, parent, list)
		return http.MethodPut, childPath(parentKind, parent, list), items, err
	})
}

// errGone ends a write that has nothing to do: a delete whose object is
// already gone, or the add of a line that is there.
var errGone = errors.New("already gone")

// AddACL appends one ACL line to a parent's list. ACLs are unordered
// declarations, so the end of the list, read just before the write, is as good a
// place as any; a concurrent change to the list makes the write retry. A line
// that says the same is there already: it is someone else's (NotEmptyError).
func (c *Client) AddACL(ctx context.Context, parentKind, parent string, a ACL, o WriteOptions) error {
	return c.addACL(ctx, parentKind, parent, a, o, func(list []ACL, i int) error {
		return &NotEmptyError{ParentKind: parentKind, Parent: parent, List: ListACLs, Count: len(list), Index: i}
	})
}

// EnsureACL adds an ACL line where it is not there: on every node of a fleet
// that lacks it (a node that has it is done).
func (c *Client) EnsureACL(ctx context.Context, parentKind, parent string, a ACL) error {
	err := c.addACL(ctx, parentKind, parent, a, WriteOptions{}, func([]ACL, int) error { return errGone })
	if errors.Is(err, errGone) {
		return nil
	}
	return err
}

// addACL appends a to the list, unless a line says the same: the write then
// fails with there's error.
func (c *Client) addACL(ctx context.Context, parentKind, parent string, a ACL, o WriteOptions, there func(list []ACL, i int) error) error {
	return c.write(ctx, o, nil, func(ctx context.Context) (string, string, any, error) {
		list, err := List[ACL](ctx, c, parentKind, parent, ListACLs)
		if i := FindACL(list, a); err == nil && i >= 0 {
			err = there(list, i)
		}
		return http.MethodPost, childPath(parentKind, parent, ListACLs+"/"+strconv.Itoa(len(list))), a, err
	})
}

// FindACL returns the index of the first ACL line that says a: the same name,
// criterion and value (its comment, the metadata, is not what it is).
func FindACL(list []ACL, a ACL) int {
	for i, x := range list {
		if x.ACLName == a.ACLName && x.Criterion == a.Criterion && x.Value == a.Value {
			return i
		}
	}
	return -1
}

// DeleteACL removes the first ACL line equal to a; one already gone is no error.
func (c *Client) DeleteACL(ctx context.Context, parentKind, parent string, a ACL) error {
	err := c.write(ctx, WriteOptions{}, nil, func(ctx context.Context) (string, string, any, error) {
		list, err := List[ACL](ctx, c, parentKind, parent, ListACLs)
		if err != nil {
			return "", "", nil, err
		}
		i := FindACL(list, a)
		if i < 0 {
			return "", "", nil, errGone
		}
		return http.MethodDelete, childPath(parentKind, parent, ListACLs+"/"+strconv.Itoa(i)), nil, nil
	})
	if errors.Is(err, errGone) || IsNotFound(err) {
		return nil
	}
	return err
}
