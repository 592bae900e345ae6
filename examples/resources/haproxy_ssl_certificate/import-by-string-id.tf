import {
  to = haproxy_ssl_certificate.site
  id = "example.com.pem"
}
