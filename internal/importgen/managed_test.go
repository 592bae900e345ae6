package importgen

import (
	"bytes"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/tfhaproxy/terraform-provider-haproxy/internal/dataplane"
)

// A state in the two forms Terraform prints it, holding the same resources: in
// the root module a backend, two servers (count), two equal ACL lines, a rule
// list, a data source, another provider's haproxy_backend; in a child module a
// frontend and its bind. (Real terraform output of both forms is read in the
// repository root's TestUnmanagedObjectsInCI.)
const (
	stateFileJSON = `{
  "version": 4, "terraform_version": "1.11.4", "serial": 7, "lineage": "3f1c",
  "outputs": {},
  "resources": [
    {"mode": "managed", "type": "haproxy_backend", "name": "app",
     "provider": "provider[\"registry.terraform.io/tfhaproxy/haproxy\"]",
     "instances": [{"schema_version": 0, "attributes": {"id": "be_app", "name": "be_app", "balance": "roundrobin"}}]},
    {"mode": "managed", "type": "haproxy_server", "name": "web",
     "provider": "provider[\"registry.terraform.io/tfhaproxy/haproxy\"].lb1",
     "instances": [
       {"index_key": 0, "schema_version": 0, "attributes": {"id": "be_app/web1", "backend": "be_app", "name": "web1"}},
       {"index_key": 1, "schema_version": 0, "attributes": {"id": "be_app/web2", "backend": "be_app", "name": "web2"}}]},
    {"mode": "managed", "type": "haproxy_acl", "name": "api",
     "provider": "provider[\"registry.terraform.io/tfhaproxy/haproxy\"]",
     "instances": [
       {"index_key": "a", "schema_version": 0, "attributes": {"parent_type": "frontend", "parent_name": "fe", "acl_name": "is_api", "criterion": "path_beg", "value": "/api", "index": 0}},
       {"index_key": "b", "schema_version": 0, "attributes": {"parent_type": "frontend", "parent_name": "fe", "acl_name": "is_api", "criterion": "path_beg", "value": "/api", "index": 0}}]},
    {"mode": "managed", "type": "haproxy_http_request_rules", "name": "be_app",
     "provider": "provider[\"registry.terraform.io/tfhaproxy/haproxy\"]",
     "instances": [{"schema_version": 0, "attributes": {"id": "backends/be_app", "parent_type": "backend", "parent_name": "be_app", "rules": []}}]},
    {"mode": "data", "type": "haproxy_backend", "name": "other",
     "provider": "provider[\"registry.terraform.io/tfhaproxy/haproxy\"]",
     "instances": [{"schema_version": 0, "attributes": {"id": "be_other", "name": "be_other"}}]},
    {"mode": "managed", "type": "haproxy_backend", "name": "foreign",
     "provider": "provider[\"registry.terraform.io/someone/haproxy\"]",
     "instances": [{"schema_version": 0, "attributes": {"name": "be_foreign"}}]},
    {"module": "module.edge", "mode": "managed", "type": "haproxy_frontend", "name": "fe",
     "provider": "module.edge.provider[\"registry.terraform.io/tfhaproxy/haproxy\"]",
     "instances": [{"schema_version": 0, "attributes": {"id": "fe", "name": "fe"}}]},
    {"module": "module.edge", "mode": "managed", "type": "haproxy_bind", "name": "http",
     "provider": "module.edge.provider[\"registry.terraform.io/tfhaproxy/haproxy\"]",
     "instances": [{"schema_version": 0, "attributes": {"id": "fe/http", "frontend": "fe", "name": "http"}}]}
  ],
  "check_results": null
}`
	shownJSON = `{
  "format_version": "1.0", "terraform_version": "1.11.4",
  "values": {"root_module": {
    "resources": [
      {"address": "haproxy_backend.app", "mode": "managed", "type": "haproxy_backend", "name": "app",
       "provider_name": "registry.terraform.io/tfhaproxy/haproxy", "schema_version": 0,
       "values": {"id": "be_app", "name": "be_app", "balance": "roundrobin"}, "sensitive_values": {}},
      {"address": "haproxy_server.web[0]", "mode": "managed", "type": "haproxy_server", "name": "web", "index": 0,
       "provider_name": "registry.terraform.io/tfhaproxy/haproxy", "schema_version": 0,
       "values": {"id": "be_app/web1", "backend": "be_app", "name": "web1"}, "sensitive_values": {}},
      {"address": "haproxy_server.web[1]", "mode": "managed", "type": "haproxy_server", "name": "web", "index": 1,
       "provider_name": "registry.terraform.io/tfhaproxy/haproxy", "schema_version": 0,
       "values": {"id": "be_app/web2", "backend": "be_app", "name": "web2"}, "sensitive_values": {}},
      {"address": "haproxy_acl.api[\"a\"]", "mode": "managed", "type": "haproxy_acl", "name": "api", "index": "a",
       "provider_name": "registry.terraform.io/tfhaproxy/haproxy", "schema_version": 0,
       "values": {"parent_type": "frontend", "parent_name": "fe", "acl_name": "is_api", "criterion": "path_beg", "value": "/api", "index": 0}},
      {"address": "haproxy_acl.api[\"b\"]", "mode": "managed", "type": "haproxy_acl", "name": "api", "index": "b",
       "provider_name": "registry.terraform.io/tfhaproxy/haproxy", "schema_version": 0,
       "values": {"parent_type": "frontend", "parent_name": "fe", "acl_name": "is_api", "criterion": "path_beg", "value": "/api", "index": 0}},
      {"address": "haproxy_http_request_rules.be_app", "mode": "managed", "type": "haproxy_http_request_rules", "name": "be_app",
       "provider_name": "registry.terraform.io/tfhaproxy/haproxy", "schema_version": 0,
       "values": {"id": "backends/be_app", "parent_type": "backend", "parent_name": "be_app", "rules": []}},
      {"address": "data.haproxy_backend.other", "mode": "data", "type": "haproxy_backend", "name": "other",
       "provider_name": "registry.terraform.io/tfhaproxy/haproxy", "schema_version": 0,
       "values": {"id": "be_other", "name": "be_other"}},
      {"address": "haproxy_backend.foreign", "mode": "managed", "type": "haproxy_backend", "name": "foreign",
       "provider_name": "registry.terraform.io/someone/haproxy", "schema_version": 0,
       "values": {"name": "be_foreign"}}
    ],
    "child_modules": [{"address": "module.edge", "resources": [
      {"address": "module.edge.haproxy_frontend.fe", "mode": "managed", "type": "haproxy_frontend", "name": "fe",
       "provider_name": "registry.terraform.io/tfhaproxy/haproxy", "schema_version": 0, "values": {"id": "fe", "name": "fe"}},
      {"address": "module.edge.haproxy_bind.http", "mode": "managed", "type": "haproxy_bind", "name": "http",
       "provider_name": "registry.terraform.io/tfhaproxy/haproxy", "schema_version": 0, "values": {"id": "fe/http", "frontend": "fe", "name": "http"}}
    ]}]
  }}
}`
)

