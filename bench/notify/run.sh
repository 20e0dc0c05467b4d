#!/usr/bin/env bash
# SMS benchmark (not part of make test): queue COUNT messages into the
# outbox, drain them into a real Kannel with the fake SMSC, and load Kannel
# directly side by side (its own ceiling on this machine).
#   bench/notify/run.sh                 # COUNT=1000000
#   COUNT=100000 THREADS=8 bench/notify/run.sh
# XIEZUO_BUILD_DIR: default build/release if built, else build/debug.
# XIEZUO_DB: default a SQLite file in a temp dir (postgresql://… works too).
set -euo pipefail
cd "$(dirname "$0")/../.."
COUNT=${COUNT:-1000000}
DIRECT=${DIRECT:-$(( COUNT < 200000 ? COUNT : 200000 ))}
THREADS=${THREADS:-4}
BUILD=${XIEZUO_BUILD_DIR:-$([ -x build/release/src/notify/xiezuo_sms_load ] && echo build/release || echo build/debug)}
LOAD=$BUILD/src/notify/xiezuo_sms_load
[ -x "$LOAD" ] || { echo "build $LOAD first (scripts/build.sh release)" >&2; exit 1; }
T=$(mktemp -d /tmp/xiezuo-sms-bench.XXXXXX)
export XIEZUO_KANNEL_BASE=${XIEZUO_KANNEL_BASE:-13070} XIEZUO_KANNEL_DIR=$T/kannel
trap 'scripts/kannel_test.sh stop || true; rm -rf "$T"' EXIT
eval "$(scripts/kannel_test.sh start)"
export XIEZUO_KEY=$(head -c 32 /dev/urandom | od -An -tx1 | tr -d ' \n')
DB=${XIEZUO_DB:-sqlite:$T/bench.db}
echo "== $COUNT messages, $THREADS dispatcher threads, $BUILD, $(nproc) CPUs"
"$LOAD" enqueue --db "$DB" --count "$COUNT" --prefix bench
"$LOAD" drain --db "$DB" --kannel "$XIEZUO_KANNEL_URL" --threads "$THREADS"
sleep 2
echo "   fake SMSC: $(python3 scripts/sms_check.py "$XIEZUO_KANNEL_DIR/fakesmsc.log" bench "$COUNT")"
"$LOAD" direct --kannel "$XIEZUO_KANNEL_URL" --count "$DIRECT" --threads "$THREADS" --prefix direct
sleep 2
echo "   fake SMSC: $(python3 scripts/sms_check.py "$XIEZUO_KANNEL_DIR/fakesmsc.log" direct "$DIRECT")"
