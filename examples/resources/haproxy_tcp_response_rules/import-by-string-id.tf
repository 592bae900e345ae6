import {
  to = haproxy_tcp_response_rules.db
  id = "backends/be_db"
}
