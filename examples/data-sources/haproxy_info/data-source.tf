data "haproxy_info" "lb" {}

output "haproxy_version" {
  value = data.haproxy_info.lb.haproxy_version
}
