#!/usr/bin/python3
"""pandas baseline of the inventory benchmark: the same computation as `carbonledger inventory
compute`, from the same activity.csv, written the way a pandas user would (vectorised, group
first, then spread bill periods over months and join the factors).

Inputs (bench/generate_inventory.py): activity.csv (source, period, amount, unit, ...) and
factors.csv (per source and gas: kg per activity unit, group, GWP). Steps: convert each amount
into its source's activity unit (bench/baseline/units.py), sum per source and period, split
bill periods over the months of the year by days, multiply per gas, apply GWP (Kyoto gases in
the total; biogenic CO2 and Montreal gases apart), and aggregate every breakdown: total, scope,
category, facility, source, gas and month. Prints JSON with the answers and its own timings.
"""

import time

START = time.perf_counter()  # before importing pandas: the timings include the import

import argparse  # noqa: E402
import datetime  # noqa: E402
import json  # noqa: E402
import os  # noqa: E402
import resource  # noqa: E402
import sys  # noqa: E402

import numpy as np  # noqa: E402
import pandas as pd  # noqa: E402

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import units  # noqa: E402

IMPORTED = time.perf_counter()


def parse_day(text):
    year, month, day = (int(part) for part in text.split("-"))
    return datetime.date(year, month, day)


def month_shares(period, year):
    """(month 1-12, share) for one period string: "2024-03" or "2024-01-15..2024-02-14"."""
    if ".." in period:
        first_text, last_text = period.split("..")
        first, last = parse_day(first_text), parse_day(last_text)
    else:
        y, m = (int(part) for part in period.split("-"))
        first = datetime.date(y, m, 1)
        last = datetime.date(y, m, 28)
        while (last + datetime.timedelta(days=1)).month == m:
            last += datetime.timedelta(days=1)
    total = (last - first).days + 1
    out = []
    for month in range(1, 13):
        lo = max(first, datetime.date(year, month, 1))
        month_end = datetime.date(year + (month == 12), month % 12 + 1, 1) - datetime.timedelta(days=1)
        hi = min(last, month_end)
        if hi >= lo:
            out.append((month, ((hi - lo).days + 1) / total))
    return out


def read(activity_path, factors_path):
    activity = pd.read_csv(activity_path, usecols=["source", "period", "amount", "unit"],
                           dtype={"source": "category", "period": "category",
                                  "amount": "float64", "unit": "category"})
    factors = pd.read_csv(factors_path, dtype={"source": "category", "facility": "category",
                                                "gas": "category", "group": "category"})
    return activity, factors


def compute(activity, factors, year):
    # One row per source: its facility, category, scope and the unit its factors are given per.
    per_source = factors.drop_duplicates("source").set_index("source")
    unknown = set(activity["source"].cat.categories) - set(per_source.index)
    if unknown:
        raise SystemExit(f"activity names unknown sources: {sorted(unknown)[:5]}")

    # Amount in the source's activity unit; a unit of another dimension is an error.
    unit_cats = activity["unit"].cat.categories
    unit_base = np.array([units.to_base(u) for u in unit_cats])
    source_cats = activity["source"].cat.categories
    src_unit = per_source.loc[source_cats, "activity_unit"].to_numpy()
    src_base = np.array([units.to_base(u) for u in src_unit])
    pairs = activity[["source", "unit"]].drop_duplicates()
    for source, unit in zip(pairs["source"], pairs["unit"]):
        expected = per_source.at[source, "activity_unit"]
        if units.dimension(unit) != units.dimension(expected):
            raise SystemExit(f"unit.mismatch: {source} in {unit}, its factor is per {expected}")
    quantity = activity["amount"].to_numpy() * unit_base[activity["unit"].cat.codes.to_numpy()] / \
        src_base[activity["source"].cat.codes.to_numpy()]
    per_period = pd.DataFrame({"source": activity["source"], "period": activity["period"],
                               "quantity": quantity}) \
        .groupby(["source", "period"], observed=True, sort=False)["quantity"].sum().reset_index()

    # Spread each period over the months of the year by days (a month is one share of 1).
    shares = pd.DataFrame([(period, month, share)
                           for period in activity["period"].cat.categories
                           for month, share in month_shares(period, year)],
                          columns=["period", "month", "share"])
    shares["period"] = shares["period"].astype(activity["period"].dtype)
    monthly = per_period.merge(shares, on="period")
    monthly["quantity"] *= monthly["share"]
    monthly = monthly.groupby(["source", "month"], observed=True)["quantity"].sum().reset_index()

    # Per gas: kg = activity x kg per unit; CO2e = kg x GWP.
    cells = monthly.merge(factors, on="source")
    cells["kg"] = cells["quantity"] * cells["kg_per_unit"]
    cells["co2e"] = cells["kg"] * cells["gwp"]
    kyoto = cells[cells["group"] == "kyoto"]

    def by(column):
        return kyoto.groupby(column, observed=True)["co2e"].sum()

    scope, category, month = by("scope"), by("category"), by("month")
    gas_kg = cells.groupby("gas", observed=True)["kg"].sum()
    gas_co2e = by("gas")
    return {
        "records": int(len(activity)),
        "total_co2e_kg": float(kyoto["co2e"].sum()),
        "scope_co2e_kg": [float(scope.get(s, 0.0)) for s in (1, 2, 3)],
        "category_co2e_kg": [float(category.get(c, 0.0)) for c in range(1, 7)],
        "month_co2e_kg": [float(month.get(m, 0.0)) for m in range(1, 13)],
        "facility_co2e_kg": {k: float(v) for k, v in by("facility").items()},
        "source_co2e_kg": {k: float(v) for k, v in by("source").items()},
        "gas_kg": {k: float(v) for k, v in gas_kg.items()},
        "gas_co2e_kg": {k: float(gas_co2e.get(k, 0.0)) for k in gas_kg.index},
        "biogenic_co2_kg": float(cells.loc[cells["group"] == "biogenic", "kg"].sum()),
        "montreal_co2e_kg": float(cells.loc[cells["group"] == "montreal", "co2e"].sum()),
    }


def main():
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("activity")
    parser.add_argument("factors")
    parser.add_argument("--year", type=int, default=2024)
    parser.add_argument("-o", "--output", help="write the JSON here instead of stdout")
    args = parser.parse_args()
    read_start = time.perf_counter()
    activity, factors = read(args.activity, args.factors)
    read_end = time.perf_counter()
    answers = compute(activity, factors, args.year)
    done = time.perf_counter()
    usage = resource.getrusage(resource.RUSAGE_SELF)
    answers["timing_s"] = {"import": IMPORTED - START, "read": read_end - read_start,
                           "compute": done - read_end, "end_to_end": done - START,
                           "process_cpu": usage.ru_utime + usage.ru_stime}
    text = json.dumps(answers, ensure_ascii=False, indent=1)
    if args.output:
        with open(args.output, "w", encoding="utf-8") as handle:
            handle.write(text + "\n")
    else:
        print(text)


if __name__ == "__main__":
    main()
