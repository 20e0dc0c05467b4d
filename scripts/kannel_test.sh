#!/usr/bin/env bash
# A private Kannel for tests: bearerbox + smsbox + the fake SMSC, configured in
# a temporary directory, on private ports, with a persistent message store
# (store-type = file) and persistent delivery-report storage (dlr-storage =
# spool: one file per pending report, survives a bearerbox restart; the
# Debian build also has sqlite3/pgsql/mysql/redis, spool needs no schema).
#
#   scripts/kannel_test.sh start        # prints KEY=VALUE lines (eval them)
#   scripts/kannel_test.sh stop
#   scripts/kannel_test.sh stop-smsc    # the gateway loses its SMSC
#   scripts/kannel_test.sh start-smsc
#   scripts/kannel_test.sh kill-bearerbox / start-bearerbox   (crash tests)
#   scripts/kannel_test.sh stop-gateway  # outage: smsbox and bearerbox stopped
#                                        # (SIGTERM); start-bearerbox brings them back
#   scripts/kannel_test.sh count        # "Got message" lines on fakesmsc's stderr
#   scripts/kannel_test.sh free-base    # a free block of ports for XIEZUO_KANNEL_BASE
#
# Environment:
#   XIEZUO_KANNEL_BASE  first of 4 private ports (default 13010): admin,
#                       smsbox link, sendsms, fake SMSC
#   XIEZUO_KANNEL_DIR   working directory (default /tmp/xiezuo-kannel-$BASE)
#   XIEZUO_MO_URL       where smsbox delivers inbound messages (MO), e.g.
#                       http://127.0.0.1:8080/api/v1/sms/mo?token=T
# Every process is started by this script and stopped by the PID it kept.
set -euo pipefail
BASE=${XIEZUO_KANNEL_BASE:-13010}
DIR=${XIEZUO_KANNEL_DIR:-/tmp/xiezuo-kannel-$BASE}
ADMIN=$BASE; BOX=$((BASE+1)); SEND=$((BASE+2)); SMSC=$((BASE+3))
FAKESMSC=/usr/lib/kannel/test/fakesmsc
MO_URL=${XIEZUO_MO_URL:-http://127.0.0.1:1/none}

ensure_installed() {
  if [ ! -x /usr/sbin/bearerbox ] || [ ! -x "$FAKESMSC" ]; then
    SUDO=""; [ "$(id -u)" = 0 ] || SUDO=sudo
    $SUDO apt-get update -qq
    DEBIAN_FRONTEND=noninteractive $SUDO apt-get install -y -qq --no-install-recommends kannel kannel-extras >/dev/null
  fi
}

write_config() {
  mkdir -p "$DIR/store" "$DIR/dlr-spool"
  # Kannel's get-url escapes: %p sender, %a text (UTF-8 after charset
  # conversion). The MO URL is quoted for Kannel's config syntax.
  cat >"$DIR/kannel.conf" <<CONF
group = core
admin-port = $ADMIN
admin-password = xiezuo
admin-allow-ip = "127.0.0.1"
smsbox-port = $BOX
smsbox-interface = 127.0.0.1
log-file = "$DIR/bearerbox.log"
log-level = 2
store-type = file
store-location = "$DIR/store/kannel.store"
store-dump-freq = 1
dlr-storage = spool
dlr-spool = "$DIR/dlr-spool"
sms-resend-freq = 5
sms-incoming-queue-limit = -1
sms-outgoing-queue-limit = -1

group = smsc
smsc = fake
smsc-id = fake
host = 127.0.0.1
port = $SMSC
connect-allow-ip = 127.0.0.1

group = smsbox
bearerbox-host = 127.0.0.1
bearerbox-port = $BOX
sendsms-port = $SEND
sendsms-interface = 127.0.0.1
sendsms-chars = "0123456789 +-"
log-file = "$DIR/smsbox.log"
log-level = 2
mo-recode = true
# Delivery reports and MO calls to xiezuo are retried while the server is
# down (a restart): otherwise smsbox drops them after one failed fetch.
http-request-retry = 120
http-queue-delay = 1

group = sendsms-user
username = xiezuo
password = xiezuo
max-messages = 10
concatenation = true
dlr-url = ""

group = sms-service
keyword = default
catch-all = true
get-url = "${MO_URL}&from=%p&to=%P&text=%a&ts=%t"
max-messages = 0
accept-x-kannel-headers = true
CONF
}

port_free() { ! (exec 3<>/dev/tcp/127.0.0.1/$1) 2>/dev/null; }

alive() { [ -f "$DIR/$1.pid" ] && kill -0 "$(cat "$DIR/$1.pid")" 2>/dev/null; }

wait_port() {  # port, seconds
  for _ in $(seq 1 $(( $2 * 10 ))); do
    (exec 3<>/dev/tcp/127.0.0.1/$1) 2>/dev/null && return 0
    sleep 0.1
  done
  return 1
}

start_bearerbox() {
  alive bearerbox && return 0
  /usr/sbin/bearerbox "$DIR/kannel.conf" >>"$DIR/bearerbox.out" 2>&1 &
  echo $! >"$DIR/bearerbox.pid"
  wait_port "$BOX" 20 || { echo "bearerbox did not start; see $DIR/bearerbox.out" >&2; exit 1; }
}
start_smsbox() {
  alive smsbox && return 0
  /usr/sbin/smsbox "$DIR/kannel.conf" >>"$DIR/smsbox.out" 2>&1 &
  echo $! >"$DIR/smsbox.pid"
  wait_port "$SEND" 20 || { echo "smsbox did not start; see $DIR/smsbox.out" >&2; exit 1; }
}
start_smsc() {
  alive fakesmsc && return 0
  # -m 0: send no MO of its own; debug level so each received message is
  # logged as "Got message N: ...". Appends: counts survive a restart.
  "$FAKESMSC" -H 127.0.0.1 -r "$SMSC" -i 1 -m 0 "10690 13900000000 text hi" \
    >>"$DIR/fakesmsc.out" 2>>"$DIR/fakesmsc.log" &
  echo $! >"$DIR/fakesmsc.pid"
  # Connected when bearerbox's status lists the SMSC as online.
  for _ in $(seq 1 100); do
    curl -s "http://127.0.0.1:$ADMIN/status.txt?password=xiezuo" | grep -q "online" && return 0
    sleep 0.1
  done
  echo "fakesmsc did not connect; see $DIR/fakesmsc.log" >&2; exit 1
}
stop_one() {
  if [ -f "$DIR/$1.pid" ]; then
    local p; p=$(cat "$DIR/$1.pid")
    if kill -0 "$p" 2>/dev/null; then
      kill "${2:--TERM}" "$p" 2>/dev/null || true
      for _ in $(seq 1 50); do kill -0 "$p" 2>/dev/null || break; sleep 0.1; done
      kill -KILL "$p" 2>/dev/null || true
    fi
    rm -f "$DIR/$1.pid"
  fi
}

case "${1:-}" in
  free-base)  # a base in 13000-13096 whose 4 ports (and base+4, for a server) are free
    for b in $(seq 13000 5 13095); do
      ok=1; for p in $b $((b+1)) $((b+2)) $((b+3)) $((b+4)); do port_free $p || { ok=0; break; }; done
      [ $ok = 1 ] && { echo $b; exit 0; }
    done
    echo "no free port block in 13000-13099" >&2; exit 1 ;;
  start)
    ensure_installed
    stop_one fakesmsc; stop_one smsbox; stop_one bearerbox
    for p in $ADMIN $BOX $SEND $SMSC; do
      port_free $p || { echo "port $p is in use (another Kannel?); choose XIEZUO_KANNEL_BASE (scripts/kannel_test.sh free-base)" >&2; exit 1; }
    done
    rm -rf "$DIR"; mkdir -p "$DIR"
    write_config
    start_bearerbox; start_smsbox; start_smsc
    echo "XIEZUO_KANNEL_URL=http://127.0.0.1:$SEND/cgi-bin/sendsms"
    echo "XIEZUO_KANNEL_USER=xiezuo"
    echo "XIEZUO_KANNEL_PASSWORD=xiezuo"
    echo "XIEZUO_KANNEL_DIR=$DIR"
    echo "XIEZUO_KANNEL_ADMIN=http://127.0.0.1:$ADMIN"
    ;;
  stop) stop_one fakesmsc; stop_one smsbox; stop_one bearerbox ;;
  stop-smsc) stop_one fakesmsc ;;
  start-smsc) start_smsc ;;
  kill-bearerbox) stop_one smsbox -KILL; stop_one bearerbox -KILL ;;
  stop-gateway) stop_one smsbox; stop_one bearerbox ;;
  start-bearerbox) start_bearerbox; start_smsbox ;;
  count) grep -c "Got message" "$DIR/fakesmsc.log" 2>/dev/null || echo 0 ;;
  status) curl -s "http://127.0.0.1:$ADMIN/status.txt?password=xiezuo" ;;
  *) echo "usage: $0 start|stop|stop-smsc|start-smsc|kill-bearerbox|stop-gateway|start-bearerbox|count|status" >&2; exit 2 ;;
esac
