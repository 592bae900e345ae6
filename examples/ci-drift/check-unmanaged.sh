#!/usr/bin/env bash
# The CI job's second check, for what `terraform plan` cannot see: exit 0 when
# Terraform manages every frontend, backend, server, bind, ACL line and rule list
# the agent serves, 2 when one was added by hand (listed, with the import blocks
# that adopt it), 1 on errors. It reads the agent as the plan does, from
# HAPROXY_URL, HAPROXY_USERNAME and HAPROXY_PASSWORD, and the state from the
# backend. It runs the provider binary that `terraform init` installed.
set -uo pipefail
terraform init -input=false >/dev/null || exit 1
provider=$(ls .terraform/providers/registry.terraform.io/tfhaproxy/haproxy/*/*/terraform-provider-haproxy_v* 2>/dev/null | head -n 1)
[ -n "$provider" ] || { echo "terraform init did not install tfhaproxy/haproxy" >&2; exit 1; }
state=$(mktemp) || exit 1
trap 'rm -f "$state"' EXIT
terraform show -json > "$state" || exit 1
"$provider" generate-imports --skip-managed "$state" --fail-on-unmanaged
