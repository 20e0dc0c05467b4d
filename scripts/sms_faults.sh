#!/usr/bin/env bash
# SMS fault tests against a real Kannel with the fake SMSC.
#   scripts/sms_faults.sh --quick   (make test: 3,000 messages, 3 kills, 10 s outage)
#   scripts/sms_faults.sh           (full: 100,000 messages, 10 kills, 10 min outage)
# 1. crash: the server (HTTP + dispatcher) is killed with SIGKILL at random
#    moments while it drains a campaign, and restarted each time. Every
#    message must reach the fake SMSC; duplicates are counted (the window:
#    messages Kannel accepted whose "sent" was not yet committed).
# 2. outage: Kannel (bearerbox + smsbox) is stopped while messages are
#    queued; they must wait (reason gateway_unavailable, back-off) and all
#    arrive once it is back.
# 3. Kannel's own window: bearerbox is killed with SIGKILL mid-flow and
#    restarted from its file store; duplicates at the SMSC are counted.
# Figures are printed and written to test-artifacts/sms_faults.txt.
# Environment: XIEZUO_BUILD_DIR (default build/debug), XIEZUO_KANNEL_BASE
# (default: a free block from scripts/kannel_test.sh free-base),
# XIEZUO_FAULT_PORT (the server; default base + 4).
set -euo pipefail
cd "$(dirname "$0")/.."
root=$(pwd)
quick=0; [ "${1:-}" = "--quick" ] && quick=1
if [ $quick = 1 ]; then N=${N:-3000}; KILLS=${KILLS:-3}; OUTAGE=${OUTAGE:-10}; M=${M:-1000}
else N=${N:-100000}; KILLS=${KILLS:-10}; OUTAGE=${OUTAGE:-600}; M=${M:-10000}; fi
BUILD=${XIEZUO_BUILD_DIR:-build/${XIEZUO_CONFIG:-debug}}
# Private ports: a free block unless given (parallel runs must not share a Kannel).
export XIEZUO_KANNEL_BASE=${XIEZUO_KANNEL_BASE:-$(scripts/kannel_test.sh free-base)}
PORT=${XIEZUO_FAULT_PORT:-$((XIEZUO_KANNEL_BASE + 4))}
XZ=$root/$BUILD/src/app/xiezuo
LOAD=$root/$BUILD/src/notify/xiezuo_sms_load
[ -x "$XZ" ] && [ -x "$LOAD" ] || { echo "build first: $XZ, $LOAD" >&2; exit 1; }
T=$(mktemp -d /tmp/xiezuo-sms-faults.XXXXXX)
export XIEZUO_KANNEL_DIR=$T/kannel
mkdir -p test-artifacts
out=test-artifacts/sms_faults.txt
: >"$out"
say() { echo "$*" | tee -a "$out"; }

server_pid=""
cleanup() {
  [ -n "$server_pid" ] && kill -KILL "$server_pid" 2>/dev/null || true
  scripts/kannel_test.sh stop || true
}
trap cleanup EXIT

export XIEZUO_KEY=$(head -c 32 /dev/urandom | od -An -tx1 | tr -d ' \n')
export XIEZUO_DB=sqlite:$T/xiezuo.db
export XIEZUO_LISTEN=127.0.0.1:$PORT
export XIEZUO_STATIC_DIR=$T/none
export XIEZUO_SMS_QUIET_HOURS=off XIEZUO_SMS_DAILY_CAP=0 XIEZUO_SMS_LEASE_SECONDS=3
export XIEZUO_THREADS=4
token=$("$XZ" sms callback-token 2>/dev/null | tail -n1)
export XIEZUO_MO_URL="http://127.0.0.1:$PORT/api/v1/sms/mo?token=$token"
kenv=$(scripts/kannel_test.sh start) || { echo "Kannel did not start" >&2; exit 1; }
eval "$kenv"
export XIEZUO_KANNEL_URL XIEZUO_KANNEL_USER XIEZUO_KANNEL_PASSWORD
smsc_log=$XIEZUO_KANNEL_DIR/fakesmsc.log

start_server() {
  "$XZ" serve >>"$T/server.log" 2>&1 &
  server_pid=$!
}
counts() { "$LOAD" counts --db "$XIEZUO_DB"; }
pending() { counts | sed -E 's/.*queued=([0-9]+) sending=([0-9]+).*/\1 \2/' | awk '{print $1+$2}'; }
wait_drained() {  # timeout seconds
  local t0=$(date +%s)
  while [ "$(pending)" != 0 ]; do
    [ $(( $(date +%s) - t0 )) -gt "$1" ] && { say "timeout: $(counts)"; return 1; }
    sleep 0.5
  done
}
wait_delivered() {  # expected delivered total, timeout
  local t0=$(date +%s)
  while :; do
    d=$(counts | sed -E 's/.*delivered=([0-9]+).*/\1/')
    [ "$d" -ge "$1" ] && return 0
    [ $(( $(date +%s) - t0 )) -gt "$2" ] && { say "timeout waiting for reports: $(counts)"; return 1; }
    sleep 0.5
  done
}

