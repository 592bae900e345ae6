package provider

import (
	"testing"

	"github.com/hashicorp/terraform-plugin-go/tftypes"

	"github.com/tfhaproxy/terraform-provider-haproxy/internal/dataplane"
)

// BenchmarkServerStateValues is what reading one server's state costs, extra
// attribute included: a refresh of 500 servers pays it 500 times.
func BenchmarkServerStateValues(b *testing.B) {
	w, port := int64(20), int64(9001)
	s := dataplane.Server{Name: "web1", Address: "127.0.0.1", Port: &port, ServerParams: dataplane.ServerParams{Weight: &w, Check: dataplane.Enabled}}
	if _, err := serverSpec.extra.parse([]string{"id 7 maxqueue 10 error-limit 5 on-error mark-down"}, &s); err != nil {
		b.Fatal(err)
	}
	prior := serverSpec.stateValues(s, nil)
	for b.Loop() {
		vals := serverSpec.stateValues(s, prior)
		if !vals["extra_params"].Equal(prior["extra_params"]) {
			b.Fatal(vals["extra_params"])
		}
	}
}

// BenchmarkBackendStateValues is BenchmarkServerStateValues for a backend with
// a line its typed attributes say only part of.
func BenchmarkBackendStateValues(b *testing.B) {
	var m dataplane.Backend
	m.Name = "be_app"
	if _, err := backendSpec.extra.parse([]string{"mode http", "balance uri len 10 whole", "timeout connect 5s", "option redispatch 3"}, &m); err != nil {
		b.Fatal(err)
	}
	prior := backendSpec.stateValues(m, map[string]tftypes.Value{})
	for b.Loop() {
		backendSpec.stateValues(m, prior)
	}
}
