package agent

import (
	"bytes"
	"encoding/json"
	"fmt"
	"testing"

	"github.com/tfhaproxy/terraform-provider-haproxy/internal/dataplane"
)

// manyServers is the answer to a list of 10,000 servers, each with a few settings.
func manyServers() []dataplane.Server {
	servers := make([]dataplane.Server, 10000)
	for i := range servers {
		servers[i] = dataplane.Server{Name: fmt.Sprintf("srv%d", i), Address: "10.0.0.1", Port: ptr[int64](8080),
			ServerParams: dataplane.ServerParams{Check: dataplane.Enabled, Weight: ptr[int64](10), Inter: ptr[int64](2000)}}
	}
	return servers
}

// BenchmarkAnswerEncoding: what writing answers with sorted keys costs over
// encoding/json's declaration order, for a list of 10,000 servers.
func BenchmarkAnswerEncoding(b *testing.B) {
	servers := manyServers()
	b.Run("declaration-order", func(b *testing.B) {
		for b.Loop() {
			var out bytes.Buffer
			if err := json.NewEncoder(&out).Encode(servers); err != nil {
				b.Fatal(err)
			}
		}
	})
	b.Run("sorted", func(b *testing.B) {
		for b.Loop() {
			if _, err := sortedJSON(servers); err != nil {
				b.Fatal(err)
			}
		}
	})
}