rc=0
say "== 1. crash: $N messages, $KILLS kill -9 of the server while it sends"
"$LOAD" enqueue --db "$XIEZUO_DB" --count "$N" --prefix crash | tee -a "$out"
t0=$(date +%s.%N)
for k in $(seq 1 "$KILLS"); do
  started=$(grep -c "sms dispatcher started" "$T/server.log" 2>/dev/null || true)
  start_server
  # Wait until this server's dispatcher runs, then kill it at a random
  # moment 0.1-0.6 s later: mid-flow (it sends a few thousand a second).
  for _ in $(seq 1 300); do
    [ "$(grep -c "sms dispatcher started" "$T/server.log" || true)" -gt "${started:-0}" ] && break
    sleep 0.05
  done
  sleep "$(awk -v r=$RANDOM 'BEGIN{printf "%.2f", 0.1 + (r % 50) / 100}')"
  kill -KILL "$server_pid"; wait "$server_pid" 2>/dev/null || true; server_pid=""
  say "   killed after run $k: $(counts)"
done
start_server
wait_drained $(( N / 20 + 60 )) || rc=1
wait_delivered "$N" 60 || rc=1
secs=$(awk -v a="$t0" -v b="$(date +%s.%N)" 'BEGIN{printf "%.1f", b-a}')
say "   $(counts) after ${secs} s"
say "   fake SMSC: $(python3 scripts/sms_check.py "$smsc_log" crash "$N" || echo 'LOST MESSAGES')"
python3 scripts/sms_check.py "$smsc_log" crash "$N" >/dev/null || rc=1

say "== 2. outage: Kannel stopped for ${OUTAGE} s with $M messages queued"
"$LOAD" enqueue --db "$XIEZUO_DB" --count "$M" --prefix outage | tee -a "$out"
scripts/kannel_test.sh kill-bearerbox
sleep "$OUTAGE"
waiting=$(counts | sed -E 's/.*waiting_gateway=([0-9]+).*/\1/')
say "   during the outage: $(counts); waiting with reason gateway_unavailable: $waiting"
[ "$waiting" -gt 0 ] || { say "   expected messages waiting for the gateway"; rc=1; }
scripts/kannel_test.sh start-bearerbox
scripts/kannel_test.sh start-smsc
t0=$(date +%s)
wait_drained $(( OUTAGE + 400 )) || rc=1
say "   drained $(( $(date +%s) - t0 )) s after Kannel came back (back-off at most 300 s)"
say "   fake SMSC: $(python3 scripts/sms_check.py "$smsc_log" outage "$M" || echo 'LOST MESSAGES')"
python3 scripts/sms_check.py "$smsc_log" outage "$M" >/dev/null || rc=1

say "== 3. Kannel's own window: bearerbox killed with SIGKILL mid-flow, restarted from its store"
"$LOAD" enqueue --db "$XIEZUO_DB" --count "$M" --prefix kannel | tee -a "$out"
sleep 0.3  # the running dispatcher picks them up within its idle wait (0.5 s)
scripts/kannel_test.sh kill-bearerbox
sleep 1
scripts/kannel_test.sh start-bearerbox
scripts/kannel_test.sh start-smsc
wait_drained $(( M / 20 + 60 )) || rc=1
sleep 5  # Kannel resends what its store still holds
say "   fake SMSC: $(python3 scripts/sms_check.py "$smsc_log" kannel "$M" || echo 'LOST MESSAGES')"
python3 scripts/sms_check.py "$smsc_log" kannel "$M" >/dev/null || rc=1

kill -TERM "$server_pid" 2>/dev/null || true; wait "$server_pid" 2>/dev/null || true; server_pid=""
if grep -qE '(^|[^0-9])1[3-9][0-9]{9}([^0-9]|$)' "$T/server.log"; then
  say "!! a phone number appears in the server log"; rc=1
else
  say "   no phone number in the server log ($(wc -l <"$T/server.log") lines)"
fi
cleanup  # stop Kannel by its PIDs (kept under $T) before removing $T
if [ $rc = 0 ]; then rm -rf "$T"; else say "kept $T for inspection"; fi
exit $rc
