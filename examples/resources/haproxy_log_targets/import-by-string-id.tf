import {
  to = haproxy_log_targets.web
  id = "frontends/fe_web"
}
