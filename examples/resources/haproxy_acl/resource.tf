resource "haproxy_acl" "host_api" {
  parent_type = "frontend"
  parent_name = "fe_web"
  acl_name    = "host_api"
  criterion   = "hdr(host)"
  value       = "-i api.example.com"
}
