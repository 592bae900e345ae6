package haproxy

import (
	"context"
	"errors"
	"fmt"
	"net"
	"regexp"
	"slices"
	"strings"
	"time"
)

// Runtime is the runtime API of the current worker, reached through the master
// CLI. Changes made here live in the running worker only: they are lost on the
// next reload unless haproxy.cfg says the same.
type Runtime struct{ Master *Master }

// HAProxy's own rule for proxy and server names. Checking it also keeps a name
// from smuggling a second command into the CLI line.
var validName = regexp.MustCompile(`^[A-Za-z0-9_.:-]+$`)

func checkNames(backend, name string) error {
	for _, n := range []string{backend, name} {
		if !validName.MatchString(n) {
			return fmt.Errorf("%w: %q: use letters, digits and - _ . : only", ErrInvalidName, n)
		}
	}
	return nil
}

// worker runs cmd on the current worker; ok says whether the answer is a success.
// Any other answer is a *CommandError.
func (r *Runtime) worker(ctx context.Context, cmd string, ok func(answer string) bool) (string, error) {
	ans, err := r.Master.Worker(ctx, cmd)
	return checkAnswer(cmd, ok, ans, err)
}

// question is worker for a command that changes nothing (a `show`), which is
// asked again when a reload cuts it off: a read is no failure of a write.
func (r *Runtime) question(ctx context.Context, cmd string, ok func(answer string) bool) (string, error) {
	ans, err := r.Master.AskWorker(ctx, cmd)
	return checkAnswer(cmd, ok, ans, err)
}

// checkAnswer makes an answer to cmd that ok does not take a *CommandError.
func checkAnswer(cmd string, ok func(answer string) bool, ans string, err error) (string, error) {
	if err != nil {
		return "", err
	}
	if !ok(ans) {
		return ans, commandError(cmd, ans)
	}
	return ans, nil
}

// empty is the success answer of most `set` commands.
func empty(ans string) bool { return strings.TrimSpace(ans) == "" }

// Servers returns the servers of backend; a missing backend is ErrNotFound.
func (r *Runtime) Servers(ctx context.Context, backend string) ([]ServerState, error) {
	if err := checkNames(backend, "x"); err != nil {
		return nil, err
	}
	rows, err := r.state(ctx, backend)
	if err != nil {
		return nil, err
	}
	if len(rows) == 0 {
		return []ServerState{}, nil
	}
	stats, err := r.stats(ctx, backend, rows[0].BackendID, -1)
	if err != nil {
		return nil, err
	}
	servers := make([]ServerState, len(rows))
	for i, row := range rows {
		servers[i] = row
		servers[i].CurrentSessions = stats[row.Name].sessions
	}
	return servers, nil
}

// Server returns one server; a missing backend or server is ErrNotFound.
func (r *Runtime) Server(ctx context.Context, backend, name string) (ServerState, error) {
	s, _, err := r.server(ctx, backend, name)
	return s, err
}

// server is Server plus the requests queued for the server.
func (r *Runtime) server(ctx context.Context, backend, name string) (ServerState, serverStat, error) {
	if err := checkNames(backend, name); err != nil {
		return ServerState{}, serverStat{}, err
	}
	rows, err := r.state(ctx, backend)
	if err != nil {
		return ServerState{}, serverStat{}, err
	}
	i := slices.IndexFunc(rows, func(row ServerState) bool { return row.Name == name })
	if i < 0 {
		return ServerState{}, serverStat{}, fmt.Errorf("haproxy runtime API: server %s/%s: %w", backend, name, ErrNotFound)
	}
	stats, err := r.stats(ctx, backend, rows[i].BackendID, rows[i].ID)
	if err != nil {
		return ServerState{}, serverStat{}, err
	}
	s := rows[i]
	s.CurrentSessions = stats[name].sessions
	return s, stats[name], nil
}

func (r *Runtime) state(ctx context.Context, backend string) ([]ServerState, error) {
	cmd := "show servers state " + backend
	ans, err := r.question(ctx, cmd, func(ans string) bool { return strings.HasPrefix(ans, "1\n") })
	if err != nil {
		return nil, err
	}
	rows, err := parseServersState(ans)
	if err != nil {
		return nil, fmt.Errorf("haproxy runtime API: %w", err)
	}
	return rows, nil
}

// stats reads `show stat` for the servers of one backend (sid -1: all). It
// names the backend by id: `show stat` would read an all-digit name as an id.
func (r *Runtime) stats(ctx context.Context, backend string, backendID, sid int64) (map[string]serverStat, error) {
	cmd := fmt.Sprintf("show stat %d 4 %d", backendID, sid)
	ans, err := r.question(ctx, cmd, func(ans string) bool { return strings.HasPrefix(ans, "# ") })
	if err != nil {
		return nil, err
	}
	stats, err := parseStat(ans, backend)
	if err != nil {
		return nil, fmt.Errorf("haproxy runtime API: %w", err)
	}
	return stats, nil
}

