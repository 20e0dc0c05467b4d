#!/usr/bin/env bash
# Whole-workload benchmarks, from a Release build. Never part of `make test`.
#   scripts/bench.sh match [flags]     the matching engine (issue 4), e.g.
#     scripts/bench.sh match                        1 M workers (a few minutes)
#     scripts/bench.sh match --workers 100000 --postings 15000 --batch-postings 10000
#   Flags: build/release/bench/match/match_benchmark --help
#   XIEZUO_TEST_PG_URL=postgresql://… adds the PostgreSQL SQL baseline.
#   scripts/bench.sh imports [--rows N]  worker list import, CSV and XLSX (issue 3)
#   scripts/bench.sh sms                 SMS (issue 5): queue 1 M messages, drain them
#     into a private Kannel + fake SMSC, load Kannel directly side by side;
#     prints msgs/s for each and peak RSS. COUNT=… THREADS=… XIEZUO_KANNEL_BASE=…;
#     XIEZUO_DB=postgresql://… for PostgreSQL (default SQLite).
set -euo pipefail
cd "$(dirname "$0")/.."
what=${1:-match}
[ $# -gt 0 ] && shift
export CCACHE_DIR=${CCACHE_DIR:-$HOME/.cache/ccache}
cmake -S . -B build/release -G Ninja -DCMAKE_BUILD_TYPE=Release >/dev/null
case "$what" in
  match)
    ninja -C build/release -j"${XIEZUO_JOBS:-$(nproc)}" match_benchmark >/dev/null
    exec build/release/bench/match/match_benchmark "$@"
    ;;
  imports)
    # Worker list import: 1 M rows from CSV and from XLSX, one process each
    # (peak memory is per process). Flags: --rows N, --db URL.
    ninja -C build/release -j"${XIEZUO_JOBS:-$(nproc)}" import_benchmark >/dev/null
    build/release/bench/imports/import_benchmark --format csv "$@"
    build/release/bench/imports/import_benchmark --format xlsx "$@"
    if [ -n "${XIEZUO_TEST_PG_URL:-}" ]; then
      build/release/bench/imports/import_benchmark --format csv --db "$XIEZUO_TEST_PG_URL" "$@"
      build/release/bench/imports/import_benchmark --format xlsx --db "$XIEZUO_TEST_PG_URL" "$@"
    fi
    ;;
  sms|notify)
    ninja -C build/release -j"${XIEZUO_JOBS:-$(nproc)}" xiezuo_sms_load >/dev/null
    XIEZUO_BUILD_DIR=build/release exec bench/notify/run.sh "$@"
    ;;
  *) echo "unknown benchmark $what (known: match, imports, sms)" >&2; exit 2 ;;
esac
