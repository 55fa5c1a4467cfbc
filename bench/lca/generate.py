#!/usr/bin/python3
"""Synthetic ecoinvent-like (and EXIOBASE-like) life-cycle systems for the LCA benchmark.

The generator of reference/lca-engine.md §6, deterministic from --seed (numpy default_rng):

1. n activities, each with a heavy-tailed number of technosphere inputs (lognormal σ = 0.9, at
   least 1), scaled so that nnz(A) − n reaches the preset's target. About 16 % more inputs are
   drawn than needed, duplicates (and self-inputs) are dropped, then the set is trimmed (or topped
   up) to the exact target, so every preset has exactly its published size.
2. Every product has a random level (a permutation). An input of activity j comes from an upstream
   product (lower level) with probability 1 − back, else from any product: `back` makes the loops,
   i.e. one large strongly connected component. Suppliers are Zipf-popular (weight ∝ rank^-α,
   α = 1, ranks randomly permuted): hubs like electricity and transport.
3. Values w ~ lognormal(0, 2), normalized per column to a column sum r_j ~ U(0.05, 0.95)
   (--hard: U(0.9, 0.99)); M = those values and A = I − M, a non-singular M-matrix.
   --unit-scale U: A ← D_r A D_c and B ← B D_c with factors 10^U(−U, U) (mixed units).
4. Biosphere: m flows, per-column counts lognormal(σ = 0.7), flows Zipf(1.1)-popular (permuted
   ranks), values lognormal(−3, 3), exact target nnz as above.
5. Methods: --methods K (default 1) vectors of 250 CFs (at most m/2) on distinct flows drawn
   with the biosphere's popularity, values lognormal(0, 2).

IO-DENSE (an EXIOBASE-like input-output table) has no level structure: each column draws its
lognormal count of suppliers without replacement (Gumbel top-k on the Zipf weights) up to the
density asked for (--density, default 0.32); its biosphere (172 flows, half the pairs non-zero)
is drawn the same way, so its sizes are near, not exactly at, the targets.

Output: the plain-matrix directory of notes/matrices-format.md (technosphere.mtx, biosphere.mtx,
characterization.mtx, activities.csv, flows.csv, methods.csv, demand.csv, meta.json). meta.json
also holds the sizes, the largest strongly connected component and, under "bench", the demands
both benchmark sides use (warm demand, the 1,000-demand block, the adjoint sample).

    /usr/bin/python3 bench/lca/generate.py --preset EI-M --out bench/data/lca/EI-M
"""

import argparse
import json
import os
import sys
import time

import numpy as np
import scipy.sparse as sp
from scipy.sparse.csgraph import connected_components

# name: (n, off-diagonal A nnz, m, B nnz, back). EI-M is ecoinvent 3.9.1 cut-off (bw2io import
# log: 21,238 activities, 267,242 technosphere exchanges incl. the 21,238 productions, 4,718
# elementary flows, 407,351 biosphere exchanges). EI-L is 3.10 (23,523 activities), its exchange
# counts scaled with n (3.10's 743,409 exchanges in total is 1.10× 3.9.1's 674,593, as n is),
# the number of elementary flows kept. EI-S is EI-M scaled to n = 2,000.
EI_M = (21238, 267242 - 21238, 4718, 407351, 0.01)
PRESETS = {
    "EI-M": EI_M,
    "EI-L": (23523, round(EI_M[1] * 23523 / EI_M[0]), 4718, round(EI_M[3] * 23523 / EI_M[0]), 0.01),
    "EI-S": (2000, round(EI_M[1] * 2000 / EI_M[0]), round(EI_M[2] * 2000 / EI_M[0]),
             round(EI_M[3] * 2000 / EI_M[0]), 0.01),
    # EXIOBASE 3 pxp: 49 regions × 200 products, A about 32 % non-zero. Its biosphere size is an
    # estimate: EXIOBASE 2's 172 emission rows, half of them non-zero per column.
    "IO-DENSE": (9800, None, 172, round(0.5 * 172 * 9800), None),
}
CFS_PER_METHOD = 250
BLOCK_DEMANDS = 1000
ADJOINT_SAMPLE = 20


def zipf_weights(rng, count, alpha):
    """Weight ∝ rank^-alpha with the ranks randomly permuted over the items."""
    ranks = rng.permutation(count) + 1
    return ranks.astype(np.float64) ** -alpha


