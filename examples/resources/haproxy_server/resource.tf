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
}
