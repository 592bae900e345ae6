import {
  to = haproxy_tcp_checks.redis
  id = "backends/be_redis"
}
