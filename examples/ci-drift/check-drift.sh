#!/usr/bin/env bash
# The CI job: exit 0 when haproxy.cfg is what Terraform says, 2 when someone edited
# it by hand (the plan above shows what), 1 on errors. It only reads: give it a
# read-only user of the agent (--read-only-users-file) in HAPROXY_USERNAME and
# HAPROXY_PASSWORD, which can plan but gets 403 on any write.
set -uo pipefail
terraform init -input=false >/dev/null || exit 1
terraform plan -input=false -detailed-exitcode -lock-timeout=60s
case $? in
  0) echo "no drift" ;;
  2) echo "haproxy.cfg drifted from Terraform: see the plan above"; exit 2 ;;
  *) exit 1 ;;
esac
