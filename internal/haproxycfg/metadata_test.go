package haproxycfg

import (
	"encoding/json"
	"errors"
	"math"
	"reflect"
	"strings"
	"testing"

	"github.com/tfhaproxy/terraform-provider-haproxy/internal/dataplane"
)

// TestMetadataReadFromComments: every object answers its line's comment as its
// metadata: a JSON object as itself, anything else as {"comment": text}.
func TestMetadataReadFromComments(t *testing.T) {
	c := Parse([]byte(`frontend fe # {"owner":"web","n":1.50}
    bind :80 name b1 #edge
    acl a1 path / # {"ids":[1,2],"o":{"k":null}}
    acl a2 path /x # [1,2]
    acl a3 path "/#y" #
    http-request deny if a1 # {}
    use_backend be if a2 #   spaced  out	
backend be #primary
    server s1 127.0.0.1:1 check # {"comment":"x"} trailing
    server s2 127.0.0.1:2 ## doubled
`))
	for _, tc := range []struct {
		name string
		got  any
		want string
	}{
		{"frontend", must[frontend](t)(Frontends.Get(c, "fe")).Metadata, `{"n":1.50,"owner":"web"}`},
		{"backend", must[backend](t)(Backends.Get(c, "be")).Metadata, `{"comment":"primary"}`},
		{"bind", must[bind](t)(Binds.Get(c, "fe", "b1")).Metadata, `{"comment":"edge"}`},
		{"acl object", must[dataplane.ACL](t)(ACLs.Get(c, "frontend", "fe", 0)).Metadata, `{"ids":[1,2],"o":{"k":null}}`},
		{"acl not an object", must[dataplane.ACL](t)(ACLs.Get(c, "frontend", "fe", 1)).Metadata, `{"comment":"[1,2]"}`},
		{"acl quoted #, bare #", must[dataplane.ACL](t)(ACLs.Get(c, "frontend", "fe", 2)), `{"acl_name":"a3","criterion":"path","value":"\"/#y\""}`},
		{"rule, empty object", must[httpRule](t)(HTTPRequestRules.Get(c, "frontend", "fe", 0)).Metadata, `null`},
		{"switching, blanks around", must[dataplane.BackendSwitchingRule](t)(BackendSwitchingRules.Get(c, "frontend", "fe", 0)).Metadata, `{"comment":"spaced  out"}`},
		{"server, JSON then text", must[dataplane.Server](t)(Servers.Get(c, "be", "s1")).Metadata, `{"comment":"{\"comment\":\"x\"} trailing"}`},
		{"server, two #", must[dataplane.Server](t)(Servers.Get(c, "be", "s2")).Metadata, `{"comment":"# doubled"}`},
	} {
		if got := asJSON(t, tc.got); got != tc.want {
			t.Errorf("%s: %s, want %s", tc.name, got, tc.want)
		}
	}
}

const metaConfig = "frontend fe   #  front door\n" +
	"    bind :80 name b1\n" +
	"    acl a1 path /a   #first\n" +
	"    acl a1 path /a # second\n" +
	"    acl a2 path /b\n" +
	"    http-request deny if a1 # {\"ticket\":7}\n" +
	"    use_backend be if a2  # route\n" +
	"backend be from dflt # {\"owner\":\"web\"}\n" +
	"    server s1 127.0.0.1:1   check  #primary\n" +
	"    server s2 127.0.0.1:2\n"

