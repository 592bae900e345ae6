terraform import haproxy_filters.web frontends/fe_web
