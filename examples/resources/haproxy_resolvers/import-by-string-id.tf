import {
  to = haproxy_resolvers.dns
  id = "dns"
}
