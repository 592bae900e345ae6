package provider

import (
	"strings"
	"testing"

	"github.com/hashicorp/terraform-plugin-go/tftypes"

	"github.com/tfhaproxy/terraform-provider-haproxy/internal/dataplane"
)

// backendOf is a backend model read from directive lines.
func backendOf(t *testing.T, lines ...string) dataplane.Backend {
	m := dataplane.Backend{Name: "be"}
	if _, err := backendSpec.extra.parse(lines, &m); err != nil {
		t.Fatal(err)
	}
	return m
}

func listOf(items ...string) tftypes.Value { return backendSpec.extra.value(items) }

// TestReadExtraSplitsRows: a line the typed attributes say all of is theirs; one
// they say only part of goes whole to extra_directives, and they read unset,
// unless the prior state set them (a resource that manages them).
func TestReadExtraSplitsRows(t *testing.T) {
	m := backendOf(t, "mode http", "balance uri len 10 whole", "cookie SRV insert indirect maxidle 30m", "option redispatch 3")
	vals := backendSpec.stateValues(m, nil)
	if !vals["mode"].Equal(tftypes.NewValue(tftypes.String, "http")) {
		t.Fatalf("mode = %v", vals["mode"])
	}
	for _, name := range []string{"balance", "cookie", "cookie_type", "redispatch"} {
		if !vals[name].IsNull() {
			t.Errorf("%s = %v, want null: its line is extra_directives'", name, vals[name])
		}
	}
	if !vals["cookie_indirect"].Equal(tftypes.NewValue(tftypes.Bool, false)) {
		t.Errorf("cookie_indirect = %v", vals["cookie_indirect"])
	}
	want := listOf("balance uri len 10 whole", "option redispatch 3", "cookie SRV insert indirect maxidle 30m")
	if !vals["extra_directives"].Equal(want) {
		t.Fatalf("extra_directives = %v, want %v", vals["extra_directives"], want)
	}
	// A resource that sets balance keeps reading it.
	prior := map[string]tftypes.Value{"balance": tftypes.NewValue(tftypes.String, "uri")}
	if v := backendSpec.stateValues(m, prior)["balance"]; !v.Equal(tftypes.NewValue(tftypes.String, "uri")) {
		t.Fatalf("balance = %v with a prior balance", v)
	}
	// The prior spelling stays when it says the same.
	prior = map[string]tftypes.Value{"extra_directives": listOf("option redispatch 3", "cookie SRV indirect insert maxidle 1800s", "balance  uri whole len 10")}
	if v := backendSpec.stateValues(m, prior)["extra_directives"]; !v.Equal(prior["extra_directives"]) {
		t.Fatalf("extra_directives = %v, want the prior spelling", v)
	}
}

func TestCheckExtra(t *testing.T) {
	vals := map[string]tftypes.Value{
		"balance":          tftypes.NewValue(tftypes.String, "roundrobin"),
		"extra_directives": listOf("balance uri len 10", "mode http", "option redispatch 3"),
	}
	problems := strings.Join(backendSpec.checkExtra(vals), "\n")
	for _, want := range []string{"\"balance uri len 10\" and `balance` both write the balance line", "\"mode http\" is what `mode` say"} {
		if !strings.Contains(problems, want) {
			t.Errorf("problems %q lack %q", problems, want)
		}
	}
	if strings.Contains(problems, "redispatch") {
		t.Errorf("option redispatch 3 refused: %s", problems)
	}
	twice := map[string]tftypes.Value{"extra_params": tftypes.NewValue(tftypes.String, "maxqueue 1 id 3 maxqueue 2")}
	if problems := strings.Join(serverSpec.checkExtra(twice), "\n"); !strings.Contains(problems, `"maxqueue 1" and "maxqueue 2" both say maxqueue`) {
		t.Errorf("a keyword given twice: %q", problems)
	}
}
