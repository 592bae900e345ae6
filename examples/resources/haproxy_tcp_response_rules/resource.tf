# The `tcp-response` rules of one backend, in order.
resource "haproxy_tcp_response_rules" "db" {
  parent_type = "backend"
  parent_name = "be_db"
  rules = [
    "inspect-delay 2s",
    "content accept if { res.len gt 0 }",
  ]
}
