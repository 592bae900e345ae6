terraform import haproxy_http_checks.api backends/be_api
