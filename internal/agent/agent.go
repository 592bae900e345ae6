// Package agent serves the HAProxy Data Plane API v3 over the engine: routing,
// authentication, status codes, reloads and the runtime API, and the OpenAPI
// document that describes all of it.
package agent

import (
	"crypto/rand"
	"encoding/hex"
	"fmt"
	"log/slog"
	"net/http"
	"net/url"
	"slices"
	"strings"
	"sync"
	"time"

	"github.com/tfhaproxy/terraform-provider-haproxy/internal/dataplane"
	"github.com/tfhaproxy/terraform-provider-haproxy/internal/engine"
	"github.com/tfhaproxy/terraform-provider-haproxy/internal/filedirs"
	"github.com/tfhaproxy/terraform-provider-haproxy/internal/haproxy"
	"github.com/tfhaproxy/terraform-provider-haproxy/internal/haproxycfg"
)

// Options configure an Agent.
type Options struct {
	Engine *engine.Engine
	// Master reaches the running HAProxy's master CLI, for reloads and the runtime API.
	Master *haproxy.Master
	// Users are who may call the API; nil lets everyone in, as an operator
	// (only with --insecure-no-auth).
	Users *Users
	// ForbidPrivileged refuses every write that adds, changes or removes a
	// privileged line (haproxycfg.PrivilegedDirectives), an admin's too; such
	// lines are then changed by hand only.
	ForbidPrivileged bool
	// ReloadDelay coalesces the reloads asked for within it into one; 1s when zero.
	ReloadDelay time.Duration
	// DrainTimeout bounds how long a deleted server's requests may take to finish; 30s when zero.
	DrainTimeout time.Duration
	// StateDir keeps the last configuration HAProxy accepted, restored when a reload fails.
	StateDir string
	// MaxBodyBytes caps request bodies; 8 MiB when zero.
	MaxBodyBytes int64
	// AuthFailures failed authentications from one client address within
	// AuthFailureWindow put it over the limit (429) until the window ends;
	// DefaultAuthFailures and DefaultAuthFailureWindow when zero.
	AuthFailures      int
	AuthFailureWindow time.Duration
	// Files are the directories values may name files in (crt, -f, map
	// converters, return file, ...); nil allows any file, for tests only.
	Files *filedirs.Dirs
	// SSLCertsDir is the certificate storage's directory (--ssl-certs-dir);
	// "ssl" beside the configuration when empty.
	SSLCertsDir string
	// MapsDir holds the map and ACL files of the storage and runtime map
	// endpoints (--maps-dir); the default directory beside the config when empty.
	MapsDir    string
	Version    string
	HAProxyBin string // for /info's HAProxy version; "haproxy" from PATH when empty
	Logger     *slog.Logger
}

// Agent is the Data Plane API's http.Handler.
type Agent struct {
	opts    Options
	engine  *engine.Engine
	runtime *haproxy.Runtime
	reloads *reloader
	routes  []*route
	// failures are the failed authentications per client address.
	failures *failures
	log      *slog.Logger

	versionOnce sync.Once
	versionText string
	specOnce    sync.Once
	spec        map[string]any
}

// allowFile says whether a value from the API may name a file; nil allows all.
func (a *Agent) allowFile() func(path string) error {
	if a.opts.Files == nil {
		return nil
	}
	return a.opts.Files.Allow
}

// New builds the agent's handler. Close stops its pending reloads.
func New(opts Options) *Agent {
	if opts.ReloadDelay == 0 {
		opts.ReloadDelay = time.Second
	}
	if opts.DrainTimeout == 0 {
		opts.DrainTimeout = 30 * time.Second
	}
	if opts.MaxBodyBytes == 0 {
		opts.MaxBodyBytes = 8 << 20
	}
	if opts.AuthFailures == 0 {
		opts.AuthFailures = DefaultAuthFailures
	}
	if opts.AuthFailureWindow == 0 {
		opts.AuthFailureWindow = DefaultAuthFailureWindow
	}
	if opts.Logger == nil {
		opts.Logger = slog.New(slog.DiscardHandler)
	}
	a := &Agent{opts: opts, engine: opts.Engine, log: opts.Logger, failures: newFailures(opts.AuthFailures, opts.AuthFailureWindow)}
	if opts.Master != nil {
		a.runtime = &haproxy.Runtime{Master: opts.Master}
	}
	a.reloads = newReloader(a)
	a.routes = a.buildRoutes()
	return a
}

