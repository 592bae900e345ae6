// Package clifault stands, for tests, between a client and HAProxy's master CLI,
// and leaves unanswered the connections a test picks: as a listening socket that
// nobody accepts on (the copy of the master CLI's socket a `program` section's
// process holds), or a master that has stopped answering.
package clifault

import (
	"io"
	"net"
	"os"
	"path/filepath"
	"strings"
	"sync"
	"testing"
)

// Proxy forwards each connection, one command each as the master CLI takes
// them, unless Swallow picks it.
type Proxy struct {
	Socket string // where clients connect

	mu      sync.Mutex
	seen    []string // the commands, in order
	swallow func(seen []string) bool
	held    []net.Conn
}

// New listens on a new socket until the test ends, forwarding to the master
// CLI at master. swallow is asked about each connection, with the commands seen
// so far, this one last; true leaves it open and unanswered.
func New(t testing.TB, master string, swallow func(seen []string) bool) *Proxy {
	t.Helper()
	dir, err := os.MkdirTemp("", "cf") // short: a socket path fits in 108 bytes
	if err != nil {
		t.Fatal(err)
	}
	p := &Proxy{Socket: filepath.Join(dir, "proxy.sock"), swallow: swallow}
	ln, err := net.Listen("unix", p.Socket)
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() {
		ln.Close()
		p.mu.Lock()
		for _, c := range p.held {
			c.Close()
		}
		p.mu.Unlock()
		os.RemoveAll(dir)
	})
	go func() {
		for {
			c, err := ln.Accept()
			if err != nil {
				return
			}
			go p.serve(c, master)
		}
	}()
	return p
}

// SetSwallow replaces the choice of connections to leave unanswered.
func (p *Proxy) SetSwallow(swallow func(seen []string) bool) {
	p.mu.Lock()
	p.swallow = swallow
	p.mu.Unlock()
}

func (p *Proxy) serve(c net.Conn, master string) {
	cmd, _ := io.ReadAll(c) // the client half-closes after its command
	p.mu.Lock()
	p.seen = append(p.seen, strings.TrimSpace(string(cmd)))
	if p.swallow(p.seen) {
		p.held = append(p.held, c) // open, unanswered, until the test ends
		p.mu.Unlock()
		return
	}
	p.mu.Unlock()
	defer c.Close()
	up, err := net.Dial("unix", master)
	if err != nil {
		return // c closes: the client sees the connection end, as while a master re-executes
	}
	defer up.Close()
	up.Write(cmd)
	up.(*net.UnixConn).CloseWrite()
	io.Copy(c, up)
}

// Swallowed is how many connections were left unanswered.
func (p *Proxy) Swallowed() int {
	p.mu.Lock()
	defer p.mu.Unlock()
	return len(p.held)
}

// AfterReload picks the connections after the first `reload` for which
// pick(i) is true, i counting them from 1.
func AfterReload(pick func(i int) bool) func(seen []string) bool {
	return func(seen []string) bool {
		for i, cmd := range seen {
			if cmd == "reload" {
				return i < len(seen)-1 && pick(len(seen)-1-i)
			}
		}
		return false
	}
}
