terraform import haproxy_bind.https fe_web/https
