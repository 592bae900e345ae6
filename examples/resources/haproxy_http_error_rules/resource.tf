# The responses HAProxy sends for its own errors, one `http-error` line each.
resource "haproxy_http_error_rules" "web" {
  parent_type = "frontend"
  parent_name = "fe_web"
  rules = [
    "status 503 content-type text/plain string \"down for maintenance\"",
  ]
}
