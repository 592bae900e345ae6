package haproxycfg

import (
	"errors"
	"slices"
	"strings"
	"testing"

	"github.com/tfhaproxy/terraform-provider-haproxy/internal/dataplane"
)

// otherSectionsCfg has the sections that are not proxies as people write them.
const otherSectionsCfg = `global
    user haproxy
    group haproxy

resolvers   dns   # main DNS
    nameserver ns1 127.0.0.1:53
    nameserver  ns2   tcp@127.0.0.2:5353   # backup
    hold valid    10s
    hold nx 30s
    accepted_payload_size 8192
    parse-resolv-conf
    timeout resolve 1s

userlist admins
    group ops users alice,bob
    user alice   password $6$salt$hash  groups ops
    user bob insecure-password "pw with # and space"

peers mypeers
    peer local 127.0.0.1:10000 shard 1
    server remote 127.0.0.2:10000
    bind 127.0.0.1:10001
    table t1 type ip size 1k
    default-server inter 2s unknown-kw

cache  c1
    total-max-size 4
    max-age 60
    process-vary off

http-errors site
    errorfile 503 /errors/503.http
    errorfile 500  "/errors/500 page.http"

ring r1
    description my logs ring
    format rfc5424
    size 32768
    timeout connect 5s
    server syslog 127.0.0.1:514   # collector

mailers m1
    mailer smtp1 127.0.0.1:25
    timeout mail 10s
`

func TestReadOtherSections(t *testing.T) {
	c := Parse([]byte(otherSectionsCfg))
	if string(c.Bytes()) != otherSectionsCfg {
		t.Fatal("not byte for byte")
	}
	cases := []struct {
		name string
		got  any
		want string
	}{
		{"resolvers", must[dataplane.Resolver](t)(Resolvers.GetFull(c, "dns")),
			`{"name":"dns","metadata":{"comment":"main DNS"},"accepted_payload_size":8192,"hold_nx":30000,"hold_valid":10000,"parse-resolv-conf":true,"timeout_resolve":1000,` +
				`"nameservers":{"ns1":{"name":"ns1","address":"127.0.0.1","port":53},"ns2":{"name":"ns2","metadata":{"comment":"backup"},"address":"tcp@127.0.0.2","port":5353}}}`},
		{"userlist", must[dataplane.Userlist](t)(Userlists.GetFull(c, "admins")),
			`{"name":"admins","groups":{"ops":{"name":"ops","users":"alice,bob"}},"users":{"alice":{"username":"alice","password":"$6$salt$hash","secure_password":true,"groups":"ops"},` +
				`"bob":{"username":"bob","password":"\"pw with # and space\"","secure_password":false}}}`},
		{"peers", must[dataplane.PeerSection](t)(PeerSections.GetFull(c, "mypeers")),
			`{"name":"mypeers","default_server":{"inter":2000},"peer_entries":{"local":{"name":"local","address":"127.0.0.1","port":10000,"shard":1}},` +
				`"servers":{"remote":{"name":"remote","address":"127.0.0.2","port":10000}},"binds":{"127.0.0.1:10001":{"name":"127.0.0.1:10001","address":"127.0.0.1","port":10001}},` +
				`"tables":{"t1":{"name":"t1","type":"ip","size":"1k"}}}`},
		{"cache", must[dataplane.Cache](t)(Caches.Get(c, "c1")), `{"name":"c1","total_max_size":4,"max_age":60,"process_vary":false}`},
		{"http-errors", must[dataplane.HTTPErrorsSection](t)(HTTPErrorsSections.Get(c, "site")),
			`{"name":"site","error_files":[{"code":503,"file":"/errors/503.http"},{"code":500,"file":"\"/errors/500 page.http\""}]}`},
		{"ring", must[dataplane.Ring](t)(Rings.GetFull(c, "r1")),
			`{"name":"r1","description":"my logs ring","format":"rfc5424","size":32768,"timeout_connect":5000,` +
				`"servers":{"syslog":{"name":"syslog","metadata":{"comment":"collector"},"address":"127.0.0.1","port":514}}}`},
		{"mailers", must[dataplane.MailersSection](t)(MailersSections.GetFull(c, "m1")),
			`{"name":"m1","timeout":10000,"mailer_entries":{"smtp1":{"name":"smtp1","address":"127.0.0.1","port":25}}}`},
	}
	for _, tc := range cases {
		if got := asJSON(t, tc.got); got != tc.want {
			t.Errorf("%s:\n got %s\nwant %s", tc.name, got, tc.want)
		}
	}
}

