package haproxycfg

import (
	"errors"
	"reflect"
	"strings"
	"testing"

	"github.com/tfhaproxy/terraform-provider-haproxy/internal/dataplane"
)

// TestKeywordsWithParenthesisedArguments: quic-cc-algo's window and burst,
// set-proxy-v2-tlv-fmt(<id>) and repeated default-crt keywords are read from
// handwritten lines, in step with the keywords around them, written back only
// where their meaning changes, and checked.
func TestKeywordsWithParenthesisedArguments(t *testing.T) {
	c := Parse([]byte("frontend fe\n" +
		"    bind :443  default-crt /s/a.pem  ssl quic-cc-algo cubic(1m,10)  default-crt '/s/b.pem'  # by hand\n" +
		"    bind :444 quic-cc-algo bbr(,16) name b2\n" +
		"backend be\n" +
		"    server s1 127.0.0.1:80  set-proxy-v2-tlv-fmt(0xE1) check  quic-cc-algo newreno(65536)  weight 5\n" +
		"    default-server set-proxy-v2-tlv-fmt(7) %[fc_pp_tlv(7)] quic-cc-algo cubic(4g)\n"))

	b := must[dataplane.Bind](t)(Binds.Get(c, "fe", ":443"))
	if !reflect.DeepEqual(b.DefaultCrtList, []string{"/s/a.pem", "'/s/b.pem'"}) || !b.SSL || b.QuicCcAlgo != "cubic" ||
		b.QuicCcAlgoMaxWindow == nil || *b.QuicCcAlgoMaxWindow != 1024 || b.QuicCcAlgoBurstSize == nil || *b.QuicCcAlgoBurstSize != 10 {
		t.Fatalf("bind read %+v", b)
	}
	b2 := must[dataplane.Bind](t)(Binds.Get(c, "fe", "b2"))
	if b2.QuicCcAlgo != "bbr" || b2.QuicCcAlgoMaxWindow != nil || b2.QuicCcAlgoBurstSize == nil || *b2.QuicCcAlgoBurstSize != 16 {
		t.Fatalf("bind b2 read %+v", b2)
	}
	s := must[dataplane.Server](t)(Servers.Get(c, "be", "s1"))
	// "check" is the TLV's value here, not the check keyword.
	if want := (&dataplane.IDValue{ID: "0xE1", Value: "check"}); !reflect.DeepEqual(s.SetProxyV2TlvFmt, want) || s.Check != "" ||
		s.QuicCcAlgo != "newreno" || s.QuicCcAlgoMaxWindow == nil || *s.QuicCcAlgoMaxWindow != 64 || s.Weight == nil || *s.Weight != 5 {
		t.Fatalf("server read %+v", s)
	}
	be := must[backend](t)(Backends.Get(c, "be"))
	if d := be.DefaultServer; d == nil || !reflect.DeepEqual(d.SetProxyV2TlvFmt, &dataplane.IDValue{ID: "7", Value: "%[fc_pp_tlv(7)]"}) ||
		d.QuicCcAlgoMaxWindow == nil || *d.QuicCcAlgoMaxWindow != 4<<20 {
		t.Fatalf("default-server read %+v", be.DefaultServer)
	}

	// Unchanged models leave the lines as written (65536 and 1m mean 64k and 1024k).
	before := string(c.Bytes())
	for _, err := range []error{Binds.Replace(c, "fe", b), Binds.Replace(c, "fe", b2), Servers.Replace(c, "be", s), Backends.Replace(c, be)} {
		if err != nil {
			t.Fatal(err)
		}
	}
	if got := string(c.Bytes()); got != before {
		t.Fatalf("unchanged models rewrote lines:\n%s", got)
	}

	// Each edit changes only its own words.
	b.DefaultCrtList = []string{"/s/c.pem"}
	b.QuicCcAlgoMaxWindow = nil
	s.SetProxyV2TlvFmt.Value = "%[fc_pp_tlv(0xE1)]"
	s.QuicCcAlgoMaxWindow = ptr[int64](96)
	for _, err := range []error{Binds.Replace(c, "fe", b), Servers.Replace(c, "be", s)} {
		if err != nil {
			t.Fatal(err)
		}
	}
	for _, want := range []string{
		"    bind :443  default-crt /s/c.pem  ssl quic-cc-algo cubic(,10)  # by hand\n",
		"    server s1 127.0.0.1:80  set-proxy-v2-tlv-fmt(0xE1) %[fc_pp_tlv(0xE1)]  quic-cc-algo newreno(96k)  weight 5\n",
	} {
		if !strings.Contains(string(c.Bytes()), want) {
			t.Errorf("want %q in\n%s", want, c.Bytes())
		}
	}
	if got := must[dataplane.Bind](t)(Binds.Get(Parse(c.Bytes()), "fe", ":443")); !reflect.DeepEqual(got, b) {
		t.Errorf("bind read back differs: %v", differences(reflect.ValueOf(got), reflect.ValueOf(b)))
	}
	if got := must[dataplane.Server](t)(Servers.Get(Parse(c.Bytes()), "be", "s1")); !reflect.DeepEqual(got, s) {
		t.Errorf("server read back differs: %v", differences(reflect.ValueOf(got), reflect.ValueOf(s)))
	}

	// New lines: sizes in their largest unit, an empty window before a burst.
	n := dataplane.Bind{Name: "n", Address: "127.0.0.1", Port: ptr[int64](8443), QuicCcAlgo: "cubic",
		QuicCcAlgoMaxWindow: ptr[int64](2048), DefaultCrtList: []string{"/s/a.pem", "/s/b.pem"}}
	if err := Binds.Create(c, "fe", n); err != nil {
		t.Fatal(err)
	}
	n2 := dataplane.Bind{Name: "n2", Address: "127.0.0.1", Port: ptr[int64](8444), QuicCcAlgo: "nocc", QuicCcAlgoBurstSize: ptr[int64](0)}
	if err := Binds.Create(c, "fe", n2); err != nil {
		t.Fatal(err)
	}
	for _, want := range []string{
		"bind 127.0.0.1:8443 name n quic-cc-algo cubic(2m) default-crt /s/a.pem default-crt /s/b.pem\n",
		"bind 127.0.0.1:8444 name n2 quic-cc-algo nocc(,0)\n",
	} {
		if !strings.Contains(string(c.Bytes()), want) {
			t.Errorf("want %q in\n%s", want, c.Bytes())
		}
	}

	// Checks: ranges from the spec, the keyword an argument needs, the TLV's id
	// and value, no control characters.
	bad := func(b *dataplane.Bind) error { return Binds.Replace(c, "fe", *b) }
	badServer := func(s *dataplane.Server) error { return Servers.Create(c, "be", *s) }
	for _, tc := range []struct {
		field string
		write func() error
	}{
		{"quic_cc_algo_max_window", func() error { b := n; b.QuicCcAlgoMaxWindow = ptr[int64](9); return bad(&b) }},
		{"quic_cc_algo_burst_size", func() error { b := n; b.QuicCcAlgoBurstSize = ptr[int64](1025); return bad(&b) }},
		{"quic_cc_algo_burst_size", func() error {
			b := n
			b.QuicCcAlgo, b.QuicCcAlgoMaxWindow, b.QuicCcAlgoBurstSize = "", nil, ptr[int64](1)
			return bad(&b)
		}},
		{"default_crt_list[1]", func() error { b := n; b.DefaultCrtList = []string{"/s/a.pem", ""}; return bad(&b) }},
		{"default_crt_list[0]", func() error { b := n; b.DefaultCrtList = []string{"/s/a\n.pem"}; return bad(&b) }},
		{"set-proxy-v2-tlv-fmt.id", func() error {
			return badServer(&dataplane.Server{Name: "s2", Address: "127.0.0.1", ServerParams: dataplane.ServerParams{SetProxyV2TlvFmt: &dataplane.IDValue{Value: "x"}}})
		}},
		{"set-proxy-v2-tlv-fmt.id", func() error {
			return badServer(&dataplane.Server{Name: "s2", Address: "127.0.0.1", ServerParams: dataplane.ServerParams{SetProxyV2TlvFmt: &dataplane.IDValue{ID: "1)x", Value: "v"}}})
		}},
		{"set-proxy-v2-tlv-fmt.value", func() error {
			return badServer(&dataplane.Server{Name: "s2", Address: "127.0.0.1", ServerParams: dataplane.ServerParams{SetProxyV2TlvFmt: &dataplane.IDValue{ID: "1"}}})
		}},
		{"quic_cc_algo_max_window", func() error {
			return badServer(&dataplane.Server{Name: "s2", Address: "127.0.0.1", ServerParams: dataplane.ServerParams{QuicCcAlgoMaxWindow: ptr[int64](64)}})
		}},
	} {
		var fe *FieldError
		if err := tc.write(); !errors.As(err, &fe) || fe.Field != tc.field {
			t.Errorf("%s: %v, want an error naming it", tc.field, err)
		}
	}
	b.QuicCcAlgo = ""
	if err := Binds.Replace(c, "fe", b); err == nil || !strings.Contains(err.Error(), "needs quic-cc-algo") {
		t.Errorf("a burst without its algorithm: %v", err)
	}
}

