#!/usr/bin/env bash
# Inventory benchmark: CarbonLedger against its pandas baseline, in the same run
# (docs/performance.md). Generates the data if missing (bench/generate_inventory.py), builds
# bench/inventory_bench, runs the pandas baseline and the C++ benchmark several times each, and
# prints one table. The C++ benchmark checks its answers against the pandas JSON; any mismatch
# makes this script exit non-zero.
#
#   bench/run_inventory_bench.sh            # 1,006,758 records in bench/data/
#   RUNS=5 WORK=/tmp/inv bench/run_inventory_bench.sh
#
# End to end = one process from exec to exit, wall clock (bash $EPOCHREALTIME), for both: each
# reads the CSVs, computes every breakdown and writes its answers as JSON; the two JSON files
# are compared afterwards (bench/compare_answers.py), outside the timing.
# CPU = user + system seconds of that process (getrusage at the answers), which stays
# comparable when other jobs share the machine.
set -euo pipefail

ROOT=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
WORK=${WORK:-$ROOT/bench/data}
BUILD=${BUILD:-$ROOT/build-bench}
RUNS=${RUNS:-3}
REPETITIONS=${REPETITIONS:-5}
PYTHON=/usr/bin/python3  # Debian python3-pandas lives here, not in a virtualenv

if [[ ! -f $WORK/inventory.yaml || ! -f $WORK/activity.csv || ! -f $WORK/factors.csv ]]; then
  "$PYTHON" "$ROOT/bench/generate_inventory.py" --out "$WORK"
elif [[ ! -f $WORK/inventory.json ]]; then  # data generated before inventory.json existed
  "$PYTHON" "$ROOT/bench/generate_inventory.py" --out "$WORK" --json-only
fi
# The same inventory as JSON (simdjson) or YAML (yaml-cpp): INVENTORY=inventory.yaml to compare.
INVENTORY=$WORK/${INVENTORY:-inventory.json}

if [[ ! -f $BUILD/build.ninja ]]; then
  cmake -S "$ROOT" -B "$BUILD" -G Ninja -DCMAKE_BUILD_TYPE=Release -DCL_BUILD_BENCH=ON \
    -DCL_BUILD_TESTS=OFF >/dev/null
fi
cmake --build "$BUILD" --target inventory_bench >/dev/null
BENCH=$BUILD/bench/inventory_bench

# stats VALUES... -> "min median"
stats() { printf '%s\n' "$@" | sort -g | awk '{v[NR]=$1} END {m = NR % 2 ? v[(NR+1)/2] : (v[NR/2]+v[NR/2+1])/2; printf "%.3f %.3f", v[1], m}'; }
field() { sed -n "s/.*\b$1=\([0-9.]*\).*/\1/p" <<<"$2" | head -1; }

pandas_wall=() pandas_cpu=() pandas_read=() pandas_compute=()
for ((run = 1; run <= RUNS; run++)); do
  start=$EPOCHREALTIME
  "$PYTHON" "$ROOT/bench/baseline/inventory_pandas.py" "$WORK/activity.csv" "$WORK/factors.csv" \
    -o "$WORK/pandas.json"
  pandas_wall+=("$(bc -l <<<"$EPOCHREALTIME - $start")")
  timing=$("$PYTHON" -c 'import json,sys; t=json.load(open(sys.argv[1]))["timing_s"]; print(t["process_cpu"], t["read"], t["compute"])' "$WORK/pandas.json")
  read -r cpu read_s compute_s <<<"$timing"
  pandas_cpu+=("$cpu") pandas_read+=("$read_s") pandas_compute+=("$compute_s")
done

cl_wall=() cl_cpu=()
for ((run = 1; run <= RUNS; run++)); do
  # Like the pandas run: read, compute, write the answers as JSON. They are compared with the
  # baseline's after the clock stops (bench/compare_answers.py), every run.
  rm -f "$WORK/carbonledger.json"
  start=$EPOCHREALTIME
  if ! out=$("$BENCH" --inventory "$INVENTORY" --no-check --answers "$WORK/carbonledger.json" --repetitions 1); then
    echo "FAILED: the CarbonLedger benchmark stopped with an error (see above)" >&2
    exit 1
  fi
  cl_wall+=("$(bc -l <<<"$EPOCHREALTIME - $start")")
  cl_cpu+=("$(field first_pass_cpu_s "$out")")
  if ! check=$("$PYTHON" "$ROOT/bench/compare_answers.py" "$WORK/carbonledger.json" "$WORK/pandas.json"); then
    echo "FAILED: CarbonLedger's answers differ from the pandas baseline (see above)" >&2
    exit 1
  fi
