# Created, deleted (drained first), and changed in weight, address, port or
# maintenance through HAProxy's runtime API: no reload.
resource "haproxy_server" "web1" {
  backend = "be_app"
  name    = "web1"
  address = "10.0.1.11"
  port    = 8080
  weight  = 100
  check   = true
  inter   = "2s"
  rise    = 2
  fall    = 3
  cookie  = "web1"

  # The line's other keywords, as in haproxy.cfg. Set, the resource owns the
  # whole line: keywords added by hand show in plan and are removed.
  extra_params = "resolve-prefer ipv4 maxqueue 50"
}
