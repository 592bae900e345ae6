terraform import haproxy_backend.app be_app
