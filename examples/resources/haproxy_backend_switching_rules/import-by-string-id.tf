import {
  to = haproxy_backend_switching_rules.web
  id = "frontends/fe_web"
}