// live is what the agent serves: all of the state's objects, and some more.
var live = Inventory{
	Frontends: []Section{{Name: "fe", Binds: []string{"http", "https"}, Lists: []string{"haproxy_backend_switching_rules"},
		ACLs: []dataplane.ACL{
			{ACLName: "is_api", Criterion: "path_beg", Value: "/api"},
			{ACLName: "is_static", Criterion: "path_beg", Value: "/static"},
			{ACLName: "is_api", Criterion: "path_beg", Value: "/api"},
			{ACLName: "is_api", Criterion: "path_beg", Value: "/api"}, // a third copy: the state has two
		}}},
	Backends: []Section{
		{Name: "be_app", Servers: []string{"web1", "web2", "web3"}, Lists: []string{"haproxy_http_request_rules"}},
		{Name: "be_other"},   // only read by a data source
		{Name: "be_foreign"}, // managed by another provider
		{Name: "app"},        // its resource name would be haproxy_backend.app, which the state has
	},
}

func TestReadManagedBothFormats(t *testing.T) {
	var got []string
	for _, doc := range []string{stateFileJSON, shownJSON} {
		m, err := ReadManaged([]byte(doc))
		if err != nil {
			t.Fatal(err)
		}
		var out bytes.Buffer
		if err := WriteImports(&out, m.Unmanaged(live.Objects()), m.Addresses); err != nil {
			t.Fatal(err)
		}
		got = append(got, out.String())
	}
	if got[0] != got[1] {
		t.Fatalf("the state file and `terraform show -json` differ:\n%s\n---\n%s", got[0], got[1])
	}
	want := `import {
  to = haproxy_bind.fe_https
  id = "fe/https"
}

import {
  to = haproxy_acl.fe_acl_1
  id = "frontends/fe/1"
}

import {
  to = haproxy_acl.fe_acl_3
  id = "frontends/fe/3"
}

import {
  to = haproxy_backend_switching_rules.fe
  id = "frontends/fe"
}

import {
  to = haproxy_server.be_app_web3
  id = "be_app/web3"
}

import {
  to = haproxy_backend.be_other
  id = "be_other"
}

import {
  to = haproxy_backend.be_foreign
  id = "be_foreign"
}

import {
  to = haproxy_backend.app_2
  id = "app"
}

`
	if got[0] != want {
		t.Fatalf("unmanaged objects:\n%s\nwant:\n%s", got[0], want)
	}
}

