package dataplane

import (
	"cmp"
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"net/http"
	"net/url"
	"strings"
	"sync"
	"sync/atomic"
	"time"
)

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
	errs := make([]error, len(rest))
	var failed atomic.Bool
	var wg sync.WaitGroup
	slots := make(chan struct{}, limit)
	for i, n := range rest {
		slots <- struct{}{}
		if failed.Load() {
			break
		}
		wg.Go(func() {
			defer func() { <-slots }()
			if errs[i] = try(n); errs[i] != nil {
				failed.Store(true)
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
