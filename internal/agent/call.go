package agent

import (
	"errors"
	"fmt"
	"io"
	"mime"
	"net/http"
	"strconv"

	"github.com/tfhaproxy/terraform-provider-haproxy/internal/engine"
	"github.com/tfhaproxy/terraform-provider-haproxy/internal/haproxycfg"
)

// call is one request being answered: its route's path parameters, and what the
// answer's headers will say.
type call struct {
	a        *Agent
	w        http.ResponseWriter
	r        *http.Request
	params   map[string]string
	version  int64  // Configuration-Version; 0 means the engine's current one
	reloadID string // Reload-ID, when the request scheduled a reload
	user     string // who sent it; "" without authentication
	role     Role
}

// who says who sent the call, and as what, for a 403's message.
func (c *call) who() string {
	if c.user == "" {
		return fmt.Sprintf("the agent runs without authentication (--insecure-no-auth), where every caller has the %s role", c.role)
	}
	return fmt.Sprintf("user %s has the %s role", c.user, c.role)
}

// guard is what the call's writes may change: with --forbid-privileged-directives,
// no privileged line, whoever sends it; without it, no privileged line unless
// the user is an admin. It runs before HAProxy validates anything, since `haproxy
// -c` runs Lua code.
func (c *call) guard() engine.Guard {
	forbid := c.a.opts.ForbidPrivileged
	if !forbid && c.role >= RoleAdmin {
		return nil
	}
	return func(before, after *haproxycfg.Config) error {
		err := haproxycfg.PrivilegedEdit(before, after)
		switch {
		case err == nil:
			return nil
		case forbid:
			return fmt.Errorf("%w: %v; this agent forbids that to every user (--forbid-privileged-directives): such lines are changed by hand in haproxy.cfg", errForbidden, err)
		}
		return fmt.Errorf("%w: %v; that needs the %s role, and %s", errForbidden, err, RoleAdmin, c.who())
	}
}

// text is a plain-text response body.
type text string

func (c *call) path(name string) string { return c.params[name] }

func (c *call) query(name string) string { return c.r.URL.Query().Get(name) }

// boolQuery reads an optional boolean query parameter.
func (c *call) boolQuery(name string) (bool, error) {
	v := c.query(name)
	if v == "" {
		return false, nil
	}
	b, err := strconv.ParseBool(v)
	if err != nil {
		return false, fmt.Errorf("%w: %s=%q is not a boolean", errBadParameter, name, v)
	}
	return b, nil
}

// intQuery reads an optional integer query parameter (0 when absent).
func (c *call) intQuery(name string) (int64, error) {
	v := c.query(name)
	if v == "" {
		return 0, nil
	}
	n, err := strconv.ParseInt(v, 10, 64)
	if err != nil || n < 0 {
		return 0, fmt.Errorf("%w: %s=%q is not a non-negative integer", errBadParameter, name, v)
	}
	return n, nil
}

// index reads the {index} path parameter.
func (c *call) index() (int, error) {
	v := c.path("index")
	n, err := strconv.Atoi(v)
	if err != nil || n < 0 {
		return 0, fmt.Errorf("%w: index %q is not a non-negative integer", errBadParameter, v)
	}
	return n, nil
}

// writeParams are the parameters every configuration write takes.
type writeParams struct {
	version       int64
	transactionID string
	forceReload   bool
	dryRun        bool // our extension: validate with haproxy -c, write nothing
}

func (c *call) writeParams() (writeParams, error) {
	var p writeParams
	var err error
	if p.version, err = c.intQuery("version"); err != nil {
		return p, err
	}
	if p.forceReload, err = c.boolQuery("force_reload"); err != nil {
		return p, err
	}
	if p.dryRun, err = c.boolQuery("dry_run"); err != nil {
		return p, err
	}
	p.transactionID = c.query("transaction_id")
	switch {
	case p.version == 0 && p.transactionID == "":
		// The official wording, which clients match on to retry.
		return p, fmt.Errorf("%w: version or transaction not specified: give exactly one of version and transaction_id", errBadParameter)
	case p.version != 0 && p.transactionID != "":
		return p, fmt.Errorf("%w: give exactly one of version and transaction_id", errBadParameter)
	case p.transactionID != "" && p.forceReload:
		return p, fmt.Errorf("%w: force_reload cannot be used with transaction_id", errBadParameter)
	}
	return p, nil
}

func (c *call) requireContentType(want string) error {
	ct := c.r.Header.Get("Content-Type")
	if ct == "" {
		return nil // curl -d sends none by default; the body decides
	}
	mt, _, err := mime.ParseMediaType(ct)
	if err != nil || mt != want {
		return fmt.Errorf("%w: %q, want %s", errContentType, ct, want)
	}
	return nil
}

// readBody reads a raw request body within the size limit.
func (c *call) readBody() ([]byte, error) {
	b, err := io.ReadAll(c.r.Body)
	var tooLarge *http.MaxBytesError
	if errors.As(err, &tooLarge) {
		return nil, fmt.Errorf("%w: the limit is %d bytes", errBodyTooLarge, tooLarge.Limit)
	}
	return b, err
}

// runtimeApply applies a committed change to the running HAProxy without a reload,
// and reports whether it could.
type runtimeApply func() bool

// write commits a configuration change with the request's parameters and answers
// as the contract says: 202 inside a transaction; our dry run answers like the
// direct case without creating anything; applied through the runtime API or
// after a forced reload, the direct status (201/200/204); otherwise 202 with a
// Reload-ID for the reload it scheduled. body is the answer's body (nil for 204).
func (c *call) write(change engine.Change, direct int, body any, runtime runtimeApply) (int, any, error) {
	p, err := c.writeParams()
	if err != nil {
		return 0, nil, err
	}
	allow := c.a.allowFile()
	checked := func(cfg *haproxycfg.Config) error { // values from a request name only allowed files
		cfg.AllowFiles(allow)
		return change(cfg)
	}
	v, err := c.a.engine.Write(c.r.Context(), engine.Write{Version: p.version, TransactionID: p.transactionID, DryRun: p.dryRun, Change: checked, Guard: c.guard()})
	c.version = v
	if err != nil {
		return 0, nil, err
	}
	if direct == http.StatusNoContent {
		body = nil
	}
	switch {
	case p.transactionID != "":
		return http.StatusAccepted, body, nil
	case p.dryRun:
		if direct == http.StatusCreated {
			direct = http.StatusOK
		}
		return direct, body, nil
	case p.forceReload:
		if err := c.a.reloads.now(c.r.Context(), v); err != nil {
			return 0, nil, err
		}
		return direct, body, nil
	case runtime != nil && runtime():
		return direct, body, nil
	}
	c.reloadID = c.a.reloads.schedule(v)
	return http.StatusAccepted, body, nil
}
