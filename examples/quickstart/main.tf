# The quickstart: a frontend on 127.0.0.1:18080 (var.port) that sends api.localhost to one
# backend and everything else to another, both served by small local web servers.
# `make quickstart` sets HAPROXY_URL, HAPROXY_USERNAME and HAPROXY_PASSWORD.

terraform {
  required_providers {
    haproxy = {
      source = "tfhaproxy/haproxy"
    }
  }
}

provider "haproxy" {}

# The ports on 127.0.0.1; make quickstart's QUICKSTART_*_PORT variables change them.
variable "port" {
  description = "The frontend's port"
  default     = 18080
}

variable "www_port" {
  description = "The www web server's port"
  default     = 18081
}

variable "api_port" {
  description = "The api web server's port"
  default     = 18082
}

resource "haproxy_backend" "www" {
  name            = "be_www"
  balance         = "roundrobin"
  connect_timeout = "2s"
}

resource "haproxy_backend" "api" {
  name           = "be_api"
  balance        = "leastconn"
  server_timeout = "10s"
}

resource "haproxy_server" "www1" {
  backend = haproxy_backend.www.name
  name    = "www1"
  address = "127.0.0.1"
  port    = var.www_port
  check   = true
}

resource "haproxy_server" "api1" {
  backend = haproxy_backend.api.name
  name    = "api1"
  address = "127.0.0.1"
  port    = var.api_port
  check   = true
}

resource "haproxy_frontend" "web" {
  name            = "fe_web"
  default_backend = haproxy_backend.www.name
  client_timeout  = "30s"
}

resource "haproxy_bind" "web" {
  frontend = haproxy_frontend.web.name
  name     = "http"
  address  = "127.0.0.1"
  port     = var.port
}

resource "haproxy_acl" "host_api" {
  parent_type = "frontend"
  parent_name = haproxy_frontend.web.name
  acl_name    = "host_api"
  criterion   = "hdr(host)"
  value       = "-i api.localhost"
}

resource "haproxy_acl" "blocked" {
  parent_type = "frontend"
  parent_name = haproxy_frontend.web.name
  acl_name    = "blocked"
  criterion   = "path_beg"
  value       = "/admin"
}

resource "haproxy_http_request_rules" "web" {
  parent_type = "frontend"
  parent_name = haproxy_frontend.web.name
  rules = [
    { type = "deny", deny_status = 403, cond = "if", cond_test = haproxy_acl.blocked.acl_name },
    { type = "set-header", hdr_name = "X-Served-By", hdr_format = "terraform-provider-haproxy" },
  ]
}

resource "haproxy_backend_switching_rules" "web" {
  parent_type = "frontend"
  parent_name = haproxy_frontend.web.name
  rules = [
    { backend = haproxy_backend.api.name, cond = "if", cond_test = haproxy_acl.host_api.acl_name },
  ]
}

data "haproxy_info" "agent" {}

output "haproxy_version" {
  value = data.haproxy_info.agent.haproxy_version
}
