import {
  to = haproxy_map.hosts
  id = "hosts.map"
}
