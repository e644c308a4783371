#!/usr/bin/env bash
# Installs the Debian packages doithoai needs to build, test, lint and benchmark.
# Idempotent: asks apt-get only for what dpkg does not already have.
set -euo pipefail

packages=(
  build-essential cmake ninja-build ccache pkg-config
  libboost-dev nlohmann-json3-dev libsqlite3-dev sqlite3 libsodium-dev libutf8proc-dev
  libcli11-dev libspdlog-dev libfmt-dev libtomlplusplus-dev libkainjow-mustache-dev libfasttext-dev
  libxlsxwriter-dev libzip-dev libhpdf-dev libmimalloc-dev fonts-dejavu-core fonts-dejavu-extra
  libgtest-dev libgmock-dev poppler-utils
  clang-format clang-tidy
  curl python3 wrk nginx-light
  chromium nodejs fonts-dejavu-core
)
# Browser tests run playwright-core on node; Debian's nodejs ships npm apart, other builds
# (NodeSource) bundle it.
if ! command -v npm >/dev/null 2>&1; then packages+=(npm); fi

missing=()
for p in "${packages[@]}"; do
  if ! dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "install ok installed"; then
    missing+=("$p")
  fi
done

if [ ${#missing[@]} -eq 0 ]; then
  exit 0
fi

echo "install-deps: installing ${missing[*]}"
SUDO=""
if [ "$(id -u)" -ne 0 ]; then SUDO="sudo"; fi
export DEBIAN_FRONTEND=noninteractive
# A fresh machine has no package lists yet; refresh them once.
if [ -z "$(ls -A /var/lib/apt/lists 2>/dev/null | grep -v -e lock -e partial)" ] || \
   ! $SUDO apt-get install -y -qq --no-install-recommends "${missing[@]}"; then
  $SUDO apt-get update -qq
  $SUDO apt-get install -y -qq --no-install-recommends "${missing[@]}"
fi
