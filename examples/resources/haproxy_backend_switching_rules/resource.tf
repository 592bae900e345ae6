resource "haproxy_backend_switching_rules" "web" {
  parent_type = "frontend"
  parent_name = "fe_web"
  rules = [
    { backend = "be_api", cond = "if", cond_test = "host_api" },
    { backend = "be_static", cond = "if", cond_test = "{ path_beg /static }" },
  ]
}