// TestMetadataWrites: unset metadata leaves a line's comment as written, even
// when the line changes; metadata that the comment already says leaves its
// bytes; other metadata rewrites the comment only, {"comment": text} as plain
// text; {} removes it. Everything else of the line stays.
func TestMetadataWrites(t *testing.T) {
	server := func(m dataplane.Metadata, weight int64) dataplane.Server {
		s := dataplane.Server{Name: "s1", Address: "127.0.0.1", Port: ptrTo[int64](1), Metadata: m}
		s.Check = dataplane.Enabled
		if weight > 0 {
			s.Weight = &weight
		}
		return s
	}
	for _, tc := range []struct {
		name string
		s    dataplane.Server
		line string
	}{
		{"unset, nothing else changes", server(nil, 0), "    server s1 127.0.0.1:1   check  #primary\n"},
		{"unset, a keyword added", server(nil, 5), "    server s1 127.0.0.1:1   check weight 5  #primary\n"},
		{"the same, said another way", server(dataplane.Metadata{"comment": "primary"}, 0), "    server s1 127.0.0.1:1   check  #primary\n"},
		{"another comment", server(dataplane.Metadata{"comment": "backup one"}, 0), "    server s1 127.0.0.1:1   check  #backup one\n"},
		{"an object", server(dataplane.Metadata{"owner": "web", "n": 2, "tags": []any{"a", "<b>"}}, 0), `    server s1 127.0.0.1:1   check  #{"n":2,"owner":"web","tags":["a","<b>"]}` + "\n"},
		{"a comment that is not plain", server(dataplane.Metadata{"comment": "two\nlines"}, 0), `    server s1 127.0.0.1:1   check  #{"comment":"two\nlines"}` + "\n"},
		{"a comment that would read as JSON", server(dataplane.Metadata{"comment": `{"a":1}`}, 0), `    server s1 127.0.0.1:1   check  #{"comment":"{\"a\":1}"}` + "\n"},
		{"a comment with blanks around", server(dataplane.Metadata{"comment": " x "}, 0), `    server s1 127.0.0.1:1   check  #{"comment":" x "}` + "\n"},
		{"a DEL", server(dataplane.Metadata{"comment": "a\x7fb"}, 0), `    server s1 127.0.0.1:1   check  #{"comment":"a\u007fb"}` + "\n"},
		{"removed", server(dataplane.Metadata{}, 0), "    server s1 127.0.0.1:1   check\n"},
		{"removed, a keyword added", server(dataplane.Metadata{}, 5), "    server s1 127.0.0.1:1   check weight 5\n"},
	} {
		c := Parse([]byte(metaConfig))
		if err := Servers.Replace(c, "be", tc.s); err != nil {
			t.Errorf("%s: %v", tc.name, err)
			continue
		}
		want := strings.Replace(metaConfig, "    server s1 127.0.0.1:1   check  #primary\n", tc.line, 1)
		if got := string(c.Bytes()); got != want {
			t.Errorf("%s:\n got %q\nwant %q", tc.name, got, want)
			continue
		}
		if tc.s.Metadata == nil {
			continue
		}
		got := must[dataplane.Server](t)(Servers.Get(Parse(c.Bytes()), "be", "s1")).Metadata
		if !sameMetadata(got, tc.s.Metadata) {
			t.Errorf("%s: reads back as %v, want %v", tc.name, got, tc.s.Metadata)
		}
	}

	// A new line: a comment when there is metadata, none when it is unset or {}.
	for m, line := range map[string]string{`null`: "    server s3 127.0.0.1:3\n", `{}`: "    server s3 127.0.0.1:3\n",
		`{"comment":"new"}`: "    server s3 127.0.0.1:3 # new\n", `{"k":[true]}`: `    server s3 127.0.0.1:3 # {"k":[true]}` + "\n"} {
		c := Parse([]byte(metaConfig))
		s := dataplane.Server{Name: "s3", Address: "127.0.0.1", Port: ptrTo[int64](3)}
		if err := json.Unmarshal([]byte(m), &s.Metadata); err != nil {
			t.Fatal(err)
		}
		if err := Servers.Create(c, "be", s); err != nil {
			t.Fatalf("%s: %v", m, err)
		}
		if want := metaConfig + line; string(c.Bytes()) != want {
			t.Errorf("create with %s:\n got %q\nwant %q", m, c.Bytes(), want)
		}
	}
}

