# <type>/<section name>
terraform import haproxy_section.static_cache cache/static