// TestParseParamsWithArguments: the provider's extra_params text reads the
// keywords with parenthesised arguments, and refuses what the model would drop.
func TestParseParamsWithArguments(t *testing.T) {
	var b dataplane.Bind
	items, err := ParseParams("quic-cc-algo cubic(1m,10) default-crt /a.pem default-crt /b.pem", &b)
	if err != nil || len(items) != 3 || !reflect.DeepEqual(b.DefaultCrtList, []string{"/a.pem", "/b.pem"}) || *b.QuicCcAlgoBurstSize != 10 {
		t.Fatalf("%q %+v %v", items, b, err)
	}
	if rows := strings.Join(ParamRows(&b), " "); !strings.Contains(rows, "default-crt /a.pem default-crt /b.pem") || !strings.Contains(rows, "quic-cc-algo cubic(1m,10)") {
		t.Errorf("rows %q", rows)
	}
	var s dataplane.Server
	if _, err := ParseParams("set-proxy-v2-tlv-fmt(0xE2) %[ssl_c_s_dn] check", &s); err != nil || s.SetProxyV2TlvFmt.ID != "0xE2" || s.Check != "enabled" {
		t.Fatalf("%+v %v", s, err)
	}
	for _, text := range []string{"quic-cc-algo cubic(1m,10,3)", "quic-cc-algo cubic(1000)", "set-proxy-v2-tlv-fmt x"} {
		var b dataplane.Bind
		var s dataplane.Server
		if _, err := ParseParams(text, &b); err == nil {
			if _, err := ParseParams(text, &s); err == nil {
				t.Errorf("%q was read: %+v %+v", text, b, s)
			}
		}
	}
}