// TestOtherSectionsWriteBackIsNoChange: each section and child, read and
// written back, leaves every byte as it was (spacing, comments, quotes, lines
// the models do not hold).
func TestOtherSectionsWriteBackIsNoChange(t *testing.T) {
	c := Parse([]byte(otherSectionsCfg))
	e := c.Clone()
	steps := []error{
		Resolvers.ReplaceFull(e, must[dataplane.Resolver](t)(Resolvers.GetFull(c, "dns"))),
		Userlists.ReplaceFull(e, must[dataplane.Userlist](t)(Userlists.GetFull(c, "admins"))),
		PeerSections.ReplaceFull(e, must[dataplane.PeerSection](t)(PeerSections.GetFull(c, "mypeers"))),
		Caches.Replace(e, must[dataplane.Cache](t)(Caches.Get(c, "c1"))),
		HTTPErrorsSections.Replace(e, must[dataplane.HTTPErrorsSection](t)(HTTPErrorsSections.Get(c, "site"))),
		Rings.ReplaceFull(e, must[dataplane.Ring](t)(Rings.GetFull(c, "r1"))),
		MailersSections.ReplaceFull(e, must[dataplane.MailersSection](t)(MailersSections.GetFull(c, "m1"))),
	}
	for i, err := range steps {
		if err != nil {
			t.Fatalf("step %d: %v", i, err)
		}
	}
	if got := string(e.Bytes()); got != otherSectionsCfg {
		t.Errorf("write-back changed the file:\n%s", got)
	}
}

// TestOtherSectionsEdits: an edit changes its own words, and is tracked as
// its own object: a nameserver is not its section, a user line of the global
// section is no userlist's child.
func TestOtherSectionsEdits(t *testing.T) {
	c := Parse([]byte(otherSectionsCfg))
	e := c.Clone()
	ns2 := must[dataplane.Nameserver](t)(Nameservers.Get(c, "dns", "ns2"))
	ns2.Port = new(int64(53))
	if err := Nameservers.Replace(e, "dns", ns2); err != nil {
		t.Fatal(err)
	}
	bob := must[dataplane.User](t)(Users.Get(c, "admins", "bob"))
	bob.Groups = "ops"
	if err := Users.Replace(e, "admins", bob); err != nil {
		t.Fatal(err)
	}
	if err := MailerEntries.Create(e, "m1", dataplane.MailerEntry{Name: "smtp2", Address: "127.0.0.2", Port: new(int64(25))}); err != nil {
		t.Fatal(err)
	}
	want := strings.NewReplacer(
		"    nameserver  ns2   tcp@127.0.0.2:5353   # backup\n", "    nameserver  ns2   tcp@127.0.0.2:53   # backup\n",
		`    user bob insecure-password "pw with # and space"`+"\n", `    user bob insecure-password "pw with # and space" groups ops`+"\n",
		"    mailer smtp1 127.0.0.1:25\n", "    mailer smtp1 127.0.0.1:25\n    mailer smtp2 127.0.0.2:25\n",
	).Replace(otherSectionsCfg)
	if got := string(e.Bytes()); got != want {
		t.Errorf("edited:\n%s\nwant:\n%s", got, want)
	}
	changed := Changed(c, e)
	wantChanged := []string{"mailers m1/mailer smtp2", "resolvers dns/nameserver ns2", "userlist admins/user bob"}
	if !slices.Equal(changed, wantChanged) {
		t.Errorf("Changed = %v, want %v", changed, wantChanged)
	}
	if !slices.Contains(objectKeys(c, "global"), "global") || slices.ContainsFunc(objectKeys(c, "global"), func(k string) bool { return strings.Contains(k, "/") }) {
		t.Errorf("the global section's user and group lines are children: %v", objectKeys(c, "global"))
	}
}

