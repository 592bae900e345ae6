import {
  to = haproxy_http_response_rules.web
  id = "frontends/fe_web"
}