// buildRoutes is the route table: every endpoint the agent serves.
func (a *Agent) buildRoutes() []*route {
	routes := slices.Concat(
		a.infoRoutes(),
		sectionRoutes("frontends", haproxycfg.Frontends, func(f *dataplane.Frontend) *string { return &f.Name }),
		sectionRoutes("backends", haproxycfg.Backends, func(b *dataplane.Backend) *string { return &b.Name }),
		globalRoutes(),
		childRoutes("backends", "servers", haproxycfg.Servers, func(s *dataplane.Server) *string { return &s.Name }, a.serverHook),
		childRoutes("frontends", "binds", haproxycfg.Binds, func(b *dataplane.Bind) *string { return &b.Name }, nil),
		childRoutes("backends", "server_templates", haproxycfg.ServerTemplates, func(t *dataplane.ServerTemplate) *string { return &t.Prefix }, nil),
		defaultsRoutes(),
		listenRoutes(),
		listRoutes("acls", haproxycfg.ACLs, aclNameFilter),
		listRoutes("http_request_rules", haproxycfg.HTTPRequestRules, nil),
		listRoutes("backend_switching_rules", haproxycfg.BackendSwitchingRules, nil),
		listRoutes(dataplane.ListHTTPChecks, haproxycfg.HTTPChecks, nil),
		listRoutes(dataplane.ListTCPChecks, haproxycfg.TCPChecks, nil),
		listRoutes(dataplane.ListServerSwitchingRules, haproxycfg.ServerSwitchingRules, nil),
		listRoutes(dataplane.ListStickRules, haproxycfg.StickRules, nil),
		listRoutes(dataplane.ListTCPRequestRules, haproxycfg.TCPRequestRules, nil),
		listRoutes(dataplane.ListTCPResponseRules, haproxycfg.TCPResponseRules, nil),
		listRoutes(dataplane.ListHTTPResponseRules, haproxycfg.HTTPResponseRules, nil),
		listRoutes(dataplane.ListHTTPAfterResponseRules, haproxycfg.HTTPAfterResponseRules, nil),
		listRoutes(dataplane.ListHTTPErrorRules, haproxycfg.HTTPErrorRules, nil),
		listRoutes(dataplane.ListLogTargets, haproxycfg.LogTargets, nil),
		listRoutes(dataplane.ListCaptures, haproxycfg.Captures, nil),
		listRoutes(dataplane.ListFilters, haproxycfg.Filters, nil),
		listRoutes(dataplane.ListQUICInitialRules, haproxycfg.QUICInitialRules, nil),
		listRoutes(dataplane.ListSSLFrontUses, haproxycfg.SSLFrontUses, nil),
		appendRoutes([]string{"frontends"}, dataplane.ListSSLFrontUses, haproxycfg.SSLFrontUses),
		listRoutes(dataplane.ListForceBeSwitches, haproxycfg.ForceBeSwitches, nil),
		appendRoutes([]string{"frontends"}, dataplane.ListForceBeSwitches, haproxycfg.ForceBeSwitches),
		otherSectionRoutes(),
		a.transactionRoutes(),
		a.rawRoutes(),
		a.reloadRoutes(),
		a.runtimeRoutes(),
		a.sslCertificateRoutes(),
		a.storageMapRoutes(),
		a.runtimeMapRoutes(),
	)
	return routes
}

// aclNameFilter keeps the ACLs named by ?acl_name=, when given.
func aclNameFilter(c *call, acls []dataplane.ACL) []dataplane.ACL {
	name := c.query("acl_name")
	if name == "" {
		return acls
	}
	return slices.DeleteFunc(acls, func(a dataplane.ACL) bool { return a.ACLName != name })
}

// Close waits for a scheduled reload to run, so that no committed change is left
// unapplied when the agent stops.
func (a *Agent) Close() { a.reloads.close() }

// ServeHTTP authenticates, routes and answers one request.
func (a *Agent) ServeHTTP(w http.ResponseWriter, r *http.Request) {
	start := time.Now()
	id := requestID()
	log := a.log.With("request_id", id)
	w.Header().Set("X-Request-Id", id)
	r.Body = http.MaxBytesReader(w, r.Body, a.opts.MaxBodyBytes)
	c := &call{a: a, w: w, r: r}
	status, body, err := a.dispatch(c)
	if err != nil {
		status = statusOf(r, err)
		body = errorBody{Code: status, Message: err.Error()}
	}
	a.respond(c, status, body)
	level := slog.LevelInfo
	if status >= 500 {
		level = slog.LevelError
	}
	log.Log(r.Context(), level, "request", "method", r.Method, "path", r.URL.Path, "status", status, "user", c.user, "role", c.role.String(),
		"duration_ms", milliseconds(time.Since(start)), "error", errText(err))
}

// milliseconds is how the agent's log records durations.
func milliseconds(d time.Duration) float64 { return float64(d.Microseconds()) / 1000 }

func errText(err error) string {
	if err == nil {
		return ""
	}
	return err.Error()
}

func (a *Agent) dispatch(c *call) (int, any, error) {
	if a.opts.Users == nil {
		// Without authentication, nobody can be told apart: everyone is an
		// operator, and nobody may run code through the agent.
		c.role = RoleOperator
	} else {
		name, err := a.authenticate(c)
		if err != nil {
			return 0, nil, err
		}
		c.user, c.role = name, a.opts.Users.Role(name)
	}
	rt, params, err := a.match(c.r.Method, c.r.URL.EscapedPath())
	if err != nil {
		return 0, nil, err
	}
	c.params = params
	switch need := needs(rt, c); {
	case c.role >= need:
	case need == RoleAdmin:
		return 0, nil, fmt.Errorf("%w: %s; the raw configuration needs the %s role", errForbidden, c.who(), need)
	case readsPasswords(rt, c):
		return 0, nil, fmt.Errorf("%w: %s; users' passwords are read with the %s role", errForbidden, c.who(), need)
	default:
		return 0, nil, fmt.Errorf("%w %s may only read, outside transactions", errReadOnly, c.user)
	}
	return rt.handle(c)
}

