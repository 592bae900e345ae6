package agent

import (
	"errors"
	"fmt"
	"net/http"
	"strings"

	"github.com/tfhaproxy/terraform-provider-haproxy/internal/dataplane"
	"github.com/tfhaproxy/terraform-provider-haproxy/internal/engine"
	"github.com/tfhaproxy/terraform-provider-haproxy/internal/haproxycfg"
)

const configBase = "/services/haproxy/configuration/"

// snapshot reads the configuration the request sees: the transaction's candidate
// when it names one, else the current file.
func (c *call) snapshot() (*haproxycfg.Config, error) {
	cfg, v, err := c.a.engine.Read(c.query("transaction_id"))
	c.version = v
	return cfg, err
}

// decodeNamed reads the body of a PUT to /.../{name}: its name must be the path's,
// and is filled in when empty.
func decodeNamed[M any](c *call, name func(*M) *string) (M, error) {
	return decodeNamedAt(c, name, "name")
}

// decodeNamedAt is decodeNamed for a path whose name parameter is param.
func decodeNamedAt[M any](c *call, name func(*M) *string, param string) (M, error) {
	m, err := decode[M](c)
	if err != nil {
		return m, err
	}
	n, path := name(&m), c.path(param)
	if *n == "" {
		*n = path
	}
	if *n != path {
		return m, fmt.Errorf("%w: the body names %q, the path %q", errBadParameter, *n, path)
	}
	return m, nil
}

// sectionRoutes are the endpoints of one kind of section (frontends, backends).
// With full_section=true, reads and writes carry the section's children too
// (haproxycfg's full.go).
func sectionRoutes[M any](plural string, view haproxycfg.SectionView[M], name func(*M) *string) []*route {
	base, one := configBase+plural, configBase+plural+"/{name}"
	singular := strings.TrimSuffix(plural, "s")
	var model M
	return []*route{
		{method: http.MethodGet, path: base, summary: "List the " + plural, query: sectionReadQuery, reply: []M{}, codes: []int{200},
			handle: func(c *call) (int, any, error) {
				full, err := c.boolQuery("full_section")
				if err != nil {
					return 0, nil, err
				}
				cfg, err := c.snapshot()
				if err != nil {
					return 0, nil, err
				}
				if full {
					return http.StatusOK, view.ListFull(cfg), nil
				}
				return http.StatusOK, view.List(cfg), nil
			}},
		{method: http.MethodPost, path: base, summary: "Add a " + singular, query: sectionWriteQuery, body: model, reply: model, codes: []int{201, 202},
			handle: func(c *call) (int, any, error) {
				full, err := c.boolQuery("full_section")
				if err != nil {
					return 0, nil, err
				}
				m, err := decode[M](c)
				if err != nil {
					return 0, nil, err
				}
				create := view.Create
				if full {
					create = view.CreateFull
				}
				return c.write(func(cfg *haproxycfg.Config) error { return create(cfg, m) }, http.StatusCreated, m, nil)
			}},
		{method: http.MethodGet, path: one, summary: "Read a " + singular, query: sectionReadQuery, reply: model, codes: []int{200},
			handle: func(c *call) (int, any, error) {
				full, err := c.boolQuery("full_section")
				if err != nil {
					return 0, nil, err
				}
				cfg, err := c.snapshot()
				if err != nil {
					return 0, nil, err
				}
				get := view.Get
				if full {
					get = view.GetFull
				}
				m, err := get(cfg, c.path("name"))
				return http.StatusOK, m, err
			}},
		{method: http.MethodPut, path: one, summary: "Replace a " + singular, query: sectionWriteQuery, body: model, reply: model, codes: []int{200, 202},
			handle: func(c *call) (int, any, error) {
				full, err := c.boolQuery("full_section")
				if err != nil {
					return 0, nil, err
				}
				m, err := decodeNamed(c, name)
				if err != nil {
					return 0, nil, err
				}
				replace := view.Replace
				if full {
					replace = view.ReplaceFull
				}
				return c.write(func(cfg *haproxycfg.Config) error { return replace(cfg, m) }, http.StatusOK, m, nil)
			}},
		{method: http.MethodDelete, path: one, summary: "Delete a " + singular, query: deleteQuery, codes: []int{202, 204},
			handle: func(c *call) (int, any, error) {
				return c.write(func(cfg *haproxycfg.Config) error { return view.Delete(cfg, c.path("name")) }, http.StatusNoContent, nil, nil)
			}},
	}
}

// childHook applies a committed change to a child to the running HAProxy and
// reports whether that made a reload unnecessary; before is nil for a create,
// after nil for a delete.
type childHook[M any] func(c *call, parent string, before, after *M) bool

// childRoutes are the endpoints of one kind of named child (servers, binds).
func childRoutes[M any](parentPlural, plural string, view haproxycfg.ChildView[M], name func(*M) *string, hook childHook[M]) []*route {
	base := configBase + parentPlural + "/{parent}/" + plural
	return namedChildRoutes(childAt{base: base, plural: plural, nameParam: "name"}, view, name, hook)
}

