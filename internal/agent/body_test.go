package agent

import (
	"bytes"
	"encoding/json"
	"errors"
	"fmt"
	"reflect"
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
	one := dataplane.Backend{Name: "be", Mode: "http", BackendOptions: dataplane.BackendOptions{Retries: ptr[int64](3)},
		BackendObjects: dataplane.BackendObjects{Balance: &dataplane.Balance{Algorithm: "roundrobin"}, DefaultServer: &dataplane.ServerParams{Check: dataplane.Enabled, Inter: ptr[int64](2000)}}}
	b.Run("one-backend-declaration-order", func(b *testing.B) {
		for b.Loop() {
			if _, err := json.Marshal(one); err != nil {
				b.Fatal(err)
			}
		}
	})
	b.Run("one-backend-sorted", func(b *testing.B) {
		for b.Loop() {
			if _, err := sortedJSON(one); err != nil {
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
	body := `{"Name":"be","mode":null,"colour":"red","abortonclose":null,"compression":{"algorithms":null,"offload":false},
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
		`{"name":"be","retries":"three"}`: `cannot unmarshal string`,
		`{"name":"be"} {"name":"other"}`:  `one JSON value expected`,
	} {
		var be dataplane.Backend
		err := decodeBody([]byte(body), &be)
		if err == nil || !errors.Is(err, errSchema) || !strings.Contains(err.Error(), want) {
			t.Errorf("%s: error %v, want one with %q", body, err, want)
		}
	}

	// An official member not modeled (every member of the served models is
	// modeled now, so a model made for the test has one): 422 naming it,
	// nested or in a list, unless it is empty.
	type part struct {
		Name string `json:"name"`
	}
	type model struct {
		Name  string `json:"name"`
		Parts []part `json:"parts"`
	}
	bodyModels[reflect.TypeFor[model]()] = &bodyModel{kind: "test_model", fields: dataplane.ModelFields(reflect.TypeFor[model]()),
		official: map[string]bool{"name": true, "parts": true, "later": true}}
	bodyModels[reflect.TypeFor[part]()] = &bodyModel{kind: "test_part", fields: dataplane.ModelFields(reflect.TypeFor[part]()),
		official: map[string]bool{"name": true, "metadata": true}}
	t.Cleanup(func() { delete(bodyModels, reflect.TypeFor[model]()); delete(bodyModels, reflect.TypeFor[part]()) })
	for body, want := range map[string]string{
		`{"name":"m","later":1}`:                                 `"later" is a field of the official test_model model`,
		`{"name":"m","parts":[{"name":"p","metadata":{"a":1}}]}`: `"parts[0].metadata" is a field of the official test_part model`,
		`[{"name":"a"},{"name":"b","later":"x"}]`:                `"[1].later" is a field of the official test_model model`,
	} {
		var err error
		if body[0] == '[' {
			var ms []model
			err = decodeBody([]byte(body), &ms)
		} else {
			var m model
			err = decodeBody([]byte(body), &m)
		}
		if err == nil || !errors.Is(err, errSchema) || !strings.Contains(err.Error(), want) {
			t.Errorf("%s: error %v, want one with %q", body, err, want)
		}
	}
	var m model
	if err := decodeBody([]byte(`{"name":"m","later":null,"parts":[{"name":"p","metadata":{}}]}`), &m); err != nil || m.Name != "m" {
		t.Errorf("empty official members: %v, %+v", err, m)
	}

	// metadata is modeled: {} reaches the model (it removes a comment), null
	// does not (it leaves it), and numbers stay as written.
	for body, want := range map[string]dataplane.Metadata{
		`{"name":"be","metadata":{}}`:   {},
		`{"name":"be","metadata":null}`: nil,
		`{"name":"be"}`:                 nil,
		`{"name":"be","metadata":{"n":1.50,"c":"x","o":{"a":[1,null]}}}`: {"n": json.Number("1.50"), "c": "x", "o": map[string]any{"a": []any{json.Number("1"), nil}}},
	} {
		var be dataplane.Backend
		if err := decodeBody([]byte(body), &be); err != nil {
			t.Fatalf("%s: %v", body, err)
		}
		if !reflect.DeepEqual(be.Metadata, want) || (be.Metadata == nil) != (want == nil) {
			t.Errorf("%s: metadata %#v, want %#v", body, be.Metadata, want)
		}
	}
}

// TestDeprecatedMembersReadAsTheirReplacements: force_<v>/no_<v>, strict_sni and
// the like, which clients of older official versions send, say the switch they
// stand for; one contradicting it is refused.
func TestDeprecatedMembersReadAsTheirReplacements(t *testing.T) {
	var s dataplane.Server
	if err := decodeBody([]byte(`{"name":"s","address":"a","force_tlsv12":"enabled","no_sslv3":"enabled","force_tlsv13":"disabled","no_tlsv11":null}`), &s); err != nil {
		t.Fatal(err)
	}
	if s.Tlsv12 != dataplane.Enabled || s.Sslv3 != dataplane.Disabled || s.Tlsv13 != "" || s.Tlsv11 != "" {
		t.Fatalf("decoded %+v", s.ServerParams)
	}
	var b dataplane.Bind
	if err := decodeBody([]byte(`{"name":"b","strict_sni":true,"no_tls_tickets":true,"force_tlsv12":true,"no_sslv3":false}`), &b); err != nil {
		t.Fatal(err)
	}
	if b.ForceStrictSni != dataplane.Enabled || b.TLSTickets != dataplane.Disabled || b.Tlsv12 != dataplane.Enabled || b.Sslv3 != "" {
		t.Fatalf("decoded %+v", b)
	}
	var be dataplane.Backend
	if err := decodeBody([]byte(`{"name":"be","default_server":{"no_tlsv10":"enabled"}}`), &be); err != nil || be.DefaultServer.Tlsv10 != dataplane.Disabled {
		t.Fatalf("default_server alias: %v %+v", err, be.DefaultServer)
	}
	for body, want := range map[string]string{
		`{"name":"s","address":"a","tlsv12":"disabled","force_tlsv12":"enabled"}`: `"force_tlsv12" (deprecated) says tlsv12 "enabled", which contradicts disabled`,
		`{"name":"s","address":"a","force_tlsv12":"yes"}`:                         `"force_tlsv12" must be "enabled" or "disabled"`,
	} {
		err := decodeBody([]byte(body), &s)
		if err == nil || !errors.Is(err, errSchema) || !strings.Contains(err.Error(), want) {
			t.Errorf("%s: error %v, want one with %q", body, err, want)
		}
	}
}

// TestAnswersHaveSortedKeys: an answer's object members are in alphabetical
// order at every depth, as the official server writes them.
func TestAnswersHaveSortedKeys(t *testing.T) {
	be := dataplane.Backend{Name: "be", Mode: "http", BackendOptions: dataplane.BackendOptions{Retries: ptr[int64](3)},
		BackendObjects: dataplane.BackendObjects{Balance: &dataplane.Balance{Algorithm: "uri", URIWhole: true, URILen: ptr[int64](4)}, DefaultServer: &dataplane.ServerParams{Weight: ptr[int64](5), Check: dataplane.Enabled}}}
	data, err := sortedJSON([]dataplane.Backend{be})
	if err != nil {
		t.Fatal(err)
	}
	want := `[{"balance":{"algorithm":"uri","uri_len":4,"uri_whole":true},"default_server":{"check":"enabled","weight":5},"mode":"http","name":"be","retries":3}]` + "\n"
	if string(data) != want {
		t.Fatalf("got  %s\nwant %s", data, want)
	}
}

// BenchmarkRequestDecoding: what reading a body as the official server does
// costs over a strict decode, for a backend and for a body of every official
// backend member, null but three (as pderuiter's provider sends).
func BenchmarkRequestDecoding(b *testing.B) {
	small := []byte(`{"name":"be","mode":"http","balance":{"algorithm":"roundrobin"},"retries":3}`)
	all := map[string]any{}
	for _, name := range dataplane.OfficialFields["backend"] {
		all[name] = nil
	}
	all["name"], all["mode"], all["balance"] = "be", "http", map[string]any{"algorithm": "roundrobin"}
	nulls, _ := json.Marshal(all)
	b.Run("strict", func(b *testing.B) {
		for b.Loop() {
			var be dataplane.Backend
			dec := json.NewDecoder(bytes.NewReader(small))
			dec.DisallowUnknownFields()
			if err := dec.Decode(&be); err != nil {
				b.Fatal(err)
			}
		}
	})
	for name, body := range map[string][]byte{"official": small, "official-108-members": nulls} {
		b.Run(name, func(b *testing.B) {
			for b.Loop() {
				var be dataplane.Backend
				if err := decodeBody(body, &be); err != nil {
					b.Fatal(err)
				}
			}
		})
	}
}

// TestSortedJSONIsEncodingJSONSorted: for every model, filled at every depth,
// sortedJSON writes what encoding/json writes once its objects' members are
// sorted (marshal, decode into maps, marshal again), escaping included.
func TestSortedJSONIsEncodingJSONSorted(t *testing.T) {
	values := []any{errorBody{Code: 422, Message: `a <b> & "c"`}, dataplane.Info{}, dataplane.Transaction{}, dataplane.Reload{}, dataplane.Health{},
		map[string]any{"z": 1, "a": []any{map[string]any{"y": true, "b": nil}}, "m": dataplane.Balance{Algorithm: "uri"}}, []string(nil), []int{}, int64(7), nil}
	for rt := range dataplane.OfficialKinds {
		values = append(values, reflect.New(rt).Elem().Interface(), fill(reflect.New(rt).Elem()).Interface())
	}
	for _, v := range values {
		data, err := json.Marshal(v)
		if err != nil {
			t.Fatal(err)
		}
		dec := json.NewDecoder(bytes.NewReader(data))
		dec.UseNumber()
		var generic any
		if err := dec.Decode(&generic); err != nil {
			t.Fatal(err)
		}
		want, _ := json.Marshal(generic)
		got, err := sortedJSON(v)
		if err != nil || string(got) != string(want)+"\n" {
			t.Errorf("%T:\n got %s (%v)\nwant %s", v, got, err, want)
		}
	}
}

// fill sets every field of v at every depth, with values that need escaping.
func fill(v reflect.Value) reflect.Value {
	switch v.Kind() {
	case reflect.String:
		v.SetString("<x & \"y\">\u2028\n")
	case reflect.Bool:
		v.SetBool(true)
	case reflect.Int, reflect.Int64:
		v.SetInt(42)
	case reflect.Pointer:
		v.Set(reflect.New(v.Type().Elem()))
		fill(v.Elem())
	case reflect.Slice:
		v.Set(reflect.MakeSlice(v.Type(), 2, 2))
		for i := range 2 {
			fill(v.Index(i))
		}
	case reflect.Struct:
		for i := range v.NumField() {
			if v.Type().Field(i).IsExported() {
				fill(v.Field(i))
			}
		}
	}
	return v
}
