import {
  to = haproxy_filters.web
  id = "frontends/fe_web"
}
