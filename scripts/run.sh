#!/usr/bin/env bash
# Starts xiezuo on the embedded SQLite database var/xiezuo.db (WAL), loading
# the demo data set when the database is empty, and prints the demo
# accounts. The encryption key is created as var/xiezuo.key (mode 0600) on
# first start. Override with XIEZUO_DB, XIEZUO_LISTEN, XIEZUO_KEY_FILE.
set -euo pipefail
cd "$(dirname "$0")/.."
mkdir -p var
export XIEZUO_DB=${XIEZUO_DB:-sqlite:var/xiezuo.db}
export XIEZUO_LISTEN=${XIEZUO_LISTEN:-127.0.0.1:8080}
port=${XIEZUO_LISTEN##*:}
echo "== xiezuo on http://localhost:$port  (Ctrl-C stops)"
exec build/release/src/app/xiezuo serve --demo-if-empty