func TestReadManagedRefusesOtherDocuments(t *testing.T) {
	for doc, want := range map[string]string{
		`not json`: "not JSON",
		`{"format_version": "1.2", "planned_values": {}, "prior_state": {}}`: "plan, not a state",
		`{"format_version": "2.0", "values": {}}`:                            "only 1.x",
		`{"version": 3, "lineage": "x", "modules": []}`:                      "only version 4",
		`{"resources": []}`: "neither",
	} {
		if _, err := ReadManaged([]byte(doc)); err == nil || !strings.Contains(err.Error(), want) {
			t.Errorf("%s: %v, want an error with %q", doc, err, want)
		}
	}
	m, err := ReadManaged([]byte(`{"format_version":"1.0"}`)) // `terraform show -json` with no state yet
	if err != nil || len(m.Unmanaged(live.Objects())) != len(live.Objects()) {
		t.Fatalf("an empty state: %v", err)
	}
}

func TestWriteModule(t *testing.T) {
	dir := filepath.Join(t.TempDir(), "new", "module")
	if err := WriteModule(dir, nil, live.Objects(), nil); err != nil {
		t.Fatal(err)
	}
	main, _ := os.ReadFile(filepath.Join(dir, "main.tf"))
	imports, _ := os.ReadFile(filepath.Join(dir, "imports.tf"))
	if !strings.Contains(string(main), `source = "tfhaproxy/haproxy"`) || !strings.Contains(string(main), `provider "haproxy" {}`) {
		t.Fatalf("main.tf:\n%s", main)
	}
	if n := strings.Count(string(imports), "import {"); n != len(live.Objects()) {
		t.Fatalf("%d import blocks in imports.tf, want %d", n, len(live.Objects()))
	}
	// A directory with Terraform files is refused, and nothing in it changes.
	other := t.TempDir()
	os.WriteFile(filepath.Join(other, "versions.tf.json"), []byte("{}"), 0o644)
	if err := WriteModule(other, nil, live.Objects(), nil); err == nil || !strings.Contains(err.Error(), "--out") {
		t.Fatalf("a directory with a .tf.json file: %v", err)
	}
	if entries, _ := os.ReadDir(other); len(entries) != 1 {
		t.Fatalf("a refused directory holds %d files", len(entries))
	}
}

// TestExitCodes: 0 done, 1 any error, 2 only for objects Terraform does not
// manage, with --fail-on-unmanaged.
func TestExitCodes(t *testing.T) {
	dir := t.TempDir()
	config := filepath.Join(dir, "haproxy.cfg")
	os.WriteFile(config, []byte("backend be_app\n    server web1 127.0.0.1:80\nbackend be_new\n"), 0o644)
	state := filepath.Join(dir, "state.json")
	os.WriteFile(state, []byte(stateFileJSON), 0o644)
	all := filepath.Join(dir, "all.json")
	os.WriteFile(all, []byte(`{"version": 4, "lineage": "x", "resources": [
  {"mode": "managed", "type": "haproxy_backend", "name": "b", "provider": "provider[\"registry.terraform.io/tfhaproxy/haproxy\"]",
   "instances": [{"attributes": {"id": "be_app", "name": "be_app"}}]},
  {"mode": "managed", "type": "haproxy_backend", "name": "new", "provider": "provider[\"registry.terraform.io/tfhaproxy/haproxy\"]",
   "instances": [{"attributes": {"id": "be_new", "name": "be_new"}}]},
  {"mode": "managed", "type": "haproxy_server", "name": "s", "provider": "provider[\"registry.terraform.io/tfhaproxy/haproxy\"]",
   "instances": [{"attributes": {"id": "be_app/web1", "backend": "be_app", "name": "web1"}}]}]}`), 0o644)

	for _, c := range []struct {
		args        []string
		code        int
		out, report string
	}{
		{[]string{"--config", config}, 0, "haproxy_server.be_app_web1", ""},
		{[]string{"--config", config, "--skip-managed", state}, 0, "haproxy_backend.be_new", "1 object Terraform does not manage:\n  haproxy_backend be_new\n"},
		{[]string{"--config", config, "--skip-managed", state, "--fail-on-unmanaged"}, 2, "haproxy_backend.be_new", "haproxy_backend be_new"},
		{[]string{"--config", config, "--skip-managed", all, "--fail-on-unmanaged"}, 0, "", "Terraform manages every object"},
		{[]string{"--config", config, "--fail-on-unmanaged"}, 1, "", "needs --skip-managed"},
		{[]string{"--config", config, "--skip-managed", config}, 1, "", "not JSON"},
		{[]string{"--config", config, "--out", "x", "--module-dir", dir}, 1, "", "not both"},
		{[]string{"--no-such-flag"}, 1, "", "not defined"},
		{[]string{}, 1, "", "give --config or --url"},
	} {
		var out, stderr bytes.Buffer
		t.Setenv("HAPROXY_URL", "")
		code := Main(c.args, &out, &stderr)
		if code != c.code || !strings.Contains(out.String(), c.out) || !strings.Contains(stderr.String(), c.report) {
			t.Errorf("generate-imports %s: exit %d, want %d\nstdout:\n%s\nstderr:\n%s", strings.Join(c.args, " "), code, c.code, out.String(), stderr.String())
		}
	}
}
