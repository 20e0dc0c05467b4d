#!/usr/bin/env bash
# Configures and builds the C++ server and the web console.
#   scripts/build.sh [debug|release|asan]   (default: debug)
# CI=true turns warnings into errors.
set -euo pipefail
cd "$(dirname "$0")/.."
cfg=${1:-debug}
case "$cfg" in
  debug) type=Debug; extra=() ;;
  release) type=Release; extra=() ;;
  asan) type=Debug; extra=(-DXIEZUO_SANITIZE=ON) ;;
  *) echo "unknown configuration $cfg" >&2; exit 2 ;;
esac
werror=OFF; [ "${CI:-}" = "true" ] && werror=ON
export CCACHE_DIR=${CCACHE_DIR:-$HOME/.cache/ccache}
# Paths relative to the checkout, and the build directory left out of the
# hash, so that a second clone or worktree reuses the first one's objects.
export CCACHE_BASEDIR=${CCACHE_BASEDIR:-$PWD} CCACHE_NOHASHDIR=${CCACHE_NOHASHDIR:-1}
# XIEZUO_BUILD_TESTS=OFF (make run) skips the test binaries.
cmake -S . -B "build/$cfg" -G Ninja -DCMAKE_BUILD_TYPE=$type -DXIEZUO_WERROR=$werror \
  -DXIEZUO_BUILD_TESTS="${XIEZUO_BUILD_TESTS:-ON}" "${extra[@]}" >/dev/null
ninja -C "build/$cfg" -j"${XIEZUO_JOBS:-$(nproc)}"
if [ "${XIEZUO_SKIP_WEB:-0}" != 1 ]; then
  if [ -f web/vite.config.ts ]; then
    (cd web && npm run --silent build)
  fi
fi