def column_counts(rng, n, total, sigma, cap):
    """Heavy-tailed per-column counts (lognormal, at least 1, at most cap) summing to about total."""
    raw = rng.lognormal(0.0, sigma, n)
    scale = total / raw.sum()
    for _ in range(50):  # columns at the cap lose mass: scale the others up until the sum fits
        counts = np.minimum(np.maximum(1, np.rint(raw * scale)), cap).astype(np.int64)
        if not (counts == cap).any() or counts.sum() >= 0.999 * total:
            break
        scale *= total / counts.sum()
    return counts


def draw_unique(rng, n_cols, target, counts_of, draw_rows):
    """Entries (row, col) without duplicates, exactly `target` of them: draws counts_of(total)
    per column (16 % over the target), drops duplicates and self-entries (draw_rows returns -1
    for those), tops up with further rounds when short and trims random surplus entries, never a
    column's last one."""
    keys = np.empty(0, dtype=np.int64)
    oversample = 1.16
    for _ in range(20):
        need = target - keys.size
        if need <= 0:
            break
        counts = counts_of(need * oversample)
        cols = np.repeat(np.arange(n_cols, dtype=np.int64), counts)
        rows = draw_rows(cols)
        ok = rows >= 0
        keys = np.union1d(keys, cols[ok] * n_cols + rows[ok])
        oversample = 1.5
    if keys.size < target:
        sys.exit(f"error: could only draw {keys.size} distinct entries of {target}")
    surplus = keys.size - target
    if surplus > 0:
        cols = keys // n_cols
        first = np.ones(keys.size, dtype=bool)  # keep one entry per column: the first
        first[1:] = cols[1:] != cols[:-1]
        candidates = np.flatnonzero(~first)
        drop = rng.choice(candidates, size=surplus, replace=False)
        keys = np.delete(keys, drop)
    return keys // n_cols, keys % n_cols  # col, row (sorted by column, then row: CSC order)


def technosphere_pattern(rng, n, target, back, alpha=1.0):
    """Off-diagonal (row = supplier, col = activity) pairs of the ecoinvent-like structure."""
    weights = zipf_weights(rng, n, alpha)
    level = rng.permutation(n)  # level[i]: product i's level
    by_level = np.argsort(level)  # products in level order
    cum = np.concatenate(([0.0], np.cumsum(weights[by_level])))  # cum[k]: weight below level k

    def draw_rows(cols):
        count = cols.size
        upstream = rng.random(count) >= back
        limit = np.where(upstream, cum[level[cols]], cum[-1])
        # A product on the lowest level has nobody upstream: it buys from anyone.
        limit = np.where(limit > 0.0, limit, cum[-1])
        u = rng.random(count) * limit
        pos = np.minimum(np.searchsorted(cum, u, side="right") - 1, n - 1)
        rows = by_level[pos]
        return np.where(rows == cols, -1, rows)

    return draw_unique(rng, n, target,
                       lambda total: column_counts(rng, n, total, 0.9, n - 1), draw_rows)


