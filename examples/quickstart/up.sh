#!/usr/bin/env bash
# make quickstart: HAProxy and the agent on loopback, then terraform apply of this
# directory, then a request through the new frontend. make quickstart-down stops it.
set -euo pipefail
cd "$(dirname "$0")"
here=$PWD
repo=$(cd ../.. && pwd)
run=$here/.run
export PATH="/usr/local/go/bin:$PATH:/usr/sbin"
export CHECKPOINT_DISABLE=1

if [ -e "$run/agent.pid" ] && kill -0 "$(cat "$run/agent.pid")" 2>/dev/null; then
  echo "The quickstart is already running; make quickstart-down stops it." >&2
  exit 1
fi
if ! command -v haproxy >/dev/null 2>&1; then
  sudo=""; [ "$(id -u)" -ne 0 ] && sudo=sudo
  $sudo apt-get update -qq
  $sudo env DEBIAN_FRONTEND=noninteractive apt-get install -y -qq haproxy
fi
command -v terraform >/dev/null || { echo "terraform is not installed: see https://developer.hashicorp.com/terraform/install" >&2; exit 1; }
command -v python3 >/dev/null || { echo "python3 is needed for the quickstart's two small web servers" >&2; exit 1; }

echo "==> building the provider and the agent"
make -C "$repo" --no-print-directory build install >/dev/null

rm -rf "$run" && mkdir -p "$run/www" "$run/api"
cp haproxy.cfg "$run/haproxy.cfg"
password=$(od -An -N12 -tx1 /dev/urandom | tr -d ' \n')
echo -n "$password" | "$repo/bin/terraform-provider-haproxy" hash-password admin > "$run/users"
echo "$password" > "$run/password"

echo "==> starting two web servers on 127.0.0.1:18081 (www) and :18082 (api)"
echo "hello from www" > "$run/www/index.html"
echo "hello from api" > "$run/api/index.html"
(cd "$run/www" && exec python3 -m http.server 18081 --bind 127.0.0.1 >"$run/www.log" 2>&1) & echo $! > "$run/www.pid"
(cd "$run/api" && exec python3 -m http.server 18082 --bind 127.0.0.1 >"$run/api.log" 2>&1) & echo $! > "$run/api.pid"

echo "==> starting the agent on 127.0.0.1:5555 (it starts HAProxy)"
"$repo/bin/terraform-provider-haproxy" agent --config "$run/haproxy.cfg" --state-dir "$run/state" \
  --users-file "$run/users" --listen 127.0.0.1:5555 >"$run/agent.log" 2>&1 & echo $! > "$run/agent.pid"

export HAPROXY_URL=http://127.0.0.1:5555 HAPROXY_USERNAME=admin HAPROXY_PASSWORD=$password
for _ in $(seq 1 100); do
  curl -fsS -u "admin:$password" "$HAPROXY_URL/v3/health" 2>/dev/null | grep -q '"up"' && break
  sleep 0.1
done
curl -fsS -u "admin:$password" "$HAPROXY_URL/v3/health" | grep -q '"up"' || { echo "the agent did not start; see $run/agent.log" >&2; exit 1; }

echo "==> terraform init and apply"
rm -rf .terraform .terraform.lock.hcl terraform.tfstate terraform.tfstate.backup
terraform init -input=false >/dev/null
terraform apply -input=false -auto-approve

echo "==> a request through the new frontend"
sleep 1.5 # the agent coalesces reloads within a second
echo "\$ curl http://127.0.0.1:18080/"
curl -fsS http://127.0.0.1:18080/
echo "\$ curl -H 'Host: api.localhost' http://127.0.0.1:18080/"
curl -fsS -H 'Host: api.localhost' http://127.0.0.1:18080/
echo "\$ curl -o /dev/null -w '%{http_code}' http://127.0.0.1:18080/admin"
curl -sS -o /dev/null -w '%{http_code}\n' http://127.0.0.1:18080/admin

cat <<MSG

The quickstart is running.
  The config the agent owns:   $run/haproxy.cfg   (your comments stay where they are)
  The Data Plane API:          curl -u admin:$password $HAPROXY_URL/v3/services/haproxy/configuration/backends
  Change it with Terraform:    edit $here/main.tf, then, in that directory,
                               export HAPROXY_URL=$HAPROXY_URL HAPROXY_USERNAME=admin HAPROXY_PASSWORD=$password
                               terraform plan && terraform apply
  See drift:                   edit $run/haproxy.cfg by hand, then terraform plan -detailed-exitcode
  Stop everything:             make quickstart-down
MSG
