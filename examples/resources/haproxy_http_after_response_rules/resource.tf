# The `http-after-response` rules of one frontend: they also run on the
# responses HAProxy makes itself (redirects, errors).
resource "haproxy_http_after_response_rules" "web" {
  parent_type = "frontend"
  parent_name = "fe_web"
  rules = [
    "set-header X-Served-By lb1",
  ]
}
