terraform import haproxy_frontend.web fe_web
