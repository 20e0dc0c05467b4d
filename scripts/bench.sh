#!/usr/bin/env bash
# Whole-workload benchmarks, from a Release build. Never part of `make test`.
#   scripts/bench.sh match [flags]     the matching engine (issue 4): alloc, batch, warm start,
#     incremental, SQL baseline (--sections alloc,batch,warm,incremental,sql), e.g.
#     scripts/bench.sh match                        1 M workers (a few minutes)
#     scripts/bench.sh match --workers 100000 --postings 15000 --batch-postings 10000
#   Flags: build/release/bench/match/match_benchmark --help
#   XIEZUO_TEST_PG_URL=postgresql://… adds the PostgreSQL SQL baseline.
#   scripts/bench.sh imports [--rows N]  worker list import, CSV and XLSX (issue 3)
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
  *) echo "unknown benchmark $what (known: match, imports)" >&2; exit 2 ;;
esac
