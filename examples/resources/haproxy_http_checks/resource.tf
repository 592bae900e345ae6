# The steps of one backend's HTTP health check, each a line of haproxy.cfg
# without its leading `http-check`.
resource "haproxy_http_checks" "api" {
  parent_type = "backend"
  parent_name = "be_api"
  rules = [
    "send meth GET uri /healthz ver HTTP/1.1 hdr Host api.example.com",
    "expect status 200",
  ]
}
