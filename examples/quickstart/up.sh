#!/usr/bin/env bash
# make quickstart: HAProxy and the agent on loopback, then terraform apply of this
# directory, then a request through the new frontend. make quickstart-down stops it.
#
# Where it runs can be changed with these variables (the defaults in brackets),
# so that a test can run a quickstart beside yours; make quickstart-down takes the
# same QUICKSTART_DIR:
#   QUICKSTART_DIR          terraform's working directory; the processes' files go
#                           to its .run/ [this directory]
#   QUICKSTART_AGENT_PORT   the agent's Data Plane API [5555]
#   QUICKSTART_PORT         the frontend Terraform creates [18080]
#   QUICKSTART_WWW_PORT, QUICKSTART_API_PORT   the two web servers [18081, 18082]
#   QUICKSTART_STATUS_PORT  the handwritten status frontend in haproxy.cfg [18404]
set -euo pipefail
cd "$(dirname "$0")"
here=$PWD
repo=$(cd ../.. && pwd)
dir=${QUICKSTART_DIR:-$here}
run=$dir/.run
agent_port=${QUICKSTART_AGENT_PORT:-5555}
port=${QUICKSTART_PORT:-18080}
www_port=${QUICKSTART_WWW_PORT:-18081}
api_port=${QUICKSTART_API_PORT:-18082}
status_port=${QUICKSTART_STATUS_PORT:-18404}
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

# fail prints why the quickstart stopped, and the lines of the logs that tell more:
# HAProxy's alerts and the errors, or else their last lines.
fail() {
  echo >&2
  echo "The quickstart failed: $1" >&2
  shift
  for log in "$@"; do
    [ -s "$log" ] || continue
    echo "--- $log" >&2
    grep -E '\[ALERT\]|"level":"ERROR"|Error' "$log" >&2 || tail -n 20 "$log" >&2
  done
  echo "make quickstart-down stops what did start." >&2
  exit 1
}

echo "==> building the provider and the agent"
make -C "$repo" --no-print-directory build install >/dev/null

rm -rf "$run" && mkdir -p "$run/www" "$run/api"
sed "s/127\.0\.0\.1:18404\$/127.0.0.1:$status_port/" haproxy.cfg > "$run/haproxy.cfg"
if [ "$dir" != "$here" ]; then
  cp main.tf "$dir/main.tf"
fi
tfvars=$dir/quickstart.auto.tfvars
rm -f "$tfvars"
if [ "$port $www_port $api_port" != "18080 18081 18082" ]; then
  printf 'port     = %s\nwww_port = %s\napi_port = %s\n' "$port" "$www_port" "$api_port" > "$tfvars"
fi
password=$(od -An -N12 -tx1 /dev/urandom | tr -d ' \n')
echo -n "$password" | "$repo/bin/terraform-provider-haproxy" hash-password admin > "$run/users"
echo "$password" > "$run/password"

# serve starts a small web server answering "hello from <name>" on port, and
# waits until it answers (or has failed, on a port in use say).
serve() {
  local name=$1 port=$2
  echo "hello from $name" > "$run/$name/index.html"
  (cd "$run/$name" && exec python3 -m http.server "$port" --bind 127.0.0.1 >"$run/$name.log" 2>&1) & echo $! > "$run/$name.pid"
  for _ in $(seq 1 100); do
    [ "$(curl -fsS --max-time 2 "http://127.0.0.1:$port/" 2>/dev/null)" = "hello from $name" ] && return 0
    kill -0 "$(cat "$run/$name.pid")" 2>/dev/null || break
    sleep 0.1
  done
  fail "the $name web server does not answer on 127.0.0.1:$port" "$run/$name.log"
}
echo "==> starting two web servers on 127.0.0.1:$www_port (www) and :$api_port (api)"
serve www "$www_port"
serve api "$api_port"

echo "==> starting the agent on 127.0.0.1:$agent_port (it starts HAProxy)"
"$repo/bin/terraform-provider-haproxy" agent --config "$run/haproxy.cfg" --state-dir "$run/state" \
  --users-file "$run/users" --listen "127.0.0.1:$agent_port" >"$run/agent.log" 2>&1 & echo $! > "$run/agent.pid"

export HAPROXY_URL=http://127.0.0.1:$agent_port HAPROXY_USERNAME=admin HAPROXY_PASSWORD=$password
api() { curl -fsS --max-time 10 -u "admin:$password" "$HAPROXY_URL/v3$1"; }
for _ in $(seq 1 100); do
  api /health 2>/dev/null | grep -q '"up"' && break
  kill -0 "$(cat "$run/agent.pid")" 2>/dev/null || break
  sleep 0.1
done
api /health 2>/dev/null | grep -q '"up"' || fail "the agent did not start" "$run/agent.log"

# reloads waits until HAProxy has loaded every change the agent accepted, then
# prints HAProxy's answer to each reload it refused: nothing when all went well.
# When it cannot tell, it says why and fails.
reloads() {
  local out rc
  for _ in $(seq 1 600); do
    rc=0
    out=$(api /services/haproxy/reloads | python3 -c '
import json, sys
reloads = json.load(sys.stdin)
if any(r["status"] == "in_progress" for r in reloads):
    sys.exit(3)
for r in reloads:
    if r["status"] == "failed":
        print(r.get("response", "").strip())
') || rc=$?
    case $rc in
      0) printf '%s' "$out"; return 0 ;;
      3) sleep 0.1 ;;
      *) echo "the agent does not answer $HAPROXY_URL/v3/services/haproxy/reloads"; return 1 ;;
    esac
  done
  echo "HAProxy has not finished reloading after a minute"
  return 1
}

echo "==> terraform init and apply"
cd "$dir"
rm -rf .terraform .terraform.lock.hcl terraform.tfstate terraform.tfstate.backup
terraform init -input=false >/dev/null
applied=0
terraform apply -input=false -auto-approve || applied=$?
refused=$(reloads) || fail "$refused" "$run/agent.log"
if [ -n "$refused" ]; then
  fail "HAProxy refused the new configuration, so the agent restored the last one it had accepted:
$refused" "$run/agent.log"
fi
[ "$applied" -eq 0 ] || fail "terraform apply failed (exit $applied)" "$run/agent.log"

echo "==> a request through the new frontend"
echo "\$ curl http://127.0.0.1:$port/"
curl -fsS --max-time 10 "http://127.0.0.1:$port/"
echo "\$ curl -H 'Host: api.localhost' http://127.0.0.1:$port/"
curl -fsS --max-time 10 -H 'Host: api.localhost' "http://127.0.0.1:$port/"
echo "\$ curl -o /dev/null -w '%{http_code}' http://127.0.0.1:$port/admin"
curl -sS --max-time 10 -o /dev/null -w '%{http_code}\n' "http://127.0.0.1:$port/admin"

cat <<MSG

The quickstart is running.
  The config the agent owns:   $run/haproxy.cfg   (your comments stay where they are)
  The Data Plane API:          curl -u admin:$password $HAPROXY_URL/v3/services/haproxy/configuration/backends
  Change it with Terraform:    edit $dir/main.tf, then, in that directory,
                               export HAPROXY_URL=$HAPROXY_URL HAPROXY_USERNAME=admin HAPROXY_PASSWORD=$password
                               terraform plan && terraform apply
  See drift:                   edit $run/haproxy.cfg by hand, then terraform plan -detailed-exitcode
  Stop everything:             make quickstart-down
MSG
