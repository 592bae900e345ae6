terraform import haproxy_defaults.web web

# An anonymous `defaults` section, by the name our agent gives it:
terraform import haproxy_defaults.first unnamed_defaults_1
