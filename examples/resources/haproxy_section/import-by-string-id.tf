import {
  to = haproxy_section.static_cache
  id = "cache/static"
}