done
echo "$check"
echo "inventory file: $INVENTORY"
# Read and compute apart, REPETITIONS times in one process (also checked): as `inventory
# compute` does (records tallied while read), and with the records kept (`explain`, register).
if ! detail=$("$BENCH" --inventory "$INVENTORY" --expect "$WORK/pandas.json" --repetitions "$REPETITIONS") ||
  ! kept=$("$BENCH" --inventory "$INVENTORY" --expect "$WORK/pandas.json" --repetitions "$REPETITIONS" --keep-records); then
  echo "FAILED: CarbonLedger's answers differ from the pandas baseline (see above)" >&2
  exit 1
fi

read -r pw_min pw_med <<<"$(stats "${pandas_wall[@]}")"
read -r pc_min pc_med <<<"$(stats "${pandas_cpu[@]}")"
read -r pr_min pr_med <<<"$(stats "${pandas_read[@]}")"
read -r pk_min pk_med <<<"$(stats "${pandas_compute[@]}")"
read -r cw_min cw_med <<<"$(stats "${cl_wall[@]}")"
read -r cc_min cc_med <<<"$(stats "${cl_cpu[@]}")"
records=$(field records "$detail")

echo
echo "records: $records   runs: $RUNS processes each, read/compute repetitions: $REPETITIONS   ($(nproc) cores, load $(cut -d' ' -f1-3 /proc/loadavg))"
printf '%-44s %10s %10s\n' "" "min s" "median s"
printf '%-44s %10s %10s\n' "pandas end to end (wall, exec to exit)" "$pw_min" "$pw_med"
printf '%-44s %10s %10s\n' "pandas end to end (CPU)" "$pc_min" "$pc_med"
printf '%-44s %10s %10s\n' "pandas read CSVs" "$pr_min" "$pr_med"
printf '%-44s %10s %10s\n' "pandas compute" "$pk_min" "$pk_med"
printf '%-44s %10s %10s\n' "CarbonLedger end to end (wall, exec to exit)" "$cw_min" "$cw_med"
printf '%-44s %10s %10s\n' "CarbonLedger end to end (CPU)" "$cc_min" "$cc_med"
printf '%-44s %10s %10s\n' "CarbonLedger read + check + accumulate (wall)" "$(field read_min_s "$detail")" "$(field read_median_s "$detail")"
printf '%-44s %10s %10s\n' "CarbonLedger read + check + accumulate (CPU)" "$(field read_cpu_min_s "$detail")" "$(field read_cpu_median_s "$detail")"
printf '%-44s %10s %10s\n' "  of which CSV (wall)" "$(field csv_min_s "$detail")" "$(field csv_median_s "$detail")"
printf '%-44s %10s %10s\n' "  of which CSV (CPU, both threads)" "$(field csv_cpu_min_s "$detail")" "$(field csv_cpu_median_s "$detail")"
printf '%-44s %10s %10s\n' "CarbonLedger breakdowns after reading (wall)" "$(field compute_min_s "$detail")" "$(field compute_median_s "$detail")"
printf '%-44s %10s %10s\n' "records kept: read inventory + CSV (wall)" "$(field read_min_s "$kept")" "$(field read_median_s "$kept")"
printf '%-44s %10s %10s\n' "records kept: computation, compute() (wall)" "$(field compute_min_s "$kept")" "$(field compute_median_s "$kept")"
printf '%-44s %10s %10s\n' "records kept: computation, compute() (CPU)" "$(field compute_cpu_min_s "$kept")" "$(field compute_cpu_median_s "$kept")"
printf '%-44s %10s\n' "CarbonLedger factor library load (CPU, once)" "$(field library_cpu_min_s "$detail")"
printf '%-44s %10.1fx %9.1fx\n' "speed-up end to end (wall)" "$(bc -l <<<"$pw_min / $cw_min")" "$(bc -l <<<"$pw_med / $cw_med")"
printf '%-44s %10.1fx %9.1fx\n' "speed-up end to end (CPU)" "$(bc -l <<<"$pc_min / $cc_min")" "$(bc -l <<<"$pc_med / $cc_med")"
echo "answers: agree with pandas within 1e-9 relative (total, scopes, categories, months, facilities, sources, gases)"
goal() { if (($(bc -l <<<"$1"))); then echo met; else echo MISSED; fi; }
echo "goal >= 20x end to end (wall, median): $(goal "$pw_med / $cw_med >= 20")"
# The computation itself: compute() over a million kept records (validation, every record,
# every breakdown); tallying while reading does the same work inside the read.
echo "goal computation < 1 s (wall, median): $(goal "$(field compute_median_s "$kept") < 1")"
