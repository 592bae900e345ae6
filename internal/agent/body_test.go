package agent

import (
	"bytes"
	"encoding/json"
	"errors"
	"fmt"
	"strings"
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

// TestDecodeAsTheOfficialServer: null is unset, a member the official model does
// not define is ignored, an official member we do not model is refused unless
// empty, at any depth, and a modeled member of the wrong type is still refused.
func TestDecodeAsTheOfficialServer(t *testing.T) {
	var be dataplane.Backend
	body := `{"name":"be","mode":null,"colour":"red","abortonclose":null,"compression":{"algorithms":null,"offload":false},
		"acl_list":[],"metadata":{},"description":"","balance":{"algorithm":"roundrobin","url_param_check_post":null,"index":3},
		"retries":3,"default_server":{"check":"enabled","agent-check":null,"agent-inter":null}}`
	if err := decodeBody([]byte(body), &be); err != nil {
		t.Fatal(err)
	}
	if be.Name != "be" || be.Mode != "" || be.Balance == nil || be.Balance.Algorithm != "roundrobin" ||
		be.Retries == nil || *be.Retries != 3 || be.DefaultServer == nil || be.DefaultServer.Check != "enabled" {
		t.Fatalf("decoded %+v", be)
	}

	var acls []dataplane.ACL
	if err := decodeBody([]byte(`[{"acl_name":"a","criterion":"path","value":"/","index":0},{"acl_name":"b","criterion":"src","value":null,"index":1}]`), &acls); err != nil {
		t.Fatal(err)
	}
	if len(acls) != 2 || acls[1].ACLName != "b" || acls[1].Value != "" {
		t.Fatalf("decoded %+v", acls)
	}

	for body, want := range map[string]string{
		`{"name":"be","abortonclose":"enabled"}`:                             `"abortonclose" is a field of the official backend model`,
		`{"name":"be","compression":{"algorithms":["gzip"]}}`:                `"compression" is a field of the official backend model`,
		`{"name":"be","default_server":{"agent-check":"enabled"}}`:           `"default_server.agent-check" is a field of the official default_server model`,
		`{"name":"be","balance":{"algorithm":"uri","url_param_max_wait":0}}`: `"balance.url_param_max_wait" is a field of the official balance model`,
		`{"name":"be","retries":"three"}`:                                    `cannot unmarshal string`,
		`{"name":"be"} {"name":"other"}`:                                     `one JSON value expected`,
	} {
		var be dataplane.Backend
		err := decodeBody([]byte(body), &be)
		if err == nil || !errors.Is(err, errSchema) || !strings.Contains(err.Error(), want) {
			t.Errorf("%s: error %v, want one with %q", body, err, want)
		}
	}
	var rules []dataplane.HTTPRequestRule
	err := decodeBody([]byte(`[{"type":"deny"},{"type":"set-header","hdr_name":"X","hdr_format":"y","normalizer":"fragment-encode"}]`), &rules)
	if err == nil || !strings.Contains(err.Error(), `"[1].normalizer" is a field of the official http_request_rule model`) {
		t.Errorf("list item with an official field not modeled: %v", err)
	}
}

// TestAnswersHaveSortedKeys: an answer's object members are in alphabetical
// order at every depth, as the official server writes them.
func TestAnswersHaveSortedKeys(t *testing.T) {
	be := dataplane.Backend{Name: "be", Mode: "http", Balance: &dataplane.Balance{Algorithm: "uri", URIWhole: true, URILen: ptr[int64](4)},
		DefaultServer: &dataplane.ServerParams{Weight: ptr[int64](5), Check: dataplane.Enabled}, Retries: ptr[int64](3)}
	data, err := sortedJSON([]dataplane.Backend{be})
	if err != nil {
		t.Fatal(err)
	}
	want := `[{"balance":{"algorithm":"uri","uri_len":4,"uri_whole":true},"default_server":{"check":"enabled","weight":5},"mode":"http","name":"be","retries":3}]` + "\n"
	if string(data) != want {
		t.Fatalf("got  %s\nwant %s", data, want)
	}
}
