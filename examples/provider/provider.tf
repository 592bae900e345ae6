terraform {
  required_providers {
    haproxy = {
      source = "tfhaproxy/haproxy"
    }
  }
}

# The agent runs next to HAProxy and owns its haproxy.cfg.
# username and password can also come from HAPROXY_USERNAME and HAPROXY_PASSWORD.
provider "haproxy" {
  url      = "https://lb1.example.com:5555"
  username = "admin"
  password = var.haproxy_password
  ca_file  = "/etc/ssl/certs/haproxy-agent-ca.pem"
  timeout  = "30s"
}

variable "haproxy_password" {
  type      = string
  sensitive = true
}
