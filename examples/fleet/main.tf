# Three HAProxy nodes, each with its own agent, managed as one: every resource is
# written once and applied to every node. Each change goes to the canary lb1
# first; only once lb1 has it live and its probe answers does it go to lb2 and
# lb3. A plan reads every node, and a resource whose nodes differ names them in
# nodes_differ (and the apply makes them equal).
#
# State in PostgreSQL, so that the team shares it: PG_CONN_STR says where
# (postgres://terraform@db/terraform_state). The pg backend locks the state for
# the whole of a plan or apply: a second apply started meanwhile fails on the
# lock, or waits for it with -lock-timeout=5m, and loses nothing.
# HAPROXY_USERNAME and HAPROXY_PASSWORD are every node's credentials.
terraform {
  backend "pg" {}

  required_providers {
    haproxy = {
      source = "tfhaproxy/haproxy"
    }
  }
}

variable "lb1_url" {
  description = "The canary's agent"
  default     = "https://lb1.example.com:5555"
}

variable "lb1_probe_url" {
  description = "A URL through the canary's HAProxy that answers 2xx or 3xx while it serves well"
  default     = "http://lb1.example.com/healthz"
}

variable "lb2_url" {
  default = "https://lb2.example.com:5555"
}

variable "lb3_url" {
  default = "https://lb3.example.com:5555"
}

variable "frontend" {
  description = "The frontend, in every node's haproxy.cfg, that sends app.example.com to be_app"
  default     = "fe_main"
}

provider "haproxy" {
  nodes = [
    { name = "lb1", url = var.lb1_url, canary = true, probe_url = var.lb1_probe_url },
    { name = "lb2", url = var.lb2_url },
    # lb3 may be down for maintenance: plan and apply then go on without it, with
    # a warning that names it; once it is back, plan names it in nodes_differ
    # wherever it differs, and the apply brings it level.
    { name = "lb3", url = var.lb3_url, optional = true },
  ]
}

resource "haproxy_backend" "app" {
  name    = "be_app"
  balance = "roundrobin"
}

resource "haproxy_server" "app" {
  for_each = { app1 = 9001, app2 = 9002 }

  backend = haproxy_backend.app.name
  name    = each.key
  address = "127.0.0.1"
  port    = each.value
}

resource "haproxy_backend_switching_rules" "main" {
  parent_type = "frontend"
  parent_name = var.frontend
  rules = [
    { backend = haproxy_backend.app.name, cond = "if", cond_test = "{ hdr(host) -i app.example.com }" },
  ]
}