// AddServer adds a server to the running worker (`add server <be>/<name>
// <keywords...>`, keywords[0] being the address[:port]) and makes it take
// traffic: health and agent checks enabled if it has `check` / `agent-check`,
// then state ready, unless it has `disabled`.
//
// HAProxy 2.6 does not apply the backend's default-server to servers added this
// way, so keywords must be complete. It refuses some keywords (cookie,
// resolvers, init-addr, ...) and backends whose balance algorithm is static
// (static-rr, and the map-based hashes: uri, source, hdr... without
// `hash-type consistent`): that is ErrUnsupported, as is an address that is a
// host name (2.6 does not resolve the names of dynamic servers) or a keyword
// with quotes or variables (the CLI does not expand them). A name already
// present is ErrExists, a missing backend ErrNotFound.
func (r *Runtime) AddServer(ctx context.Context, backend, name string, keywords []string) error {
	if err := checkNames(backend, name); err != nil {
		return err
	}
	if err := checkKeywords(keywords); err != nil {
		return err
	}
	id := backend + "/" + name
	cmd := "add server " + id + " " + strings.Join(keywords, " ")
	if _, err := r.worker(ctx, cmd, func(ans string) bool { return strings.Contains(ans, "New server registered") }); err != nil {
		return err
	}
	// A server added at runtime starts in maintenance, checks off.
	var enable []string
	if flag(keywords, "check", "no-check") {
		enable = append(enable, "enable health "+id)
	}
	if flag(keywords, "agent-check", "no-agent-check") {
		enable = append(enable, "enable agent "+id)
	}
	if !flag(keywords, "disabled", "enabled") {
		enable = append(enable, "set server "+id+" state ready")
	}
	for _, cmd := range enable {
		if _, err := r.worker(ctx, cmd, empty); err != nil {
			// Do not leave a half-made server behind; it is still in maintenance.
			if _, derr := r.worker(ctx, "del server "+id, deleted); derr != nil {
				return fmt.Errorf("%w (and removing it again failed: %v)", err, derr)
			}
			return err
		}
	}
	return nil
}

// flag tells whether a server's keywords leave flag on: the last of flag and
// its negation wins, as when default-server keywords come before the server's.
func flag(keywords []string, on, off string) bool {
	for i := len(keywords) - 1; i > 0; i-- {
		switch keywords[i] {
		case on:
			return true
		case off:
			return false
		}
	}
	return false
}

// checkKeywords refuses what the CLI would read differently from haproxy.cfg.
func checkKeywords(keywords []string) error {
	if len(keywords) == 0 {
		return errors.New("haproxy runtime API: add server: no address")
	}
	for _, k := range keywords {
		if k == "" || strings.ContainsFunc(k, func(c rune) bool { return c <= ' ' || c == 0x7f || c == ';' }) {
			return fmt.Errorf("haproxy runtime API: add server: invalid keyword %q", k)
		}
		if strings.ContainsAny(k, `"'\$#`) {
			return fmt.Errorf("haproxy runtime API: add server: keyword %q has quotes, escapes, variables or a comment, which the CLI does not read as haproxy.cfg does: %w", k, ErrUnsupported)
		}
	}
	if host, ok := addressHost(keywords[0]); ok && net.ParseIP(host) == nil {
		return fmt.Errorf("haproxy runtime API: add server: address %q is a host name, which HAProxy 2.6 does not resolve for servers added at runtime: %w", keywords[0], ErrUnsupported)
	}
	return nil
}

// addressHost returns the host part of a server address, and false for the
// addresses that have none to resolve (unix sockets, abns@, sockpair@...).
func addressHost(addr string) (string, bool) {
	if family, rest, ok := strings.Cut(addr, "@"); ok {
		switch family {
		case "ipv4", "ipv6", "tcp", "tcp4", "tcp6":
			addr = rest
		default:
			return "", false
		}
	}
	if strings.HasPrefix(addr, "/") {
		return "", false
	}
	if strings.HasPrefix(addr, "[") {
		if i := strings.IndexByte(addr, ']'); i > 0 {
			return addr[1:i], true
		}
		return addr, true
	}
	if strings.Count(addr, ":") > 1 && net.ParseIP(addr) != nil { // a bare IPv6 address
		return addr, true
	}
	if i := strings.LastIndexByte(addr, ':'); i >= 0 {
		return addr[:i], true
	}
	return addr, true
}

// SetWeight sets a server's weight (0-256).
func (r *Runtime) SetWeight(ctx context.Context, backend, name string, weight int64) error {
	if err := checkNames(backend, name); err != nil {
		return err
	}
	_, err := r.worker(ctx, fmt.Sprintf("set server %s/%s weight %d", backend, name, weight), empty)
	return err
}

