data "haproxy_frontend" "web" {
  name = "fe_web"
}
