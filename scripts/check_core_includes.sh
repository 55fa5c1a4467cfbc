#!/usr/bin/env bash
# Inward-only includes: nothing under src/core includes io/, store/, server/ or cli/, nor headers
# that do I/O (<fstream>, <filesystem>, <cstdlib>'s getenv is caught by check_core_purity.sh).
set -euo pipefail
hits=$(grep -rnE '#include ["<](io|store|server|cli)/|#include <(fstream|filesystem|sqlite3\.h|libpq-fe\.h|chrono)>' src/core || true)
if [ -n "$hits" ]; then
  echo "core includes outside core:"
  echo "$hits"
  exit 1
fi
echo "core includes: clean"