// objectKeys are the objects a section of kind is split into.
func objectKeys(c *Config, kind string) []string {
	for _, s := range c.sections {
		if s.Kind == kind {
			var keys []string
			for k := range objects(kind, s) {
				keys = append(keys, k)
			}
			return keys
		}
	}
	return nil
}

// TestOtherSectionsBadValues: each bad value is refused naming its member,
// and changes nothing.
func TestOtherSectionsBadValues(t *testing.T) {
	expectRefusals(t, otherSectionsCfg, []refusal{
		{"accepted_payload_size", func(e *Config) error {
			return Resolvers.Create(e, dataplane.Resolver{Name: "d2", AcceptedPayloadSize: new(int64(100))})
		}},
		{"name", func(e *Config) error { return Resolvers.Create(e, dataplane.Resolver{Name: "bad name"}) }},
		{"port", func(e *Config) error {
			return Nameservers.Create(e, "dns", dataplane.Nameserver{Name: "ns3", Address: "127.0.0.1", Port: new(int64(70000))})
		}},
		{"address", func(e *Config) error { return Nameservers.Create(e, "dns", dataplane.Nameserver{Name: "ns3"}) }},
		{"port", func(e *Config) error {
			return MailerEntries.Create(e, "m1", dataplane.MailerEntry{Name: "x", Address: "127.0.0.1"})
		}},
		{"password", func(e *Config) error {
			return Users.Create(e, "admins", dataplane.User{Username: "carol", Password: "a b"})
		}},
		{"groups", func(e *Config) error {
			return Users.Create(e, "admins", dataplane.User{Username: "carol", Groups: "ops,bad group"})
		}},
		{"users", func(e *Config) error { return Groups.Create(e, "admins", dataplane.Group{Name: "g", Users: "a b"}) }},
		{"total_max_size", func(e *Config) error {
			return Caches.Create(e, dataplane.Cache{Name: "c2", TotalMaxSize: new(int64(0))})
		}},
		{"error_files[0].code", func(e *Config) error {
			return HTTPErrorsSections.Create(e, dataplane.HTTPErrorsSection{Name: "e2", ErrorFiles: []dataplane.Errorfile{{Code: 999, File: "/x"}}})
		}},
		{"format", func(e *Config) error { return Rings.Create(e, dataplane.Ring{Name: "r2", Format: "json"}) }},
		{"size", func(e *Config) error {
			return Tables.Create(e, "mypeers", dataplane.Table{Name: "t2", Type: "ip", Size: "1 k"})
		}},
		{"type", func(e *Config) error { return Tables.Create(e, "mypeers", dataplane.Table{Name: "t2", Type: "ipv6"}) }},
		{"description", func(e *Config) error { return Rings.Create(e, dataplane.Ring{Name: "r2", Description: "a\nb"}) }},
		{"timeout", func(e *Config) error {
			return MailersSections.Create(e, dataplane.MailersSection{Name: "m2", Timeout: new(int64(-1))})
		}},
		{"nameservers", func(e *Config) error { // children need full_section
			return Resolvers.Create(e, dataplane.Resolver{Name: "d3", Nameservers: map[string]dataplane.Nameserver{"a": {Name: "a", Address: "1.1.1.1"}}})
		}},
	})
}

// refusal is a write that must be refused, naming member.
type refusal struct {
	member string
	write  func(e *Config) error
}

// expectRefusals makes each write on the config cfg and checks that it is
// refused with a FieldError naming its member, and changes nothing.
func expectRefusals(t *testing.T, cfg string, cases []refusal) {
	t.Helper()
	c := Parse([]byte(cfg))
	for _, tc := range cases {
		e := c.Clone()
		err := tc.write(e)
		var fe *FieldError
		if !errors.As(err, &fe) || fe.Field != tc.member {
			t.Errorf("%s: %v", tc.member, err)
		}
		if string(e.Bytes()) != cfg {
			t.Errorf("%s: a refused write changed the config", tc.member)
		}
	}
}
