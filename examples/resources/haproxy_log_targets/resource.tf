# Where one frontend logs: `log` lines without their leading `log`.
resource "haproxy_log_targets" "web" {
  parent_type = "frontend"
  parent_name = "fe_web"
  rules = [
    "global",
    "127.0.0.1:514 len 4096 local0 info",
  ]
}

# Where HAProxy logs by default (the global section's `log` lines, which
# `log global` in a proxy refers to): the global section has no name.
resource "haproxy_log_targets" "global" {
  parent_type = "global"
  rules       = ["/dev/log local0 notice"]
}
