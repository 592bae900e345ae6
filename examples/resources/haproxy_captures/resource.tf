# The capture slots of one frontend (`declare capture`), for `capture` actions.
resource "haproxy_captures" "web" {
  parent_type = "frontend"
  parent_name = "fe_web"
  rules = [
    "capture request len 64",
    "capture response len 32",
  ]
}
