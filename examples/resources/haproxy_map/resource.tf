# Which backend serves each host: one map, read by one use_backend rule.
resource "haproxy_map" "hosts" {
  name = "hosts.map"
  entries = {
    "api.example.com" = "be_api"
    "www.example.com" = "be_web"
  }
}

resource "haproxy_backend_switching_rules" "web" {
  parent_type = "frontend"
  parent_name = "fe_web"
  rules = [
    # HAProxy looks the Host header up in the map, and falls back to be_web.
    { backend = "%[req.hdr(host),lower,map(${haproxy_map.hosts.file},be_web)]" },
  ]
}
