# The one global section: creating the resource adopts it, destroying it
# writes back what it said before Terraform managed it.
resource "haproxy_global" "this" {
  maxconn                  = 20000
  hard_stop_after          = "30s"
  ssl_default_bind_options = "ssl-min-ver TLSv1.2 no-tls-tickets"

  # Unset, the section's other directives stay as they are; set, the list
  # owns them. `log` lines are never touched.
  extra_directives = [
    "tune.ssl.cachesize 20000",
  ]
}
