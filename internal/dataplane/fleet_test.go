package dataplane_test

import (
	"context"
	"fmt"
	"net"
	"regexp"
	"slices"
	"strings"
	"testing"

	"github.com/tfhaproxy/terraform-provider-haproxy/internal/agenttest"
	"github.com/tfhaproxy/terraform-provider-haproxy/internal/dataplane"
	"github.com/tfhaproxy/terraform-provider-haproxy/internal/haproxytest"
)

// testFleet starts n agents (each with its own HAProxy, on its own port) and a
// fleet client for them, named a, b, c...; extra nodes may be added.
func testFleet(t *testing.T, n int, extra ...dataplane.NodeOptions) (*dataplane.Client, []*agenttest.Agent) {
	t.Helper()
	var agents []*agenttest.Agent
	var nodes []dataplane.NodeOptions
	for i := range n {
		a := agenttest.Start(t, fmt.Sprintf("global\n    maxconn 100\n\ndefaults\n    mode http\n    timeout connect 1s\n"+
			"    timeout client 1s\n    timeout server 1s\n\nfrontend fe\n    bind 127.0.0.1:%d\n", haproxytest.FreePort(t)))
		agents = append(agents, a)
		nodes = append(nodes, dataplane.NodeOptions{Name: string(rune('a' + i)),
			ClientOptions: dataplane.ClientOptions{URL: a.URL, Username: agenttest.User, Password: agenttest.Password}})
	}
	c, err := dataplane.NewFleet(append(nodes, extra...), 0)
	if err != nil {
		t.Fatal(err)
	}
	return c, agents
}

// closedPort is a loopback URL nothing listens on.
func closedPort(t *testing.T) string {
	l, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	addr := l.Addr().String()
	l.Close()
	return "http://" + addr
}

func eachFile(t *testing.T, agents []*agenttest.Agent, want string, has ...bool) {
	t.Helper()
	for i, a := range agents {
		if got := strings.Contains(a.File(t), want); got != has[i] {
			t.Errorf("node %c: has %q = %v, want %v:\n%s", 'a'+i, want, got, has[i], a.File(t))
		}
	}
}

func TestFleetReadsNameTheNodesThatDiffer(t *testing.T) {
	c, agents := testFleet(t, 3)
	ctx := context.Background()
	if err := c.CreateBackend(ctx, dataplane.Backend{Name: "be", Mode: "http"}, dataplane.WriteOptions{}); err != nil {
		t.Fatal(err)
	}
	eachFile(t, agents, "backend be\n", true, true, true)

	read := func() []string {
		ctx, d := dataplane.WithDivergence(ctx)
		if _, err := c.Backend(ctx, "be"); err != nil {
			t.Fatal(err)
		}
		return d.Nodes()
	}
	if got := read(); len(got) != 0 {
		t.Fatalf("equal nodes read as differing: %v", got)
	}
	agents[2].Edit(t, func(s string) string {
		return strings.Replace(s, "backend be\n    mode http\n", "backend be\n    mode tcp\n", 1)
	})
	if got := read(); !slices.Equal(got, []string{"c"}) {
		t.Fatalf("differing nodes = %v, want [c]", got)
	}
	// A modify converges every node to the change made on the canary.
	if err := c.ModifyBackend(ctx, "be", func(b *dataplane.Backend) error { b.Mode = "http"; return nil }, dataplane.WriteOptions{}); err != nil {
		t.Fatal(err)
	}
	if got := read(); len(got) != 0 {
		t.Fatalf("after the modify, nodes %v still differ", got)
	}
}

func TestFleetWritesConverge(t *testing.T) {
	c, agents := testFleet(t, 3)
	ctx := context.Background()
	nodes := c.Nodes()
	b, cc := nodes[1].Client, nodes[2].Client
	o := dataplane.WriteOptions{}

	// b has it already (someone made it by hand): the create replaces it there.
	if err := b.CreateBackend(ctx, dataplane.Backend{Name: "be", Mode: "tcp"}, o); err != nil {
		t.Fatal(err)
	}
	if err := c.CreateBackend(ctx, dataplane.Backend{Name: "be", Mode: "http"}, o); err != nil {
		t.Fatalf("a create that finds the object on a node that is not the canary: %v", err)
	}
	eachFile(t, agents, "backend be\n    mode http\n", true, true, true)

	// c lost it: a modify gives c the canary's, whole.
	if err := cc.DeleteBackend(ctx, "be"); err != nil {
		t.Fatal(err)
	}
	if err := c.ModifyBackend(ctx, "be", func(b *dataplane.Backend) error { b.Description = "shop"; return nil }, o); err != nil {
		t.Fatalf("a modify of an object a node lacks: %v", err)
	}
	eachFile(t, agents, "backend be\n    mode http\n    description shop\n", true, true, true)

	// b lost it: a delete is done everywhere all the same.
	if err := b.DeleteBackend(ctx, "be"); err != nil {
		t.Fatal(err)
	}
	if err := c.DeleteBackend(ctx, "be"); err != nil {
		t.Fatalf("a delete of an object a node lacks: %v", err)
	}
	eachFile(t, agents, "backend be", false, false, false)

	// A section written whole (?full_section=true): created where it is, and
	// replaced where it is not.
	dns := dataplane.Resolver{Name: "dns", Nameservers: map[string]dataplane.Nameserver{
		"ns1": {Name: "ns1", Address: "127.0.0.1", Port: ptr(int64(53))}}}
	if err := b.CreateResolver(ctx, dataplane.Resolver{Name: "dns"}, o); err != nil {
		t.Fatal(err)
	}
	if err := c.CreateResolver(ctx, dns, o); err != nil {
		t.Fatalf("a whole section's create that finds it: %v", err)
	}
	if err := cc.DeleteResolver(ctx, "dns"); err != nil {
		t.Fatal(err)
	}
	if err := c.ReplaceResolver(ctx, dns, o); err != nil {
		t.Fatalf("a whole section's replace that misses it: %v", err)
	}
	eachFile(t, agents, "resolvers dns\n    nameserver ns1 127.0.0.1:53\n", true, true, true)

	// Stored files: a create where the file is, a replace where it is not.
	if err := b.CreateMapFile(ctx, "hosts.map", []byte("old.example.com be_old\n")); err != nil {
		t.Fatal(err)
	}
	if err := c.CreateMapFile(ctx, "hosts.map", []byte("shop.example.com be_shop\n")); err != nil {
		t.Fatalf("a stored file's create that finds it: %v", err)
	}
	if err := cc.DeleteMapFile(ctx, "hosts.map"); err != nil {
		t.Fatal(err)
	}
	if err := c.ReplaceMapFile(ctx, "hosts.map", []byte("www.example.com be_www\n")); err != nil {
		t.Fatalf("a stored file's replace that misses it: %v", err)
	}
	for i, n := range nodes {
		got, err := n.Client.MapFileContent(ctx, "hosts.map")
		if err != nil || string(got) != "www.example.com be_www\n" {
			t.Errorf("node %c: hosts.map = %q, %v", 'a'+i, got, err)
		}
	}
}

