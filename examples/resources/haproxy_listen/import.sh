terraform import haproxy_listen.stats stats
