package agent

import (
	"net"
	"net/netip"
	"sync"
	"time"
)

// Defaults of Options.AuthFailures and Options.AuthFailureWindow.
const (
	DefaultAuthFailures      = 10
	DefaultAuthFailureWindow = time.Minute
)

// maxFailedNames bounds the user names remembered per address: past it, every
// name counts as failed there, so that sending new names grows nothing.
const maxFailedNames = 64

// failures counts failed authentications per client address in fixed windows.
// An address over the limit is refused with 429 without bcrypt running for it, so
// that a client guessing passwords, or spending the agent's CPU on bcrypt, is
// slowed to the limit whatever the names it tries.
//
// A client that shares the address and authenticates correctly keeps being
// served: over the limit, credentials that bcrypt already accepted (Users'
// verified cache) still pass, unless their user name failed from that address
// in the window. That exception keeps the cache from being an oracle: a guess that
// misses it marks its name, so an address over the limit gets at most one cached
// lookup per name per window.
type failures struct {
	limit   int
	window  time.Duration
	now     func() time.Time // time.Now; tests set another clock
	mu      sync.Mutex
	clients map[netip.Prefix]*clientFailures
}

type clientFailures struct {
	start time.Time // of the window
	count int
	names map[string]bool // the user names that failed in the window
}

func newFailures(limit int, window time.Duration) *failures {
	return &failures{limit: limit, window: window, now: time.Now, clients: map[netip.Prefix]*clientFailures{}}
}

// clientKey is the address a request comes from: the host of RemoteAddr, and for
// IPv6 its /64, which one client usually holds whole. Behind a reverse proxy all
// clients share the proxy's address.
func clientKey(remoteAddr string) netip.Prefix {
	host, _, err := net.SplitHostPort(remoteAddr)
	if err != nil {
		host = remoteAddr
	}
	ip, err := netip.ParseAddr(host)
	if err != nil {
		return netip.Prefix{}
	}
	ip = ip.Unmap()
	if ip.Is6() {
		p, _ := ip.Prefix(64)
		return p
	}
	return netip.PrefixFrom(ip, 32)
}

// current returns the client's entry for the window now, nil when it has none.
// The caller holds mu.
func (f *failures) current(key netip.Prefix, now time.Time) *clientFailures {
	c := f.clients[key]
	if c != nil && now.Sub(c.start) >= f.window {
		delete(f.clients, key)
		return nil
	}
	return c
}

// over tells whether the client is over the limit, whether name failed from it
// in the window, and when the window ends.
func (f *failures) over(remoteAddr, name string) (over, nameFailed bool, retryAfter time.Duration) {
	f.mu.Lock()
	defer f.mu.Unlock()
	now := f.now()
	c := f.current(clientKey(remoteAddr), now)
	if c == nil || c.count < f.limit {
		return false, false, 0
	}
	return true, c.names[name] || len(c.names) >= maxFailedNames, c.start.Add(f.window).Sub(now)
}

// add counts a failed authentication of name from the client.
func (f *failures) add(remoteAddr, name string) {
	f.mu.Lock()
	defer f.mu.Unlock()
	now, key := f.now(), clientKey(remoteAddr)
	c := f.current(key, now)
	if c == nil {
		if len(f.clients) >= 1024 {
			f.sweep(now)
		}
		c = &clientFailures{start: now, names: map[string]bool{}}
		f.clients[key] = c
	}
	c.count++
	if len(c.names) < maxFailedNames {
		c.names[name] = true
	}
}

// sweep forgets the clients whose window has ended. The caller holds mu.
func (f *failures) sweep(now time.Time) {
	for key, c := range f.clients {
		if now.Sub(c.start) >= f.window {
			delete(f.clients, key)
		}
	}
}
