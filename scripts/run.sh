#!/usr/bin/env bash
# Installs what is missing, builds a release `carbonledger`, runs the batch job on the demo
# workspace (the 2024 inventory of the demo fastener factory and its MOENV register), then
# starts the server on the embedded default: SQLite (out/demo.db) holding the demo workspace,
# and prints its URL and the demo logins. Stop it with Ctrl-C. PORT=8080 by default.
set -euo pipefail
cd "$(dirname "$0")/.."
scripts/setup.sh
cmake -S . -B build-release -G Ninja -DCMAKE_BUILD_TYPE=Release -DCL_BUILD_TESTS=OFF >/dev/null
cmake --build build-release --target carbonledger
scripts/build_web.sh
mkdir -p out
bin=build-release/src/cli/carbonledger
demo=data/demo/fastener-2024.yaml
"$bin" inventory validate "$demo"
"$bin" inventory compute "$demo"
"$bin" inventory compute "$demo" --format json -o out/demo-inventory.json
"$bin" inventory register "$demo" -o out/demo-register.xlsx
echo "run: wrote out/demo-inventory.json and out/demo-register.xlsx"

db=out/demo.db
if [[ ! -f "$db" ]]; then
  "$bin" demo setup --db "sqlite:$db" >/dev/null
  echo "run: made the demo database $db (data/demo/workspace.json)"
fi
port="${PORT:-8080}"
echo "run: CarbonLedger on http://127.0.0.1:$port/ (API: /api/openapi.yaml)"
echo "run: demo logins:"
/usr/bin/python3 - <<'PY'
import json
for user in json.load(open("data/demo/workspace.json", encoding="utf-8"))["users"]:
    print(f"  {user['login']:<24} {user['password']:<26} {user.get('role', 'no role')}")
PY
exec "$bin" serve --db "sqlite:$db" --port "$port" --web web/dist