// TestMetadataSections: a frontend's or backend's metadata is its header's
// comment; editing its `from` or settings keeps the comment unless metadata says
// otherwise.
func TestMetadataSections(t *testing.T) {
	c := Parse([]byte(metaConfig))
	be := must[backend](t)(Backends.Get(c, "be"))
	if !sameMetadata(be.Metadata, dataplane.Metadata{"owner": "web"}) || be.From != "dflt" {
		t.Fatalf("backend: %+v", be)
	}
	be.Metadata, be.From, be.Mode = nil, "", "http"
	if err := Backends.Replace(c, be); err != nil {
		t.Fatal(err)
	}
	want := strings.Replace(metaConfig, "backend be from dflt # {\"owner\":\"web\"}\n", "backend be # {\"owner\":\"web\"}\n    mode http\n", 1)
	if string(c.Bytes()) != want {
		t.Fatalf("unset metadata, from removed:\n%s", c.Bytes())
	}

	fe := must[frontend](t)(Frontends.Get(c, "fe"))
	if !sameMetadata(fe.Metadata, dataplane.Metadata{"comment": "front door"}) {
		t.Fatalf("frontend: %v", fe.Metadata)
	}
	fe.Metadata = dataplane.Metadata{"comment": "main door"}
	if err := Frontends.Replace(c, fe); err != nil {
		t.Fatal(err)
	}
	want = strings.Replace(want, "frontend fe   #  front door\n", "frontend fe   #  main door\n", 1)
	if string(c.Bytes()) != want {
		t.Fatalf("frontend comment changed:\n%s", c.Bytes())
	}
	fe.Metadata = dataplane.Metadata{}
	if err := Frontends.Replace(c, fe); err != nil {
		t.Fatal(err)
	}
	want = strings.Replace(want, "frontend fe   #  main door\n", "frontend fe\n", 1)
	if string(c.Bytes()) != want {
		t.Fatalf("frontend comment removed:\n%s", c.Bytes())
	}

	if err := Backends.Create(c, backend{Name: "be2", Metadata: dataplane.Metadata{"team": "api"}}); err != nil {
		t.Fatal(err)
	}
	if !strings.Contains(string(c.Bytes()), "\nbackend be2 # {\"team\":\"api\"}\n") {
		t.Fatalf("created backend:\n%s", c.Bytes())
	}
	if got := must[backend](t)(Backends.Get(Parse(c.Bytes()), "be2")).Metadata; !sameMetadata(got, dataplane.Metadata{"team": "api"}) {
		t.Fatalf("created backend reads back %v", got)
	}
}

