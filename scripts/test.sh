#!/usr/bin/env bash
# Installs what is missing, builds everything with AddressSanitizer + UndefinedBehaviorSanitizer,
# and runs every test (unit, property, golden CLI, layering and purity checks) with CTest.
set -euo pipefail
cd "$(dirname "$0")/.."
scripts/setup.sh
# The browser app (web/): dependencies exactly as package-lock.json pins them, type-checked and
# built into web/dist, which the browser tests serve.
scripts/build_web.sh
build=build-asan
cmake -S . -B "$build" -G Ninja -DCMAKE_BUILD_TYPE=Debug -DCL_SANITIZE=ON -DCL_WERROR=ON >/dev/null
cmake --build "$build"
export ASAN_OPTIONS=detect_leaks=1:abort_on_error=1
export UBSAN_OPTIONS=print_stacktrace=1:halt_on_error=1
# Known leaks inside third-party libraries only (tests/lsan.supp says which and why).
export LSAN_OPTIONS=suppressions=$PWD/tests/lsan.supp:print_suppressions=0
ctest --test-dir "$build" --output-on-failure -j "$(nproc)" 2>&1 | tee "$build/ctest.log"
# Fuzz the file parsers briefly in CI: 20 s each for the CSV, inventory and period fuzzers
# (clang-14 libFuzzer + ASan/UBSan, build-fuzz/); a crash fails the run. See scripts/fuzz.sh.
scripts/fuzz.sh 20
# The closing line CI reads: the CTest counts (fuzzing above would have failed the run).
summary=$(grep -E '^[0-9]+% tests passed, [0-9]+ tests failed out of [0-9]+' "$build/ctest.log" | tail -1)
failed=$(echo "$summary" | sed -E 's/.* ([0-9]+) tests failed out of ([0-9]+)/\1/')
total=$(echo "$summary" | sed -E 's/.* ([0-9]+) tests failed out of ([0-9]+)/\2/')
echo "tests: $((total - failed)) passed, $failed failed"
