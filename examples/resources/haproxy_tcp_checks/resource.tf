# The steps of one backend's TCP health check, each a line of haproxy.cfg
# without its leading `tcp-check`.
resource "haproxy_tcp_checks" "redis" {
  parent_type = "backend"
  parent_name = "be_redis"
  rules = [
    "connect",
    "send PING\\r\\n",
    "expect string +PONG",
  ]
}
