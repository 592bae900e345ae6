import {
  to = haproxy_acl.host_api
  id = "frontends/fe_web/0"
}
