data "haproxy_global" "this" {}

output "maxconn" {
  value = data.haproxy_global.this.maxconn
}
