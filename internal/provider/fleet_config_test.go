package provider

import (
	"testing"

	"github.com/hashicorp/terraform-plugin-framework/types"
)

func nullNode(url string) nodeModel {
	return nodeModel{
		Name: types.StringNull(), URL: types.StringValue(url), Username: types.StringNull(), Password: types.StringNull(),
		CAFile: types.StringNull(), CAPEM: types.StringNull(), ClientCert: types.StringNull(), ClientKey: types.StringNull(),
		Insecure: types.BoolNull(), Canary: types.BoolNull(), Optional: types.BoolNull(), ProbeURL: types.StringNull(),
	}
}

// TestResolveNodes: a node takes the provider block's credentials and TLS
// settings unless it sets its own; the environment's URL is not a node.
func TestResolveNodes(t *testing.T) {
	m := nullModel()
	m.Username = types.StringValue("shared")
	m.Insecure = types.BoolValue(true)
	lb1, lb2 := nullNode("https://lb1.example.com:5555"), nullNode("https://lb2.example.com:5555")
	lb2.Name, lb2.Username, lb2.Insecure = types.StringValue("second"), types.StringValue("own"), types.BoolValue(false)
	lb2.Canary, lb2.ProbeURL = types.BoolValue(true), types.StringValue("http://lb2.example.com/health")
	lb1.Optional = types.BoolValue(true)
	m.Nodes = []nodeModel{lb1, lb2}
	m.Parallelism = types.Int64Value(3)
	cfg, diags := resolveConfig(m, func(k string) string {
		return map[string]string{EnvPassword: "from-env", EnvURL: "http://not-a-node:1"}[k]
	})
	if diags.HasError() {
		t.Fatalf("unexpected diagnostics: %v", diags)
	}
	if len(cfg.Nodes) != 2 || cfg.Parallelism != 3 {
		t.Fatalf("nodes = %+v, parallelism %d", cfg.Nodes, cfg.Parallelism)
	}
	first, second := cfg.Nodes[0], cfg.Nodes[1]
	if first.URL != "https://lb1.example.com:5555" || first.Username != "shared" || first.Password != "from-env" || !first.Insecure || first.Canary || !first.Optional {
		t.Errorf("first node = %+v, want the provider block's settings", first)
	}
	if second.Name != "second" || second.Username != "own" || second.Password != "from-env" || second.Insecure ||
		!second.Canary || second.Optional || second.ProbeURL != "http://lb2.example.com/health" {
		t.Errorf("second node = %+v, want its own settings", second)
	}
	if _, err := cfg.client(); err != nil {
		t.Errorf("client: %v", err)
	}

	m.Nodes = []nodeModel{lb1, nullNode("ftp://lb3")}
	if _, diags := resolveConfig(m, func(string) string { return "" }); !diags.HasError() {
		t.Error("a node with an ftp URL was taken")
	}
}
