resource "haproxy_listen" "stats" {
  name            = "stats"
  mode            = "http"
  balance         = "roundrobin"
  client_timeout  = "30s"
  connect_timeout = "5s"
  server_timeout  = "30s"
}

resource "haproxy_bind" "stats" {
  parent_type = "listen"
  frontend    = haproxy_listen.stats.name
  name        = "public"
  address     = "127.0.0.1"
  port        = 8404
}

resource "haproxy_server" "stats1" {
  parent_type = "listen"
  backend     = haproxy_listen.stats.name
  name        = "s1"
  address     = "127.0.0.1"
  port        = 9000
}
