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
	ended   *sync.Cond // on mu: a check that begin let run has ended
	clients map[netip.Prefix]*clientFailures
}

type clientFailures struct {
	start    time.Time       // of the window
	count    int             // failures
	checking int             // password checks under way
	names    map[string]bool // the user names that failed in the window
}

func newFailures(limit int, window time.Duration) *failures {
	f := &failures{limit: limit, window: window, now: time.Now, clients: map[netip.Prefix]*clientFailures{}}
	f.ended = sync.NewCond(&f.mu)
	return f
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

// begin is called before a password check. It tells whether the client is over
// the limit, whether name failed from it in the window, and when the window ends.
// When the client is not over the limit, it counts the check as under way until
// end; while the checks under way could put the client over the limit, it waits
// for one to end, so that concurrent requests cannot run bcrypt more often than
// the limit allows, and a valid client's concurrent first requests all get their
// check.
func (f *failures) begin(remoteAddr, name string) (over, nameFailed bool, retryAfter time.Duration) {
	f.mu.Lock()
	defer f.mu.Unlock()
	key := clientKey(remoteAddr)
	for {
		now := f.now()
		c := f.entry(key, now)
		if c.count >= f.limit {
			return true, c.names[name] || len(c.names) >= maxFailedNames, c.start.Add(f.window).Sub(now)
		}
		if c.count+c.checking < f.limit {
			c.checking++
			return false, false, 0
		}
		f.ended.Wait()
	}
}

// end records how a check that begin let run went.
func (f *failures) end(remoteAddr, name string, ok bool) {
	f.mu.Lock()
	defer f.mu.Unlock()
	c := f.entry(clientKey(remoteAddr), f.now())
	if c.checking > 0 {
		c.checking--
	}
	if !ok {
		c.count++
		c.fail(name)
	}
	f.ended.Broadcast()
}

// add counts a failure over the limit, where begin let no check run.
func (f *failures) add(remoteAddr, name string) {
	f.mu.Lock()
	defer f.mu.Unlock()
	c := f.entry(clientKey(remoteAddr), f.now())
	c.count++
	c.fail(name)
}

func (c *clientFailures) fail(name string) {
	if len(c.names) < maxFailedNames {
		c.names[name] = true
	}
}

// entry returns the client's entry for the window now, a new one when its last
// window has ended. The caller holds mu.
func (f *failures) entry(key netip.Prefix, now time.Time) *clientFailures {
	c := f.clients[key]
	if c == nil || now.Sub(c.start) >= f.window {
		if c == nil && len(f.clients) >= 1024 {
			f.sweep(now)
		}
		c = &clientFailures{start: now, names: map[string]bool{}}
		f.clients[key] = c
	}
	return c
}

// sweep forgets the clients whose window has ended. The caller holds mu.
func (f *failures) sweep(now time.Time) {
	for key, c := range f.clients {
		if now.Sub(c.start) >= f.window {
			delete(f.clients, key)
		}
	}
}
