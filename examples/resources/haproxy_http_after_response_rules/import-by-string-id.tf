import {
  to = haproxy_http_after_response_rules.web
  id = "frontends/fe_web"
}
