#!/usr/bin/python3
"""SciPy peer of the LCA benchmark (reference/lca-engine.md §6), measured in the same run as the
engine, on a directory written by bench/lca/generate.py (notes/matrices-format.md).

What it times (median of --runs unless said otherwise; reading the files is not timed):

- P0, Brightway's fallback: scipy.sparse.linalg.spsolve(A, f) with defaults (SuperLU, COLAMD).
  Run once (≈70 s on EI-M); --skip-p0 leaves it out.
- P1, tuned SuperLU: splu(A, permc_spec="MMD_AT_PLUS_A", diag_pivot_thresh=0,
  options={"SymmetricMode": True}); cold = factorize + solve + g = B s + h = c·g; warm = one
  more solve on the same factorization (another demand); all products = one transposed solve
  t = A⁻ᵀ q with q = Bᵀ c; the 1,000 unit demands of meta.json as one dense block
  (--block-runs, default 1: ≈70 s on EI-M).
- P2, Brightway-style Monte Carlo: every draw re-samples σ = 0.2 lognormal multipliers on every
  off-diagonal A entry and every B entry and refactorizes (P1 settings); --p2-draws N (default 3),
  extrapolated to 1,000.
- Neumann (Jacobi) iteration x ← x + D⁻¹(f − A x) to a relative residual of 1e-12, cold, as the
  iterative reference; and a Monte Carlo reference of --mc-draws draws solved that way (the
  statistical target of the engine's Monte Carlo; draws that do not converge fall back to P1).

The common random stream (so that the engine can replay the very same draws): draw d uses
numpy.random.default_rng([mc_seed, d]).lognormal(0.0, 0.2, size=n_off + nnz_B), the first n_off
multipliers for A's off-diagonal entries in CSC order (column by column, rows ascending, the
diagonal skipped) and the rest for B's entries in CSC order; the characterization factors stay
fixed. Since C++ cannot cheaply re-create numpy's PCG64 + ziggurat normals, the multipliers of the
P2 draws are also written as raw little-endian float64, draw after draw, to --draws-out
(default: beside --out, suffix .p2.f64); the JSON says where and in which layout.

Dense systems (IO-DENSE; --dense, automatic above 5 % non-zeros) use LAPACK getrf/getrs through
scipy.linalg for P1 and P2 instead of SuperLU, and skip P0.

Threads are pinned to 1 (OPENBLAS_NUM_THREADS=1 etc., set before numpy loads) unless --threads all.

    /usr/bin/python3 bench/lca/baseline_scipy.py bench/data/lca/EI-M --out peer.json
"""

import argparse
import json
import os
import platform
import sys
import time

THREAD_VARIABLES = ("OPENBLAS_NUM_THREADS", "OMP_NUM_THREADS", "MKL_NUM_THREADS")
if "--threads" not in sys.argv or sys.argv[sys.argv.index("--threads") + 1:][:1] != ["all"]:
    for _name in THREAD_VARIABLES:
        os.environ[_name] = "1"

import numpy as np  # noqa: E402 (after pinning the BLAS threads)
import pandas as pd  # noqa: E402
import scipy  # noqa: E402
import scipy.linalg  # noqa: E402
import scipy.sparse as sp  # noqa: E402
from scipy.sparse.linalg import spsolve, splu  # noqa: E402

SIGMA = 0.2
RESIDUAL_TOLERANCE = 1e-12
MAX_ITERATIONS = 1000


def read_mtx(path):
    """A Matrix Market coordinate file as a CSC matrix with duplicates summed and rows sorted.
    pandas' C parser with round-trip float parsing: exact, and much faster than scipy.io.mmread."""
    skip = 0
    with open(path, encoding="ascii") as handle:
        for line in handle:
            skip += 1
            if not line.startswith("%"):
                n_rows, n_cols, nnz = (int(x) for x in line.split())
                break
    if nnz == 0:
        return sp.csc_matrix((n_rows, n_cols))
    frame = pd.read_csv(path, sep=" ", header=None, skiprows=skip, names=["r", "c", "v"],
                        dtype={"r": np.int64, "c": np.int64, "v": np.float64},
                        float_precision="round_trip", engine="c")
    if len(frame) != nnz:
        sys.exit(f"error: {path}: {len(frame)} entries, header says {nnz}")
    matrix = sp.csc_matrix((frame["v"].to_numpy(), (frame["r"].to_numpy() - 1,
                                                    frame["c"].to_numpy() - 1)),
                           shape=(n_rows, n_cols))
    matrix.sum_duplicates()
    matrix.sort_indices()
    return matrix


def median(values):
    return float(np.median(values))


