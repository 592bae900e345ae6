import {
  to = haproxy_tcp_request_rules.edge
  id = "frontends/fe_edge"
}