// childAt is where the endpoints of a kind of named child are: the list's path
// (base), the name's path parameter and, when the parent is not a path
// parameter {parent}, the query parameter that names it (the official API's
// nameservers?resolver=, users?userlist=, ...).
type childAt struct {
	base, plural, nameParam, parentQuery string
}

// parent is the name of the parent the call addresses.
func (at childAt) parent(c *call) (string, error) {
	if at.parentQuery == "" {
		return c.path("parent"), nil
	}
	if p := c.query(at.parentQuery); p != "" {
		return p, nil
	}
	return "", fmt.Errorf("%w: the query parameter %s is required", errBadParameter, at.parentQuery)
}

// query is the route's query parameters: the parent's, then q.
func (at childAt) query(q []string) []string {
	if at.parentQuery == "" {
		return q
	}
	return append([]string{at.parentQuery}, q...)
}

// namedChildRoutes are the endpoints of one kind of named child.
func namedChildRoutes[M any](at childAt, view haproxycfg.ChildView[M], name func(*M) *string, hook childHook[M]) []*route {
	base, plural := at.base, at.plural
	one := base + "/{" + at.nameParam + "}"
	singular := strings.TrimSuffix(plural, "s")
	var model M
	// runtime returns the runtimeApply of a change, with the child as it was before.
	runtime := func(c *call, before, after *M) runtimeApply {
		if hook == nil {
			return nil
		}
		return func() bool { return hook(c, c.path("parent"), before, after) }
	}
	current := func(c *call) *M {
		if hook == nil {
			return nil
		}
		cfg, _, err := c.a.engine.Read("")
		if err != nil {
			return nil
		}
		m, err := view.Get(cfg, c.path("parent"), c.path(at.nameParam))
		if err != nil {
			return nil
		}
		return &m
	}
	return []*route{
		{method: http.MethodGet, path: base, summary: "List the " + plural, query: at.query(readParams), reply: []M{}, codes: []int{200},
			handle: func(c *call) (int, any, error) {
				parent, err := at.parent(c)
				if err != nil {
					return 0, nil, err
				}
				cfg, err := c.snapshot()
				if err != nil {
					return 0, nil, err
				}
				list, err := view.List(cfg, parent)
				if errors.Is(err, engine.ErrMissingParent) {
					// as the official API answers, unless a listen section has the name
					return http.StatusOK, []M{}, listenInstead(cfg, view.Parent(), c.path("parent"), plural)
				}
				return http.StatusOK, list, err
			}},
		{method: http.MethodPost, path: base, summary: "Add a " + singular, query: at.query(writeQuery), body: model, reply: model, codes: []int{201, 202},
			handle: func(c *call) (int, any, error) {
				parent, err := at.parent(c)
				if err != nil {
					return 0, nil, err
				}
				m, err := decode[M](c)
				if err != nil {
					return 0, nil, err
				}
				return c.write(func(cfg *haproxycfg.Config) error { return view.Create(cfg, parent, m) },
					http.StatusCreated, m, runtime(c, nil, &m))
			}},
		{method: http.MethodGet, path: one, summary: "Read a " + singular, query: at.query(readParams), reply: model, codes: []int{200},
			handle: func(c *call) (int, any, error) {
				parent, err := at.parent(c)
				if err != nil {
					return 0, nil, err
				}
				cfg, err := c.snapshot()
				if err != nil {
					return 0, nil, err
				}
				m, err := view.Get(cfg, parent, c.path(at.nameParam))
				if errors.Is(err, engine.ErrMissingParent) {
					if instead := listenInstead(cfg, view.Parent(), parent, plural); instead != nil {
						err = instead
					}
				}
				return http.StatusOK, m, err
			}},
		{method: http.MethodPut, path: one, summary: "Replace a " + singular, query: at.query(writeQuery), body: model, reply: model, codes: []int{200, 202},
			handle: func(c *call) (int, any, error) {
				parent, err := at.parent(c)
				if err != nil {
					return 0, nil, err
				}
				m, err := decodeNamedAt(c, name, at.nameParam)
				if err != nil {
					return 0, nil, err
				}
				before := current(c)
				apply := runtime(c, before, &m)
				if before == nil {
					apply = nil
				}
				return c.write(func(cfg *haproxycfg.Config) error { return view.Replace(cfg, parent, m) },
					http.StatusOK, m, apply)
			}},
		{method: http.MethodDelete, path: one, summary: "Delete a " + singular, query: at.query(deleteQuery), codes: []int{202, 204},
			handle: func(c *call) (int, any, error) {
				parent, err := at.parent(c)
				if err != nil {
					return 0, nil, err
				}
				before := current(c)
				apply := runtime(c, before, nil)
				if before == nil {
					apply = nil
				}
				return c.write(func(cfg *haproxycfg.Config) error { return view.Delete(cfg, parent, c.path(at.nameParam)) },
					http.StatusNoContent, nil, apply)
			}},
	}
}

