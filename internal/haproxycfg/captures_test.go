package haproxycfg

import (
	"testing"

	"github.com/tfhaproxy/terraform-provider-haproxy/internal/dataplane"
)

func TestCaptures(t *testing.T) {
	for _, parent := range Captures.parents {
		checkList(t, listCase[capture]{
			view: Captures, parent: parent, base: "    declare capture request len 8\n    maxconn 10\n",
			items: []capture{{Type: "request", Length: 32}, {Type: "response", Length: 64, Metadata: dataplane.Metadata{"for": "x-id"}}},
			hand: map[string]string{
				"declare  capture response   len 128": `{"type":"response","length":128}`,
			},
			bad: []bad[capture]{
				{"type", capture{Type: "both", Length: 1}},
				{"type", capture{Length: 1}},
				{"length", capture{Type: "request"}},
				{"length", capture{Type: "request", Length: -3}},
			},
		})
	}
}