func TestFleetCanaryFailureLeavesTheOthers(t *testing.T) {
	c, agents := testFleet(t, 3)
	ctx := context.Background()
	s1 := dataplane.Server{Name: "s1", Address: "127.0.0.1", Port: ptr(int64(9001))}
	if err := c.CreateBackend(ctx, dataplane.Backend{Name: "be"}, dataplane.WriteOptions{}); err != nil {
		t.Fatal(err)
	}
	// Only the canary refuses: it has the server already.
	if err := c.Nodes()[0].Client.CreateServer(ctx, "be", s1, dataplane.WriteOptions{}); err != nil {
		t.Fatal(err)
	}
	s1.Weight = ptr(int64(7))
	err := c.CreateServer(ctx, "be", s1, dataplane.WriteOptions{})
	if err == nil || !regexp.MustCompile(`^node a \(http://127\.0\.0\.1:\d+\): .*already exists.*\nIt was not sent to b, c\.$`).MatchString(err.Error()) {
		t.Fatalf("err = %v, want the canary's failure, named", err)
	}
	eachFile(t, agents, "server s1", true, false, false)
	eachFile(t, agents, "weight 7", false, false, false)
}

func TestFleetUnreachableNodes(t *testing.T) {
	ctx := context.Background()
	down := closedPort(t)

	// A node that must be there fails the check, and every read, named.
	c, _ := testFleet(t, 1, dataplane.NodeOptions{Name: "gone", ClientOptions: dataplane.ClientOptions{URL: down, Attempts: 1}})
	if err := c.Check(ctx); err == nil || !strings.Contains(err.Error(), "node gone ("+down+")") {
		t.Fatalf("Check = %v, want node gone named", err)
	}
	if _, err := c.Backends(ctx); err == nil || !strings.Contains(err.Error(), "node gone") {
		t.Fatalf("read = %v, want node gone named", err)
	}

	// A canary cannot be optional: it would let a change skip it.
	if _, err := dataplane.NewFleet([]dataplane.NodeOptions{{Name: "a", Optional: true, ClientOptions: dataplane.ClientOptions{URL: down}}}, 0); err == nil {
		t.Fatal("an optional canary was taken")
	}

	// An optional one is left out, and said to be.
	c, agents := testFleet(t, 2, dataplane.NodeOptions{Name: "spare", Optional: true, ClientOptions: dataplane.ClientOptions{URL: down, Attempts: 1}})
	if err := c.Check(ctx); err != nil {
		t.Fatalf("Check with an optional node down: %v", err)
	}
	if err := c.CreateBackend(ctx, dataplane.Backend{Name: "be"}, dataplane.WriteOptions{}); err != nil {
		t.Fatalf("write with an optional node down: %v", err)
	}
	eachFile(t, agents, "backend be\n", true, true)
	rctx, d := dataplane.WithDivergence(ctx)
	if _, err := c.Backend(rctx, "be"); err != nil {
		t.Fatal(err)
	}
	if got, left := d.Nodes(), d.LeftOut(); len(got) != 0 || !slices.Equal(left, []string{"spare"}) {
		t.Fatalf("differing = %v, left out = %v, want none and [spare]", got, left)
	}
}

func ptr[T any](v T) *T { return &v }

// TestNodesHidePasswords: what Nodes says of a node's URL (as the haproxy_nodes
// data source shows it and errors name it) holds no password.
func TestNodesHidePasswords(t *testing.T) {
	c, err := dataplane.NewFleet([]dataplane.NodeOptions{{ClientOptions: dataplane.ClientOptions{URL: "http://admin:secret@lb1:5555"}}}, 0)
	if err != nil {
		t.Fatal(err)
	}
	if got := c.Nodes()[0].URL; strings.Contains(got, "secret") || !strings.Contains(got, "lb1:5555") {
		t.Fatalf("Nodes URL: %s", got)
	}
}
