package dataplane

import (
	"bytes"
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"net/http"
	"net/url"
	"reflect"
)

// do reads from every node at once and answers the first canary's answer; a
// node that answers otherwise (another status, or another document) is
// recorded as differing. A request pinned to a node is that node's alone.
func (f *fleet) do(ctx context.Context, method, path string, query url.Values, body, out any) (answer, error) {
	if n := pinned(ctx); n != nil {
		return n.do(ctx, method, path, query, body, out)
	}
	if method != http.MethodGet {
		// Every change goes through write or storageWrite, which give it its
		// order over the nodes.
		return answer{}, fmt.Errorf("%s %s: a change to a fleet must go through write; this is a bug in the provider", method, path)
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
	errs := f.all(ctx, func(ctx context.Context, i int, n *node) error {
		if n.Optional && n.down.Load() {
			return errNodeDown
		}
		return ask(ctx, i, n)
	})
	for i, n := range f.nodes {
		switch err := errs[i]; {
		case IsUnreachable(err) && n.Optional && i > 0:
			leaveOut(ctx, n)
		case IsUnreachable(err):
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
