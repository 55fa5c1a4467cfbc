#!/usr/bin/env bash
# Core purity, checked on the object code (DuckDB's banned-symbols idea): core libraries must not
# reference file streams, C stdio file opening, databases, the clock, the environment or sockets.
# Usage: check_core_purity.sh libcl_core_*.a ...
set -euo pipefail
banned='basic_ifstream|basic_ofstream|basic_fstream|\bfopen\b|\bopen64\b|sqlite3_|\bPQ[a-z]|system_clock::now|steady_clock::now|\bgetenv\b|\bsecure_getenv\b|\btime\b|\bsocket\b|\bconnect\b|std::filesystem|random_device'
status=0
for lib in "$@"; do
  hits=$(nm -C --undefined-only "$lib" 2>/dev/null | grep -E "$banned" || true)
  if [ -n "$hits" ]; then
    echo "core purity: $lib references banned symbols:"
    echo "$hits"
    status=1
  fi
done
[ $status -eq 0 ] && echo "core purity: $# libraries clean"
exit $status
