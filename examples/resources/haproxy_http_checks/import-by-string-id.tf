import {
  to = haproxy_http_checks.api
  id = "backends/be_api"
}
