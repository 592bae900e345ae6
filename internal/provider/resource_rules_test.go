package provider

import (
	"strings"
	"testing"

	"github.com/hashicorp/terraform-plugin-testing/helper/resource"

	"github.com/tfhaproxy/terraform-provider-haproxy/internal/agenttest"
	"github.com/tfhaproxy/terraform-provider-haproxy/internal/haproxytest"
)

// TestAccHTTPRequestRuleActions manages rules of actions beyond the first ones,
// with the official model's fields: a stick counter, integers whose 0 is unset
// (sc_id), a time, a flag, a response with a body. They are written as HAProxy spells
// them, plan no change after apply, and import equal.
func TestAccHTTPRequestRuleActions(t *testing.T) {
	requireTerraform(t)
	// normalize-uri is experimental in HAProxy 2.6.
	cfg := strings.Replace(smallConfig(haproxytest.FreePort(t)), "global\n", "global\n    expose-experimental-directives\n", 1)
	a := agenttest.Start(t, cfg+"\nbackend st_src\n    stick-table type ip size 1k store gpc0,gpt0\n")
	config := providerConfig(a) + `
resource "haproxy_backend" "rules" {
  name = "be_rules"
}

resource "haproxy_http_request_rules" "rules" {
  parent_type = "backend"
  parent_name = haproxy_backend.rules.name
  rules = [
    { type = "track-sc", track_sc_stick_counter = 1, track_sc_key = "src", track_sc_table = "st_src" },
    { type = "sc-inc-gpc0", sc_id = 1 },
    { type = "sc-set-gpt0", sc_int = 1 },
    { type = "set-nice", nice_value = -10 },
    { type = "set-var-fmt", var_scope = "txn", var_name = "who", var_format = "%[src]" },
    { type = "wait-for-body", wait_time = "1s", wait_at_least = 1024 },
    { type = "set-timeout", timeout_type = "tunnel", timeout = "5s" },
    { type = "strict-mode", strict_mode = "off" },
    { type = "normalize-uri", normalizer = "path-strip-dotdot", normalizer_full = true },
    { type = "normalize-uri", normalizer = "path-merge-slashes" },
    { type = "deny", deny_status = 403, return_content_type = "text/plain", return_content_format = "string", return_content = "\"no\"", cond = "if", cond_test = "FALSE" },
    { type = "return", return_status_code = 503, return_hdrs = "hdr X-Reason \"path=%[path]\" hdr Retry-After 10", cond = "if", cond_test = "FALSE" },
  ]
}
`
	resource.Test(t, resource.TestCase{
		ProtoV6ProviderFactories: testProviderFactories,
		CheckDestroy:             destroyRestores(t, a),
		Steps: []resource.TestStep{
			{
				Config: config,
				Check: fileContains(t, a, "backend be_rules\n",
					"    http-request track-sc1 src table st_src\n", "    http-request sc-inc-gpc0(1)\n", "    http-request sc-set-gpt0(0) 1\n",
					"    http-request set-nice -10\n", "    http-request set-var-fmt(txn.who) %[src]\n",
					"    http-request wait-for-body time 1s at-least 1024\n", "    http-request set-timeout tunnel 5s\n",
					"    http-request strict-mode off\n", "    http-request normalize-uri path-strip-dotdot full\n",
					"    http-request normalize-uri path-merge-slashes\n",
					`    http-request deny deny_status 403 content-type text/plain string "no" if FALSE`+"\n",
					`    http-request return status 503 hdr X-Reason "path=%[path]" hdr Retry-After 10 if FALSE`+"\n"),
			},
			{ResourceName: "haproxy_http_request_rules.rules", ImportState: true, ImportStateId: "backends/be_rules", ImportStateVerify: true},
		},
	})
}
