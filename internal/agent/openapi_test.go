package agent

import (
	"bytes"
	"context"
	"io"
	"net/http"
	"net/url"
	"strings"
	"testing"

	"github.com/getkin/kin-openapi/openapi3"
	"github.com/getkin/kin-openapi/openapi3filter"
	"github.com/getkin/kin-openapi/routers"
	"github.com/getkin/kin-openapi/routers/gorillamux"

	"github.com/tfhaproxy/terraform-provider-haproxy/internal/dataplane"
)

// loadSpec fetches the served document and checks it is valid OpenAPI 3.
func loadSpec(t *testing.T, ta *testAgent) (*openapi3.T, routers.Router) {
	raw := ta.do("GET", "/v3/specification_openapiv3", nil).expect(t, 200).body
	doc, err := openapi3.NewLoader().LoadFromData(raw)
	if err != nil {
		t.Fatal(err)
	}
	if err := doc.Validate(context.Background()); err != nil {
		t.Fatalf("the served document is not valid OpenAPI 3: %v", err)
	}
	router, err := gorillamux.NewRouter(doc)
	if err != nil {
		t.Fatal(err)
	}
	return doc, router
}

// TestOpenAPICoversEveryRoute checks both directions: every route the agent serves
// is in the served document, and every documented operation is served.
func TestOpenAPICoversEveryRoute(t *testing.T) {
	ta := startAgent(t, baseConfig(freePorts(t, 1)[0]))
	doc, _ := loadSpec(t, ta)
	documented := map[string]bool{}
	for path, item := range doc.Paths.Map() {
		for method := range item.Operations() {
			documented[method+" "+path] = true
			// Served: the router finds it (any answer but 404-no-route and 405).
			concrete := strings.NewReplacer("{parent}", "fe_main", "{name}", "x", "{index}", "0", "{id}", "x").Replace(path)
			req, _ := http.NewRequest(method, ta.url+concrete, nil)
			if _, _, err := ta.agent.match(req.Method, req.URL.Path); err != nil {
				t.Errorf("documented %s %s is not served: %v", method, path, err)
			}
		}
	}
	for _, rt := range ta.agent.routes {
		if !documented[rt.method+" /v3"+rt.path] {
			t.Errorf("served %s %s is not documented", rt.method, rt.path)
		}
	}
	if len(documented) != len(ta.agent.routes) {
		t.Errorf("%d documented operations, %d routes", len(documented), len(ta.agent.routes))
	}
}

// validating is an http.RoundTripper that checks every exchange against the
// document: the request, then the response the agent really gave.
type validating struct {
	t      *testing.T
	router routers.Router
	next   http.RoundTripper
	seen   map[string]bool
}

func (v *validating) RoundTrip(req *http.Request) (*http.Response, error) {
	var reqBody []byte
	if req.Body != nil {
		reqBody, _ = io.ReadAll(req.Body)
		req.Body = io.NopCloser(bytes.NewReader(reqBody))
	}
	resp, err := v.next.RoundTrip(req)
	if err != nil {
		return resp, err
	}
	respBody, _ := io.ReadAll(resp.Body)
	resp.Body = io.NopCloser(bytes.NewReader(respBody))
	check := req.Clone(context.Background())
	check.Body = io.NopCloser(bytes.NewReader(reqBody))
	check.URL, _ = url.Parse(req.URL.String())
	check.URL.Scheme, check.URL.Host = "", ""
	route, params, err := v.router.FindRoute(check)
	if err != nil {
		v.t.Errorf("%s %s: not in the document: %v", req.Method, req.URL.Path, err)
		return resp, nil
	}
	in := &openapi3filter.RequestValidationInput{Request: check, PathParams: params, Route: route,
		Options: &openapi3filter.Options{AuthenticationFunc: openapi3filter.NoopAuthenticationFunc}}
	out := &openapi3filter.ResponseValidationInput{RequestValidationInput: in, Status: resp.StatusCode, Header: resp.Header,
		Body: io.NopCloser(bytes.NewReader(respBody)), Options: &openapi3filter.Options{IncludeResponseStatus: true}}
	if err := openapi3filter.ValidateResponse(context.Background(), out); err != nil {
		v.t.Errorf("%s %s -> %d %s: response does not match the document: %v", req.Method, req.URL, resp.StatusCode, respBody, err)
	}
	v.seen[route.Method+" "+route.Path] = true
	return resp, nil
}