// TestMetadataLists: in a list, an item with metadata keeps the line that has
// its words and says its metadata, bytes and all; one without keeps the comment
// of the line it matches; a changed item is rewritten in place with its comment.
func TestMetadataLists(t *testing.T) {
	acl := func(value string, m dataplane.Metadata) dataplane.ACL {
		return dataplane.ACL{ACLName: "a1", Criterion: "path", Value: value, Metadata: m}
	}
	for _, tc := range []struct {
		name  string
		items []dataplane.ACL
		acls  string // the ACL lines after
	}{
		{"all without metadata", []dataplane.ACL{acl("/a", nil), acl("/a", nil)},
			"    acl a1 path /a   #first\n    acl a1 path /a # second\n"},
		{"the second by its metadata", []dataplane.ACL{acl("/a", dataplane.Metadata{"comment": "second"})},
			"    acl a1 path /a # second\n"},
		{"one with, one without", []dataplane.ACL{acl("/a", nil), acl("/a", dataplane.Metadata{"comment": "first"})},
			"    acl a1 path /a # second\n    acl a1 path /a # first\n"},
		{"new metadata", []dataplane.ACL{acl("/a", dataplane.Metadata{"comment": "third"}), acl("/a", nil)},
			"    acl a1 path /a # third\n    acl a1 path /a   #first\n"},
		{"changed words, no metadata", []dataplane.ACL{acl("/c", nil), acl("/a", nil)},
			"    acl a1 path /c   #first\n    acl a1 path /a # second\n"},
		{"changed words and metadata", []dataplane.ACL{acl("/a", nil), acl("/c", dataplane.Metadata{"k": 1})},
			"    acl a1 path /a   #first\n    acl a1 path /c # {\"k\":1}\n"},
		{"comments removed", []dataplane.ACL{acl("/a", dataplane.Metadata{}), acl("/a", dataplane.Metadata{})},
			"    acl a1 path /a\n    acl a1 path /a\n"},
		{"added", []dataplane.ACL{acl("/a", nil), acl("/a", nil), acl("/d", dataplane.Metadata{"comment": "new"})},
			"    acl a1 path /a   #first\n    acl a1 path /a # second\n    acl a1 path /d # new\n"},
	} {
		c := Parse([]byte(metaConfig))
		items := append(tc.items, dataplane.ACL{ACLName: "a2", Criterion: "path", Value: "/b"})
		if err := ACLs.ReplaceAll(c, "frontend", "fe", items); err != nil {
			t.Errorf("%s: %v", tc.name, err)
			continue
		}
		want := strings.Replace(metaConfig, "    acl a1 path /a   #first\n    acl a1 path /a # second\n", tc.acls, 1)
		if got := string(c.Bytes()); got != want {
			t.Errorf("%s:\n got %q\nwant %q", tc.name, got, want)
		}
		// What the list says is what it was given, metadata where it was given.
		got := must[[]dataplane.ACL](t)(ACLs.List(Parse(c.Bytes()), "frontend", "fe"))
		for i, item := range items {
			if i >= len(got) || got[i].Value != item.Value || item.Metadata != nil && !sameMetadata(got[i].Metadata, item.Metadata) {
				t.Errorf("%s: item %d reads back %+v, want %+v", tc.name, i, got, items)
				break
			}
		}
	}

	// Set and Insert keep the other items' comments: they read as their metadata.
	c := Parse([]byte(metaConfig))
	r := must[httpRule](t)(HTTPRequestRules.Get(c, "frontend", "fe", 0))
	r.DenyStatus = ptrTo[int64](429)
	if err := HTTPRequestRules.Set(c, "frontend", "fe", 0, r); err != nil {
		t.Fatal(err)
	}
	if err := BackendSwitchingRules.Insert(c, "frontend", "fe", 0, dataplane.BackendSwitchingRule{Name: "be", Cond: "if", CondTest: "a1", Metadata: dataplane.Metadata{"comment": "first"}}); err != nil {
		t.Fatal(err)
	}
	want := strings.Replace(metaConfig, "    http-request deny if a1 # {\"ticket\":7}\n    use_backend be if a2  # route\n",
		"    http-request deny deny_status 429 if a1 # {\"ticket\":7}\n    use_backend be if a1 # first\n    use_backend be if a2  # route\n", 1)
	if string(c.Bytes()) != want {
		t.Fatalf("set and insert:\n got %q\nwant %q", c.Bytes(), want)
	}
}

// TestMetadataRoundTripsEveryKind: metadata written on each kind of object reads
// back equal from the file's bytes.
func TestMetadataRoundTripsEveryKind(t *testing.T) {
	m := dataplane.Metadata{"owner": "web", "n": json.Number("1.5"), "nested": map[string]any{"list": []any{"a", nil, true}}, "comment": "# not a comment"}
	c := Parse([]byte("frontend fe\nbackend be\n"))
	checks := []error{
		Frontends.Replace(c, frontend{Name: "fe", Metadata: m}),
		Backends.Replace(c, backend{Name: "be", Metadata: m}),
		Servers.Create(c, "be", dataplane.Server{Name: "s1", Address: "127.0.0.1", Port: ptrTo[int64](1), Metadata: m}),
		Binds.Create(c, "fe", dataplane.Bind{Name: "b1", Address: "127.0.0.1", Port: ptrTo[int64](80), Metadata: m}),
		ACLs.ReplaceAll(c, "frontend", "fe", []dataplane.ACL{{ACLName: "a", Criterion: "path", Value: "/", Metadata: m}}),
		HTTPRequestRules.ReplaceAll(c, "frontend", "fe", []httpRule{{Type: "deny", Metadata: m}}),
		BackendSwitchingRules.ReplaceAll(c, "frontend", "fe", []dataplane.BackendSwitchingRule{{Name: "be", Metadata: m}}),
	}
	if err := errors.Join(checks...); err != nil {
		t.Fatal(err)
	}
	p := Parse(c.Bytes())
	for name, got := range map[string]dataplane.Metadata{
		"frontend": must[frontend](t)(Frontends.Get(p, "fe")).Metadata,
		"backend":  must[backend](t)(Backends.Get(p, "be")).Metadata,
		"server":   must[dataplane.Server](t)(Servers.Get(p, "be", "s1")).Metadata,
		"bind":     must[dataplane.Bind](t)(Binds.Get(p, "fe", "b1")).Metadata,
		"acl":      must[dataplane.ACL](t)(ACLs.Get(p, "frontend", "fe", 0)).Metadata,
		"rule":     must[httpRule](t)(HTTPRequestRules.Get(p, "frontend", "fe", 0)).Metadata,
		"switch":   must[dataplane.BackendSwitchingRule](t)(BackendSwitchingRules.Get(p, "frontend", "fe", 0)).Metadata,
	} {
		if !reflect.DeepEqual(got, m) {
			t.Errorf("%s: %#v, want %#v", name, got, m)
		}
	}
	if n := strings.Count(string(c.Bytes()), "\n"); n != 7 {
		t.Errorf("%d lines, want 7:\n%s", n, c.Bytes())
	}
}

