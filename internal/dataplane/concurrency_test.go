package dataplane_test

import (
	"context"
	"fmt"
	"strings"
	"sync"
	"testing"

	"github.com/tfhaproxy/terraform-provider-haproxy/internal/agenttest"
	"github.com/tfhaproxy/terraform-provider-haproxy/internal/dataplane"
	"github.com/tfhaproxy/terraform-provider-haproxy/internal/haproxytest"
)

// parallelACLs adds or deletes n ACLs of one frontend at once, as Terraform's
// parallel applies of `count = n` haproxy_acl do, and fails on any error.
func parallelACLs(t *testing.T, c *dataplane.Client, n int, del bool) {
	t.Helper()
	var wg sync.WaitGroup
	for i := range n {
		wg.Go(func() {
			a := dataplane.ACL{ACLName: fmt.Sprintf("race%d", i), Criterion: "path_beg", Value: "/x"}
			var err error
			if del {
				err = c.DeleteACL(context.Background(), "frontend", "fe", a)
			} else {
				err = c.AddACL(context.Background(), "frontend", "fe", a, dataplane.WriteOptions{})
			}
			if err != nil {
				t.Errorf("acl race%d: %v", i, err)
			}
		})
	}
	wg.Wait()
}

// TestParallelACLDeletesAgainstTheAgent: ACLs are addressed by index, and
// parallel deletes shift the indexes under each other. None may remove the
// wrong line, leave its own behind, or report a delete that did not happen.
func TestParallelACLDeletesAgainstTheAgent(t *testing.T) {
	a := agenttest.Start(t, fmt.Sprintf("global\n    maxconn 100\n\ndefaults\n    mode http\n    timeout connect 1s\n"+
		"    timeout client 1s\n    timeout server 1s\n\nfrontend fe\n    bind 127.0.0.1:%d\n", haproxytest.FreePort(t)))
	c, err := dataplane.NewClient(dataplane.ClientOptions{URL: a.URL, Username: agenttest.User, Password: agenttest.Password})
	if err != nil {
		t.Fatal(err)
	}
	const n = 12 // more than Terraform's parallelism of 10
	for round := range 3 {
		parallelACLs(t, c, n, false)
		if got := strings.Count(a.File(t), "acl race"); got != n {
			t.Fatalf("round %d: %d ACL lines after %d parallel adds:\n%s", round, got, n, a.File(t))
		}
		parallelACLs(t, c, n, true)
		if strings.Contains(a.File(t), "acl race") {
			t.Fatalf("round %d: ACL lines left after every delete reported success:\n%s", round, a.File(t))
		}
	}
}
