# The whole ordered list of one frontend's use_backend rules.
resource "haproxy_backend_switching_rules" "web" {
  parent_type = "frontend"
  parent_name = "fe_web"
  rules = [
    # Naming the ACL and the backend through their resources tells Terraform to
    # create them first. Literal names work too: the provider then waits for
    # what the same apply creates.
    { backend = haproxy_backend.api.name, cond = "if", cond_test = haproxy_acl.host_api.acl_name },
    { backend = "be_static", cond = "if", cond_test = "{ path_beg /static }" },
  ]
}

resource "haproxy_backend" "api" {
  name = "be_api"
}

resource "haproxy_acl" "host_api" {
  parent_type = "frontend"
  parent_name = "fe_web"
  acl_name    = "host_api"
  criterion   = "hdr(host)"
  value       = "-i api.example.com"
}
