resource "haproxy_frontend" "web" {
  name                 = "fe_web"
  mode                 = "http"
  default_backend      = "be_app"
  client_timeout       = "30s"
  http_request_timeout = "5s"
  httplog              = true
  forwardfor           = true
  maxconn              = 5000
}
