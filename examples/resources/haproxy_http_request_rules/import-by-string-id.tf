import {
  to = haproxy_http_request_rules.web
  id = "frontends/fe_web"
}
