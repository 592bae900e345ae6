terraform import haproxy_server.web1 be_app/web1
