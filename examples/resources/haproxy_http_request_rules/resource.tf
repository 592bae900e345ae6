# The whole ordered list of one frontend's http-request rules.
resource "haproxy_http_request_rules" "web" {
  parent_type = "frontend"
  parent_name = "fe_web"
  rules = [
    { type = "deny", deny_status = 403, cond = "if", cond_test = "{ src 192.0.2.0/24 }" },
    { type = "redirect", redir_type = "scheme", redir_value = "https", redir_code = 301, cond = "unless", cond_test = "{ ssl_fc }" },
    { type = "set-header", hdr_name = "X-Forwarded-Proto", hdr_format = "https" },
    { type = "return", return_status_code = 200, return_content_type = "text/plain", return_content_format = "string", return_content = "ok", cond = "if", cond_test = "{ path /healthz }" },
  ]
}
