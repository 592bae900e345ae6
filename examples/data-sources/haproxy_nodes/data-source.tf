data "haproxy_nodes" "fleet" {}

# Each node's HAProxy version, by name: during a rolling upgrade, which nodes have the new one.
output "haproxy_versions" {
  value = { for n in data.haproxy_nodes.fleet.nodes : n.name => n.haproxy_version }
}
