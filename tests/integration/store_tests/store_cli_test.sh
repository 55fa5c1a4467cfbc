#!/usr/bin/env bash
# The store's command line end to end on SQLite and on the PostgreSQL test cluster (URL in the
# file $2): migrate twice, load the demo workspace, freeze, add an administrator, verify, back
# up, restore into the other dialect, verify there, then tamper with the audit log behind the
# triggers and see `audit verify` fail with exit 1 naming the seq.
set -euo pipefail
bin=$1
pg_url=$(cat "$2")
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
export CARBONLEDGER_DATA=data
db="sqlite:$work/ledger.db"
fail() { echo "FAILED: $*" >&2; exit 1; }

"$bin" migrate --db "$db" | grep -q "applied 1 initial schema" || fail "first migrate"
"$bin" migrate --db "$db" | grep -q "nothing to do" || fail "second migrate"
"$bin" workspace load --db "$db" data/demo/fastener-2024.yaml | grep -q "9 sources, 57 activity records" || fail "load"
"$bin" workspace freeze --db "$db" --inventory 1 --reason "submitted" | grep -q "version 1: total 3741416.785" || fail "freeze"
printf 'correct horse battery staple\n' | "$bin" user add --db "$db" --email admin@example.com --name Admin --role administrator >/dev/null || fail "user add"
weak=$(printf 'short\n' | "$bin" user passwd --db "$db" --email admin@example.com 2>&1 || true)
grep -q "auth.weak_password" <<<"$weak" || fail "weak password accepted: $weak"
"$bin" audit verify --db "$db" | grep -q "chain intact" || fail "verify"
"$bin" backup --db "$db" -o "$work/backup.jsonl" >/dev/null || fail "backup"

# SQLite → PostgreSQL: a fresh database in the test cluster.
name="cl_cli_$$"
pg_db=$(python3 -c 'import sys; u=sys.argv[1]; i=u.index("/",13); q=u.find("?"); print(u[:i+1]+sys.argv[2]+u[q:])' "$pg_url" "$name")
psql_admin() { psql "$pg_url" -qAt -c "$1" >/dev/null; }
psql_admin "CREATE DATABASE $name"
cleanup_pg() { psql_admin "DROP DATABASE IF EXISTS $name WITH (FORCE)" || true; rm -rf "$work"; }
trap cleanup_pg EXIT
"$bin" restore --db "$pg_db" -i "$work/backup.jsonl" | grep -q "chain intact" || fail "restore into PostgreSQL"
"$bin" audit verify --db "$pg_db" | grep -q "chain intact" || fail "verify on PostgreSQL"
"$bin" workspace freeze --db "$pg_db" --inventory 1 --reason "again" | grep -q "version 2" || fail "freeze on PostgreSQL"
"$bin" workspace diff --db "$pg_db" --inventory 1 --from 1 --to 2 | grep -q "0 line(s) differ" || fail "diff"

# Tamper behind the triggers: audit verify must fail with exit 1 and name seq 5.
sqlite3 "$work/ledger.db" "DROP TRIGGER audit_log_no_update; UPDATE audit_log SET actor = 'mallory' WHERE seq = 5"
set +e
out=$("$bin" audit verify --db "$db" 2>&1)
code=$?
set -e
[[ $code -eq 1 ]] || fail "audit verify exit $code after tampering"
grep -q "BROKEN at seq 5" <<<"$out" || fail "tamper not named: $out"
echo "store CLI round trip passed"