// TestMetadataRefused: metadata no comment can say is refused, naming the
// field, and nothing is written.
func TestMetadataRefused(t *testing.T) {
	long := dataplane.Metadata{"comment": strings.Repeat("x", MaxLineBytes)}
	for name, m := range map[string]dataplane.Metadata{
		"NaN":      {"x": math.NaN()},
		"too long": long,
		"a func":   {"f": func() {}},
	} {
		c := Parse([]byte(metaConfig))
		errs := []error{
			Servers.Replace(c, "be", dataplane.Server{Name: "s2", Address: "127.0.0.1", Port: ptrTo[int64](2), Metadata: m}),
			Backends.Replace(c, backend{Name: "be", Metadata: m}),
			ACLs.ReplaceAll(c, "frontend", "fe", []dataplane.ACL{{ACLName: "a", Criterion: "path", Value: "/", Metadata: m}}),
		}
		for i, err := range errs {
			var fe *FieldError
			tooLong := name == "too long" && errors.Is(err, ErrTooLong) // the list's own line check may come first
			if !tooLong && (!errors.As(err, &fe) || !strings.HasSuffix(fe.Field, "metadata") || !errors.Is(err, ErrInvalid)) {
				t.Errorf("%s, write %d: %v", name, i, err)
			}
		}
		if string(c.Bytes()) != metaConfig {
			t.Errorf("%s: the config changed:\n%s", name, c.Bytes())
		}
	}
	// Just under the limit with the rest of the line is still too long.
	c := Parse([]byte(metaConfig))
	m := dataplane.Metadata{"comment": strings.Repeat("x", MaxLineBytes-10)}
	if err := Servers.Replace(c, "be", dataplane.Server{Name: "s2", Address: "127.0.0.1", Port: ptrTo[int64](2), Metadata: m}); !errors.Is(err, ErrTooLong) {
		t.Errorf("a line made too long by its comment: %v", err)
	}
}

func ptrTo[T any](v T) *T { return &v }

