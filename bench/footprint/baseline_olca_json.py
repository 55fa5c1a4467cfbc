#!/usr/bin/env python3
"""The peer of bench/footprint: reads an openLCA JSON-LD zip with the standard library (zipfile,
json), converts every exchange to its flow's reference unit through the unit groups (the same
rule as src/io/jsonld_reader.cpp, olca-schema FlowPropertyFactor), builds A and B with
scipy.sparse, and footprints the linked products with one transposed solve
(lambda = A^-T B^T c, scipy.sparse.linalg.spsolve / SuperLU). Prints one JSON line:
import_s, solve_s, total_s, import_rss_mb, peak_rss_mb, footprints {flow: value}, total.

    /usr/bin/python3 baseline_olca_json.py PACKAGE.zip --link FLOW=AMOUNT [--link ...]
"""
import argparse
import json
import resource
import time
import zipfile

import numpy as np
import scipy.sparse as sp
import scipy.sparse.linalg as spla


def cpu_s():
    usage = resource.getrusage(resource.RUSAGE_SELF)
    return usage.ru_utime + usage.ru_stime


def rss_mb():
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024.0


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("package")
    parser.add_argument("--link", action="append", default=[])
    parser.add_argument("--category", default="GWP 100")
    args = parser.parse_args()

    start = time.perf_counter()
    cpu_start = cpu_s()  # after the interpreter and scipy have loaded
    archive = zipfile.ZipFile(args.package)
    names = sorted(archive.namelist())

    def folder(prefix):
        return [n for n in names if n.startswith(prefix) and n.endswith(".json")]

    groups = {}
    for name in folder("unit_groups/"):
        g = json.loads(archive.read(name))
        units = {u["@id"]: u["conversionFactor"] for u in g["units"]}
        groups[g["@id"]] = units
    properties = {}
    for name in folder("flow_properties/"):
        p = json.loads(archive.read(name))
        properties[p["@id"]] = p["unitGroup"]["@id"]
    flows = {}  # id -> (kind, ref property, {property: factor})
    for name in folder("flows/"):
        f = json.loads(archive.read(name))
        factors = {}
        ref = None
        for fp in f.get("flowProperties", []):
            factors[fp["flowProperty"]["@id"]] = fp.get("conversionFactor", 1.0)
            if fp.get("isRefFlowProperty"):
                ref = fp["flowProperty"]["@id"]
        flows[f["@id"]] = (f["flowType"], ref, factors)

    def scale(node, flow):
        kind, ref, factors = flows[flow]
        prop = node.get("flowProperty", {}).get("@id", ref)
        unit = node.get("unit", {}).get("@id")
        unit_factor = groups[properties[prop]][unit] if unit else 1.0
        return unit_factor / factors[prop]

    product_row = {}
    elementary_row = {}
    for fid, (kind, _, _) in flows.items():
        if kind == "ELEMENTARY_FLOW":
            elementary_row[fid] = len(elementary_row)
    columns = []
    for name in folder("processes/"):
        p = json.loads(archive.read(name))
        reference = next(e["flow"]["@id"] for e in p["exchanges"] if e.get("isQuantitativeReference"))
        product_row[reference] = len(product_row)
        columns.append(p["exchanges"])
    a_rows, a_cols, a_vals = [], [], []
    b_rows, b_cols, b_vals = [], [], []
    for j, exchanges in enumerate(columns):
        for e in exchanges:
            flow = e["flow"]["@id"]
            amount = e["amount"] * scale(e, flow)
            sign = -1.0 if e.get("isInput") else 1.0
            if flow in elementary_row:
                b_rows.append(elementary_row[flow])
                b_cols.append(j)
                b_vals.append(sign * amount)
            else:
                a_rows.append(product_row[flow])
                a_cols.append(j)
                a_vals.append(sign * amount)
    n = len(columns)
    a = sp.csc_matrix((a_vals, (a_rows, a_cols)), shape=(n, n))
    b = sp.csc_matrix((b_vals, (b_rows, b_cols)), shape=(len(elementary_row), n))
    c = np.zeros(len(elementary_row))
    for name in folder("lcia_categories/"):
        category = json.loads(archive.read(name))
        if category["name"] != args.category:
            continue
        for factor in category["impactFactors"]:
            flow = factor["flow"]["@id"]
            if flow in elementary_row:
                c[elementary_row[flow]] += factor["value"] / scale(factor, flow)
    import_s = time.perf_counter() - start
    import_cpu = cpu_s() - cpu_start
    import_rss = rss_mb()

    solve_start = time.perf_counter()
    q = b.T @ c
    adjoint = spla.spsolve(a.T.tocsc(), q)
    solve_s = time.perf_counter() - solve_start

    footprints = {}
    total = 0.0
    for link in args.link:
        flow, amount = link.split("=")
        footprints[flow] = float(adjoint[product_row[flow]])
        total += float(amount) * footprints[flow]
    print(json.dumps({
        "import_s": import_s, "solve_s": solve_s, "total_s": time.perf_counter() - start,
        "import_rss_mb": import_rss, "import_cpu_s": import_cpu, "peak_rss_mb": rss_mb(),
        "footprints": footprints, "total": total,
        "processes": n, "nnz_a": int(a.nnz), "nnz_b": int(b.nnz),
    }))


if __name__ == "__main__":
    main()
