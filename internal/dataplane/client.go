package dataplane

import (
	"bytes"
	"context"
	"crypto/tls"
	"crypto/x509"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"math/rand/v2"
	"net"
	"net/http"
	"net/url"
	"slices"
	"strconv"
	"strings"
	"sync"
	"sync/atomic"
	"syscall"
	"time"
)

// ClientOptions configure a Client.
type ClientOptions struct {
	URL                   string // http(s)://host:port of the agent or dataplaneapi
	Username, Password    string
	CAPEM                 []byte // trusted CAs for HTTPS, in addition to the system's
	ClientCert, ClientKey []byte // PEM, for mutual TLS
	Insecure              bool   // skip server certificate verification
	Timeout               time.Duration
	// Attempts bounds the tries of a request that fails transiently (connection
	// refused while HAProxy reloads, 5xx, 429); 5 when zero.
	Attempts int
}

// Client speaks the Data Plane API v3, to our agent or to the official
// dataplaneapi. It is safe for concurrent use.
type Client struct {
	base     *url.URL
	user     string
	pass     string
	http     *http.Client
	attempts int
	backoff  time.Duration

	infoMu     sync.Mutex
	infoKnown  bool     // extensions holds the server's answer
	extensions []string // the server's /v3/info extensions

	// seen is the newest configuration version an answer outside a
	// transaction told (Configuration-Version).
	seen atomic.Int64

	fleet *fleet      // the nodes this client stands for; nil for one server
	down  atomic.Bool // an optional node of a fleet found unreachable
}

// NewClient checks the options and builds a client; it makes no request.
func NewClient(o ClientOptions) (*Client, error) {
	u, err := url.Parse(o.URL)
	if err != nil || (u.Scheme != "http" && u.Scheme != "https") || u.Host == "" {
		return nil, fmt.Errorf("url %q: want http(s)://host:port", o.URL)
	}
	u.Path = strings.TrimSuffix(strings.TrimSuffix(u.Path, "/"), "/v3")
	tlsConfig := &tls.Config{MinVersion: tls.VersionTLS12, InsecureSkipVerify: o.Insecure}
	if len(o.CAPEM) > 0 {
		pool, err := x509.SystemCertPool()
		if err != nil {
			pool = x509.NewCertPool()
		}
		if !pool.AppendCertsFromPEM(o.CAPEM) {
			return nil, errors.New("CA: no PEM certificate found")
		}
		tlsConfig.RootCAs = pool
	}
	if len(o.ClientCert) > 0 || len(o.ClientKey) > 0 {
		cert, err := tls.X509KeyPair(o.ClientCert, o.ClientKey)
		if err != nil {
			return nil, fmt.Errorf("client certificate: %w", err)
		}
		tlsConfig.Certificates = []tls.Certificate{cert}
	}
	if o.Timeout == 0 {
		o.Timeout = 60 * time.Second
	}
	if o.Attempts == 0 {
		o.Attempts = 5
	}
	transport := http.DefaultTransport.(*http.Transport).Clone()
	transport.TLSClientConfig = tlsConfig
	transport.MaxIdleConnsPerHost = 32
	return &Client{base: u, user: o.Username, pass: o.Password, attempts: o.Attempts, backoff: 100 * time.Millisecond,
		http: &http.Client{Transport: transport, Timeout: o.Timeout}}, nil
}

// APIError is an answer with a 4xx or 5xx status.
type APIError struct {
	Method  string
	Path    string // the URL path called, /v3 included
	Status  int
	Message string
}

func (e *APIError) Error() string {
	return fmt.Sprintf("%s %s: %d %s%s", e.Method, e.Path, e.Status, e.Message, whatToDo(e.Status))
}

// IsNotFound tells whether err is a 404.
func IsNotFound(err error) bool { return statusOf(err) == http.StatusNotFound }

// IsExists tells whether err is a 409 about an object that exists already.
func IsExists(err error) bool {
	var e *APIError
	return errors.As(err, &e) && e.Status == http.StatusConflict && strings.HasPrefix(e.Message, "object already exists")
}

// IsVersionMismatch tells whether err is a 409 about the version, not an existing object.
func IsVersionMismatch(err error) bool {
	var e *APIError
	return errors.As(err, &e) && e.Status == http.StatusConflict && strings.HasPrefix(e.Message, "version mismatch")
}

func statusOf(err error) int {
	var e *APIError
	if errors.As(err, &e) {
		return e.Status
	}
	return 0
}

