resource "haproxy_bind" "https" {
  frontend        = "fe_web"
  name            = "https"
  address         = "0.0.0.0"
  port            = 443
  ssl             = true
  ssl_certificate = "/etc/haproxy/ssl/"
  alpn            = "h2,http/1.1"
  ssl_min_ver     = "TLSv1.2"
}
