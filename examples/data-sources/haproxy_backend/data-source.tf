data "haproxy_backend" "app" {
  name = "be_app"
}

output "app_servers" {
  value = [for s in data.haproxy_backend.app.servers : "${s.address}:${s.port}"]
}
