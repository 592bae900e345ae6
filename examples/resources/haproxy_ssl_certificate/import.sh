# <file name>
terraform import haproxy_ssl_certificate.site example.com.pem