// transient tells whether a failed attempt may succeed if made again: the
// connection was refused or cut (HAProxy reloading, the agent restarting), or the
// server answered 429 or 5xx. A 4xx other than 429 is final.
func transient(err error) bool {
	if s := statusOf(err); s != 0 {
		return s == http.StatusTooManyRequests || s >= 500
	}
	var netErr net.Error
	return errors.Is(err, syscall.ECONNREFUSED) || errors.Is(err, syscall.ECONNRESET) ||
		errors.Is(err, io.EOF) || errors.Is(err, io.ErrUnexpectedEOF) || errors.As(err, &netErr) && netErr.Timeout()
}

// answer is what the headers of an answer tell.
type answer struct {
	version  int64    // Configuration-Version; 0 when absent
	reloadID string   // Reload-ID: the change is live once that reload succeeds
	warnings []string // Warning: what the server took, but says is wrong (an expired certificate)
}

// do sends one request, trying again with bounded exponential backoff while it
// fails transiently. It sends body as JSON, or as it is when it is a payload,
// and decodes a JSON answer into out, or keeps it as it is when out is a
// *[]byte.
func (c *Client) do(ctx context.Context, method, path string, query url.Values, body, out any) (answer, error) {
	if c.fleet != nil {
		return c.fleet.do(ctx, method, path, query, body, out)
	}
	p, ok := body.(payload)
	if !ok && body != nil {
		data, err := json.Marshal(body)
		if err != nil {
			return answer{}, err
		}
		p = payload{contentType: "application/json", data: data}
	}
	delay := c.backoff
	for attempt := 1; ; attempt++ {
		ans, err := c.once(ctx, method, path, query, p, out)
		if err == nil || !transient(err) || attempt >= c.attempts {
			return ans, err
		}
		select {
		case <-ctx.Done():
			return answer{}, fmt.Errorf("%w (after %v)", ctx.Err(), err)
		case <-time.After(delay):
		}
		delay = min(2*delay, 2*time.Second)
	}
}

// payload is a request body that is not JSON: a file's content, or a form.
type payload struct {
	contentType string
	data        []byte
	// file and content are an upload's file name and content, from which a
	// node of a fleet that has the file already makes the replace (fleet).
	file    string
	content []byte
}

func (c *Client) once(ctx context.Context, method, path string, query url.Values, body payload, out any) (answer, error) {
	u := *c.base
	// A path may carry the query that names a parent (nameservers?resolver=dns).
	path, inPath, _ := strings.Cut(path, "?")
	// The endpoints escape the names in a path (url.PathEscape): it is the
	// URL's raw path, and Path its unescaped form, or a name with a quote or
	// a blank (a bind named by its address as spelled, "127.0.0.1:80") would
	// be escaped twice and name nothing.
	u.RawPath = c.fullPath(path)
	unescaped, err := url.PathUnescape(u.RawPath)
	if err != nil {
		return answer{}, err
	}
	u.Path = unescaped
	if inPath != "" {
		extra, err := url.ParseQuery(inPath)
		if err != nil {
			return answer{}, err
		}
		for k, v := range query {
			extra[k] = v
		}
		query = extra
	}
	u.RawQuery = query.Encode()
	var rd io.Reader
	if body.data != nil {
		rd = bytes.NewReader(body.data)
	}
	req, err := http.NewRequestWithContext(ctx, method, u.String(), rd)
	if err != nil {
		return answer{}, err
	}
	if body.data != nil {
		req.Header.Set("Content-Type", body.contentType)
	}
	if _, raw := out.(*[]byte); raw {
		req.Header.Set("Accept", "application/octet-stream, */*")
	} else {
		req.Header.Set("Accept", "application/json")
	}
	if c.user != "" || c.pass != "" {
		req.SetBasicAuth(c.user, c.pass)
	}
	resp, err := c.http.Do(req)
	if err != nil {
		return answer{}, err
	}
	defer resp.Body.Close()
	raw, err := io.ReadAll(resp.Body)
	if err != nil {
		return answer{}, err
	}
	var ans answer
	ans.version, _ = strconv.ParseInt(resp.Header.Get("Configuration-Version"), 10, 64)
	ans.reloadID = resp.Header.Get("Reload-ID")
	ans.warnings = resp.Header.Values("Warning")
	if !query.Has("transaction_id") {
		c.see(ans.version)
	}
	if resp.StatusCode >= 400 {
		var e struct{ Message string }
		if json.Unmarshal(raw, &e) != nil || e.Message == "" {
			e.Message = strings.TrimSpace(string(raw))
		}
		return ans, &APIError{Method: method, Path: u.Path, Status: resp.StatusCode, Message: e.Message}
	}
	if keep, ok := out.(*[]byte); ok {
		*keep = raw
		return ans, nil
	}
	if out != nil && len(raw) > 0 {
		if err := json.Unmarshal(raw, out); err != nil {
			return ans, fmt.Errorf("%s %s: decoding the answer: %w", method, u.Path, err)
		}
	}
	return ans, nil
}

