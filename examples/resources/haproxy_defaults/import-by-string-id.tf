import {
  to = haproxy_defaults.web
  id = "web"
}
