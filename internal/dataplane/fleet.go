package dataplane

import (
	"cmp"
	"context"
	"errors"
	"fmt"
	"io"
	"net"
	"net/http"
	"net/url"
	"slices"
	"sync"
	"syscall"
)

// NodeOptions configure one node of a fleet: HAProxy nodes that must hold the
// same configuration, each with its own agent (or official dataplaneapi).
type NodeOptions struct {
	ClientOptions
	Name string // how errors and drift name the node; the URL's host when empty
	// Canary nodes are written first, one after the other; the others only once
	// every canary has the change live and its probe passes.
	Canary bool
	// Optional nodes may be unreachable: they are then left out of reads and
	// writes for the rest of the run (Divergence.LeftOut), instead of failing
	// the plan or apply.
	Optional bool
	// ProbeURL, when set, must answer 2xx or 3xx after each write made live on
	// this node, before the write goes on to the next nodes.
	ProbeURL string
}

// fleet is what a Client stands for when it manages several nodes as one.
// Every read asks each node and answers the first canary's, recording the
// nodes whose answer differs (Divergence); every write is made on the canaries
// first, then on the other nodes in parallel, each at its own version.
type fleet struct {
	nodes       []*node // canaries first
	canaries    int
	parallelism int // writes to the non-canary nodes at once
	probe       *http.Client
}

// node is one member of a fleet.
type node struct {
	*Client
	NodeOptions
}

// NewFleet builds a client for several nodes; it makes no request. Without a
// node marked canary, the first node is the canary. parallelism bounds the
// writes to the non-canary nodes at once (all of them when it is 0).
func NewFleet(nodes []NodeOptions, parallelism int) (*Client, error) {
	if len(nodes) == 0 {
		return nil, errors.New("a fleet needs at least one node")
	}
	if !slices.ContainsFunc(nodes, func(n NodeOptions) bool { return n.Canary }) {
		nodes = slices.Clone(nodes)
		nodes[0].Canary = true
	}
	f := &fleet{parallelism: parallelism, probe: &http.Client{
		// A new connection each time: one kept alive would be served by the
		// HAProxy worker from before the reload, with the old configuration.
		Transport:     &http.Transport{DisableKeepAlives: true, Proxy: http.ProxyFromEnvironment},
		CheckRedirect: func(*http.Request, []*http.Request) error { return http.ErrUseLastResponse },
	}}
	names := map[string]bool{}
	for _, o := range nodes {
		c, err := NewClient(o.ClientOptions)
		if err != nil {
			return nil, fmt.Errorf("node %q: %w", cmp.Or(o.Name, o.URL), err)
		}
		if o.Name == "" {
			o.Name = c.base.Host
		}
		if o.Canary && o.Optional {
			return nil, fmt.Errorf("node %q: a canary cannot be optional: every change is made there first", o.Name)
		}
		if names[o.Name] {
			return nil, fmt.Errorf("two nodes are named %q: give each its own name", o.Name)
		}
		names[o.Name] = true
		if o.ProbeURL != "" {
			if u, err := url.Parse(o.ProbeURL); err != nil || (u.Scheme != "http" && u.Scheme != "https") || u.Host == "" {
				return nil, fmt.Errorf("node %q: probe_url %q: want http(s)://host[:port]/path", o.Name, o.ProbeURL)
			}
		}
		f.nodes = append(f.nodes, &node{Client: c, NodeOptions: o})
	}
	slices.SortStableFunc(f.nodes, func(a, b *node) int {
		switch {
		case a.Canary == b.Canary:
			return 0
		case a.Canary:
			return -1
		}
		return 1
	})
	for _, n := range f.nodes {
		if n.Canary {
			f.canaries++
		}
	}
	// The fleet's own Client sends nothing itself (do, write and storageWrite
	// go to the nodes); it has the canary's address and timeout for what is
	// said of a request.
	first := f.nodes[0].Client
	return &Client{base: first.base, http: first.http, attempts: first.attempts, backoff: first.backoff, fleet: f}, nil
}

// NodeInfo is what a fleet client knows of one node.
type NodeInfo struct {
	Name     string
	URL      string // a password in it hidden
	Canary   bool
	Optional bool
	Client   *Client // requests to this node alone
}

// Nodes are the nodes the client manages, canaries first; a client of one
// server is one node, named by its host.
func (c *Client) Nodes() []NodeInfo {
	if c.fleet == nil {
		return []NodeInfo{{Name: c.base.Host, URL: c.base.Redacted(), Canary: true, Client: c}}
	}
	var out []NodeInfo
	for _, n := range c.fleet.nodes {
		out = append(out, NodeInfo{Name: n.Name, URL: n.base.Redacted(), Canary: n.Canary, Optional: n.Optional, Client: n.Client})
	}
	return out
}

// nodeSet is the names of the nodes something happened to during the
// requests of one context.
type nodeSet struct {
	mu    sync.Mutex
	nodes []string
}

// Nodes are the nodes, in the fleet's order.
func (s *nodeSet) Nodes() []string {
	s.mu.Lock()
	defer s.mu.Unlock()
	return slices.Clone(s.nodes)
}

