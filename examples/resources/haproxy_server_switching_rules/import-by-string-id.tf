import {
  to = haproxy_server_switching_rules.app
  id = "backends/be_app"
}
