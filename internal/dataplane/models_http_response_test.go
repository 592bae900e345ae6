package dataplane_test

import (
	"context"
	"fmt"
	"reflect"
	"strings"
	"testing"

	"github.com/tfhaproxy/terraform-provider-haproxy/internal/agenttest"
	"github.com/tfhaproxy/terraform-provider-haproxy/internal/dataplane"
	"github.com/tfhaproxy/terraform-provider-haproxy/internal/haproxytest"
)

// TestResponseListsThroughTheClient replaces and reads the three response
// lists of a frontend through the client, against a real agent: what is read
// is what was written, and the file says it.
func TestResponseListsThroughTheClient(t *testing.T) {
	a := agenttest.Start(t, fmt.Sprintf("global\n    maxconn 100\n\ndefaults\n    mode http\n    timeout connect 1s\n"+
		"    timeout client 1s\n    timeout server 1s\n\nfrontend fe\n    bind 127.0.0.1:%d\n", haproxytest.FreePort(t)))
	c, err := dataplane.NewClient(dataplane.ClientOptions{URL: a.URL, Username: agenttest.User, Password: agenttest.Password})
	if err != nil {
		t.Fatal(err)
	}
	resp := []dataplane.HTTPResponseRule{{Type: "set-status", Status: 503, StatusReason: "Busy", Cond: "if", CondTest: "{ status 500 }"}}
	after := []dataplane.HTTPAfterResponseRule{{Type: "set-header", HdrName: "X-A", HdrFormat: "a"}}
	errs := []dataplane.HTTPErrorRule{{Type: "status", Status: 503, ReturnContentType: "text/plain", ReturnContentFormat: "string", ReturnContent: "busy"}}
	roundTripList(t, c, dataplane.ListHTTPResponseRules, resp)
	roundTripList(t, c, dataplane.ListHTTPAfterResponseRules, after)
	roundTripList(t, c, dataplane.ListHTTPErrorRules, errs)
	f := a.File(t)
	for _, line := range []string{"    http-response set-status 503 reason Busy if { status 500 }\n", "    http-after-response set-header X-A a\n",
		"    http-error status 503 content-type text/plain string busy\n"} {
		if !strings.Contains(f, line) {
			t.Errorf("the file lacks %q:\n%s", line, f)
		}
	}
}

// roundTripList replaces frontend fe's list with items and reads it back equal.
func roundTripList[T any](t *testing.T, c *dataplane.Client, list string, items []T) {
	t.Helper()
	ctx := context.Background()
	if err := dataplane.ReplaceList(ctx, c, "frontend", "fe", list, items, dataplane.WriteOptions{}); err != nil {
		t.Fatalf("%s: %v", list, err)
	}
	got, err := dataplane.List[T](ctx, c, "frontend", "fe", list)
	if err != nil {
		t.Fatal(err)
	}
	if !reflect.DeepEqual(got, items) {
		t.Errorf("%s: read back %+v, wrote %+v", list, got, items)
	}
}