func (s *nodeSet) add(name string) {
	s.mu.Lock()
	defer s.mu.Unlock()
	if !slices.Contains(s.nodes, name) {
		s.nodes = append(s.nodes, name)
	}
}

// Divergence collects the nodes whose answers differ from the canary's during
// the reads of one context, and the optional nodes left out of its reads and
// writes because they could not be reached.
type Divergence struct {
	nodeSet
	leftOut nodeSet
}

// LeftOut are the optional nodes that could not be reached.
func (d *Divergence) LeftOut() []string { return d.leftOut.Nodes() }

// Written collects the nodes that have a change made during the writes of one
// context: after a failed create, they hold the object the others lack.
type Written struct{ nodeSet }

type (
	divergenceKey struct{}
	writtenKey    struct{}
)

// WithDivergence returns a context whose reads record in d the nodes that
// differ.
func WithDivergence(ctx context.Context) (context.Context, *Divergence) {
	d := &Divergence{}
	return context.WithValue(ctx, divergenceKey{}, d), d
}

// WithWritten returns a context whose writes record in w the nodes that have
// them.
func WithWritten(ctx context.Context) (context.Context, *Written) {
	w := &Written{}
	return context.WithValue(ctx, writtenKey{}, w), w
}

func noteDivergence(ctx context.Context, name string) {
	if d, ok := ctx.Value(divergenceKey{}).(*Divergence); ok {
		d.add(name)
	}
}

// leaveOut marks an optional node unreachable for the rest of the run.
func leaveOut(ctx context.Context, n *node) {
	n.down.Store(true)
	if d, ok := ctx.Value(divergenceKey{}).(*Divergence); ok {
		d.leftOut.add(n.Name)
	}
}

func noteWritten(ctx context.Context, name string) {
	if w, ok := ctx.Value(writtenKey{}).(*Written); ok {
		w.add(name)
	}
}

// pinnedKey pins the reads of a context to one node: the reads a write makes
// to build its request are of the node it writes to.
type pinnedKey struct{}

func pinned(ctx context.Context) *node {
	n, _ := ctx.Value(pinnedKey{}).(*node)
	return n
}

// fromCanary is ctx with its reads pinned to the first canary, when it was
// pinned to another node: a node that misses an object a write modifies gets
// the canary's, whole.
func (f *fleet) fromCanary(ctx context.Context) (context.Context, bool) {
	if n := pinned(ctx); n != nil && n != f.nodes[0] {
		return context.WithValue(ctx, pinnedKey{}, f.nodes[0]), true
	}
	return ctx, false
}

// IsUnreachable tells whether err says a node could not be asked at all (no
// connection, a connection cut, no answer in time), as opposed to an answer,
// or HAProxy's refusal of a change.
func IsUnreachable(err error) bool {
	var netErr net.Error
	return errors.Is(err, errNodeDown) || errors.Is(err, syscall.ECONNREFUSED) || errors.Is(err, syscall.ECONNRESET) ||
		errors.Is(err, io.EOF) || errors.Is(err, io.ErrUnexpectedEOF) || errors.As(err, &netErr)
}

// error names the node in what went wrong there.
func (n *node) error(err error) error {
	return fmt.Errorf("node %s (%s): %w", n.Name, n.base.Redacted(), err)
}

// fromCanary is ctx with its reads pinned to the first canary, when this is a
// fleet and ctx was pinned to another node (see fleet.fromCanary).
func (c *Client) fromCanary(ctx context.Context) (context.Context, bool) {
	if c.fleet == nil {
		return ctx, false
	}
	return c.fleet.fromCanary(ctx)
}

// check asks every node for its /v3/info at once. A node that cannot be used
// fails the check, named, unless it is optional and unreachable: it is then
// left out.
func (f *fleet) check(ctx context.Context) error {
	errs := f.all(ctx, func(ctx context.Context, _ int, n *node) error {
		err := n.Check(ctx)
		switch {
		case IsUnreachable(err) && n.Optional:
			n.down.Store(true)
		case err != nil:
			return n.error(err)
		}
		return nil
	})
	return errors.Join(errs...)
}

// all runs ask for every node at once, with the context pinned to it, and
// returns its errors by node.
func (f *fleet) all(ctx context.Context, ask func(ctx context.Context, i int, n *node) error) []error {
	errs := make([]error, len(f.nodes))
	var wg sync.WaitGroup
	for i, n := range f.nodes {
		wg.Go(func() { errs[i] = ask(context.WithValue(ctx, pinnedKey{}, n), i, n) })
	}
	wg.Wait()
	return errs
}

// AllNodes runs ask for every node of a fleet at once (once for a client of
// one server), with every request of ask going to that node alone, and fails
// with every node's failure, each named. i is the node's place in Nodes, node
// its name. It is for reading what each node holds, such as what a destroy
// writes back to it.
func AllNodes(ctx context.Context, c *Client, ask func(ctx context.Context, i int, node string) error) error {
	if c.fleet == nil {
		return ask(ctx, 0, c.base.Host)
	}
	errs := c.fleet.all(ctx, func(ctx context.Context, i int, n *node) error {
		if err := ask(ctx, i, n.Name); err != nil {
			return n.error(err)
		}
		return nil
	})
	return errors.Join(errs...)
}