def weighted_topk_pattern(rng, n_rows, n_cols, counts, weights, skip_diagonal):
    """Column j gets counts[j] distinct rows, drawn with probability ∝ weights without
    replacement by Gumbel top-k, in column chunks; (cols, rows) in CSC order."""
    log_w = np.log(weights)
    cols_out, rows_out = [], []
    chunk = max(1, 4_000_000 // n_rows)
    for start in range(0, n_cols, chunk):
        stop = min(n_cols, start + chunk)
        keys = log_w[None, :] + rng.gumbel(size=(stop - start, n_rows))
        if skip_diagonal:
            keys[np.arange(stop - start), np.arange(start, stop)] = -np.inf
        order = np.argsort(-keys, axis=1)
        for local, col in enumerate(range(start, stop)):
            rows = np.sort(order[local, :counts[col]])
            rows_out.append(rows)
            cols_out.append(np.full(rows.size, col, dtype=np.int64))
    return np.concatenate(cols_out), np.concatenate(rows_out)


def dense_technosphere_pattern(rng, n, density, alpha=1.0):
    """IO tables: each column picks its heavy-tailed count of distinct Zipf-weighted suppliers."""
    counts = column_counts(rng, n, int(round(density * n * (n - 1))), 0.9, n - 1)
    return weighted_topk_pattern(rng, n, n, counts, zipf_weights(rng, n, alpha), True)


def column_normalized_values(rng, cols, n, low, high):
    """w ~ lognormal(0, 2) scaled so each column sums to r_j ~ U(low, high)."""
    w = rng.lognormal(0.0, 2.0, cols.size)
    sums = np.bincount(cols, weights=w, minlength=n)
    r = rng.uniform(low, high, n)
    return w * (r / np.where(sums > 0, sums, 1.0))[cols]


def biosphere_pattern(rng, m, n, target):
    weights = zipf_weights(rng, m, 1.1)
    cum = np.concatenate(([0.0], np.cumsum(weights)))

    def draw_rows(cols):
        u = rng.random(cols.size) * cum[-1]
        return np.minimum(np.searchsorted(cum, u, side="right") - 1, m - 1)

    cols, rows = draw_unique(rng, n, target, lambda total: column_counts(rng, n, total, 0.7, m),
                             draw_rows)
    return cols, rows, weights


def write_mtx(path, n_rows, n_cols, rows, cols, vals, comment):
    """Matrix Market coordinate real general, 1-based, values in shortest round-trip form. The
    text is made with one %-format per 100,000 entries, not a Python loop per line."""
    with open(path, "w", encoding="ascii") as out:
        out.write("%%MatrixMarket matrix coordinate real general\n")
        for line in comment.splitlines():
            out.write(f"% {line}\n")
        out.write(f"{n_rows} {n_cols} {rows.size}\n")
        step = 100_000
        for start in range(0, rows.size, step):
            r = (rows[start:start + step] + 1).tolist()
            c = (cols[start:start + step] + 1).tolist()
            v = vals[start:start + step].tolist()
            flat = [x for triple in zip(r, c, v) for x in triple]
            out.write(("%d %d %r\n" * len(r)) % tuple(flat))


def write_lines(path, header, lines):
    with open(path, "w", encoding="utf-8") as out:
        out.write(header + "\n")
        out.write("\n".join(lines))
        out.write("\n")


def largest_scc(n, rows, cols):
    graph = sp.csr_matrix((np.ones(rows.size), (rows, cols)), shape=(n, n))
    count, labels = connected_components(graph, directed=True, connection="strong")
    return int(count), int(np.bincount(labels).max())


def main(argv=None):
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--preset", default="EI-M", choices=sorted(PRESETS))
    parser.add_argument("--out", required=True, help="directory to write (created)")
    parser.add_argument("--seed", type=int, default=1)
    parser.add_argument("--methods", type=int, default=1, help="number of LCIA methods (K)")
    parser.add_argument("--back", type=float, help="probability of a loop edge (preset's default)")
    parser.add_argument("--density", type=float, default=0.32, help="IO-DENSE: share of non-zeros")
    parser.add_argument("--unit-scale", type=float, default=0.0,
                        help="mixed units: scale rows and columns by 10^U(-U, U)")
    parser.add_argument("--hard", action="store_true", help="column sums r_j ~ U(0.9, 0.99)")
    args = parser.parse_args(argv)

    started = time.perf_counter()
    n, a_offdiag, m, b_nnz, back = PRESETS[args.preset]
    if args.back is not None:
        back = args.back
    rng = np.random.default_rng(args.seed)

    dense = args.preset == "IO-DENSE"
    if dense:
        a_cols, a_rows = dense_technosphere_pattern(rng, n, args.density)
    else:
        a_cols, a_rows = technosphere_pattern(rng, n, a_offdiag, back)
    low, high = (0.9, 0.99) if args.hard else (0.05, 0.95)
    m_vals = column_normalized_values(rng, a_cols, n, low, high)
    scc_count, scc_largest = largest_scc(n, a_rows, a_cols)

    # A = I − M as (row, col, value), diagonal first in each column, then CSC-sorted.
    diag = np.arange(n, dtype=np.int64)
    rows = np.concatenate((diag, a_rows))
    cols = np.concatenate((diag, a_cols))
    vals = np.concatenate((np.ones(n), -m_vals))
    order = np.lexsort((rows, cols))
    rows, cols, vals = rows[order], cols[order], vals[order]

    if dense:  # half of all (flow, activity) pairs: sampling with rejection would stall
        flow_weights = zipf_weights(rng, m, 1.1)
        b_cols, b_rows = weighted_topk_pattern(rng, m, n, column_counts(rng, n, b_nnz, 0.7, m),
                                               flow_weights, False)
        b_nnz = b_cols.size
    else:
        b_cols, b_rows, flow_weights = biosphere_pattern(rng, m, n, b_nnz)
    assert dense or a_rows.size == a_offdiag, "technosphere size differs from the preset"
    assert b_cols.size == b_nnz, "biosphere size differs from the preset"
    b_vals = rng.lognormal(-3.0, 3.0, b_cols.size)

    if args.unit_scale > 0:
        d_r = 10.0 ** rng.uniform(-args.unit_scale, args.unit_scale, n)
        d_c = 10.0 ** rng.uniform(-args.unit_scale, args.unit_scale, n)
        vals = vals * d_r[rows] * d_c[cols]
        b_vals = b_vals * d_c[b_cols]

    k = args.methods
    cfs = min(CFS_PER_METHOD, m // 2)
    c_rows, c_cols, c_vals = [], [], []
    for method in range(k):
        chosen = np.sort(rng.choice(m, size=cfs, replace=False, p=flow_weights / flow_weights.sum()))
        c_rows.append(np.full(cfs, method, dtype=np.int64))
        c_cols.append(chosen)
        c_vals.append(rng.lognormal(0.0, 2.0, cfs))
    c_rows, c_cols, c_vals = (np.concatenate(x) for x in (c_rows, c_cols, c_vals))

    demand = int(rng.integers(n))
    warm = int(rng.integers(n))
    block = rng.choice(n, size=min(BLOCK_DEMANDS, n), replace=False)
    sample = np.sort(rng.choice(n, size=min(ADJOINT_SAMPLE, n), replace=False))

    os.makedirs(args.out, exist_ok=True)
    note = (f"CarbonLedger LCA benchmark, preset {args.preset}, seed {args.seed}\n"
            "generated by bench/lca/generate.py")
    write_mtx(os.path.join(args.out, "technosphere.mtx"), n, n, rows, cols, vals,
              note + "\nA = I - M (outputs +, inputs -)")
    write_mtx(os.path.join(args.out, "biosphere.mtx"), m, n, b_rows, b_cols, b_vals, note)
    write_mtx(os.path.join(args.out, "characterization.mtx"), k, m, c_rows, c_cols, c_vals, note)
    units = ("kg", "kWh", "MJ", "t*km", "m3", "unit")
    write_lines(os.path.join(args.out, "activities.csv"),
                "index,process,process_name,flow,flow_name,unit,waste",
                [f"{j + 1},p{j + 1},activity {j + 1},f{j + 1},product {j + 1},{units[j % 6]},0"
                 for j in range(n)])
    compartments = ("air", "water", "soil", "natural resource")
    write_lines(os.path.join(args.out, "flows.csv"), "index,id,name,unit,category",
                [f"{i + 1},e{i + 1},elementary flow {i + 1},kg,{compartments[i % 4]}"
                 for i in range(m)])
    write_lines(os.path.join(args.out, "methods.csv"), "index,id,name,unit",
                [f"{i + 1},m{i + 1},synthetic method {i + 1},kg CO2e" for i in range(k)])
    write_lines(os.path.join(args.out, "demand.csv"), "activity,amount", [f"{demand + 1},1"])

    meta = {
        "preset": args.preset,
        "seed": args.seed,
        "generator": "bench/lca/generate.py",
        "n": n,
        "technosphere_nnz": int(vals.size),
        "technosphere_offdiagonal_nnz": int(a_rows.size),
        "technosphere_density": vals.size / (n * n),
        "flows": m,
        "biosphere_nnz": int(b_vals.size),
        "methods": k,
        "cfs_per_method": cfs,
        "back": back,
        "density": args.density if dense else None,
        "hard": args.hard,
        "unit_scale": args.unit_scale,
        "column_sum_range": [low, high],
        "strong_components": scc_count,
        "largest_scc": scc_largest,
        "bench": {
            # 1-based activity indices, as in demand.csv
            "demand": demand + 1,
            "warm_demand": warm + 1,
            "block_demands": (block + 1).tolist(),
            "adjoint_sample": (sample + 1).tolist(),
        },
    }
    with open(os.path.join(args.out, "meta.json"), "w", encoding="utf-8") as out:
        json.dump(meta, out, indent=1)
        out.write("\n")
    print(f"{args.preset}: n={n} A nnz={vals.size} (off-diagonal {a_rows.size}) m={m} "
          f"B nnz={b_vals.size} methods={k}x{cfs} strong components={scc_count} "
          f"largest={scc_largest} in {time.perf_counter() - started:.1f} s -> {args.out}")


if __name__ == "__main__":
    main()
