# The `use-server` rules of one backend, in order, each a line of haproxy.cfg
# without its leading `use-server`.
resource "haproxy_server_switching_rules" "app" {
  parent_type = "backend"
  parent_name = "be_app"
  rules = [
    "web1 if { req.cook(srv) web1 }",
    "web2 if { req.cook(srv) web2 }",
  ]
}
