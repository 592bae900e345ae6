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
// parallelism. A failure on a canary stops everything; a failure on another
// node stops the nodes not started yet. Optional nodes that cannot be reached
// are left out (and differ once they are back, until written).
func (f *fleet) each(ctx context.Context, change func(ctx context.Context, n *node) error) error {
	written := make([]bool, len(f.nodes))
	errs := make([]error, len(f.nodes))
	try := func(i int, n *node) error {
		if n.Optional && n.down.Load() {
			leaveOut(ctx, n)
			return nil
		}
		err := change(context.WithValue(ctx, pinnedKey{}, n), n)
		if IsUnreachable(err) && n.Optional && ctx.Err() == nil {
			leaveOut(ctx, n)
			return nil
		}
		if err == nil {
			written[i] = true
			noteWritten(ctx, n.Name)
			err = f.probeNode(ctx, n)
		}
		if err != nil {
			errs[i] = n.error(err)
		}
		return errs[i]
	}
	for i, n := range f.nodes[:f.canaries] {
		if try(i, n) != nil {
			return f.failure(written, errs)
		}
	}
	limit := f.parallelism
	if rest := len(f.nodes) - f.canaries; limit <= 0 || limit > rest {
		limit = rest
	}
	var failed atomic.Bool
	var wg sync.WaitGroup
	slots := make(chan struct{}, limit)
	for i := f.canaries; i < len(f.nodes); i++ {
		slots <- struct{}{}
		if failed.Load() {
			break
		}
		wg.Go(func() {
			defer func() { <-slots }()
			if try(i, f.nodes[i]) != nil {
				failed.Store(true)
			}
		})
	}
	wg.Wait()
	if failed.Load() {
		return f.failure(written, errs)
	}
	return nil
}

// failure is what each says when a change failed on some nodes.
func (f *fleet) failure(written []bool, errs []error) error {
	e := &NodesError{}
	for i, n := range f.nodes {
		switch {
		case errs[i] != nil:
			e.Failed = append(e.Failed, errs[i])
		case written[i]:
			e.Written = append(e.Written, n.Name)
		default:
			e.NotWritten = append(e.NotWritten, n.Name)
		}
	}
	return e
}

// NodesError is a change that failed on some nodes of a fleet, and what the
// others hold then. It unwraps to the failure only when one node failed, so
// that a caller that takes a 404 for "already gone" does not take one node's
// for every node's.
type NodesError struct {
	Failed     []error  // each naming its node
	Written    []string // the nodes that have the change
	NotWritten []string // the nodes not asked after the failure, or left out
}

func (e *NodesError) Error() string {
	msg := errors.Join(e.Failed...).Error()
	if len(e.Written) > 0 {
		msg += "\nThe change was made on " + strings.Join(e.Written, ", ") + "."
	}
	if len(e.NotWritten) > 0 {
		msg += "\nIt was not sent to " + strings.Join(e.NotWritten, ", ") + "."
	}
	return msg
}

func (e *NodesError) Unwrap() error {
	if len(e.Failed) == 1 {
		return e.Failed[0]
	}
	return nil
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
// dry-run, all at once. build runs for several nodes at once, so it must not
// change what it shares; only the canary's answer is decoded into out.
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
		err := n.write(ctx, opts, f.canaryOnly(n, out), recorded)
		return f.converge(n, last, err, func(r request) error {
			instead = r
			return n.write(ctx, opts, f.canaryOnly(n, out), recorded)
		})
	})
}

// canaryOnly is out for the first canary, nil for the other nodes, which
// write at once: an answer is decoded from the canary's.
func (f *fleet) canaryOnly(n *node, out any) any {
	if n == f.nodes[0] {
		return out
	}
	return nil
}

// storageWrite is write for the storage and runtime endpoints, which have no
// version.
func (f *fleet) storageWrite(ctx context.Context, method, path string, query url.Values, body, out any) ([]string, error) {
	if n := pinned(ctx); n != nil {
		return n.storageWrite(ctx, method, path, query, body, out) // one node's part of EachNode
	}
	var warnings []string
	err := f.each(ctx, func(ctx context.Context, n *node) error {
		w, err := n.storageWrite(ctx, method, path, query, body, f.canaryOnly(n, out))
		err = f.converge(n, request{method, path, body}, err, func(r request) error {
			w, err = n.storageWrite(ctx, r.method, r.path, query, r.body, f.canaryOnly(n, out))
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
		if instead, ok := r.instead(err); ok {
			if err2 := again(instead); err2 != nil {
				err = errors.Join(err, fmt.Errorf("then %s %s: %w", instead.method, instead.path, err2))
			} else {
				err = nil
			}
		}
	}
	if errors.Is(err, errGone) || r.method == http.MethodDelete && IsNotFound(err) {
		return nil
	}
	return err
}

// dryRun validates a change on every node that can dry-run it, at once.
func (f *fleet) dryRun(ctx context.Context, change func(ctx context.Context, n *node) error) error {
	errs := f.all(ctx, func(ctx context.Context, _ int, n *node) error {
		if n.down.Load() || !n.SupportsDryRun(ctx) {
			return nil
		}
		if err := change(ctx, n); err != nil && !(n.Optional && IsUnreachable(err)) {
			return n.error(err)
		}
		return nil
	})
	return errors.Join(errs...)
}

// request is one change as sent.
type request struct {
	method, path string
	body         any
}

// instead is the change that makes a node hold what r makes the canary hold,
// when r failed there with err because the node holds something else: the
// replace of an object a create found (409, it exists), or the create of an
// object a replace missed (404). The object is named by the body's name (or
// key, for a map entry) or the uploaded file's name.
func (r request) instead(err error) (request, bool) {
	path, query, _ := strings.Cut(r.path, "?")
	if query != "" {
		query = "?" + query // the parent (?resolver=), or full_section
	}
	var e *APIError
	if !errors.As(err, &e) {
		return request{}, false
	}
	switch {
	case e.Status == http.StatusConflict && strings.Contains(e.Message, "exists") && r.method == http.MethodPost:
		if p, ok := r.body.(payload); ok && p.file != "" {
			return request{http.MethodPut, path + "/" + url.PathEscape(p.file) + query, text(p.content)}, true
		}
		if name := bodyName(r.body); name != "" {
			return request{http.MethodPut, path + "/" + url.PathEscape(name) + query, r.body}, true
		}
	case e.Status == http.StatusNotFound && r.method == http.MethodPut:
		parent := parentOf(path)
		name, uerr := url.PathUnescape(path[len(parent)+1:])
		if uerr != nil {
			return request{}, false
		}
		switch b := r.body.(type) {
		case payload:
			form, uerr := upload(name, b.data)
			return request{http.MethodPost, parent + query, form}, uerr == nil
		case MapEntry:
			return request{http.MethodPost, parent + query, MapEntry{Key: name, Value: b.Value}}, true
		}
		if bodyName(r.body) == name {
			return request{http.MethodPost, parent + query, r.body}, true
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
// it hold the plan. node is the node's name.
func EachNode(ctx context.Context, c *Client, change func(ctx context.Context, node string) error) error {
	if n := pinned(ctx); n != nil {
		return change(ctx, n.Name)
	}
	if c.fleet == nil {
		return change(ctx, c.base.Host)
	}
	return c.fleet.each(ctx, func(ctx context.Context, n *node) error { return change(ctx, n.Name) })
}