// listRoutes are the endpoints of an ordered list (ACLs, rules) under each kind of
// parent the view says may hold it. filter, when set, narrows a GET of the list.
func listRoutes[M any](plural string, view haproxycfg.ListView[M], filter func(c *call, items []M) []M) []*route {
	var routes []*route
	for _, parentKind := range view.Parents() {
		parentPlural := dataplane.SectionPlural(parentKind)
		if dataplane.SectionKind(parentPlural) == "" && parentKind != "global" {
			continue // peers' and log-forward sections' are routed with them (sections.go)
		}
		routes = append(routes, listRoutesUnder(parentKind, parentPlural, plural, view, filter)...)
	}
	return routes
}

// listRoutesUnder are the endpoints of an ordered list under one kind of
// parent, whose sections are at parentPlural. The global section, one of a
// kind, has no name in the path (/global/log_targets).
func listRoutesUnder[M any](parentKind, parentPlural, plural string, view haproxycfg.ListView[M], filter func(c *call, items []M) []M) []*route {
	var model M
	singular := strings.TrimSuffix(plural, "s")
	base := configBase + parentPlural + "/{parent}/" + plural
	if parentKind == "global" {
		base = configBase + "global/" + plural
	}
	one := base + "/{index}"
	// writeAt answers an index route that takes an item: put puts it there.
	writeAt := func(put func(cfg *haproxycfg.Config, kind, parent string, i int, m M) error, direct int) func(c *call) (int, any, error) {
		return func(c *call) (int, any, error) {
			m, err := decode[M](c)
			if err != nil {
				return 0, nil, err
			}
			i, err := c.index()
			if err != nil {
				return 0, nil, err
			}
			return c.write(func(cfg *haproxycfg.Config) error { return put(cfg, parentKind, c.path("parent"), i, m) }, direct, m, nil)
		}
	}
	listQuery := readParams
	if filter != nil {
		listQuery = append([]string{"acl_name"}, readParams...)
	}
	return []*route{
		{method: http.MethodGet, path: base, summary: "List the " + plural + " of a " + parentKind, query: listQuery, reply: []M{}, codes: []int{200},
			handle: func(c *call) (int, any, error) {
				cfg, err := c.snapshot()
				if err != nil {
					return 0, nil, err
				}
				items, err := view.List(cfg, parentKind, c.path("parent"))
				if errors.Is(err, engine.ErrMissingParent) {
					return http.StatusOK, []M{}, listenInstead(cfg, parentKind, c.path("parent"), plural)
				}
				if filter != nil && err == nil {
					items = filter(c, items)
				}
				return http.StatusOK, items, err
			}},
		{method: http.MethodPut, path: base, summary: "Replace all the " + plural + " of a " + parentKind, query: writeQuery, body: []M{}, reply: []M{}, codes: []int{200, 202},
			handle: func(c *call) (int, any, error) {
				items, err := decode[[]M](c)
				if err != nil {
					return 0, nil, err
				}
				if items == nil {
					items = []M{}
				}
				if err := haproxycfg.CheckListLength(len(items)); err != nil {
					return 0, nil, err
				}
				return c.write(func(cfg *haproxycfg.Config) error { return view.ReplaceAll(cfg, parentKind, c.path("parent"), items) },
					http.StatusOK, items, nil)
			}},
		{method: http.MethodGet, path: one, summary: "Read one of the " + plural + " of a " + parentKind, query: readParams, reply: model, codes: []int{200},
			handle: func(c *call) (int, any, error) {
				cfg, err := c.snapshot()
				if err != nil {
					return 0, nil, err
				}
				i, err := c.index()
				if err != nil {
					return 0, nil, err
				}
				m, err := view.Get(cfg, parentKind, c.path("parent"), i)
				return http.StatusOK, m, err
			}},
		{method: http.MethodPost, path: one, summary: "Insert a " + singular + " at an index", query: writeQuery, body: model, reply: model, codes: []int{201, 202},
			handle: writeAt(view.Insert, http.StatusCreated)},
		{method: http.MethodPut, path: one, summary: "Replace the " + singular + " at an index", query: writeQuery, body: model, reply: model, codes: []int{200, 202},
			handle: writeAt(view.Set, http.StatusOK)},
		{method: http.MethodDelete, path: one, summary: "Delete the " + singular + " at an index", query: deleteQuery, codes: []int{202, 204},
			handle: func(c *call) (int, any, error) {
				i, err := c.index()
				if err != nil {
					return 0, nil, err
				}
				return c.write(func(cfg *haproxycfg.Config) error { return view.Delete(cfg, parentKind, c.path("parent"), i) },
					http.StatusNoContent, nil, nil)
			}},
	}
}
