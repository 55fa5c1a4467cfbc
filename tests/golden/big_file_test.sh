#!/usr/bin/env bash
# A 200 MB input must end in a clear diagnostic and exit 1, quickly and without a crash:
#   1. a sparse 200 MB file passed as the inventory  -> io.too_large (documents are capped at 64 MiB)
#   2. a 200 MB CSV named by activity_files (a header, then 200 MB of NUL bytes, as from a
#      truncated or binary file) -> row diagnostics (parse.*), exit 1
# The files are made at run time with `truncate -s 200M` (sparse: no disk used) in a temporary
# folder, never kept in git. Usage: big_file_test.sh path/to/carbonledger
set -uo pipefail
bin=${1:?usage: big_file_test.sh path/to/carbonledger}
work=$(mktemp -d "${TMPDIR:-/tmp}/carbonledger-big.XXXXXX")
trap 'rm -rf "$work"' EXIT
export LC_ALL=C.UTF-8
failures=0

check() {  # check NAME EXPECTED-REGEX ARGS...
  local name=$1 expected=$2
  shift 2
  local start=$SECONDS code
  timeout 60 "$bin" "$@" >"$work/$name.out" 2>"$work/$name.err"
  code=$?
  local elapsed=$((SECONDS - start))
  local output
  output=$(head -c 20000 "$work/$name.out"; head -c 20000 "$work/$name.err")
  local problem=""
  if [ "$code" -eq 124 ]; then
    problem="took more than 60 s"
  elif [ "$code" -ne 1 ]; then
    problem="exit $code, expected 1"
  elif grep -qaE 'Sanitizer|terminate called|Assertion|stack trace|runtime error:' <<<"$output"; then
    problem="crash report in the output"
  elif ! grep -qaE "$expected" <<<"$output"; then
    problem="no diagnostic matching /$expected/"
  elif [ "$(wc -c <"$work/$name.err")" -gt 1000000 ]; then
    problem="more than 1 MB of diagnostics"
  fi
  if [ -n "$problem" ]; then
    echo "FAIL $name: $problem (${elapsed} s); output starts:"
    head -c 2000 <<<"$output" | tr -d '\000'
    echo
    failures=$((failures + 1))
  else
    echo "ok   $name (${elapsed} s): $(grep -aoE "$expected.{0,100}" <<<"$output" | head -n 1 | tr -d '\000')"
  fi
}

# 1. The inventory file itself is 200 MB.
truncate -s 200M "$work/huge.yaml"
check inventory-too-large 'error: io\.too_large: ' inventory compute "$work/huge.yaml"
check validate-too-large 'error: io\.too_large: ' inventory validate "$work/huge.yaml"

# 2. A 200 MB CSV named by activity_files.
cat >"$work/big.yaml" <<'YAML'
carbonledger: inventory/1
organization: {name: Big file test}
year: 2024
facilities:
  - {id: F1, name: plant}
sources:
  - {id: S1, facility: F1, name: extinguisher, type: fugitive_extinguisher, factor: massbalance.extinguisher.co2, quality: {a1: 2, a2: 2}}
activity_files: [big.csv]
YAML
printf 'source,period,amount,unit\n' >"$work/big.csv"
truncate -s 200M "$work/big.csv"
check csv-200mb 'error: (io\.too_large|parse\.[a-z_]+): ' inventory compute "$work/big.yaml"

echo "$((3 - failures)) passed, $failures failed"
[ "$failures" -eq 0 ]
