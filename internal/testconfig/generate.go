// Package testconfig generates large haproxy.cfg files for benchmarks and tests.
package testconfig

import (
	"fmt"
	"strings"
)

// Generate writes a valid config with one frontend on 127.0.0.1:18500 routing, by
// Host header, to `backends` backends of `servers` servers each: one ACL and one
// use_backend line per backend. 1,000 x 10 gives about 23,000 lines. Servers are
// on loopback and have no health checks, so that an HAProxy started on the file
// sends nothing anywhere.
func Generate(backends, servers int) []byte {
	var b strings.Builder
	b.WriteString("global\n    maxconn 4096\n\ndefaults\n    mode http\n    timeout connect 5s\n    timeout client 30s\n    timeout server 30s\n\n")
	b.WriteString("frontend fe_main\n    bind 127.0.0.1:18500\n    option httplog\n")
	for i := range backends {
		fmt.Fprintf(&b, "    acl host_%d hdr(host) -i app%d.example.com\n", i, i)
	}
	for i := range backends {
		fmt.Fprintf(&b, "    use_backend be_%d if host_%d\n", i, i)
	}
	b.WriteString("    default_backend be_0\n")
	for i := range backends {
		fmt.Fprintf(&b, "\n# application %d\nbackend be_%d\n    mode http\n    balance roundrobin\n    option httpchk GET /health\n    http-check expect status 200\n", i, i)
		b.WriteString("    timeout connect 5s\n    timeout server 30s\n    retries 3\n    default-server inter 2s fall 3 rise 2\n")
		for j := range servers {
			fmt.Fprintf(&b, "    server s%d 127.0.0.1:%d weight 100\n", j, 20000+(i*servers+j)%40000)
		}
	}
	return []byte(b.String())
}
