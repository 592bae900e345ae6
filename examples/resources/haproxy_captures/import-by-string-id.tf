import {
  to = haproxy_captures.web
  id = "frontends/fe_web"
}