// fullPath is the URL path of an API path, as errors name it.
func (c *Client) fullPath(path string) string { return c.base.Path + "/v3" + path }

// get reads a JSON resource.
func get[T any](ctx context.Context, c *Client, path string) (T, error) {
	var v T
	_, err := c.do(ctx, http.MethodGet, path, nil, nil, &v)
	return v, err
}

// see records a version an answer told, if it is the newest yet.
func (c *Client) see(version int64) {
	for {
		seen := c.seen.Load()
		if version <= seen || c.seen.CompareAndSwap(seen, version) {
			return
		}
	}
}

// Version is the configuration's current version.
func (c *Client) Version(ctx context.Context) (int64, error) {
	v, err := get[int64](ctx, c, "/services/haproxy/configuration/version")
	if err == nil {
		c.see(v)
	}
	return v, err
}

// Info is the server's /v3/info.
func (c *Client) Info(ctx context.Context) (Info, error) { return get[Info](ctx, c, "/info") }

// SupportsDryRun tells whether the server is one of our agents, which validate a
// write with dry_run=true without making it (and the user may write). The
// official API would ignore the parameter and make the write, so it is never
// sent without this.
func (c *Client) SupportsDryRun(ctx context.Context) bool {
	if c.fleet != nil {
		// A fleet dry-runs on the nodes that can (fleet.dryRun).
		return slices.ContainsFunc(c.fleet.nodes, func(n *node) bool { return n.SupportsDryRun(ctx) })
	}
	return c.supports(ctx, ExtensionDryRun)
}

// supports tells whether the server offers an extension to this user.
func (c *Client) supports(ctx context.Context, extension string) bool {
	extensions, err := c.askInfo(ctx)
	return err == nil && slices.Contains(extensions, extension)
}

// Check makes sure the server answers and takes the credentials, with the same
// one /v3/info request SupportsDryRun needs, so that a bad url or password
// fails before anything is planned.
func (c *Client) Check(ctx context.Context) error {
	if c.fleet != nil {
		return c.fleet.check(ctx)
	}
	_, err := c.askInfo(ctx)
	return err
}

// askInfo asks /v3/info once per client: a plan needs its answer for every ACL
// and rule list. A failed request is made again next time.
func (c *Client) askInfo(ctx context.Context) (extensions []string, err error) {
	c.infoMu.Lock()
	defer c.infoMu.Unlock()
	if !c.infoKnown {
		info, err := c.Info(ctx)
		if err != nil {
			return nil, err
		}
		c.extensions, c.infoKnown = info.API.Extensions, true
	}
	return c.extensions, nil
}

// WriteOptions tune one write.
type WriteOptions struct {
	DryRun bool // validate only; only for servers where SupportsDryRun
}

// maxConflicts bounds the tries of one write that keeps meeting concurrent
// writes. Writers to one object (the ACL list of a frontend, or the whole file
// under the official API's version) win one at a time, so at Terraform's
// parallelism of 10 the last of them may lose nine times before its turn.
const maxConflicts = 40

