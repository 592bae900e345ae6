# The `http-response` rules of one frontend, in order, each a line of
# haproxy.cfg without its leading `http-response`.
resource "haproxy_http_response_rules" "web" {
  parent_type = "frontend"
  parent_name = "fe_web"
  rules = [
    "set-header Strict-Transport-Security \"max-age=31536000\"",
    "del-header Server",
    "set-header X-Cache hit if { var(txn.cached) -m bool }",
  ]
}
