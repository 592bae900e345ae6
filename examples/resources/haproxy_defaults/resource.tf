resource "haproxy_defaults" "web" {
  name            = "web"
  mode            = "http"
  httplog         = true
  client_timeout  = "30s"
  connect_timeout = "5s"
  server_timeout  = "30s"
  retries         = 3
  redispatch      = true

  # The `default-server` line the servers of the sections that take these
  # defaults start from.
  default_server = {
    check = true
    inter = "3s"
  }

  extra_directives = [
    "timeout tunnel 1h",
  ]
}


