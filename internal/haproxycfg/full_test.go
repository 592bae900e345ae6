package haproxycfg

import (
	"errors"
	"slices"
	"testing"

	"github.com/tfhaproxy/terraform-provider-haproxy/internal/dataplane"
)

const fullSectionConfig = `frontend fe
    bind :8080 name web
    acl a path /a
    http-request deny if a
    http-response set-header X-A a
    tcp-request content accept if a
    http-error status 503 default-errorfiles
    use_backend be if a

backend be
    acl get method GET
    http-request set-header X-B b if get
    use-server s1 if get
    stick on src
    http-check send meth GET uri /
    tcp-check connect
    tcp-request inspect-delay 5s
    tcp-response content close if get
    http-response del-header X-C
    http-after-response set-header X-D d
    server s1 127.0.0.1:1 weight 3
    server s2 127.0.0.1:2
`

// TestFullSectionWriteBackIsNoChange: a full read written back changes no byte
// and touches every child it addresses, so that a write made at an older
// version conflicts with a change to any of them.
func TestFullSectionWriteBackIsNoChange(t *testing.T) {
	c := Parse([]byte(fullSectionConfig))
	fe, err := Frontends.GetFull(c, "fe")
	if err != nil {
		t.Fatal(err)
	}
	be, err := Backends.GetFull(c, "be")
	if err != nil {
		t.Fatal(err)
	}
	if len(fe.Binds) != 1 || len(fe.ACLList) != 1 || len(fe.HTTPRequestRuleList) != 1 || len(fe.BackendSwitchingRuleList) != 1 ||
		len(be.Servers) != 2 || len(be.ACLList) != 1 || len(be.HTTPRequestRuleList) != 1 || len(be.ServerSwitchingRuleList) != 1 ||
		len(be.StickRuleList) != 1 || len(be.HTTPCheckList) != 1 || len(be.TCPCheckRuleList) != 1 ||
		len(fe.TCPRequestRuleList) != 1 || len(be.TCPRequestRuleList) != 1 || len(be.TCPResponseRuleList) != 1 ||
		len(fe.HTTPResponseRuleList) != 1 || len(be.HTTPResponseRuleList) != 1 ||
		len(fe.HTTPErrorRuleList) != 1 || len(be.HTTPAfterResponseRuleList) != 1 {
		t.Fatalf("full reads: %+v\n%+v", fe, be)
	}
	e := c.Clone()
	if err := Frontends.ReplaceFull(e, fe); err != nil {
		t.Fatal(err)
	}
	if err := Backends.ReplaceFull(e, be); err != nil {
		t.Fatal(err)
	}
	if got := string(e.Bytes()); got != fullSectionConfig {
		t.Errorf("a full read written back changed the file:\n%s", got)
	}
	// every list, empty ones too: a full write says what each holds
	want := []string{"backend be", "backend be/acls", "backend be/http checks", "backend be/http-after-response rules",
		"backend be/http-error rules", "backend be/http-request rules", "backend be/http-response rules", "backend be/server s1",
		"backend be/server s2", "backend be/server switching rules", "backend be/stick rules", "backend be/tcp checks",
		"backend be/tcp-request rules", "backend be/tcp-response rules", "frontend fe", "frontend fe/acls",
		"frontend fe/backend switching rules", "frontend fe/bind web", "frontend fe/http-after-response rules",
		"frontend fe/http-error rules", "frontend fe/http-request rules", "frontend fe/http-response rules", "frontend fe/tcp-request rules",
		"backend be/log targets", "frontend fe/captures", "frontend fe/filters", "frontend fe/filter sequences", "backend be/filters",
		"backend be/filter sequences", "frontend fe/log targets", "frontend fe/quic-initial rules", "frontend fe/ssl-f-use lines",
		"frontend fe/force-be-switch rules"}
	slices.Sort(want)
	if got := e.Touched(); !slices.Equal(got, want) {
		t.Errorf("touched %q, want %q", got, want)
	}
}

// TestChildMembersAreNotDirectives: the child members are no rows of the
// sections' directive tables (the provider's extra_directives), and a section
// write without full_section leaves the children alone when they are empty.
func TestChildMembersAreNotDirectives(t *testing.T) {
	c := Parse([]byte(fullSectionConfig))
	fe, _ := Frontends.GetFull(c, "fe")
	own, _ := Frontends.Get(c, "fe")
	if a, b := Frontends.Directives(&fe), Frontends.Directives(&own); !slices.Equal(a, b) {
		t.Errorf("the children make directives: %q, without them %q", a, b)
	}
	be, _ := Backends.GetFull(c, "be")
	ownBe, _ := Backends.Get(c, "be")
	if a, b := Backends.Directives(&be), Backends.Directives(&ownBe); !slices.Equal(a, b) {
		t.Errorf("the children make directives: %q, without them %q", a, b)
	}
	e := c.Clone()
	ownBe.Description = "d"
	if err := Backends.Replace(e, ownBe); err != nil {
		t.Fatal(err)
	}
	if got, _ := Servers.List(e, "be"); len(got) != 2 {
		t.Errorf("a write without children removed servers: %v", got)
	}
	be.Servers["s1"] = dataplane.Server{Name: "s1", Address: "127.0.0.1"}
	if err := Backends.Replace(e, be); !errors.Is(err, ErrChildMember) {
		t.Errorf("a changed server without full_section: %v, want %v", err, ErrChildMember)
	}
}
