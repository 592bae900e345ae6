# <file name>
terraform import haproxy_map.hosts hosts.map
