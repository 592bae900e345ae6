package dataplane

import (
	"bytes"
	"cmp"
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"net/http"
	"net/url"
	"reflect"
	"slices"
	"strings"
	"sync"
	"time"
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
			return nil, fmt.Errorf("node %q: %w", o.Name, err)
		}
		if o.Name == "" {
			o.Name = c.base.Host
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
	URL      string
	Canary   bool
	Optional bool
	Client   *Client // requests to this node alone
}

// Nodes are the nodes the client manages, canaries first; a client of one
// server is one node, named by its host.
func (c *Client) Nodes() []NodeInfo {
	if c.fleet == nil {
		return []NodeInfo{{Name: c.base.Host, URL: c.base.String(), Canary: true, Client: c}}
	}
	var out []NodeInfo
	for _, n := range c.fleet.nodes {
		out = append(out, NodeInfo{Name: n.Name, URL: n.base.String(), Canary: n.Canary, Optional: n.Optional, Client: n.Client})
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

// unreachable tells whether err says the node could not be asked at all, as
// opposed to an answer.
func unreachable(err error) bool {
	var e *APIError
	return err != nil && !errors.As(err, &e)
}

// error names the node in what went wrong there.
func (n *node) error(err error) error {
	return fmt.Errorf("node %s (%s): %w", n.Name, n.base.Redacted(), err)
}

// do reads from every node at once and answers the first canary's answer; a
// node that answers otherwise (another status, or another document) is
// recorded as differing. A request pinned to a node is that node's alone.
func (f *fleet) do(ctx context.Context, method, path string, query url.Values, body, out any) (answer, error) {
	if n := pinned(ctx); n != nil {
		return n.do(ctx, method, path, query, body, out)
	}
	if method != http.MethodGet {
		// Every change goes through write or storageWrite; one that did not
		// would need their order, so it gets it.
		var ans answer
		err := f.each(ctx, func(ctx context.Context, n *node) error {
			var err error
			ans, err = n.do(ctx, method, path, query, body, out)
			return err
		})
		return ans, err
	}
	raws := make([][]byte, len(f.nodes))
	answers := make([]answer, len(f.nodes))
	err := f.readAll(ctx, func(ctx context.Context, i int, n *node) (err error) {
		if _, raw := out.(*[]byte); raw {
			answers[i], err = n.do(ctx, method, path, query, nil, &raws[i])
		} else {
			var doc json.RawMessage
			answers[i], err = n.do(ctx, method, path, query, nil, &doc)
			raws[i] = doc
		}
		return err
	}, func(i int) bool { return !sameDocument(raws[i], raws[0]) })
	if err != nil {
		return answers[0], err
	}
	if keep, ok := out.(*[]byte); ok {
		*keep = raws[0]
	} else if out != nil && len(raws[0]) > 0 {
		if err := json.Unmarshal(raws[0], out); err != nil {
			return answers[0], fmt.Errorf("%s %s: decoding the answer: %w", method, path, err)
		}
	}
	return answers[0], nil
}

// readAll asks every node at once, with ask (its reads pinned to the node),
// and returns the first canary's error. A node whose answer is another error
// than the canary's, or whose answer differs (differs), is recorded as
// differing (WithDivergence). A node that cannot be reached fails the read,
// named, unless it is optional: it is then left out.
func (f *fleet) readAll(ctx context.Context, ask func(ctx context.Context, i int, n *node) error, differs func(i int) bool) error {
	errs := make([]error, len(f.nodes))
	var wg sync.WaitGroup
	for i, n := range f.nodes {
		if n.Optional && n.down.Load() {
			errs[i] = errNodeDown
			continue
		}
		wg.Go(func() { errs[i] = ask(context.WithValue(ctx, pinnedKey{}, n), i, n) })
	}
	wg.Wait()
	for i, n := range f.nodes {
		switch err := errs[i]; {
		case unreachable(err) && n.Optional && i > 0:
			leaveOut(ctx, n)
		case unreachable(err):
			return n.error(err)
		case i > 0 && (statusOf(err) != statusOf(errs[0]) || err == nil && errs[0] == nil && differs(i)):
			noteDivergence(ctx, n.Name)
		}
	}
	return errs[0]
}

// ReadEach reads with read from every node of a fleet, and returns the first
// canary's answer, recording the nodes whose answer same finds different
// (WithDivergence); from a client of one server, it reads once. It is for a
// read whose answer holds more than the caller owns, such as the list an ACL
// is one line of.
func ReadEach[T any](ctx context.Context, c *Client, read func(ctx context.Context) (T, error), same func(canary, other T) bool) (T, error) {
	if c.fleet == nil || pinned(ctx) != nil {
		return read(ctx)
	}
	answers := make([]T, len(c.fleet.nodes))
	err := c.fleet.readAll(ctx, func(ctx context.Context, i int, _ *node) (err error) {
		answers[i], err = read(ctx)
		return err
	}, func(i int) bool { return !same(answers[0], answers[i]) })
	return answers[0], err
}

// errNodeDown is an optional node found unreachable earlier in this run: it is
// not asked again, so that a plan does not wait for it on every read.
var errNodeDown = errors.New("unreachable earlier in this run")

// sameDocument tells whether two answers say the same: equal bytes, or equal
// JSON whatever the order of members.
func sameDocument(a, b []byte) bool {
	if bytes.Equal(a, b) {
		return true
	}
	var x, y any
	return json.Unmarshal(a, &x) == nil && json.Unmarshal(b, &y) == nil && reflect.DeepEqual(x, y)
}

// each makes a change on every node: the canaries first, one after the other,
// each probed once it is live; then the others, in parallel up to the
// parallelism. The first failure on a canary stops everything; a failure on
// another node stops the nodes not started yet. Optional nodes that cannot be
// reached are left out (and differ once they are back, until written).
func (f *fleet) each(ctx context.Context, change func(ctx context.Context, n *node) error) error {
	try := func(n *node) error {
		if n.Optional && n.down.Load() {
			leaveOut(ctx, n)
			return nil
		}
		err := change(context.WithValue(ctx, pinnedKey{}, n), n)
		if unreachable(err) && n.Optional && !errors.Is(err, ctx.Err()) {
			leaveOut(ctx, n)
			return nil
		}
		if err == nil {
			noteWritten(ctx, n.Name)
			err = f.probeNode(ctx, n)
		}
		if err != nil {
			return n.error(err)
		}
		return nil
	}
	for _, n := range f.nodes[:f.canaries] {
		if err := try(n); err != nil {
			return fmt.Errorf("%w; the other nodes were left as they were", err)
		}
	}
	rest := f.nodes[f.canaries:]
	limit := f.parallelism
	if limit <= 0 || limit > len(rest) {
		limit = len(rest)
	}
	var (
		mu     sync.Mutex
		errs   []error
		failed bool
		wg     sync.WaitGroup
	)
	slots := make(chan struct{}, max(limit, 1))
	for _, n := range rest {
		slots <- struct{}{}
		mu.Lock()
		stop := failed
		mu.Unlock()
		if stop {
			<-slots
			break
		}
		wg.Go(func() {
			defer func() { <-slots }()
			if err := try(n); err != nil {
				mu.Lock()
				errs, failed = append(errs, err), true
				mu.Unlock()
			}
		})
	}
	wg.Wait()
	return errors.Join(errs...)
}

// probeNode asks a node's probe URL, if it has one, until it answers 2xx or
// 3xx or the client's attempts are spent.
func (f *fleet) probeNode(ctx context.Context, n *node) error {
	if n.ProbeURL == "" {
		return nil
	}
	delay := n.backoff
	var err error
	for attempt := 1; ; attempt++ {
		if err = f.probeOnce(ctx, n); err == nil {
			return nil
		}
		if attempt >= n.attempts {
			break
		}
		select {
		case <-ctx.Done():
			return ctx.Err()
		case <-time.After(delay):
		}
		delay = min(2*delay, 2*time.Second)
	}
	return fmt.Errorf("the change is live, but its probe failed, so no other node was written after it: %w", err)
}

func (f *fleet) probeOnce(ctx context.Context, n *node) error {
	ctx, cancel := context.WithTimeout(ctx, n.http.Timeout)
	defer cancel()
	req, err := http.NewRequestWithContext(ctx, http.MethodGet, n.ProbeURL, nil)
	if err != nil {
		return err
	}
	resp, err := f.probe.Do(req)
	if err != nil {
		return fmt.Errorf("GET %s: %w", n.ProbeURL, err)
	}
	resp.Body.Close()
	if resp.StatusCode >= 400 {
		return fmt.Errorf("GET %s: %s", n.ProbeURL, resp.Status)
	}
	return nil
}

// write makes a write on every node (each). On a node after the first canary,
// the write converges (converge); a modify of an object the node lacks
// creates the canary's (modify). A dry run validates on every node that can
// dry-run, all at once.
func (f *fleet) write(ctx context.Context, opts WriteOptions, out any, build func(ctx context.Context) (method, path string, body any, err error)) error {
	if n := pinned(ctx); n != nil {
		return n.write(ctx, opts, out, build) // one node's part of EachNode
	}
	if opts.DryRun {
		return f.dryRun(ctx, func(ctx context.Context, n *node) error { return n.write(ctx, opts, out, build) })
	}
	return f.each(ctx, func(ctx context.Context, n *node) error {
		var last, instead request
		recorded := func(ctx context.Context) (string, string, any, error) {
			if instead.method != "" {
				return instead.method, instead.path, instead.body, nil
			}
			var err error
			last.method, last.path, last.body, err = build(ctx)
			return last.method, last.path, last.body, err
		}
		err := n.write(ctx, opts, out, recorded)
		return f.converge(n, last, err, func(r request) error {
			instead = r
			return n.write(ctx, opts, out, recorded)
		})
	})
}

// storageWrite is write for the storage and runtime endpoints, which have no
// version.
func (f *fleet) storageWrite(ctx context.Context, method, path string, query url.Values, body, out any) ([]string, error) {
	if n := pinned(ctx); n != nil {
		return n.storageWrite(ctx, method, path, query, body, out) // one node's part of EachNode
	}
	var warnings []string
	err := f.each(ctx, func(ctx context.Context, n *node) error {
		w, err := n.storageWrite(ctx, method, path, query, body, out)
		err = f.converge(n, request{method, path, body}, err, func(r request) error {
			w, err = n.storageWrite(ctx, r.method, r.path, query, r.body, out)
			return err
		})
		if n == f.nodes[0] {
			warnings = w
		}
		return err
	})
	return warnings, err
}

// converge is the outcome of change r on node n, which failed with err. A
// delete whose object is already gone is done, on every node, so that the
// others still get theirs. On a node after the first canary, which is made
// to hold what the canary holds, a create that finds the object replaces it
// and a replace that misses it creates it (with again).
func (f *fleet) converge(n *node, r request, err error, again func(request) error) error {
	if n != f.nodes[0] {
		if instead, ok := r.instead(n, err); ok {
			err = again(instead)
		}
	}
	if errors.Is(err, errGone) || r.method == http.MethodDelete && IsNotFound(err) {
		return nil
	}
	return err
}

// dryRun validates a change on every node that can dry-run it, at once.
func (f *fleet) dryRun(ctx context.Context, change func(ctx context.Context, n *node) error) error {
	errs := make([]error, len(f.nodes))
	var wg sync.WaitGroup
	for i, n := range f.nodes {
		if n.down.Load() || !n.SupportsDryRun(ctx) {
			continue
		}
		wg.Go(func() {
			if err := change(context.WithValue(ctx, pinnedKey{}, n), n); err != nil && !(n.Optional && unreachable(err)) {
				errs[i] = n.error(err)
			}
		})
	}
	wg.Wait()
	return errors.Join(errs...)
}

// request is one change as sent.
type request struct {
	method, path string
	body         any
}

// instead is the change that makes a node hold what r makes the canary hold,
// when r failed there with err because the node holds something else: the
// replace of an object a create found (409 exists), or the create of an object
// a replace missed (404 on the object's own path). The object is named by the
// body's name (or key, for a map entry) or the uploaded file's name.
func (r request) instead(n *node, err error) (request, bool) {
	path, _, _ := strings.Cut(r.path, "?")
	var e *APIError
	switch {
	case statusOf(err) == http.StatusConflict && !IsVersionMismatch(err) && r.method == http.MethodPost:
		// A create's conflict: the object exists (a stored file's says so in
		// other words than a configuration object's).
		if p, ok := r.body.(payload); ok && p.file != "" {
			return request{http.MethodPut, path + "/" + url.PathEscape(p.file), text(p.content)}, true
		}
		if name := bodyName(r.body); name != "" {
			return request{http.MethodPut, path + "/" + url.PathEscape(name), r.body}, true
		}
	case errors.As(err, &e) && e.Status == http.StatusNotFound && r.method == http.MethodPut:
		if full, uerr := url.PathUnescape(n.fullPath(path)); uerr != nil || e.Path != full {
			return request{}, false // not the object that is missing, but what it is in
		}
		parent := parentOf(path)
		name, uerr := url.PathUnescape(path[len(parent)+1:])
		if uerr != nil {
			return request{}, false
		}
		switch b := r.body.(type) {
		case payload:
			form, uerr := upload(name, b.data)
			return request{http.MethodPost, parent, form}, uerr == nil
		case MapEntry:
			return request{http.MethodPost, parent, MapEntry{Key: name, Value: b.Value}}, true
		}
		if bodyName(r.body) == name {
			return request{http.MethodPost, parent, r.body}, true
		}
	}
	return request{}, false
}

// bodyName is the name (or key) a JSON body gives its object.
func bodyName(body any) string {
	data, err := json.Marshal(body)
	var named struct{ Name, Key string }
	if err != nil || json.Unmarshal(data, &named) != nil {
		return ""
	}
	return cmp.Or(named.Name, named.Key)
}

// parentOf is the collection an item path is in.
func parentOf(item string) string {
	return item[:strings.LastIndex(item, "/")]
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
// fails the check, named, unless it is optional: it is then left out.
func (f *fleet) check(ctx context.Context) error {
	errs := make([]error, len(f.nodes))
	var wg sync.WaitGroup
	for i, n := range f.nodes {
		wg.Go(func() {
			err := n.Check(ctx)
			switch {
			case unreachable(err) && n.Optional:
				n.down.Store(true)
			case err != nil:
				errs[i] = n.error(err)
			}
		})
	}
	wg.Wait()
	return errors.Join(errs...)
}

// EachNode runs change once for each node of a fleet, in the order of its
// writes (canaries first, each probed, then the others in parallel), with
// every read and write of change going to that node alone; on a client of one
// server, once. It is for a change made of several writes, each computed from
// what the node holds, such as a userlist's users: each node gets what makes
// it hold the plan.
func EachNode(ctx context.Context, c *Client, change func(ctx context.Context) error) error {
	if c.fleet == nil || pinned(ctx) != nil {
		return change(ctx)
	}
	return c.fleet.each(ctx, func(ctx context.Context, _ *node) error { return change(ctx) })
}
