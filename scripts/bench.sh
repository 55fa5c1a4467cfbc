#!/usr/bin/env bash
# Runs a benchmark against its peer baseline in the same run (docs/performance.md).
#
#   scripts/bench.sh lca [PRESET]     # LCA engine vs SciPy (bench/lca/README.md); PRESET is
#                                     # EI-S, EI-M (default), EI-L or IO-DENSE
#   scripts/bench.sh inventory        # inventory vs pandas (bench/run_inventory_bench.sh)
#
# lca: generates bench/data/lca/PRESET/ if missing (bench/lca/generate.py), builds lca_bench in
# build-bench (cmake --preset bench), runs the SciPy peer (bench/lca/baseline_scipy.py, threads
# pinned to 1) and then the engine, which checks its answers against the peer and prints the
# side-by-side table (engine, peer, ratio, target) with the machine line. Exits non-zero when a
# check fails. Environment:
#   WORK=DIR          data directory (default bench/data/lca/PRESET)
#   LCA_BENCH=BIN     use this lca_bench binary instead of building one (the ctest does)
#   QUICK=1           few runs and Monte Carlo draws (the lca_bench_eis ctest)
#   FRESH=1           generate the data again even if present
#   SKIP_P0=1         leave out the peer's P0 spsolve (≈70-80 s on EI-M)
#   GEN_ARGS, PEER_ARGS, ENGINE_ARGS   extra arguments for each step
set -euo pipefail

ROOT=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
PYTHON=/usr/bin/python3  # Debian's python3-numpy/scipy/pandas, not a virtualenv

usage() {
  sed -n '2,5p' "${BASH_SOURCE[0]}" | sed 's/^# \{0,1\}//' >&2
  exit 2
}

bench_lca() {
  local preset=${1:-EI-M}
  local work=${WORK:-$ROOT/bench/data/lca/$preset}
  local bin=${LCA_BENCH:-}
  local -a gen_args peer_args engine_args
  read -r -a gen_args <<<"${GEN_ARGS:-}"
  read -r -a peer_args <<<"${PEER_ARGS:-}"
  read -r -a engine_args <<<"${ENGINE_ARGS:-}"
  if [[ ${QUICK:-0} == 1 ]]; then
    peer_args=(--runs 1 --warm-runs 3 --p2-draws 2 --mc-draws 200 "${peer_args[@]}")
    engine_args=(--quick "${engine_args[@]}")
  fi
  [[ ${SKIP_P0:-0} == 1 ]] && peer_args+=(--skip-p0)

  if [[ ${FRESH:-0} == 1 || ! -f $work/meta.json || ! -f $work/technosphere.mtx ]]; then
    "$PYTHON" "$ROOT/bench/lca/generate.py" --preset "$preset" --out "$work" "${gen_args[@]}"
  fi
  if [[ -z $bin ]]; then
    local build=${BUILD:-$ROOT/build-bench}
    if [[ ! -f $build/build.ninja ]]; then
      (cd "$ROOT" && cmake --preset bench -B "$build" >/dev/null)
    fi
    cmake --build "$build" --target lca_bench -- -j2 >/dev/null
    bin=$build/bench/lca_bench
  fi

  echo "== peer: SciPy (bench/lca/baseline_scipy.py) on $work" >&2
  "$PYTHON" "$ROOT/bench/lca/baseline_scipy.py" "$work" --out "$work/peer.json" "${peer_args[@]}"
  echo "== engine: $bin" >&2
  "$bin" "$work" --expect "$work/peer.json" --out "$work/engine.json" "${engine_args[@]}"
}

case ${1:-} in
  lca) shift; bench_lca "$@" ;;
  inventory) shift; exec "$ROOT/bench/run_inventory_bench.sh" "$@" ;;
  *) usage ;;
esac
