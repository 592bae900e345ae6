# The global section's ID is always `global`.
terraform import haproxy_global.this global
