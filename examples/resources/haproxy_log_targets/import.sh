terraform import haproxy_log_targets.web frontends/fe_web
