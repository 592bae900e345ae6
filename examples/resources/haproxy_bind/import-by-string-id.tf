import {
  to = haproxy_bind.https
  id = "fe_web/https"
}
