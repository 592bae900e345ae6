# The `stick` rules of one backend, in order, each a line of haproxy.cfg
# without its leading `stick`.
resource "haproxy_stick_rules" "app" {
  parent_type = "backend"
  parent_name = "be_app"
  rules = [
    "on src table st_clients",
  ]
}
