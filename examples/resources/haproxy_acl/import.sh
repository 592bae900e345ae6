# <frontends|backends>/<section>/<index of the acl line, from 0>
terraform import haproxy_acl.host_api frontends/fe_web/0
