#!/usr/bin/env bash
# Runs docs/deploy.md's commands, step by step, on one machine: Debian's MariaDB as the existing
# server, two gateways (two directories standing for two hosts) and HAProxy in front of them, all on
# 127.0.0.1. Fails at the first step that does not do what the document says. Needs the packages
# mariadb-server, mariadb-client, haproxy and openssl (.ci/run installs the first two), and the jars
# built (./mvnw -B -q -DskipTests package). Everything it starts is stopped on exit.
#   bench/deploy.sh [--keep]     (--keep leaves the working directory for a look)
set -euo pipefail

BENCH_DIR="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
source "$BENCH_DIR/../bin/lib/launcher.sh" # GRANTGATE_HOME
cd "$GRANTGATE_HOME"

KEEP=0
[ "${1:-}" = "--keep" ] && KEEP=1
PORT_BASE=${DEPLOY_PORT_BASE:-24500}
DB_PORT=$((PORT_BASE))
LB_PORT=$((PORT_BASE + 6))
WORK="$(mktemp -d "${TMPDIR:-/tmp}/grantgate-deploy.XXXXXX")"
PIDS=()

NAME=deploy
source "$BENCH_DIR/lib/debian-mariadb.sh" # log, fail, await, start_mariadb, root; cleanup at exit
require_tools mariadbd mariadb-install-db mariadb haproxy openssl curl

# --- 1. the existing server (here: Debian's mariadbd on a directory of its own) -------------------
log "1. a MariaDB server from Debian on 127.0.0.1:$DB_PORT"
start_mariadb "$DB_PORT"
root -e "CREATE DATABASE shop; CREATE TABLE shop.orders (id INT PRIMARY KEY, total INT); INSERT INTO shop.orders VALUES (1, 10), (2, 20)"

# --- 2. the admin login ---------------------------------------------------------------------------
log "2. the admin login gg_admin with deploy/admin-login.sql"
GG_ADMIN_PASSWORD="$(head -c 24 /dev/urandom | base64 | tr -dc 'A-Za-z0-9')"
printf "CREATE USER 'gg_admin'@'127.0.0.1' IDENTIFIED BY '%s';\n" "$GG_ADMIN_PASSWORD" | root
root <deploy/admin-login.sql

# --- 3. admin init --------------------------------------------------------------------------------
log "3. admin init"
ADMIN_ETC="$WORK/admin-host/etc/grantgate-admin"
printf '%s\n' "$GG_ADMIN_PASSWORD" | bin/admin init \
  --catalog-url "jdbc:mysql://127.0.0.1:$DB_PORT/grantgate" \
  --admin-user gg_admin --password-stdin \
  --admin-properties "$ADMIN_ETC/admin.properties"
bin/admin init --admin-properties "$ADMIN_ETC/admin.properties" | tee "$WORK/init-again.txt"
grep -q "^nothing to change" "$WORK/init-again.txt" || fail "a second admin init changed something"

# --- 4. the master key and the gateways' login on each gateway host ------------------------------
log "4. gateway.properties and master.key to gw1 and gw2 (mode 0600)"
for gw in gw1 gw2; do
  install -d -m 0700 "$WORK/$gw/etc/grantgate"
  install -m 0600 "$ADMIN_ETC/gateway.properties" "$ADMIN_ETC/master.key" "$WORK/$gw/etc/grantgate/"
done

# --- 5. TLS certificates --------------------------------------------------------------------------
log "5. a CA and the gateways' certificate"
TLS="$WORK/tls"
mkdir -p "$TLS"
(
  cd "$TLS"
  openssl req -x509 -newkey rsa:3072 -nodes -days 825 -subj "/CN=GrantGate example CA" \
    -keyout ca.key -out ca.crt 2>/dev/null
  openssl req -newkey rsa:3072 -nodes -subj "/CN=db.example.com" -keyout gateway.key -out gateway.csr 2>/dev/null
  printf 'subjectAltName=DNS:db.example.com,IP:127.0.0.1\n' >gateway.ext
  openssl x509 -req -in gateway.csr -CA ca.crt -CAkey ca.key -CAcreateserial -days 825 \
    -extfile gateway.ext -out gateway.crt 2>/dev/null
  chmod 600 gateway.key
)

# --- 6. the gateways ------------------------------------------------------------------------------
n=0
for gw in gw1 gw2; do
  n=$((n + 1))
  etc="$WORK/$gw/etc/grantgate"
  install -m 0600 "$TLS/gateway.crt" "$TLS/gateway.key" "$etc/"
  cat >"$etc/gateway.conf" <<CONF
