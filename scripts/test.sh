#!/usr/bin/env bash
# Runs every test: C++ unit and conformance tests (SQLite and a private
# PostgreSQL that this script starts and stops), the web console's unit
# tests, the HTTP API tests and the browser tests in headless Chromium
# against a server started here on a demo database.
# XIEZUO_CONFIG=debug|asan (default debug).
set -euo pipefail
cd "$(dirname "$0")/.."
root=$(pwd)
cfg=${XIEZUO_CONFIG:-debug}
start=$(date +%s)
mkdir -p test-artifacts

pids=()
cleanup() {
  for p in "${pids[@]:-}"; do [ -n "$p" ] && kill "$p" 2>/dev/null || true; done
  scripts/pg_test_cluster.sh stop || true
  [ -n "${kannel_base:-}" ] && XIEZUO_KANNEL_BASE=$kannel_base scripts/kannel_test.sh stop || true
}
trap cleanup EXIT

echo "== build ($cfg)"
scripts/build.sh "$cfg"

echo "== PostgreSQL (private cluster)"
export XIEZUO_PG_PORT=${XIEZUO_PG_PORT:-55432}
XIEZUO_TEST_PG_URL=$(scripts/pg_test_cluster.sh start) || {
  echo "!! the private PostgreSQL did not start on port $XIEZUO_PG_PORT (in use? set XIEZUO_PG_PORT)" >&2
  exit 1
}
export XIEZUO_TEST_PG_URL
export XIEZUO_REQUIRE_PG=1

# XIEZUO_KANNEL_BASE: this run's Kannel ports (default: a free block);
# XIEZUO_FAULTS_KANNEL_BASE: the fault test's own Kannel (default: free).
kannel_base=${XIEZUO_KANNEL_BASE:-$(scripts/kannel_test.sh free-base)}
echo "== Kannel (bearerbox + smsbox + fake SMSC, private ports from $kannel_base)"
kannel_env=$(XIEZUO_KANNEL_BASE=$kannel_base scripts/kannel_test.sh start)
eval "$kannel_env"
export XIEZUO_KANNEL_URL XIEZUO_KANNEL_DIR XIEZUO_KANNEL_PASSWORD

passed=0; failed=0; failed_names=""
record() {  # name, status
  if [ "$2" = 0 ]; then passed=$((passed+1)); else
    failed=$((failed+1)); failed_names="$failed_names $1"; echo "!! $1 failed"
  fi
}

echo "== C++ tests (ctest)"
set +e
ctest --test-dir "build/$cfg" -j"$(nproc)" --output-on-failure --timeout 300 2>&1 | tee test-artifacts/ctest.log | grep -vE "^ *[0-9]+/[0-9]+ Test +#[0-9]+: .* Passed"
ctest_rc=${PIPESTATUS[0]}
set -e
record ctest $ctest_rc

echo "== SMS faults through a real Kannel (quick: server kill -9, gateway outage)"
set +e
XIEZUO_KANNEL_BASE=${XIEZUO_FAULTS_KANNEL_BASE:-$(scripts/kannel_test.sh free-base)} \
  XIEZUO_BUILD_DIR="build/$cfg" scripts/sms_faults.sh --quick; rc=$?
set -e
record sms_faults $rc

if [ -f web/vite.config.ts ]; then
  echo "== web unit tests (vitest)"
  set +e; (cd web && npm run --silent test); rc=$?; set -e
  record vitest $rc
fi

if [ -x scripts/e2e.sh ]; then
  echo "== API and browser tests against a running server"
  set +e; scripts/e2e.sh "$cfg"; rc=$?; set -e
  record e2e $rc
fi

secs=$(( $(date +%s) - start ))
echo "== make test took ${secs}s"
grep -E "tests passed|tests failed" test-artifacts/ctest.log | tail -n1 || true
# CI shows only the tail of this output: name what failed, with the lines
# that say why, last.
if [ $failed != 0 ]; then
  case "$failed_names" in *sms_faults*)
    echo "== sms_faults said (test-artifacts/sms_faults.txt):"
    grep -E "!!|timeout|LOST|missing=[1-9]|duplicates=[1-9]|kept" test-artifacts/sms_faults.txt | tail -n 15 || true ;;
  esac
fi
echo "suites: $passed passed, $failed failed${failed_names:+ (failed:$failed_names)}"
[ $failed = 0 ]