// TestMetadataOfNestedObjects: the nested objects with a metadata member
// (stick_table, errorloc302/303, each errorfiles line, email_alert on its
// `mailers` line) read their line's comment and write it as the other objects
// do: unset keeps it, {} removes it, and a change touches the comment only.
func TestMetadataOfNestedObjects(t *testing.T) {
	const cfg = "backend be\n" +
		"    stick-table type ip size 1k # {\"owner\":\"sec\"}\n" +
		"    errorloc302 503 /down.html #moved\n" +
		"    errorfiles site 404 # first\n" +
		"    errorfiles other\n" +
		"    email-alert from lb@example.com # not the object's\n" +
		"    email-alert mailers ops # paging\n" +
		"    email-alert to ops@example.com\n"
	c := Parse([]byte(cfg))
	b := must[backend](t)(Backends.Get(c, "be"))
	for name, tc := range map[string]struct {
		got  dataplane.Metadata
		want string
	}{
		"stick_table":   {b.StickTable.Metadata, `{"owner":"sec"}`},
		"errorloc302":   {b.Errorloc302.Metadata, `{"comment":"moved"}`},
		"errorfiles[0]": {b.ErrorFilesFromHTTPErrors[0].Metadata, `{"comment":"first"}`},
		"errorfiles[1]": {b.ErrorFilesFromHTTPErrors[1].Metadata, `null`},
		"email_alert":   {b.EmailAlert.Metadata, `{"comment":"paging"}`},
	} {
		if got := asJSON(t, tc.got); got != tc.want {
			t.Errorf("%s: %s, want %s", name, got, tc.want)
		}
	}

	// Unset: every comment stays, even on a line whose words change.
	unset := b
	st := *b.StickTable
	st.Metadata, st.Size = nil, ptrTo[int64](2048)
	unset.StickTable = &st
	unset.Errorloc302 = &dataplane.Errorloc{Code: 503, URL: "/down.html"}
	unset.ErrorFilesFromHTTPErrors = []dataplane.Errorfiles{{Name: "site", Codes: []int64{404}}, {Name: "other"}}
	ea := *b.EmailAlert
	ea.Metadata = nil
	unset.EmailAlert = &ea
	if err := Backends.Replace(c, unset); err != nil {
		t.Fatal(err)
	}
	if want := strings.Replace(cfg, "size 1k", "size 2048", 1); string(c.Bytes()) != want {
		t.Errorf("unset metadata changed comments:\n%s\nwant\n%s", c.Bytes(), want)
	}

	// Set: each line's comment says it; {} removes one; the words stay.
	set := must[backend](t)(Backends.Get(c, "be"))
	set.StickTable.Metadata = dataplane.Metadata{}
	set.Errorloc302.Metadata = dataplane.Metadata{"comment": "new place"}
	set.ErrorFilesFromHTTPErrors[1].Metadata = dataplane.Metadata{"id": json.Number("7")}
	set.EmailAlert.Metadata = dataplane.Metadata{}
	if err := Backends.Replace(c, set); err != nil {
		t.Fatal(err)
	}
	want := "backend be\n" +
		"    stick-table type ip size 2048\n" +
		"    errorloc302 503 /down.html #new place\n" +
		"    errorfiles site 404 # first\n" +
		"    errorfiles other # {\"id\":7}\n" +
		"    email-alert from lb@example.com # not the object's\n" +
		"    email-alert mailers ops\n" +
		"    email-alert to ops@example.com\n"
	if string(c.Bytes()) != want {
		t.Errorf("got\n%s\nwant\n%s", c.Bytes(), want)
	}
	if got := must[backend](t)(Backends.Get(Parse(c.Bytes()), "be")); !reflect.DeepEqual(got.ErrorFilesFromHTTPErrors[1].Metadata, set.ErrorFilesFromHTTPErrors[1].Metadata) {
		t.Errorf("errorfiles metadata read back %v", got.ErrorFilesFromHTTPErrors[1].Metadata)
	}

	// New objects are written with their comment; bad metadata is refused by name.
	fresh := Parse([]byte("backend be\n"))
	nb := backend{Name: "be"}
	nb.Errorloc303 = &dataplane.Errorloc{Code: 503, URL: "/x", Metadata: dataplane.Metadata{"comment": "fresh"}}
	if err := Backends.Replace(fresh, nb); err != nil {
		t.Fatal(err)
	}
	if want := "backend be\n    errorloc303 503 /x # fresh\n"; string(fresh.Bytes()) != want {
		t.Errorf("new line: %q, want %q", fresh.Bytes(), want)
	}
	nb.StickTable = &dataplane.StickTable{Type: "ip", Metadata: dataplane.Metadata{"x": math.NaN()}}
	err := Backends.Replace(fresh, nb)
	var fe *FieldError
	if !errors.As(err, &fe) || fe.Field != "stick_table.metadata" {
		t.Errorf("NaN metadata: %v", err)
	}
}