// TestResponsesMatchTheDocument runs a realistic session through a client that
// validates every real response against the served document.
func TestResponsesMatchTheDocument(t *testing.T) {
	fe := freePorts(t, 1)[0]
	ta := startAgent(t, baseConfig(fe))
	_, router := loadSpec(t, ta)
	v := &validating{t: t, router: router, next: ta.client.Transport, seen: map[string]bool{}}
	ta.client = &http.Client{Transport: v}
	port := ptr(int64(upstream(t, "one", 0)))

	ta.do("GET", "/v3/info", nil)
	ta.do("GET", "/v3/health", nil)
	ta.do("GET", cfgPath+"/version", nil)
	ta.do("GET", cfgPath+"/raw", nil)
	ta.do("GET", cfgPath+"/frontends", nil)
	ta.do("GET", cfgPath+"/frontends/fe_main", nil)
	ta.do("GET", cfgPath+"/frontends/nope", nil)
	ta.do("POST", cfgPath+"/backends?version=1", dataplane.Backend{Name: "be2", BackendObjects: dataplane.BackendObjects{Balance: &dataplane.Balance{Algorithm: "roundrobin"}}})
	ta.do("POST", cfgPath+"/backends?version=1", dataplane.Backend{Name: "be2"})
	ta.do("GET", cfgPath+"/backends", nil)
	ta.do("POST", cfgPath+"/backends/be_app/servers?version=2", dataplane.Server{Name: "s1", Address: "127.0.0.1", Port: port})
	ta.do("GET", cfgPath+"/backends/be_app/servers", nil)
	ta.do("GET", cfgPath+"/backends/be_app/servers/s1", nil)
	ta.do("GET", "/v3/services/haproxy/runtime/backends/be_app/servers", nil)
	ta.do("PUT", "/v3/services/haproxy/runtime/backends/be_app/servers/s1", dataplane.RuntimeServer{AdminState: "drain"})
	ta.do("GET", cfgPath+"/frontends/fe_main/binds", nil)
	ta.do("GET", cfgPath+"/backends?full_section=true", nil) // servers keyed by name
	ta.do("GET", cfgPath+"/frontends/fe_main?full_section=true", nil)
	ta.do("PUT", cfgPath+"/frontends/fe_main/acls?version=3", []dataplane.ACL{{ACLName: "a", Criterion: "path", Value: "/"}})
	ta.do("GET", cfgPath+"/frontends/fe_main/acls/0", nil)
	ta.do("POST", cfgPath+"/frontends/fe_main/http_request_rules/0?version=4", dataplane.HTTPRequestRule{Type: "allow", Cond: "if", CondTest: "a"})
	ta.do("GET", cfgPath+"/frontends/fe_main/http_request_rules", nil)
	ta.do("DELETE", cfgPath+"/frontends/fe_main/http_request_rules/0?version=5", nil)
	var tx dataplane.Transaction
	ta.do("POST", "/v3/services/haproxy/transactions?version=6", nil).json(t, &tx)
	ta.do("GET", "/v3/services/haproxy/transactions", nil)
	ta.do("PUT", cfgPath+"/backends/be2?transaction_id="+tx.ID, dataplane.Backend{Name: "be2", Mode: "tcp"})
	r := ta.do("PUT", "/v3/services/haproxy/transactions/"+tx.ID, nil)
	ta.do("GET", "/v3/services/haproxy/reloads", nil)
	ta.do("GET", "/v3/services/haproxy/reloads/"+r.header.Get("Reload-ID"), nil)
	ta.do("DELETE", cfgPath+"/backends/be_app/servers/s1?version=7", nil)
	ta.do("DELETE", cfgPath+"/backends/be2?version=8", nil)
	if len(v.seen) < 25 {
		t.Errorf("only %d operations exercised", len(v.seen))
	}
}

// TestOpenAPIConstraints checks that the document tells clients what the agent
// checks: the enums and ranges of the models' tags, and that members it does
// not model are not refused by the schema (they are ignored, as the official
// server ignores them).
func TestOpenAPIConstraints(t *testing.T) {
	ta := startAgent(t, baseConfig(freePorts(t, 1)[0]))
	doc, _ := loadSpec(t, ta)
	server := doc.Components.Schemas["Server"].Value
	if server.AdditionalProperties.Has != nil && !*server.AdditionalProperties.Has {
		t.Error("Server refuses additional properties")
	}
	check := server.Properties["check"].Value
	if got := check.Enum; len(got) != 2 || got[0] != "enabled" || got[1] != "disabled" {
		t.Errorf("check enum = %v", got)
	}
	weight := server.Properties["weight"].Value
	if weight.Min == nil || *weight.Min != 0 || weight.Max == nil || *weight.Max != 256 {
		t.Errorf("weight range = %v..%v", weight.Min, weight.Max)
	}
	if got := server.Properties["proxy-v2-options"].Value.Items.Value.Enum; len(got) == 0 {
		t.Error("proxy-v2-options items have no enum")
	}
	// full_section on the sections' reads and writes; children keyed by name.
	for _, path := range []string{"/v3/services/haproxy/configuration/frontends", "/v3/services/haproxy/configuration/backends"} {
		for p, methods := range map[string][]string{path: {"GET", "POST"}, path + "/{name}": {"GET", "PUT"}} {
			for _, m := range methods {
				if op := doc.Paths.Find(p).GetOperation(m); op == nil || op.Parameters.GetByInAndName("query", "full_section") == nil {
					t.Errorf("%s %s does not document full_section", m, p)
				}
			}
		}
	}
	binds := doc.Components.Schemas["Frontend"].Value.Properties["binds"].Value
	if binds.AdditionalProperties.Schema == nil || binds.AdditionalProperties.Schema.Ref != "#/components/schemas/Bind" {
		t.Errorf("Frontend.binds is not a map of Bind: %+v", binds.AdditionalProperties)
	}
}
