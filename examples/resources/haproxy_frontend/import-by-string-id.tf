import {
  to = haproxy_frontend.web
  id = "fe_web"
}
