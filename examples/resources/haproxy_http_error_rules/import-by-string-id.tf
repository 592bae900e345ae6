import {
  to = haproxy_http_error_rules.web
  id = "frontends/fe_web"
}