// write makes a change at the current version. The version is read just before;
// when the server answers that something the change addresses changed since
// (409 version mismatch: a concurrent write, or a whole-file version lock as in
// the official API), the request is built again from fresh state and retried
// after a short random pause, so that writers that collided spread out. build
// returns the method, path and body.
func (c *Client) write(ctx context.Context, opts WriteOptions, out any, build func(ctx context.Context) (method, path string, body any, err error)) error {
	if c.fleet != nil {
		return c.fleet.write(ctx, opts, out, build)
	}
	var err error
	var deadline time.Time // of the wait for missing references
	for attempt := 0; attempt < maxConflicts; attempt++ {
		if attempt > 0 {
			pause := rand.N(c.backoff / 10 << min(attempt, 6)) // up to 20ms, doubling to 640ms
			select {
			case <-ctx.Done():
				return fmt.Errorf("%w (after %v)", ctx.Err(), err)
			case <-time.After(pause):
			}
		}
		version := c.seen.Load()
		if attempt > 0 || version == 0 || !c.supports(ctx, ExtensionObjectVersions) {
			if version, err = c.Version(ctx); err != nil {
				return err
			}
		}
		method, path, body, berr := build(ctx)
		if berr != nil {
			return berr
		}
		q := url.Values{"version": {strconv.FormatInt(version, 10)}}
		if opts.DryRun {
			q.Set("dry_run", "true")
		}
		var ans answer
		ans, err = c.do(ctx, method, path, q, body, out)
		switch {
		case err == nil && ans.reloadID != "":
			return c.awaitReload(ctx, method, c.fullPath(path), ans.reloadID)
		case IsMissingReference(err) && !opts.DryRun:
			// Another write of the same apply may be about to create what this one
			// names (or remove what still names what this one deletes): try again
			// each time the configuration changes, until the client's timeout.
			if werr := c.awaitChange(ctx, version, &deadline); werr != nil {
				return err
			}
			attempt = 0
		case !IsVersionMismatch(err):
			return err
		}
	}
	return err
}

// IsMissingReference tells whether a write failed only because something it
// names is not there: its parent section, or an ACL or a backend a rule names
// (HAProxy's own words for those), or because something still names what it
// deletes.
func IsMissingReference(err error) bool {
	var e *APIError
	if !errors.As(err, &e) || e.Status != http.StatusBadRequest {
		return false
	}
	for _, words := range []string{"missing object", "no such ACL", "unable to find required"} {
		if strings.Contains(e.Message, words) {
			return true
		}
	}
	return false
}

// awaitChange waits until the configuration's version is past version, or the
// deadline passes (set to the client's timeout from now on the first call).
func (c *Client) awaitChange(ctx context.Context, version int64, deadline *time.Time) error {
	if deadline.IsZero() {
		*deadline = time.Now().Add(c.http.Timeout)
	}
	ctx, cancel := context.WithDeadline(ctx, *deadline)
	defer cancel()
	return poll(ctx, func() (bool, error) {
		v, err := c.Version(ctx)
		return v > version, err
	})
}

// awaitReload waits until the reload a write was given has run: the write is
// live only when HAProxy loaded it. A reload HAProxy refused fails the write with
// HAProxy's own words; the server then runs, and its file holds, what it ran
// before. The wait is bounded by ctx and by the client's timeout.
func (c *Client) awaitReload(ctx context.Context, method, path, id string) error {
	ctx, cancel := context.WithTimeout(ctx, c.http.Timeout)
	defer cancel()
	reload := "/services/haproxy/reloads/" + url.PathEscape(id)
	if c.supports(ctx, ExtensionReloadWait) {
		// Each request waits for the outcome; polling in between would find
		// it only at the next poll, up to half a second late.
		reload += "?wait=" + strconv.Itoa(int(min(c.http.Timeout/2, MaxReloadWait).Seconds()))
	}
	var rl Reload
	err := poll(ctx, func() (bool, error) {
		var err error
		rl, err = get[Reload](ctx, c, reload)
		return rl.Status == ReloadSucceeded || rl.Status == ReloadFailed, err
	})
	switch {
	case err != nil:
		return fmt.Errorf("%s %s: the change was written, but the outcome of reload %s is unknown: %w", method, path, id, err)
	case rl.Status == ReloadFailed:
		return &ReloadError{Method: method, Path: path, ID: id, Response: rl.Response}
	}
	return nil
}

// poll calls check until it is done or fails, or ctx ends, with pauses from
// 10ms doubling to half a second in between.
func poll(ctx context.Context, check func() (done bool, err error)) error {
	pause := 10 * time.Millisecond
	for {
		if done, err := check(); done || err != nil {
			return err
		}
		select {
		case <-ctx.Done():
			return ctx.Err()
		case <-time.After(pause):
		}
		pause = min(2*pause, 500*time.Millisecond)
	}
}

// ReloadError is a write whose reload HAProxy refused: the change is not live.
type ReloadError struct {
	Method, Path, ID string
	Response         string // HAProxy's alert lines, as the server reports them
}

func (e *ReloadError) Error() string {
	return fmt.Sprintf("%s %s: HAProxy refused to load the change (reload %s failed), so it is not live: %s", e.Method, e.Path, e.ID, e.Response)
}

// fixed is a build function for a request that does not depend on the state.
func fixed(method, path string, body any) func(context.Context) (string, string, any, error) {
	return func(context.Context) (string, string, any, error) { return method, path, body, nil }
}
