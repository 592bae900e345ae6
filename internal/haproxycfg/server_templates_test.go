package haproxycfg

import (
	"errors"
	"reflect"
	"strings"
	"testing"

	"github.com/tfhaproxy/terraform-provider-haproxy/internal/dataplane"
)

// TestServerTemplatesRoundTrip writes templates with every server keyword set,
// both ways, n at a time, and reads them back equal, from the config as
// edited and from its bytes parsed anew.
func TestServerTemplatesRoundTrip(t *testing.T) {
	const n = 20
	for from, on := 0, true; from < len(serverTemplateKeywords.fields); from, on = from+n/2, !on {
		c := Parse([]byte("backend be\n    server-template old 3 old.example.com:80\n"))
		st := serverTemplate{Prefix: "srv", NumOrRange: "1-3", Fqdn: "web.example.com", Port: ptr[int64](8080),
			Metadata: dataplane.Metadata{"from": from}}
		sample(&st, on, from, n)
		if err := ServerTemplates.Create(c, "be", st); err != nil {
			t.Fatal(err)
		}
		for _, cfg := range []*Config{c, Parse(c.Bytes())} {
			got := must[serverTemplate](t)(ServerTemplates.Get(cfg, "be", "srv"))
			got.Metadata["from"] = from // JSON reads numbers as float64
			if !reflect.DeepEqual(got, st) {
				t.Errorf("on=%v: template read back differs: %v\n%s", on, differences(reflect.ValueOf(got), reflect.ValueOf(st)), cfg.Bytes())
			}
		}
	}
}

func TestServerTemplateEdits(t *testing.T) {
	eachKeywordEditsOnlyItsWords(t, serverTemplateKeywords, func(c *Config, s serverTemplate) error { return ServerTemplates.Replace(c, "be", s) },
		serverTemplate{Prefix: "srv", NumOrRange: "3", Fqdn: "web.example.com"}, "backend be\n    server-template srv 3 web.example.com\n")

	const hand = "backend be\n    server-template  srv 1-3  web.example.com:80   check   weight 10 # pool\n    server s1 127.0.0.1:1\n"
	c := Parse([]byte(hand))
	st := must[serverTemplate](t)(ServerTemplates.Get(c, "be", "srv"))
	want := serverTemplate{Prefix: "srv", NumOrRange: "1-3", Fqdn: "web.example.com", Port: ptr[int64](80),
		Metadata: dataplane.Metadata{"comment": "pool"}, ServerParams: dataplane.ServerParams{Check: "enabled", Weight: ptr[int64](10)}}
	if !reflect.DeepEqual(st, want) {
		t.Fatalf("handwritten: %v", differences(reflect.ValueOf(st), reflect.ValueOf(want)))
	}
	if err := ServerTemplates.ReplaceAll(c, "be", []serverTemplate{st}); err != nil || string(c.Bytes()) != hand {
		t.Fatalf("written back unchanged: %v\n%s", err, c.Bytes())
	}
	st.NumOrRange, st.Weight = "5", ptr[int64](20)
	if err := ServerTemplates.Replace(c, "be", st); err != nil {
		t.Fatal(err)
	}
	if d := lineDiff([]byte(hand), c.Bytes()); len(d) != 2 || d[1] != "+    server-template  srv 5  web.example.com:80   check   weight 20 # pool\n" {
		t.Errorf("an edit touched more than its words: %q", d)
	}
	if s := must[[]dataplane.Server](t)(Servers.List(c, "be")); len(s) != 1 {
		t.Errorf("the servers are the server lines: %+v", s)
	}

	for member, bad := range map[string]serverTemplate{
		"prefix":       {Prefix: "a b", NumOrRange: "1", Fqdn: "x"},
		"num_or_range": {Prefix: "p", NumOrRange: "1-", Fqdn: "x"},
		"fqdn":         {Prefix: "p", NumOrRange: "1"},
		"port":         {Prefix: "p", NumOrRange: "1", Fqdn: "x", Port: ptr[int64](0)},
		"weight":       {Prefix: "p", NumOrRange: "1", Fqdn: "x", ServerParams: dataplane.ServerParams{Weight: ptr[int64](300)}},
		"check":        {Prefix: "p", NumOrRange: "1", Fqdn: "x", ServerParams: dataplane.ServerParams{Check: "yes"}},
	} {
		e := Parse([]byte(hand))
		err := ServerTemplates.Create(e, "be", bad)
		var fe *FieldError
		if !errors.As(err, &fe) || fe.Field != member || string(e.Bytes()) != hand {
			t.Errorf("bad %s: %v", member, err)
		}
	}
	if files := LineFiles("server-template s 2 x:80 ssl crt /etc/site.pem ca-file /etc/ca.pem"); strings.Join(files, " ") != "/etc/site.pem /etc/ca.pem" {
		t.Errorf("the files a template names: %q", files)
	}
}
