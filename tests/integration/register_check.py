#!/usr/bin/env python3
"""Checks the MOENV register workbook of the demo inventory against hand calculations.

Runs `carbonledger inventory register data/demo/fastener-2024.yaml -o <tmp>/r.xlsx`, opens the
workbook with openpyxl and checks that every sheet exists, that 表五 gives the natural-gas
furnace S02 and the chiller S06 the CO2e worked out below by hand, and that the summary total
is the sum of its ISO-category rows. Expected values never come from carbonledger itself.

Usage: register_check.py --bin build/src/cli/carbonledger --source-dir /path/to/repo
"""

import argparse
import csv
import math
import os
import subprocess
import sys
import tempfile

import openpyxl

SHEETS = [
    "表一 基本資料",
    "表二 邊界設定",
    "表三 排放源鑑別",
    "表四 活動數據",
    "表五 排放係數及排放量",
    "表六 數據品質",
    "表七 不確定性",
    "彙總表",
    "附表 GWP",
]

# S02 heat-treatment furnace, natural gas: the monthly m3 of data/demo/activity.csv, Jan–Dec 2024.
S02_MONTHLY_M3 = [38200, 33100, 40300, 41800, 42200, 43900, 44100, 43700, 42000, 41200, 39800, 38900]
S02_TOTAL_M3 = 489_200  # the sum of the twelve months above, added by hand
KCAL_PER_M3 = 8728  # heating value on the gas bill (fastener-2024.yaml, S02)
J_PER_KCAL = 4186.8  # international-table calorie
S02_TJ = S02_TOTAL_M3 * KCAL_PER_M3 * J_PER_KCAL / 1e12  # 17.876 TJ
# MOENV 2024 natural gas, kg per TJ: CO2 56,100, CH4 1, N2O 0.1; AR5 GWP CH4 28, N2O 265.
S02_KG_CO2E_PER_TJ = 56100 * 1 + 1 * 28 + 0.1 * 265  # 56,154.5
S02_T_CO2E = S02_TJ * S02_KG_CO2E_PER_TJ / 1000  # about 1,003.8 t
S02_T_CO2 = S02_TJ * 56100 / 1000

# S06 process chiller: 200 kg R-134a charge × 6 % leak rate × GWP 1,300 (AR5 HFC-134a) = 15.6 t.
S06_T_CO2E = 200 * 0.06 * 1300 / 1000


class Checks:
    def __init__(self):
        self.failures = []

    def close(self, what, actual, expected, rel=1e-9, abs_tol=1e-9):
        ok = isinstance(actual, (int, float)) and math.isclose(actual, expected, rel_tol=rel, abs_tol=abs_tol)
        print(f"{'ok  ' if ok else 'FAIL'} {what}: {actual!r} (expected {expected!r})")
        if not ok:
            self.failures.append(what)

    def true(self, what, condition):
        print(f"{'ok  ' if condition else 'FAIL'} {what}")
        if not condition:
            self.failures.append(what)


def rows_of(sheet):
    return [list(row) for row in sheet.iter_rows(values_only=True)]


def find_row(rows, **columns):
    """The first row whose cells match {column index: value}, e.g. find_row(rows, c0="S02")."""
    wanted = {int(key[1:]): value for key, value in columns.items()}
    for row in rows:
        if all(len(row) > col and row[col] == value for col, value in wanted.items()):
            return row
    return None


def check_activity_csv(checks, source_dir):
    with open(os.path.join(source_dir, "data/demo/activity.csv"), encoding="utf-8") as handle:
        months = [float(row["amount"]) for row in csv.DictReader(handle) if row["source"] == "S02"]
    checks.true("activity.csv still has the twelve S02 months used by hand", months == S02_MONTHLY_M3)
    checks.true("the hand-added S02 total is the sum of the months", sum(S02_MONTHLY_M3) == S02_TOTAL_M3)


def check_emissions(checks, book):
    rows = rows_of(book["表五 排放係數及排放量"])
    s02 = find_row(rows, c0="S02", c2="小計 Subtotal")
    checks.true("表五 has an S02 subtotal row", s02 is not None)
    if s02:
        checks.close("表五 S02 t CO2e", s02[10], S02_T_CO2E)
    s02_co2 = find_row(rows, c0="S02", c2="CO2")
    if s02_co2:
        checks.close("表五 S02 CO2 factor kg/TJ", s02_co2[3], 56100)
        checks.close("表五 S02 CO2 t gas", s02_co2[9], S02_T_CO2)
    s06 = find_row(rows, c0="S06", c2="小計 Subtotal")
    checks.true("表五 has an S06 subtotal row", s06 is not None)
    if s06:
        checks.close("表五 S06 t CO2e", s06[10], S06_T_CO2E)
    s06_gas = find_row(rows, c0="S06", c2="HFC-134a")
    if s06_gas:
        checks.close("表五 S06 HFC-134a GWP", s06_gas[8], 1300)
        checks.close("表五 S06 HFC-134a t gas (200 kg × 6 %)", s06_gas[9], 0.012)
    return find_row(rows, c0="總計")


def check_summary(checks, book, emissions_total):
    rows = rows_of(book["彙總表"])
    first = next((idx for idx, row in enumerate(rows) if row[0] == "類別1"), None)
    checks.true("彙總表 has the category rows", first is not None)
    if first is None:
        return
    categories = rows[first:first + 6]
    checks.true("彙總表 categories 1–6 in order",
                [row[0] for row in categories] == [f"類別{cat}" for cat in range(1, 7)])
    total = rows[first + 6]
    checks.true("彙總表 total row follows the categories", total[0] == "總計")
    checks.close("彙總表 total = Σ categories", total[2], sum(row[2] for row in categories), abs_tol=1e-6)
    if emissions_total:
        checks.close("彙總表 total = 表五 total", total[2], emissions_total[10], abs_tol=1e-6)


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--bin", required=True, help="the carbonledger executable")
    parser.add_argument("--source-dir", required=True, help="the repository root")
    args = parser.parse_args()
    checks = Checks()
    check_activity_csv(checks, args.source_dir)
    with tempfile.TemporaryDirectory(prefix="carbonledger-register-") as tmp:
        out = os.path.join(tmp, "r.xlsx")
        run = subprocess.run([args.bin, "inventory", "register", "data/demo/fastener-2024.yaml", "-o", out],
                             cwd=args.source_dir, capture_output=True, text=True)
        if run.returncode != 0:
            print(f"FAIL carbonledger exited with {run.returncode}:\n{run.stdout}{run.stderr}")
            return 1
        book = openpyxl.load_workbook(out, read_only=False)
        for name in SHEETS:
            checks.true(f"sheet '{name}' exists", name in book.sheetnames)
        if all(name in book.sheetnames for name in SHEETS):
            checks.true("表一 shows the year as ROC (Gregorian)",
                        find_row(rows_of(book["表一 基本資料"]), c2="113 (2024)") is not None)
            emissions_total = check_emissions(checks, book)
            check_summary(checks, book, emissions_total)
    if checks.failures:
        print(f"{len(checks.failures)} check(s) failed: {', '.join(checks.failures)}")
        return 1
    print("all register checks passed")
    return 0


if __name__ == "__main__":
    sys.exit(main())
