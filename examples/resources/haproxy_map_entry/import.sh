# <map file name>/<key>
terraform import haproxy_map_entry.shop hosts.map/shop.example.com
