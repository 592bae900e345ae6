variable "site_certificate" {
  description = "The site's certificate and its chain, PEM-encoded (leaf first)."
  type        = string
}

variable "site_private_key" {
  description = "The site's private key, PEM-encoded."
  type        = string
  sensitive   = true
}

resource "haproxy_ssl_certificate" "site" {
  name        = "example.com.pem"
  certificate = var.site_certificate
  private_key = var.site_private_key
}

# A bind serves it. A new certificate in the variables is a rotation: the agent
# changes it in the running HAProxy, with no reload.
resource "haproxy_bind" "https" {
  frontend        = "fe_web"
  name            = "https"
  address         = "0.0.0.0"
  port            = 443
  ssl             = true
  ssl_certificate = haproxy_ssl_certificate.site.file
}