// SetAddress sets a server's IP address, and its port unless port is nil. HAProxy
// 2.6 takes an IP address only, not a name; anything else, or a port out of
// range (which HAProxy would silently wrap), is ErrInvalidValue.
func (r *Runtime) SetAddress(ctx context.Context, backend, name, address string, port *int64) error {
	if err := checkNames(backend, name); err != nil {
		return err
	}
	if net.ParseIP(address) == nil {
		return fmt.Errorf("haproxy runtime API: address %q: %w: want an IPv4 or IPv6 address", address, ErrInvalidValue)
	}
	if port != nil && (*port < 1 || *port > 65535) {
		return fmt.Errorf("haproxy runtime API: port %d: %w: want 1-65535", *port, ErrInvalidValue)
	}
	cmd := fmt.Sprintf("set server %s/%s addr %s", backend, name, address)
	if port != nil {
		cmd += fmt.Sprintf(" port %d", *port)
	}
	// "IP changed from ..., port changed from ...", or "no need to change the addr".
	_, err := r.worker(ctx, cmd, func(ans string) bool {
		return strings.Contains(ans, "changed from") || strings.Contains(ans, "no need to change")
	})
	return err
}

// SetAdminState puts a server in state ready, drain (no new traffic from load
// balancing, current sessions go on) or maint (no traffic).
func (r *Runtime) SetAdminState(ctx context.Context, backend, name, state string) error {
	if err := checkNames(backend, name); err != nil {
		return err
	}
	switch state {
	case "ready", "drain", "maint":
	default:
		return fmt.Errorf("haproxy runtime API: admin state %q: want ready, drain or maint", state)
	}
	_, err := r.worker(ctx, fmt.Sprintf("set server %s/%s state %s", backend, name, state), empty)
	return err
}

func deleted(ans string) bool { return strings.Contains(ans, "Server deleted") }

// DeleteServer removes a server from the running worker without losing a request:
// it drains the server (no new requests), waits until its sessions and queue are
// empty or drainTimeout has passed, puts it in maintenance, closes the sessions
// left if the timeout passed, then deletes it.
//
// HAProxy 2.6 deletes only a server in maintenance with no session, queued
// request or idle connection; the last can linger after a request that ended in
// maintenance, and cycling the server through drain back to maintenance purges
// them. A server that other config elements point to (use-server, ...) cannot
// be deleted at runtime: ErrUnsupported, the server being left in maintenance for
// the reload that removes it. If ctx ends first, the server is left in drain or
// maintenance.
//
// Drain stops load balancing to the server, not persistence: requests that a
// cookie or a stick table sends to it still reach it until maintenance.
func (r *Runtime) DeleteServer(ctx context.Context, backend, name string, drainTimeout time.Duration) error {
	s, _, err := r.server(ctx, backend, name)
	if err != nil {
		return err
	}
	id := backend + "/" + name
	if s.AdminState != "maint" {
		if _, err := r.worker(ctx, "set server "+id+" state drain", empty); err != nil {
			return err
		}
	}
	timedOut, err := r.drain(ctx, backend, name, drainTimeout)
	if err != nil {
		return err
	}
	if _, err := r.worker(ctx, "set server "+id+" state maint", empty); err != nil {
		return err
	}
	if timedOut {
		if _, err := r.worker(ctx, "shutdown sessions server "+id, empty); err != nil {
			return err
		}
	}
	return r.del(ctx, backend, name)
}

// drain waits until the server has no session and no queued request, or timeout.
func (r *Runtime) drain(ctx context.Context, backend, name string, timeout time.Duration) (timedOut bool, err error) {
	deadline := time.Now().Add(timeout)
	for {
		_, st, err := r.server(ctx, backend, name)
		if err != nil {
			return false, err
		}
		if st.sessions == 0 && st.queued == 0 {
			return false, nil
		}
		if !time.Now().Before(deadline) {
			return true, nil
		}
		if err := sleep(ctx, min(50*time.Millisecond, time.Until(deadline))); err != nil {
			return false, fmt.Errorf("haproxy runtime API: draining %s/%s: %w", backend, name, err)
		}
	}
}

// del runs `del server`, retrying while connections are still attached: sessions
// just shut down take a moment to go, and idle connections are purged by cycling
// the server out of maintenance and back.
func (r *Runtime) del(ctx context.Context, backend, name string) error {
	id := backend + "/" + name
	cmd := "del server " + id
	give := time.Now().Add(5 * time.Second)
	for attempt := 0; ; attempt++ {
		_, err := r.worker(ctx, cmd, deleted)
		var ce *CommandError
		if err == nil || !errors.As(err, &ce) || !strings.Contains(ce.Message, "still has connections") || time.Now().After(give) {
			return err
		}
		if attempt%4 == 3 {
			// Only idle connections can remain once the sessions are gone: leaving
			// maintenance for drain (weight 0: no new traffic) and coming back
			// purges them.
			if _, st, serr := r.server(ctx, backend, name); serr == nil && st.sessions == 0 && st.queued == 0 {
				if _, err := r.worker(ctx, "set server "+id+" state drain", empty); err != nil {
					return err
				}
				if _, err := r.worker(ctx, "set server "+id+" state maint", empty); err != nil {
					return err
				}
			}
		}
		if err := sleep(ctx, 50*time.Millisecond); err != nil {
			return fmt.Errorf("haproxy runtime API: deleting %s: %w", id, err)
		}
	}
}
