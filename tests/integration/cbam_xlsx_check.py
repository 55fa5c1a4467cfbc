#!/usr/bin/env python3
"""Opens the CBAM communication workbooks that `carbonledger cbam export` writes and reads the
numbers back with openpyxl, against hand calculations (never against carbonledger's own output,
except where a check is that the workbook and the JSON written in the same run agree).

1. tests/fixtures/cbam/eaf-worked.json, an invented EAF mill (arithmetic below).
2. data/examples/cbam-fasteners.json, the demo fastener factory: the precursor lines worked out
   by hand from the supplier data and the default value for CN 7217 10 (Taiwan, 2.30, Implementing
   Regulation (EU) 2025/2621 via cbamdefaults.com) with the 2026 mark-up of +10 %; the SEE of
   each process equal to (attributed + precursors) / production read from D_Processes.

Usage: cbam_xlsx_check.py --bin build/src/cli/carbonledger --source-dir /path/to/repo
"""

import argparse
import json
import math
import os
import subprocess
import sys
import tempfile

import openpyxl

SHEETS = ["Summary_Communication", "A_InstData", "D_Processes", "E_PurchPrec"]
GOODS_HEADER_ROW = 16  # 1-based row of the goods header in Summary_Communication (docs/formats/cbam.md)

# Worked example (tests/fixtures/cbam/eaf-worked.json):
#   direct   (12,000 t + 20,000 t pig iron × 1.9) / 100,000 t = 50,000 / 100,000 = 0.50 t/t
#   indirect (100,000 MWh × 0.5 t/MWh + 20,000 × 0.1) / 100,000 t = 52,000 / 100,000 = 0.52 t/t
#   electricity 100,000 MWh / 100,000 t = 1.0 MWh/t
#   carbon price (3,000,000 − 500,000) TWD / 10,000 t = 250 TWD/t
EAF = {"see_direct": 0.50, "see_indirect": 0.52, "see_total": 1.02, "mwh_per_t": 1.0, "price": 250.0}

# Demo precursor lines (t CO2e), by hand:
#   P1: WIRE-EAF 3,800 t × 0.52 = 1,976.0 direct, 3,800 × 0.41 = 1,558.0 indirect
#       WIRE-TRADER 650 t × (2.30 × 1.10 = 2.53) = 1,644.5 direct, 0 indirect
#   P2: WIRE-EAF 1,180 t × 0.52 = 613.6 direct, 1,180 × 0.41 = 483.8 indirect
DEMO_LINES = {
    ("P1", "WIRE-EAF"): (3800, 1976.0, 1558.0),
    ("P1", "WIRE-TRADER"): (650, 1644.5, 0.0),
    ("P2", "WIRE-EAF"): (1180, 613.6, 483.8),
}
DEMO_PRODUCTION = {"P1": 3100 + 1100, "P2": 1100}  # tonnes, from the input file


class Checks:
    def __init__(self):
        self.failures = []

    def close(self, what, actual, expected, rel=1e-9):
        ok = isinstance(actual, (int, float)) and math.isclose(actual, expected, rel_tol=rel, abs_tol=1e-9)
        print(f"{'ok  ' if ok else 'FAIL'} {what}: {actual!r} (expected {expected!r})")
        if not ok:
            self.failures.append(what)

    def true(self, what, condition):
        print(f"{'ok  ' if condition else 'FAIL'} {what}")
        if not condition:
            self.failures.append(what)


def export(binary, source_dir, input_path, folder, stem):
    xlsx = os.path.join(folder, stem + ".xlsx")
    out_json = os.path.join(folder, stem + ".json")
    run = subprocess.run([binary, "cbam", "export", input_path, "--xlsx", xlsx, "--json", out_json],
                         cwd=source_dir, capture_output=True, text=True,
                         env=dict(os.environ, CARBONLEDGER_DATA=os.path.join(source_dir, "data")))
    if run.returncode != 0:
        print(run.stdout, run.stderr)
        sys.exit(f"cbam export {input_path} failed with exit {run.returncode}")
    with open(out_json, encoding="utf-8") as handle:
        return openpyxl.load_workbook(xlsx, data_only=True), json.load(handle)


def goods_rows(book):
    sheet = book["Summary_Communication"]
    header = [cell.value for cell in sheet[GOODS_HEADER_ROW]]
    rows = []
    for row in sheet.iter_rows(min_row=GOODS_HEADER_ROW + 1, values_only=True):
        if row[0] is None:
            break
        rows.append(dict(zip(header, row)))
    return rows


def installation(book):
    sheet = book["Summary_Communication"]
    return {sheet.cell(row, 1).value: sheet.cell(row, 2).value for row in range(3, 15)}


