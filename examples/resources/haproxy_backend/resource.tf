resource "haproxy_backend" "app" {
  name            = "be_app"
  mode            = "http"
  balance         = "roundrobin"
  adv_check       = "httpchk"
  httpchk_method  = "GET"
  httpchk_uri     = "/healthz"
  connect_timeout = "5s"
  server_timeout  = "30s"
  retries         = 3
  redispatch      = true
  cookie          = "SRV"
  cookie_type     = "insert"
  cookie_indirect = true
  cookie_nocache  = true

  # The `default-server` line: what every server of the backend starts from.
  default_server = {
    check = true
    inter = "3s"
    rise  = 2
    fall  = 3
  }

  # The section's other directives, one line each, as in haproxy.cfg. Set, the
  # resource owns every directive the Data Plane API models in the section.
  extra_directives = [
    "option forwardfor except 127.0.0.0/8 if-none",
  ]
}