def timed(function, runs):
    """(median seconds, all seconds, last result) of `runs` calls."""
    seconds, result = [], None
    for _ in range(runs):
        start = time.perf_counter()
        result = function()
        seconds.append(time.perf_counter() - start)
    return median(seconds), seconds, result


def residual(a, x, f):
    return float(np.abs(a @ x - f).max() / max(np.abs(f).max(), 1e-300))


def tuned_splu(a):
    return splu(a, permc_spec="MMD_AT_PLUS_A", diag_pivot_thresh=0.0,
                options={"SymmetricMode": True})


class DenseLU:
    """LAPACK getrf/getrs through SciPy, with splu's solve(rhs, trans) interface: the peer for
    input-output tables (IO-DENSE), where SuperLU would drown in fill-in."""

    def __init__(self, a):
        self.factors = scipy.linalg.lu_factor(a.toarray(), overwrite_a=True, check_finite=False)
        self.nnz = self.factors[0].size

    def solve(self, rhs, trans="N"):
        return scipy.linalg.lu_solve(self.factors, rhs, trans=1 if trans == "T" else 0,
                                     check_finite=False)


def jacobi(a, diagonal, f, x0=None):
    """x ← x + D⁻¹(f − A x) until ‖f − A x‖∞ ≤ 1e-12 ‖f‖∞: (x, iterations, converged)."""
    x = f / diagonal if x0 is None else x0.copy()
    limit = RESIDUAL_TOLERANCE * np.abs(f).max()
    for iteration in range(1, MAX_ITERATIONS + 1):
        r = f - a @ x
        if np.abs(r).max() <= limit:
            return x, iteration, True
        if not np.isfinite(r).all():
            break
        x += r / diagonal
    return x, MAX_ITERATIONS, False


def machine_line():
    model = platform.processor() or "unknown CPU"
    try:
        with open("/proc/cpuinfo", encoding="utf-8") as handle:
            for line in handle:
                if line.startswith("model name"):
                    model = line.split(":", 1)[1].strip()
                    break
    except OSError:
        pass
    with open("/proc/loadavg", encoding="utf-8") as handle:
        load = " ".join(handle.read().split()[:3])
    return {"cpu": model, "cores": os.cpu_count(), "load": load,
            "line": f"{model}, {os.cpu_count()} cores, load {load}"}


