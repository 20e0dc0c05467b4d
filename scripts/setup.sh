#!/usr/bin/env bash
# Installs what xiezuo needs on a fresh Debian 12 machine, skipping what is
# already there: build tools and libraries (apt), the web console's npm
# packages (npm ci). Safe to run again.
#   scripts/setup.sh           # build + run dependencies
#   scripts/setup.sh --test    # also test dependencies (PostgreSQL, Chromium, Kannel)
set -euo pipefail
cd "$(dirname "$0")/.."

want_test=0
[ "${1:-}" = "--test" ] && want_test=1

pkgs=(build-essential cmake ninja-build ccache pkg-config
      libboost-dev libsqlite3-dev libpq-dev nlohmann-json3-dev libspdlog-dev libfmt-dev
      libcli11-dev libsodium-dev libphonenumber-dev libicu-dev libxlsxwriter-dev
      libminizip-dev libexpat1-dev liblemon-dev libqrencode-dev
      libgtest-dev libgmock-dev libbenchmark-dev)
if [ $want_test = 1 ]; then
  pkgs+=(postgresql chromium fonts-wqy-microhei kannel kannel-extras curl python3)
fi

missing=()
for p in "${pkgs[@]}"; do
  dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "install ok installed" || missing+=("$p")
done
# Node.js may come from Debian or from elsewhere (with npm bundled): only
# ask apt for it when the commands are missing.
command -v node >/dev/null 2>&1 || missing+=(nodejs)
command -v npm >/dev/null 2>&1 || missing+=(npm)
if [ ${#missing[@]} -gt 0 ]; then
  echo "== apt-get install: ${missing[*]}"
  SUDO=""; [ "$(id -u)" = 0 ] || SUDO=sudo
  $SUDO apt-get update -qq
  DEBIAN_FRONTEND=noninteractive $SUDO apt-get install -y -qq --no-install-recommends "${missing[@]}" >/dev/null
fi

# npm ci only when the lock file changed since the last install.
stamp=web/node_modules/.xiezuo-lock-stamp
if [ -f web/package-lock.json ] && { [ ! -f "$stamp" ] || ! cmp -s web/package-lock.json "$stamp"; }; then
  echo "== npm ci (web)"
  (cd web && npm ci --no-audit --no-fund --loglevel=error)
  cp web/package-lock.json "$stamp"
fi
