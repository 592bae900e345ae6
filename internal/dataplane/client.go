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
	"net"
	"net/http"
	"net/url"
	"slices"
	"strconv"
	"strings"
	"sync"
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

	dryRunMu    sync.Mutex
	dryRunKnown bool // dryRun holds the server's answer
	dryRun      bool
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

// do sends one request, trying again with bounded exponential backoff while it
// fails transiently. It decodes a JSON answer into out, and returns the answer's
// Configuration-Version (0 when absent).
func (c *Client) do(ctx context.Context, method, path string, query url.Values, body, out any) (int64, error) {
	var payload []byte
	if body != nil {
		var err error
		if payload, err = json.Marshal(body); err != nil {
			return 0, err
		}
	}
	delay := c.backoff
	for attempt := 1; ; attempt++ {
		version, err := c.once(ctx, method, path, query, payload, out)
		if err == nil || !transient(err) || attempt >= c.attempts {
			return version, err
		}
		select {
		case <-ctx.Done():
			return 0, fmt.Errorf("%w (after %v)", ctx.Err(), err)
		case <-time.After(delay):
		}
		delay = min(2*delay, 2*time.Second)
	}
}

func (c *Client) once(ctx context.Context, method, path string, query url.Values, payload []byte, out any) (int64, error) {
	u := *c.base
	u.Path += "/v3" + path
	u.RawQuery = query.Encode()
	var rd io.Reader
	if payload != nil {
		rd = bytes.NewReader(payload)
	}
	req, err := http.NewRequestWithContext(ctx, method, u.String(), rd)
	if err != nil {
		return 0, err
	}
	if payload != nil {
		req.Header.Set("Content-Type", "application/json")
	}
	req.Header.Set("Accept", "application/json")
	if c.user != "" || c.pass != "" {
		req.SetBasicAuth(c.user, c.pass)
	}
	resp, err := c.http.Do(req)
	if err != nil {
		return 0, err
	}
	defer resp.Body.Close()
	raw, err := io.ReadAll(resp.Body)
	if err != nil {
		return 0, err
	}
	version, _ := strconv.ParseInt(resp.Header.Get("Configuration-Version"), 10, 64)
	if resp.StatusCode >= 400 {
		var e struct{ Message string }
		if json.Unmarshal(raw, &e) != nil || e.Message == "" {
			e.Message = strings.TrimSpace(string(raw))
		}
		return version, &APIError{Method: method, Path: u.Path, Status: resp.StatusCode, Message: e.Message}
	}
	if out != nil && len(raw) > 0 {
		if err := json.Unmarshal(raw, out); err != nil {
			return version, fmt.Errorf("%s %s: decoding the answer: %w", method, u.Path, err)
		}
	}
	return version, nil
}

// get reads a JSON resource.
func get[T any](ctx context.Context, c *Client, path string) (T, error) {
	var v T
	_, err := c.do(ctx, http.MethodGet, path, nil, nil, &v)
	return v, err
}

// Version is the configuration's current version.
func (c *Client) Version(ctx context.Context) (int64, error) {
	return get[int64](ctx, c, "/services/haproxy/configuration/version")
}

// Info is the server's /v3/info.
func (c *Client) Info(ctx context.Context) (Info, error) { return get[Info](ctx, c, "/info") }

// SupportsDryRun tells whether the server is one of our agents, which validate a
// write with dry_run=true without making it (and the user may write). The
// official API would ignore the parameter and make the write, so it is never
// sent without this.
func (c *Client) SupportsDryRun(ctx context.Context) bool {
	dryRun, err := c.askInfo(ctx)
	return err == nil && dryRun
}

// Check makes sure the server answers and takes the credentials, with the same
// one /v3/info request SupportsDryRun needs, so that a bad url or password
// fails before anything is planned.
func (c *Client) Check(ctx context.Context) error {
	_, err := c.askInfo(ctx)
	return err
}

// askInfo asks /v3/info once per client: a plan needs its answer for every ACL
// and rule list. A failed request is made again next time.
func (c *Client) askInfo(ctx context.Context) (dryRun bool, err error) {
	c.dryRunMu.Lock()
	defer c.dryRunMu.Unlock()
	if !c.dryRunKnown {
		info, err := c.Info(ctx)
		if err != nil {
			return false, err
		}
		c.dryRun, c.dryRunKnown = slices.Contains(info.API.Extensions, ExtensionDryRun), true
	}
	return c.dryRun, nil
}

// WriteOptions tune one write.
type WriteOptions struct {
	DryRun bool // validate only; only for servers where SupportsDryRun
}

// write makes a change at the current version. The version is read just before;
// when the server answers that something the change addresses changed since
// (409 version mismatch: a concurrent write, or a whole-file version lock as in
// the official API), the request is built again from fresh state and retried, a
// bounded number of times. build returns the method, path and body.
func (c *Client) write(ctx context.Context, opts WriteOptions, out any, build func(ctx context.Context) (method, path string, body any, err error)) error {
	var err error
	for range 8 {
		var version int64
		if version, err = c.Version(ctx); err != nil {
			return err
		}
		method, path, body, berr := build(ctx)
		if berr != nil {
			return berr
		}
		q := url.Values{"version": {strconv.FormatInt(version, 10)}}
		if opts.DryRun {
			q.Set("dry_run", "true")
		}
		if _, err = c.do(ctx, method, path, q, body, out); !IsVersionMismatch(err) {
			return err
		}
	}
	return err
}

// fixed is a build function for a request that does not depend on the state.
func fixed(method, path string, body any) func(context.Context) (string, string, any, error) {
	return func(context.Context) (string, string, any, error) { return method, path, body, nil }
}
