#!/usr/bin/env python3
"""Compares CarbonLedger's answers (inventory_bench --answers) with the pandas baseline's JSON
(bench/baseline/inventory_pandas.py), outside both programs' timing: the record count exactly,
every other number within 1e-9 relative (total, biogenic CO2, Montreal gases, scopes,
categories, months, and per facility, source and gas, a key missing on one side counting as 0).
Prints the first mismatches and exits 1 if there is any.

    compare_answers.py carbonledger.json pandas.json
"""
import json
import sys

TOLERANCE = 1e-9


def main(ours_path, theirs_path):
    with open(ours_path, encoding="utf-8") as f:
        ours = json.load(f)
    with open(theirs_path, encoding="utf-8") as f:
        theirs = json.load(f)
    mismatches = []
    compared = 0

    def value(name, actual, expected):
        nonlocal compared
        compared += 1
        scale = max(abs(actual), abs(expected))
        if abs(actual - expected) > TOLERANCE * scale:
            mismatches.append(f"{name}: carbonledger {actual!r}, pandas {expected!r}")

    if ours["records"] != theirs["records"]:
        mismatches.append(f"records: carbonledger {ours['records']}, pandas {theirs['records']}")
    for key in ("total_co2e_kg", "biogenic_co2_kg", "montreal_co2e_kg"):
        value(key, ours[key], theirs[key])
    for key in ("scope_co2e_kg", "category_co2e_kg", "month_co2e_kg"):
        if len(ours[key]) != len(theirs[key]):
            mismatches.append(f"{key}: {len(ours[key])} values, pandas {len(theirs[key])}")
            continue
        for idx, (actual, expected) in enumerate(zip(ours[key], theirs[key])):
            value(f"{key}[{idx}]", actual, expected)
    for key in ("facility_co2e_kg", "source_co2e_kg", "gas_kg", "gas_co2e_kg"):
        for name in sorted(set(ours[key]) | set(theirs[key])):
            value(f"{key}[{name}]", ours[key].get(name, 0.0), theirs[key].get(name, 0.0))
    if mismatches:
        for line in mismatches[:20]:
            print("MISMATCH " + line, file=sys.stderr)
        print(f"FAILED: {len(mismatches)} of {compared} answers differ from the pandas baseline",
              file=sys.stderr)
        return 1
    print(f"check: {compared} answers agree with the pandas baseline within {TOLERANCE:g} relative")
    return 0


if __name__ == "__main__":
    if len(sys.argv) != 3:
        sys.exit(__doc__)
    sys.exit(main(sys.argv[1], sys.argv[2]))