def main(argv=None):
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("dir", help="directory written by bench/lca/generate.py")
    parser.add_argument("--out", required=True, help="results JSON")
    parser.add_argument("--runs", type=int, default=5, help="runs per timed scenario (median)")
    parser.add_argument("--warm-runs", type=int, default=20, help="runs of the fast scenarios")
    parser.add_argument("--block-runs", type=int, default=1,
                        help="runs of the 1,000-demand block (≈70 s each on EI-M)")
    parser.add_argument("--p2-draws", type=int, default=3)
    parser.add_argument("--mc-draws", type=int,
                        help="Monte Carlo reference draws (Neumann); default 200, 30 if dense")
    parser.add_argument("--mc-seed", type=int, default=1)
    parser.add_argument("--draws-out", help="P2 multipliers (raw float64); default OUT.p2.f64")
    parser.add_argument("--skip-p0", action="store_true")
    parser.add_argument("--dense", choices=("auto", "yes", "no"), default="auto",
                        help="dense LAPACK LU instead of SuperLU for P1/P2 (auto: density > 5 %%)")
    parser.add_argument("--threads", choices=("1", "all"), default="1")
    args = parser.parse_args(argv)

    started = time.perf_counter()
    with open(os.path.join(args.dir, "meta.json"), encoding="utf-8") as handle:
        meta = json.load(handle)
    a = read_mtx(os.path.join(args.dir, "technosphere.mtx"))
    b = read_mtx(os.path.join(args.dir, "biosphere.mtx"))
    c_matrix = read_mtx(os.path.join(args.dir, "characterization.mtx"))
    n, m = a.shape[0], b.shape[0]
    c = np.asarray(c_matrix[0].todense()).ravel()  # method 1
    demand_frame = pd.read_csv(os.path.join(args.dir, "demand.csv"))
    f = np.zeros(n)
    for activity, amount in zip(demand_frame["activity"], demand_frame["amount"]):
        f[int(activity) - 1] += float(amount)
    bench = meta["bench"]
    f_warm = np.zeros(n)
    f_warm[bench["warm_demand"] - 1] = 1.0
    block = np.asarray(bench["block_demands"], dtype=np.int64) - 1
    sample = np.asarray(bench["adjoint_sample"], dtype=np.int64) - 1
    q = b.T @ c  # footprint of each activity's direct emissions, per method 1
    read_s = time.perf_counter() - started
    print(f"read {args.dir}: n={n} A nnz={a.nnz} m={m} B nnz={b.nnz} in {read_s:.1f} s",
          file=sys.stderr)

    dense = args.dense == "yes" or (args.dense == "auto" and a.nnz > 0.05 * n * n)
    factorize = DenseLU if dense else tuned_splu
    if args.mc_draws is None:
        args.mc_draws = 30 if dense else 200
    if dense and not args.skip_p0:
        print("dense system: P0 (SuperLU spsolve) skipped, P1/P2 use LAPACK getrf",
              file=sys.stderr)
        args.skip_p0 = True

    def score(s):
        return float(c @ (b @ s))

    timings, scores, residuals, details = {"read": read_s}, {}, {}, {}

    # P0: spsolve with SciPy's defaults, once.
    if not args.skip_p0:
        start = time.perf_counter()
        s0 = spsolve(a, f)
        h0 = score(s0)
        timings["p0_spsolve_cold"] = time.perf_counter() - start
        scores["p0"] = h0
        residuals["p0"] = residual(a, s0, f)
        print(f"P0 spsolve: {timings['p0_spsolve_cold']:.2f} s", file=sys.stderr)

    # P1: tuned splu, cold.
    factorize_seconds = []

    def p1_cold():
        start = time.perf_counter()
        lu = factorize(a)
        factorize_seconds.append(time.perf_counter() - start)
        s = lu.solve(f)
        return lu, s, score(s)

    timings["p1_cold"], timings["p1_cold_runs"], (lu, s1, h1) = timed(p1_cold, args.runs)
    timings["p1_factorize"] = median(factorize_seconds)
    scores["p1"] = h1
    residuals["p1"] = residual(a, s1, f)
    details["p1_solver"] = "scipy.linalg.lu_factor (LAPACK getrf)" if dense else "splu MMD_AT_PLUS_A"
    details["p1_lu_nnz"] = int(lu.nnz if dense else lu.L.nnz + lu.U.nnz)
    print(f"P1 cold: {timings['p1_cold']:.2f} s", file=sys.stderr)

    # Warm: another demand on the same factorization.
    def warm():
        s = lu.solve(f_warm)
        return s, score(s)

    timings["p1_warm_solve"], _, (s_warm, h_warm) = timed(warm, args.warm_runs)
    scores["warm"] = h_warm
    residuals["warm"] = residual(a, s_warm, f_warm)

    # All products, one method: one transposed solve.
    timings["p1_all_products_1"], _, t = timed(lambda: lu.solve(q, trans="T"), args.warm_runs)
    residuals["adjoint"] = float(np.abs(a.T @ t - q).max() / np.abs(q).max())

    # 1,000 unit demands as one block.
    def block_solve():
        rhs = np.zeros((n, block.size))
        rhs[block, np.arange(block.size)] = 1.0
        return q @ lu.solve(rhs)

    timings["p1_block"], _, block_scores = timed(block_solve, args.block_runs)
    block_vs_adjoint = float(np.max(np.abs(block_scores - t[block]) / np.abs(t[block])))

    # Neumann (Jacobi) cold solve: no factorization.
    def neumann_cold():
        diagonal = a.diagonal()
        x, iterations, converged = jacobi(a, diagonal, f)
        return x, iterations, converged, score(x)

    timings["neumann_cold"], _, (s_n, it_n, conv_n, h_n) = timed(neumann_cold, args.runs)
    scores["neumann"] = h_n
    residuals["neumann"] = residual(a, s_n, f)
    details["neumann_iterations"] = it_n
    details["neumann_converged"] = conv_n

    # Monte Carlo: positions of A's off-diagonal entries in CSC order, then B's.
    col_of = np.repeat(np.arange(n), np.diff(a.indptr))
    offdiag = np.flatnonzero(a.indices != col_of)
    n_off, nnz_b = offdiag.size, b.nnz
    diagonal = a.diagonal()

    def perturbed(draw):
        mult = np.random.default_rng([args.mc_seed, draw]).lognormal(0.0, SIGMA, n_off + nnz_b)
        a_vals = a.data.copy()
        a_vals[offdiag] *= mult[:n_off]
        a_draw = sp.csc_matrix((a_vals, a.indices, a.indptr), shape=a.shape)
        b_draw = sp.csc_matrix((b.data * mult[n_off:], b.indices, b.indptr), shape=b.shape)
        return mult, a_draw, b_draw

    draws_out = args.draws_out or os.path.splitext(args.out)[0] + ".p2.f64"
    p2_seconds, p2_scores = [], []
    with open(draws_out, "wb") as draws_file:
        for draw in range(args.p2_draws):
            start = time.perf_counter()
            mult, a_draw, b_draw = perturbed(draw)
            s = factorize(a_draw).solve(f)
            h = float(c @ (b_draw @ s))
            p2_seconds.append(time.perf_counter() - start)
            p2_scores.append(h)
            mult.astype("<f8").tofile(draws_file)
            print(f"P2 draw {draw}: {p2_seconds[-1]:.2f} s", file=sys.stderr)
    if p2_seconds:
        timings["p2_per_draw"] = median(p2_seconds)
        timings["p2_extrapolated_1000"] = 1000 * timings["p2_per_draw"]

    mc_scores, mc_iterations, mc_fallbacks = [], [], 0
    start = time.perf_counter()
    for draw in range(args.mc_draws):
        _, a_draw, b_draw = perturbed(draw)
        s, iterations, converged = jacobi(a_draw, diagonal, f)
        if not converged:
            mc_fallbacks += 1
            s = factorize(a_draw).solve(f)
        mc_iterations.append(iterations)
        mc_scores.append(float(c @ (b_draw @ s)))
    mc_seconds = time.perf_counter() - start
    mc = np.asarray(mc_scores)
    reference = {}
    if mc.size:
        timings["mc_neumann_per_draw"] = mc_seconds / mc.size
        centred = mc - mc.mean()
        sd = float(mc.std(ddof=1)) if mc.size > 1 else 0.0
        reference = {
            "draws": int(mc.size),
            "mean": float(mc.mean()),
            "sd": sd,
            "kurtosis": float(np.mean(centred**4) / np.mean(centred**2) ** 2) if sd > 0 else 3.0,
            "p2_5": float(np.percentile(mc, 2.5)),
            "p50": float(np.percentile(mc, 50)),
            "p97_5": float(np.percentile(mc, 97.5)),
            "mean_iterations": float(np.mean(mc_iterations)),
            "fallbacks": mc_fallbacks,
        }
    shared = min(len(p2_scores), mc.size)
    p2_vs_reference = (float(np.max(np.abs(np.asarray(p2_scores[:shared]) - mc[:shared])
                                    / np.abs(mc[:shared]))) if shared else None)

    results = {
        "tool": "scipy",
        "versions": {"python": platform.python_version(), "numpy": np.__version__,
                     "scipy": scipy.__version__, "pandas": pd.__version__},
        "machine": machine_line(),
        "threads": {name: os.environ.get(name, "unset") for name in THREAD_VARIABLES},
        "dir": os.path.abspath(args.dir),
        "meta": {key: meta.get(key) for key in ("preset", "seed", "n", "technosphere_nnz",
                                                "flows", "biosphere_nnz", "methods",
                                                "largest_scc", "unit_scale", "hard")},
        "runs": args.runs,
        "warm_runs": args.warm_runs,
        "demand": [[int(j) + 1, float(f[j])] for j in np.flatnonzero(f)],
        "warm_demand": bench["warm_demand"],
        "timings_s": timings,
        "scores": scores,
        "residuals": residuals,
        "details": details,
        "adjoint": {
            "method": 1,
            "sum": float(t.sum()),
            "abs_sum": float(np.abs(t).sum()),
            "sample": [[int(j) + 1, float(t[j])] for j in sample],
            "block_vs_adjoint_max_relative": block_vs_adjoint,
        },
        "block": {"demands": (block + 1).tolist(), "scores": [float(x) for x in block_scores]},
        "monte_carlo": {
            "sigma": SIGMA,
            "seed": args.mc_seed,
            "stream": "numpy.random.default_rng([seed, draw]).lognormal(0.0, sigma, "
                      "n_offdiagonal + nnz_B): A's off-diagonal entries in CSC order, then B's "
                      "entries in CSC order; characterization fixed",
            "n_offdiagonal": int(n_off),
            "nnz_biosphere": int(nnz_b),
            "p2_draws": len(p2_scores),
            "p2_scores": p2_scores,
            "p2_seconds": p2_seconds,
            "draws_file": os.path.abspath(draws_out),
            "draws_layout": "raw little-endian float64, p2_draws rows of "
                            "n_offdiagonal + nnz_biosphere multipliers",
            "p2_vs_reference_max_relative": p2_vs_reference,
            "reference": reference,
        },
    }
    with open(args.out, "w", encoding="utf-8") as out:
        json.dump(results, out, indent=1)
        out.write("\n")
    summary = ", ".join(f"{key} {value:.4g} s" for key, value in timings.items()
                        if not isinstance(value, list))
    print(f"peer: {summary}", file=sys.stderr)


if __name__ == "__main__":
    main()