def check_worked(checks, binary, source_dir, folder):
    book, _ = export(binary, source_dir, "tests/fixtures/cbam/eaf-worked.json", folder, "eaf")
    checks.true("every template tab is there", all(name in book.sheetnames for name in SHEETS))
    inst = installation(book)
    checks.true("UN/LOCODE in the summary", inst.get("UN/LOCODE") == "TWKHH")
    checks.close("latitude", inst.get("Latitude of main emission source"), 22.6)
    rows = goods_rows(book)
    checks.true("one good", len(rows) == 1)
    good = rows[0]
    checks.true("CN code", good["CN code"] == "7206 10 00")
    checks.true("category", good["Aggregated goods category"] == "Crude steel")
    checks.close("production", good["Production (t)"], 100000)
    checks.close("SEE direct", good["SEE direct (tCO2e/t)"], EAF["see_direct"])
    checks.close("SEE indirect", good["SEE indirect (tCO2e/t)"], EAF["see_indirect"])
    checks.close("SEE total", good["SEE total (tCO2e/t)"], EAF["see_total"])
    checks.close("electricity per tonne", good["Electricity (MWh/t)"], EAF["mwh_per_t"])
    checks.close("electricity factor", good["Electricity EF (tCO2e/MWh)"], 0.5)
    checks.close("share from default values", good["Share from default values"], 0.0)
    checks.close("carbon price per t", good["Carbon price (per tCO2e)"], EAF["price"])


def check_demo(checks, binary, source_dir, folder):
    book, data = export(binary, source_dir, "data/examples/cbam-fasteners.json", folder, "demo")
    inst = installation(book)
    checks.true("demo installation name", inst.get("Installation name", "").startswith("Yongjin"))
    # Precursor lines of E_PurchPrec against the hand values.
    sheet = book["E_PurchPrec"]
    lines = {}
    precursors = {}
    in_lines = False
    for row in sheet.iter_rows(min_row=2, values_only=True):
        if row[0] == "Consumption":
            in_lines = True
            continue
        if in_lines and row[1]:
            lines[(row[1], row[2])] = row[3:6]
        elif not in_lines and row[0]:
            precursors[row[0]] = row
    for key, (tonnes, direct, indirect) in DEMO_LINES.items():
        got = lines.get(key, (None, None, None))
        checks.close(f"{key} tonnes", got[0], tonnes)
        checks.close(f"{key} direct", got[1], direct)
        checks.close(f"{key} indirect", got[2], indirect)
    trader = precursors.get("WIRE-TRADER", ())
    checks.true("WIRE-TRADER uses the default", len(trader) > 8 and trader[8] == "default")
    checks.close("WIRE-TRADER SEE direct = 2.30 × 1.10", trader[9] if len(trader) > 9 else None, 2.53)
    checks.close("WIRE-TRADER default before mark-up", trader[11] if len(trader) > 11 else None, 2.30)
    checks.close("WIRE-TRADER mark-up", trader[12] if len(trader) > 12 else None, 0.10)
    # D_Processes: SEE = (attributed + precursors) / production, and the precursor totals.
    processes = {}
    for row in book["D_Processes"].iter_rows(min_row=2, values_only=True):
        if row[0] in DEMO_PRODUCTION:
            processes[row[0]] = row
    for pid, production in DEMO_PRODUCTION.items():
        row = processes[pid]
        checks.close(f"{pid} production", row[2], production)
        pre_direct = sum(v[1] for k, v in DEMO_LINES.items() if k[0] == pid)
        pre_indirect = sum(v[2] for k, v in DEMO_LINES.items() if k[0] == pid)
        checks.close(f"{pid} precursors direct", row[7], pre_direct)
        checks.close(f"{pid} precursors indirect", row[8], pre_indirect)
        checks.close(f"{pid} SEE direct = (attributed + precursors) / production", row[11],
                     (row[3] + pre_direct) / production)
        checks.close(f"{pid} SEE indirect", row[12], (row[6] + pre_indirect) / production)
        # P1's default share: 1,644.5 t of its embedded total rests on the default value.
        if pid == "P1":
            checks.close("P1 share from defaults", row[13], 1644.5 / (row[9] + row[10]))
    # The summary rows carry their process's SEE and agree with the JSON of the same run.
    rows = goods_rows(book)
    checks.true("three goods (7318 15 88, 7318 15 82, 7318 16 91)",
                [r["CN code"] for r in rows] == ["7318 15 88", "7318 15 82", "7318 16 91"])
    for row, good in zip(rows, data["goods"]):
        pid = row["Production process"]
        checks.close(f"{row['CN code']} SEE direct = D_Processes", row["SEE direct (tCO2e/t)"], processes[pid][11])
        checks.close(f"{row['CN code']} SEE direct = JSON", row["SEE direct (tCO2e/t)"], good["see_direct"])
        checks.close(f"{row['CN code']} SEE indirect = JSON", row["SEE indirect (tCO2e/t)"], good["see_indirect"])


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--bin", required=True)
    parser.add_argument("--source-dir", required=True)
    args = parser.parse_args()
    binary = os.path.abspath(args.bin)
    checks = Checks()
    with tempfile.TemporaryDirectory() as folder:
        check_worked(checks, binary, args.source_dir, folder)
        check_demo(checks, binary, args.source_dir, folder)
    if checks.failures:
        sys.exit(f"{len(checks.failures)} check(s) failed: {checks.failures}")
    print("all CBAM workbook checks passed")


if __name__ == "__main__":
    main()
