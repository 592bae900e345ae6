# State in PostgreSQL, so that CI jobs share it; PG_CONN_STR says where
# (postgres://terraform@db/terraform_state). The agent comes from HAPROXY_URL,
# HAPROXY_USERNAME and HAPROXY_PASSWORD: a read-write user for the apply job, a
# read-only one (the agent's --read-only-users-file) for the drift check.
terraform {
  backend "pg" {}

  required_providers {
    haproxy = {
      source = "tfhaproxy/haproxy"
    }
  }
}

provider "haproxy" {}

resource "haproxy_backend" "app" {
  name    = "be_app"
  balance = "roundrobin"
}

resource "haproxy_server" "app1" {
  backend = haproxy_backend.app.name
  name    = "app1"
  address = "127.0.0.1"
  port    = 9001
  weight  = 50
}
