# The `tcp-request` rules of one frontend, in order.
resource "haproxy_tcp_request_rules" "edge" {
  parent_type = "frontend"
  parent_name = "fe_edge"
  rules = [
    "inspect-delay 5s",
    "content accept if { req.ssl_hello_type 1 }",
    "connection reject if { src 192.0.2.0/24 }",
  ]
}
