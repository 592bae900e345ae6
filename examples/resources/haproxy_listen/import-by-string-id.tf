import {
  to = haproxy_listen.stats
  id = "stats"
}
