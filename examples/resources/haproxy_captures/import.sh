terraform import haproxy_captures.web frontends/fe_web
