#!/usr/bin/env bash
# Installs what CarbonLedger needs to build and test on Debian 12, skipping what is present.
# Everything comes from Debian's packages (DESIGN.md: apt and npm only).
set -euo pipefail

packages=(
  build-essential cmake ninja-build ccache pkg-config clang-14 libclang-rt-14-dev clang-format-14
  libgtest-dev libgmock-dev libbenchmark-dev librapidcheck-dev
  libexpected-dev libcli11-dev nlohmann-json3-dev libfmt-dev libyaml-cpp-dev libyaml-dev libxlsxwriter-dev
  libsimdjson-dev libsuitesparse-dev libeigen3-dev libopenblas-dev liblapack-dev
  libsqlite3-dev sqlite3 libpq-dev libpqxx-dev postgresql-15 postgresql-client-15 libsodium-dev
  libcpp-httplib-dev libzip-dev libpugixml-dev libspdlog-dev libcurl4-openssl-dev
  python3-pandas python3-openpyxl python3-scipy python3-yaml wrk libjemalloc-dev
  chromium fonts-noto-cjk poppler-utils
)
# Node.js and npm build the browser app (web/); the machine's own Node.js is used when present
# (Debian's nodejs and npm packages otherwise).
command -v node >/dev/null || packages+=(nodejs)
command -v npm >/dev/null || packages+=(npm)

missing=()
for package in "${packages[@]}"; do
  dpkg-query -W -f='${Status}' "$package" 2>/dev/null | grep -q "install ok installed" ||
    missing+=("$package")
done

if [ ${#missing[@]} -gt 0 ]; then
  echo "setup: installing ${missing[*]}"
  sudo_cmd=()
  [ "$(id -u)" -ne 0 ] && sudo_cmd=(sudo)
  "${sudo_cmd[@]}" apt-get update -qq
  DEBIAN_FRONTEND=noninteractive "${sudo_cmd[@]}" apt-get install -y -qq --no-install-recommends \
    "${missing[@]}" >/dev/null
fi
