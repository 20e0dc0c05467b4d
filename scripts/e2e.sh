#!/usr/bin/env bash
# Starts the server on a fresh demo database and runs the HTTP API tests
# (node:test) and the browser tests (playwright-core + Debian Chromium)
# against it. Once on SQLite; the API tests once more on the PostgreSQL
# cluster that scripts/test.sh started (XIEZUO_TEST_PG_URL).
#   scripts/e2e.sh [debug|release|asan]
set -euo pipefail
cd "$(dirname "$0")/.."
cfg=${1:-debug}
bin="build/$cfg/src/app/xiezuo"
art=${XIEZUO_ARTIFACTS:-$(pwd)/test-artifacts}
mkdir -p "$art"
work=$(mktemp -d /tmp/xiezuo-e2e.XXXXXX)
server_pid=""
stop_server() {
  if [ -n "$server_pid" ]; then kill "$server_pid" 2>/dev/null || true; wait "$server_pid" 2>/dev/null || true; fi
  server_pid=""
}
trap 'stop_server; rm -rf "$work"' EXIT

start_server() {  # db_url port log
  local key; key=$(head -c32 /dev/urandom | od -An -tx1 | tr -d ' \n')
  # For the SMS callback tests (tests/api/sms.test.mjs): Kannel's token and
  # the log to check for rejections and for phone numbers.
  XIEZUO_SMS_CALLBACK_TOKEN=$(XIEZUO_DB="$1" XIEZUO_KEY="$key" "$bin" sms callback-token 2>/dev/null | tail -n1)
  export XIEZUO_SMS_CALLBACK_TOKEN XIEZUO_SERVER_LOG="$3"
  XIEZUO_DB="$1" XIEZUO_LISTEN="127.0.0.1:$2" XIEZUO_KEY="$key" \
    XIEZUO_STATIC_DIR=web/dist "$bin" serve --demo-if-empty >"$3" 2>&1 &
  server_pid=$!
  for _ in $(seq 1 600); do
    if curl -fsS "http://127.0.0.1:$2/readyz" >/dev/null 2>&1; then return 0; fi
    if ! kill -0 "$server_pid" 2>/dev/null; then echo "server exited:"; tail -n 30 "$3"; return 1; fi
    sleep 0.2
  done
  echo "server did not become ready"; tail -n 30 "$3"; return 1
}

# Something in a server log that looks like an ID or mobile number. The
# key's fingerprint (16 random hex characters) is blanked first: now and
# then it holds eleven digits in a row that look like a phone number.
looks_like_pii() {
  sed -E 's/key [0-9a-f]{16}/key <fingerprint>/g' "$1" | grep -qE "[0-9]{17}[0-9X]|1[3-9][0-9]{9}"
}

rc=0
port=${XIEZUO_E2E_PORT:-18080}
echo "-- server on SQLite (demo data)"
t0=$(date +%s%N)
start_server "sqlite:$work/e2e.db" "$port" "$art/server-sqlite.log"
t1=$(date +%s%N)
echo "   ready after $(( (t1 - t0) / 1000000 )) ms (including demo load); RSS $(ps -o rss= -p "$server_pid" | awk '{printf "%.0f MB", $1/1024}')"
export XIEZUO_URL="http://127.0.0.1:$port"
node --test --test-reporter=spec tests/api/ 2>&1 | tee "$art/api-sqlite.log" | tail -n 25 || rc=1
[ "${PIPESTATUS[0]}" = 0 ] || rc=1
if [ -d web/e2e ]; then
  (cd web && XIEZUO_ARTIFACTS="$art" XIEZUO_E2E_USER=qiaojia XIEZUO_E2E_PASSWORD=Xiezuo@2026 \
     node --test --test-reporter=spec e2e/*.e2e.mjs) 2>&1 | tee "$art/e2e.log" | tail -n 25
  [ "${PIPESTATUS[0]}" = 0 ] || rc=1
  # A browser test that skipped did not pass.
  grep -q "ℹ skipped 0" "$art/e2e.log" || { echo "!! browser tests were skipped"; rc=1; }
fi
if looks_like_pii "$art/server-sqlite.log"; then
  echo "!! the server log contains something that looks like an ID or phone number"; rc=1
fi
stop_server

if [ -n "${XIEZUO_TEST_PG_URL:-}" ]; then
  echo "-- server on PostgreSQL (demo data)"
  pgdb="xiezuo_e2e_$$"
  base=${XIEZUO_TEST_PG_URL%/*}
  psql "$XIEZUO_TEST_PG_URL" -qc "DROP DATABASE IF EXISTS $pgdb" -c "CREATE DATABASE $pgdb" >/dev/null
  start_server "$base/$pgdb" "$port" "$art/server-postgres.log"
  node --test --test-reporter=spec tests/api/ 2>&1 | tee "$art/api-postgres.log" | tail -n 25
  [ "${PIPESTATUS[0]}" = 0 ] || rc=1
  if looks_like_pii "$art/server-postgres.log"; then
    echo "!! the server log (PostgreSQL) contains something that looks like an ID or phone number"; rc=1
  fi
  stop_server
  psql "$XIEZUO_TEST_PG_URL" -qc "DROP DATABASE IF EXISTS $pgdb" >/dev/null || true
fi
exit $rc