listen=127.0.0.1:$((PORT_BASE + n))
ops.listen=127.0.0.1:$((PORT_BASE + 10 + n))
tls.certificate=$etc/gateway.crt
tls.key=$etc/gateway.key
instance-id=$gw
proxy-protocol.trusted=127.0.0.1
CONF
  log "6. $gw: bin/grantgate on 127.0.0.1:$((PORT_BASE + n)), ops on $((PORT_BASE + 10 + n))"
  bin/grantgate --admin-properties "$etc/gateway.properties" --config "$etc/gateway.conf" \
    --data-dir "$WORK/$gw/data" >"$WORK/$gw.log" 2>&1 &
  PIDS+=($!)
done
for n in 1 2; do
  await 120 curl -fsS "http://127.0.0.1:$((PORT_BASE + 10 + n))/health/ready" \
    || { cat "$WORK/gw$n.log"; fail "gw$n not ready"; }
done

# --- 7. HAProxy -----------------------------------------------------------------------------------
log "7. HAProxy on 127.0.0.1:$LB_PORT in front of both, with PROXY protocol v2 headers"
cat >"$WORK/haproxy.cfg" <<CFG
global
    maxconn 4096
defaults
    mode tcp
    timeout connect 5s
    timeout client 1h
    timeout server 1h
frontend mysql
    bind 127.0.0.1:$LB_PORT
    default_backend grantgate
backend grantgate
    balance leastconn
    option httpchk GET /health/ready
    http-check expect status 200
    server gw1 127.0.0.1:$((PORT_BASE + 1)) check port $((PORT_BASE + 11)) inter 2s send-proxy-v2
    server gw2 127.0.0.1:$((PORT_BASE + 2)) check port $((PORT_BASE + 12)) inter 2s send-proxy-v2
CFG
haproxy -db -f "$WORK/haproxy.cfg" >"$WORK/haproxy.log" 2>&1 &
PIDS+=($!)

# --- 8. an account, and a client through HAProxy -------------------------------------------------
log "8. admin grant xuys, then the mariadb client through HAProxy, TLS verified"
APP_PASSWORD="$(head -c 24 /dev/urandom | base64 | tr -dc 'A-Za-z0-9')"
printf '%s\n' "$APP_PASSWORD" | bin/admin grant xuys --host 127.0.0.1 --password-stdin \
  --privileges SELECT --on 'shop.*' --admin-properties "$ADMIN_ETC/admin.properties"
printf '[client]\npassword=%s\n' "$APP_PASSWORD" >"$WORK/xuys.cnf"
chmod 600 "$WORK/xuys.cnf"
client() {
  mariadb --defaults-file="$WORK/xuys.cnf" --ssl-ca="$TLS/ca.crt" --ssl-verify-server-cert \
    -h 127.0.0.1 -P "$LB_PORT" -u xuys shop "$@"
}
await 20 client -e "SELECT 1"
answer="$(client -N -e "SELECT SUM(total) FROM orders")"
[ "$answer" = 30 ] || fail "expected 30 through HAProxy, got '$answer'"
for _ in 1 2 3 4 5 6; do client -e "SELECT 1" >/dev/null; done
await 10 test "$(root -N -e "SELECT COUNT(DISTINCT instance_id) FROM grantgate.audit_event WHERE event_type = 'login' AND user_name = 'xuys'")" = 2
via="$(root -N -e "SELECT COUNT(*) FROM grantgate.audit_event WHERE event_type = 'login' AND user_name = 'xuys' AND detail LIKE '%\"via\"%'")"
[ "$via" -gt 0 ] || fail "no login of xuys records the balancer (via): the PROXY header was not taken"
log "logins of xuys through HAProxy recorded by: $(root -N -e "SELECT GROUP_CONCAT(DISTINCT instance_id ORDER BY instance_id) FROM grantgate.audit_event WHERE event_type = 'login' AND user_name = 'xuys'")"

# --- 9. upgrades ----------------------------------------------------------------------------------
log "9. upgrade path: admin migrate, then admin init again"
bin/admin migrate --admin-properties "$ADMIN_ETC/admin.properties"
bin/admin init --admin-properties "$ADMIN_ETC/admin.properties" >/dev/null

log "OK: every step of docs/deploy.md did what it says"
