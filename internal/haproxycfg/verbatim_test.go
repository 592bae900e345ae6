package haproxycfg

import (
	"reflect"
	"slices"
	"strings"
	"testing"

	"github.com/tfhaproxy/terraform-provider-haproxy/internal/dataplane"
)

func TestParseParamsReadsWhatTheLineSays(t *testing.T) {
	var s dataplane.Server
	items, err := ParseParams(`id 7 resolve-prefer ipv4 inter 5000 agent-send "hello world\n" no-tls-tickets proxy-v2-options ssl,cert-cn`, &s)
	if err != nil {
		t.Fatal(err)
	}
	want := dataplane.Server{ID: ptr[int64](7), ServerParams: dataplane.ServerParams{ResolvePrefer: "ipv4", Inter: ptr[int64](5000),
		AgentSend: `"hello world\n"`, TLSTickets: dataplane.Disabled, ProxyV2Options: []string{"ssl", "cert-cn"}}}
	if !reflect.DeepEqual(s, want) {
		t.Fatalf("read %+v, want %+v", s, want)
	}
	if wantItems := []string{"id 7", "resolve-prefer ipv4", "inter 5000", `agent-send "hello world\n"`, "no-tls-tickets", "proxy-v2-options ssl,cert-cn"}; !slices.Equal(items, wantItems) {
		t.Fatalf("items %q, want %q", items, wantItems)
	}
	// Written back in the table's order, times as HAProxy spells them, text as given.
	if got, want := formatParams(&s), `id 7 inter 5s agent-send "hello world\n" resolve-prefer ipv4 proxy-v2-options ssl,cert-cn no-tls-tickets`; got != want {
		t.Fatalf("FormatParams = %q, want %q", got, want)
	}
	var again dataplane.Server
	if _, err := ParseParams(formatParams(&s), &again); err != nil || !reflect.DeepEqual(again, s) {
		t.Fatalf("the written text reads back as %+v (%v), want %+v", again, err, s)
	}
}

// formatParams is the rows m sets, joined.
func formatParams[M ParamModel](m *M) string {
	var set []string
	for _, r := range ParamRows(m) {
		if r != "" {
			set = append(set, r)
		}
	}
	return strings.Join(set, " ")
}

func TestParseParamsOfEveryModel(t *testing.T) {
	var b dataplane.Bind
	if _, err := ParseParams("expose-fd all", &b); err == nil || !strings.Contains(err.Error(), `cannot read "expose-fd all"`) {
		t.Fatalf("expose-fd all: %v", err)
	}
	if _, err := ParseParams("expose-fd listeners nice 10 strict-sni", &b); err != nil {
		t.Fatal(err)
	}
	if !b.ExposeFdListeners || b.Nice == nil || *b.Nice != 10 || b.ForceStrictSni != dataplane.Enabled {
		t.Fatalf("bind read as %+v", b)
	}
	var p dataplane.ServerParams
	if _, err := ParseParams("resolve-prefer ipv6 no-check", &p); err != nil {
		t.Fatal(err)
	}
	if p.ResolvePrefer != "ipv6" || p.Check != dataplane.Disabled {
		t.Fatalf("default-server params read as %+v", p)
	}
	// A server's own keyword is not a default-server's.
	if _, err := ParseParams("id 3", &p); err == nil {
		t.Fatal("id was read as a default-server keyword")
	}
	if got := formatParams(&dataplane.Bind{}); got != "" {
		t.Fatalf("an empty bind writes %q", got)
	}
}

func TestParseParamsRefusesWhatTheModelCannotHold(t *testing.T) {
	for text, want := range map[string]string{
		"frobnicate":                 "frobnicate: no field",
		"usesrc client":              "usesrc: no field",
		"weight":                     "weight: takes 1 argument",
		"weight heavy":               `weight: the Data Plane API's model cannot read "weight heavy"`,
		"resolve-prefer ipv5":        "resolve-prefer",
		"weight 300":                 "weight",
		"agent-send \"open":          "a quote left open",
		"agent-send x # comment":     "'#' starts a comment",
		"agent-send \"a\nb\"":        "control character",
		"agent-send \"a\x00b\"":      "control character",
		"proxy-v2-options ssl,bogus": "proxy-v2-options",
	} {
		var s dataplane.Server
		_, err := ParseParams(text, &s)
		if err == nil || !strings.Contains(err.Error(), want) {
			t.Errorf("ParseParams(%q) = %v, want an error with %q", text, err, want)
		}
	}
}

func TestParseDirectivesReadsWhatTheLinesSay(t *testing.T) {
	var b dataplane.Backend
	lines := []string{"balance uri whole len 10", "timeout server 30000", "option forwardfor except 127.0.0.0/8 if-none",
		`description "a b"  c`, "cookie SRV insert maxidle 30m domain .example.com", "default-server inter 3s resolve-prefer ipv4"}
	if err := Backends.ParseDirectives(lines, &b); err != nil {
		t.Fatal(err)
	}
	if b.Balance == nil || b.Balance.Algorithm != "uri" || !b.Balance.URIWhole || *b.Balance.URILen != 10 ||
		*b.ServerTimeout != 30000 || b.Forwardfor.Except != "127.0.0.0/8" || !b.Forwardfor.Ifnone ||
		b.Description != `"a b"  c` || b.Cookie.Name != "SRV" || *b.Cookie.Maxidle != 1800000 ||
		b.DefaultServer == nil || b.DefaultServer.ResolvePrefer != "ipv4" {
		t.Fatalf("read %+v", b)
	}
	var got []string
	for _, l := range Backends.Directives(&b) {
		if l != "" {
			got = append(got, l)
		}
	}
	want := []string{`description "a b"  c`, "timeout server 30s", "balance uri len 10 whole", // the table's order
		"option forwardfor except 127.0.0.0/8 if-none", "cookie SRV insert domain .example.com maxidle 30m", "default-server inter 3s resolve-prefer ipv4"}
	if !slices.Equal(got, want) {
		t.Fatalf("Directives = %q, want %q", got, want)
	}
	var again dataplane.Backend
	if err := Backends.ParseDirectives(got, &again); err != nil || !reflect.DeepEqual(again, b) {
		t.Fatalf("the written lines read back as %+v (%v), want %+v", again, err, b)
	}
	rows := 0
	flat(Backends.table, func(*directive[backend]) { rows++ })
	if n := len(Backends.Directives(&dataplane.Backend{})); n != rows {
		t.Fatalf("Directives has %d rows, the table %d", n, rows)
	}
}

func TestParseDirectivesRefusesWhatTheModelCannotHold(t *testing.T) {
	for line, want := range map[string]string{
		"http-response set-header X 1": "has no field for this directive",
		"stats no-such-keyword .":      "has no field for this directive",
		"# a comment":                  "starts a comment",
		"":                             "no directive",
		"maxconn lots":                 "cannot read",
		"option forwardfor bogus":      `does not keep "bogus"`,
		"mode tcp extra":               `does not keep "extra"`,
		"mode ftp":                     "mode",
		"description \"open":           "a quote left open",
		"description a\tb":             "control character",
	} {
		var f dataplane.Frontend
		err := Frontends.ParseDirectives([]string{"mode http", line}, &f)
		if err == nil || !strings.Contains(err.Error(), want) || !strings.Contains(err.Error(), "line 1") {
			t.Errorf("ParseDirectives(%q) = %v, want an error about line 1 with %q", line, err, want)
		}
	}
}
