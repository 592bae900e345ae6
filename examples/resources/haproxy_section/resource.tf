# A cache that http-request cache-use / http-response cache-store name.
resource "haproxy_section" "static_cache" {
  type = "cache"
  name = "static"
  lines = [
    "total-max-size 64",
    "max-object-size 1048576",
    "max-age 300",
  ]
}

# A ring buffer that logs go through to a remote collector.
resource "haproxy_section" "logs" {
  type = "ring"
  name = "logs"
  lines = [
    "format rfc5424",
    "maxlen 1500",
    "size 65536",
    "timeout connect 5s",
    "timeout server 10s",
    "server collector 10.0.0.5:6514",
  ]
}
