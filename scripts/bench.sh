#!/usr/bin/env bash
# Whole-workload benchmarks, from a Release build. Never part of `make test`.
#   scripts/bench.sh match [flags]     the matching engine (issue 4): alloc, batch, warm start,
#     incremental, SQL baseline (--sections alloc,batch,warm,incremental,sql), e.g.
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
cmake -S . -B build/release -G Ninja -DCMAKE_BUILD_TYPE=Release -DXIEZUO_BUILD_BENCH=ON >/dev/null
case "$what" in
  match)
    ninja -C build/release -j"${XIEZUO_JOBS:-$(nproc)}" match_benchmark >/dev/null
    exec build/release/bench/match/match_benchmark "$@"
    ;;
  imports)
    # Worker list import (issue 3): for CSV and XLSX, the plain-insert
    # ceiling (--baseline: same reader, table, indexes and transactions, no
    # validation or encryption) and the real import of the same rows, then
    # the import of a tenth of the rows to compare peak memory; PostgreSQL
    # too when XIEZUO_TEST_PG_URL is set. One process per measurement (peak
    # memory is per process); a summary with the ratios at the end.
    # Flags: --rows N (default 1,000,000); others go to import_benchmark.
    rows=1000000; extra=()
    while [ $# -gt 0 ]; do
      case "$1" in
        --rows) rows=$2; shift 2 ;;
        *) extra+=("$1"); shift ;;
      esac
    done
    ninja -C build/release -j"${XIEZUO_JOBS:-$(nproc)}" import_benchmark >/dev/null
    bin=build/release/bench/imports/import_benchmark
    results=$(mktemp)
    trap 'rm -f "$results"' EXIT
    run() { "$bin" "$@" "${extra[@]}" | tee -a "$results" | grep -v '^RESULT'; }
    echo "load average at start: $(cut -d' ' -f1-3 /proc/loadavg) ($(nproc) cores)"
    for f in csv xlsx; do
      run --format "$f" --rows "$rows" --baseline
      run --format "$f" --rows "$rows"
    done
    for f in csv xlsx; do run --format "$f" --rows $((rows / 10)); done
    if [ -n "${XIEZUO_TEST_PG_URL:-}" ]; then
      for f in csv xlsx; do
        run --format "$f" --rows "$rows" --db "$XIEZUO_TEST_PG_URL" --baseline
        run --format "$f" --rows "$rows" --db "$XIEZUO_TEST_PG_URL"
      done
    fi
    echo "load average at end: $(cut -d' ' -f1-3 /proc/loadavg)"
    awk '/^RESULT/ {
        delete kv
        for (i = 2; i <= NF; i++) { split($i, p, "="); kv[p[1]] = p[2] }
        key = kv["db"] " " kv["format"] " " kv["rows"]
        if (kv["what"] == "baseline") base[key] = kv["rows_per_s"]
        line[n++] = sprintf("%-10s %-5s %8s %-8s %9s %8s %8s %5s", kv["db"], kv["format"], kv["rows"],
                            kv["what"], kv["rows_per_s"], kv["cpu_s"], kv["peak_rss_mb"], kv["load"])
        what[n - 1] = kv["what"]; k[n - 1] = key; rate[n - 1] = kv["rows_per_s"]
      }
      END {
        printf "\n%-10s %-5s %8s %-8s %9s %8s %8s %5s  %s\n", "db", "file", "rows", "what", "rows/s",
               "CPU s", "RSS MB", "load", "vs baseline"
        for (i = 0; i < n; i++) {
          r = (what[i] == "import" && base[k[i]] > 0) ? sprintf("%.0f%%", 100 * rate[i] / base[k[i]]) : ""
          print line[i] "  " r
        }
      }' "$results"
    ;;
  sms|notify)
    ninja -C build/release -j"${XIEZUO_JOBS:-$(nproc)}" xiezuo_sms_load >/dev/null
    XIEZUO_BUILD_DIR=build/release exec bench/notify/run.sh "$@"
    ;;
  *) echo "unknown benchmark $what (known: match, imports, sms)" >&2; exit 2 ;;
esac
