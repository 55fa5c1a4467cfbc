#!/usr/bin/env bash
# Builds the libFuzzer targets (tests/fuzz/) with clang-14 and runs each for a short while:
#   scripts/fuzz.sh [SECONDS] [FUZZER...]     default 20 s each, all six fuzzers
# New inputs go to build-fuzz/corpus/<fuzzer>/ (the checked-in seeds in tests/fuzz/corpus/ are
# read, never written); a crash leaves build-fuzz/artifacts/<fuzzer>-crash-… and fails the run.
# Reproduce one with: build-fuzz/tests/fuzz/<fuzzer> build-fuzz/artifacts/<file>
set -euo pipefail
cd "$(dirname "$0")/.."
seconds=${1:-${FUZZ_SECONDS:-20}}
shift || true
fuzzers=("$@")
[ ${#fuzzers[@]} -gt 0 ] || fuzzers=(csv_fuzzer inventory_fuzzer period_fuzzer xlsx_fuzzer lca_problem_fuzzer activity_upload_fuzzer)
build=${FUZZ_BUILD_DIR:-build-fuzz}

CC=clang-14 CXX=clang++-14 cmake -S . -B "$build" -G Ninja -DCL_FUZZ=ON -DCL_BUILD_TESTS=OFF \
  -DCMAKE_BUILD_TYPE=RelWithDebInfo >/dev/null
cmake --build "$build" --target "${fuzzers[@]}"

export ASAN_OPTIONS=${ASAN_OPTIONS:-detect_leaks=1}
export UBSAN_OPTIONS=${UBSAN_OPTIONS:-print_stacktrace=1:halt_on_error=1}
mkdir -p "$build/artifacts"
status=0
for fuzzer in "${fuzzers[@]}"; do
  mkdir -p "$build/corpus/$fuzzer"
  echo "fuzz: $fuzzer for ${seconds} s"
  # -max_len matches the 64 KiB cap in the targets; -timeout flags a single slow input.
  if ! "$build/tests/fuzz/$fuzzer" -max_total_time="$seconds" -max_len=65536 -timeout=10 \
      -rss_limit_mb=2048 -print_final_stats=1 -artifact_prefix="$build/artifacts/$fuzzer-" \
      "$build/corpus/$fuzzer" "tests/fuzz/corpus/$fuzzer" >"$build/$fuzzer.log" 2>&1; then
    echo "fuzz: $fuzzer FAILED; the last lines of $build/$fuzzer.log:"
    tail -n 40 "$build/$fuzzer.log"
    status=1
  else
    grep -E '^stat::number_of_executed_units|^Done' "$build/$fuzzer.log" | tr '\n' ' '
    echo
  fi
done
exit $status
