import {
  to = haproxy_stick_rules.app
  id = "backends/be_app"
}
