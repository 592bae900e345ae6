# The filters of one frontend, in order.
resource "haproxy_filters" "web" {
  parent_type = "frontend"
  parent_name = "fe_web"
  rules = [
    "compression",
    "cache static",
  ]
}
