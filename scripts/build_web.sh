#!/usr/bin/env bash
# Builds the browser app into web/dist: `npm ci` installs exactly what web/package-lock.json pins
# (from the npm registry; skipped when node_modules matches the lock file), then the TypeScript
# check and the Vite build.
set -euo pipefail
cd "$(dirname "$0")/../web"
if [[ ! -f node_modules/.package-lock.json ]] || ! cmp -s package-lock.json node_modules/.lock-copy; then
  npm ci --no-audit --no-fund --loglevel=error
  cp package-lock.json node_modules/.lock-copy
fi
npm run --silent build >/dev/null
echo "build_web: web/dist built"
