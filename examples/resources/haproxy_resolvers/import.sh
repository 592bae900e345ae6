# <resolvers section name>
terraform import haproxy_resolvers.dns dns
