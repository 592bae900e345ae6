resource "haproxy_resolvers" "dns" {
  name = "dns"
  nameservers = {
    ns1 = { address = "10.0.0.53", port = 53 }
    ns2 = { address = "10.0.1.53", port = 53 }
  }
  accepted_payload_size = 8192
  hold_valid            = "10s"
  hold_nx               = "30s"
  resolve_retries       = 3
  timeout_resolve       = "1s"
  timeout_retry         = "1s"
}

# Servers find their addresses through it.
resource "haproxy_server" "api" {
  backend   = "be_api"
  name      = "api1"
  address   = "api.internal.example.com"
  port      = 8080
  resolvers = haproxy_resolvers.dns.name
}
