#!/usr/bin/env bash
# make quickstart-down: stops the agent (which stops HAProxy) and the web servers,
# and forgets the quickstart's state so that the next make quickstart starts fresh.
# QUICKSTART_DIR is the directory make quickstart was given, if it was.
set -uo pipefail
cd "$(dirname "$0")"
dir=${QUICKSTART_DIR:-$PWD}
run=$dir/.run
for name in agent www api; do
  if [ -e "$run/$name.pid" ]; then
    pid=$(cat "$run/$name.pid")
    kill -TERM "$pid" 2>/dev/null
    for _ in $(seq 1 100); do kill -0 "$pid" 2>/dev/null || break; sleep 0.1; done
  fi
done
cd "$dir" && rm -rf "$run" .terraform .terraform.lock.hcl terraform.tfstate terraform.tfstate.backup quickstart.auto.tfvars
echo "The quickstart is stopped."