// authenticate checks the request's credentials and returns the user's name. A
// client address over the failure limit is answered 429 without bcrypt running
// for it; only credentials bcrypt already accepted pass there (see failures).
func (a *Agent) authenticate(c *call) (string, error) {
	name, pass, ok := c.r.BasicAuth()
	if !ok {
		c.w.Header().Set("WWW-Authenticate", `Basic realm="haproxy-dataplaneapi"`)
		return "", errUnauthorized
	}
	users, addr := a.opts.Users, c.r.RemoteAddr
	if over, nameFailed, retry := a.failures.begin(addr, name); over {
		if !nameFailed && users.Verified(name, pass) {
			return name, nil
		}
		a.failures.add(addr, name)
		c.w.Header().Set("Retry-After", itoa(int64(max(1, (retry+time.Second-1)/time.Second))))
		return "", fmt.Errorf("%w: %d within %s from this address; retry in %s",
			errTooManyFailures, a.opts.AuthFailures, a.opts.AuthFailureWindow, retry.Round(time.Second))
	}
	ok = users.Check(name, pass)
	a.failures.end(addr, name, ok)
	if !ok {
		c.w.Header().Set("WWW-Authenticate", `Basic realm="haproxy-dataplaneapi"`)
		return "", errUnauthorized
	}
	return name, nil
}

// needs is the role a call needs. The raw file is the admin's: it replaces the
// whole file, privileged lines included, and reading it shows what no object
// does (the global section, the agent's own command line). Reads of users'
// passwords are for operators (readsPasswords). Other reads of what runs and is written are for everyone; what
// writes, validates (dry_run makes HAProxy read files the request names) or
// touches a transaction is for operators. What a write may change is the
// guard's to check (call.guard).
func needs(rt *route, c *call) Role {
	switch {
	case rt.path == rawPath:
		return RoleAdmin
	case readsPasswords(rt, c):
		return RoleOperator
	case rt.method == http.MethodGet && !strings.HasPrefix(rt.path, transactionsBase) && !c.r.URL.Query().Has("transaction_id"):
		return RoleReadOnly
	}
	return RoleOperator
}

// respond writes the status, the version headers and the body.
func (a *Agent) respond(c *call, status int, body any) {
	h := c.w.Header()
	version := c.version
	if version == 0 {
		if tx := c.query("transaction_id"); tx != "" {
			if t, err := a.engine.Transaction(tx); err == nil {
				version = t.Version
			}
		}
	}
	if version == 0 {
		version, _ = a.engine.Version()
	}
	h.Set("Configuration-Version", itoa(version))
	if c.reloadID != "" {
		h.Set("Reload-ID", c.reloadID)
	}
	switch b := body.(type) {
	case nil:
		c.w.WriteHeader(status)
	case text:
		h.Set("Content-Type", "text/plain; charset=utf-8")
		c.w.WriteHeader(status)
		_, _ = c.w.Write([]byte(b))
	case octets:
		h.Set("Content-Type", "application/octet-stream")
		c.w.WriteHeader(status)
		_, _ = c.w.Write(b)
	default:
		data, err := sortedJSON(b)
		if err != nil {
			status, data = http.StatusInternalServerError, []byte(`{"code":500,"message":"the answer could not be encoded"}`+"\n")
		}
		h.Set("Content-Type", "application/json")
		c.w.WriteHeader(status)
		_, _ = c.w.Write(data)
	}
}

func requestID() string {
	b := make([]byte, 8)
	_, _ = rand.Read(b)
	return hex.EncodeToString(b)
}

// match finds the route for a method and an escaped path: /v3 prefix,
// trailing slashes ignored.
func (a *Agent) match(method, path string) (*route, map[string]string, error) {
	rest, ok := strings.CutPrefix(path, "/v3")
	if !ok {
		return nil, nil, errRouteNotFound
	}
	// Segments are split before they are unescaped: a name may hold a '/'
	// (%2F), as a bind named by its socket's path does.
	segs := strings.Split(strings.Trim(rest, "/"), "/")
	for i, seg := range segs {
		var err error
		if segs[i], err = url.PathUnescape(seg); err != nil {
			return nil, nil, errRouteNotFound
		}
	}
	methodMismatch := false
	for _, rt := range a.routes {
		params, ok := rt.matches(segs)
		if !ok {
			continue
		}
		if rt.method == method {
			return rt, params, nil
		}
		methodMismatch = true
	}
	if methodMismatch {
		return nil, nil, errMethod
	}
	return nil, nil, errRouteNotFound
}
