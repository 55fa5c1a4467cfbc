#!/usr/bin/env python3
"""Checks the activity template and the Excel import against openpyxl, an independent reader.

1. openpyxl still reads every committed fixture of tests/fixtures/xlsx as its committed
   <name>.cells.json says (the values the C++ reader tests compare with).
2. `carbonledger inventory template data/demo/fastener-2024.yaml -o template.xlsx`: openpyxl
   finds the four sheets, the zh-TW and English header rows, the unit drop-down list and the
   demo's source ids (read from the YAML file with PyYAML, not from carbonledger).
3. The template is filled in by openpyxl: the twelve S02 months with the gas volumes of
   data/demo/activity.csv, and one extra S09 row whose period is a date cell (2024-03-10, so
   March). `inventory import-xlsx` must give back exactly those thirteen rows as CSV.
4. The same template with one amount typed as text: exit 1, the cell named, no CSV written.

Usage: xlsx_check.py --bin build/src/cli/carbonledger --source-dir /path/to/repo
"""

import argparse
import csv
import datetime
import io
import math
import os
import subprocess
import sys
import tempfile

import openpyxl
import yaml

HEADERS_ZH = ["排放源代碼", "期間", "起日", "迄日", "數量", "單位", "佐證文件", "備註", "編號"]
HEADERS_EN = ["source", "period", "from", "to", "amount", "unit", "evidence", "note", "id"]


class Checks:
    def __init__(self):
        self.failures = []

    def true(self, what, condition, detail=""):
        print(f"{'ok  ' if condition else 'FAIL'} {what}{'' if condition else ': ' + str(detail)}")
        if not condition:
            self.failures.append(what)


def run(binary, *args):
    env = dict(os.environ, LC_ALL="C.UTF-8")
    return subprocess.run([binary, *args], capture_output=True, text=True, env=env)


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--bin", required=True)
    parser.add_argument("--source-dir", required=True)
    args = parser.parse_args()
    source_dir = args.source_dir
    checks = Checks()

    fixtures = subprocess.run(
        [sys.executable, os.path.join(source_dir, "tests/fixtures/xlsx/make_fixtures.py"), "--check"],
        capture_output=True, text=True)
    print(fixtures.stdout, end="")
    checks.true("openpyxl reads the committed fixtures as their .cells.json say",
                fixtures.returncode == 0, fixtures.stderr)

    inventory_path = os.path.join(source_dir, "data/demo/fastener-2024.yaml")
    with open(inventory_path, encoding="utf-8") as stream:
        demo_ids = [source["id"] for source in yaml.safe_load(stream)["sources"]]
    s02_m3 = {}
    with open(os.path.join(source_dir, "data/demo/activity.csv"), encoding="utf-8") as stream:
        for row in csv.DictReader(stream):
            if row["source"] == "S02":
                s02_m3[row["period"]] = float(row["amount"])
    checks.true("the demo has twelve S02 months", len(s02_m3) == 12, s02_m3)

    with tempfile.TemporaryDirectory() as tmp:
        template = os.path.join(tmp, "template.xlsx")
        made = run(args.bin, "inventory", "template", inventory_path, "-o", template)
        checks.true("inventory template exits 0", made.returncode == 0, made.stderr)
        book = openpyxl.load_workbook(template)
        checks.true("sheets 活動數據, 說明, 排放源, 單位",
                    book.sheetnames == ["活動數據", "說明", "排放源", "單位"], book.sheetnames)
        sheet = book["活動數據"]
        checks.true("row 1 has the zh-TW headers",
                    [c.value for c in sheet[1]][:9] == HEADERS_ZH, [c.value for c in sheet[1]])
        checks.true("row 2 has the English keys",
                    [c.value for c in sheet[2]][:9] == HEADERS_EN, [c.value for c in sheet[2]])
        lists = [v for v in sheet.data_validations.dataValidation if v.type == "list"]
        unit_lists = [v for v in lists if "F3" in str(v.sqref) or "F3:" in str(v.sqref)]
        checks.true("column F has the unit drop-down from 單位",
                    any("單位" in (v.formula1 or "") for v in unit_lists),
                    [(str(v.sqref), v.formula1) for v in lists])
        listed = [row[0].value for row in book["排放源"].iter_rows(min_row=2) if row[0].value]
        checks.true("排放源 lists the demo's sources", listed == demo_ids, listed)

        # Fill in the S02 months, add an S09 row dated 2024-03-10; leave the rest empty.
        s02_rows = []
        for row in sheet.iter_rows(min_row=3):
            if row[0].value == "S02":
                row[4].value = s02_m3[row[1].value]
                s02_rows.append(row[0].row)
        extra = sheet.max_row + 1
        sheet.cell(extra, 1, "S09")
        sheet.cell(extra, 2, datetime.datetime(2024, 3, 10)).number_format = "yyyy-mm-dd"
        sheet.cell(extra, 5, 1234.5)
        sheet.cell(extra, 6, "度")
        filled = os.path.join(tmp, "filled.xlsx")
        book.save(filled)
        out_csv = os.path.join(tmp, "activity.csv")
        imported = run(args.bin, "inventory", "import-xlsx", filled, "-o", out_csv,
                       "--inventory", inventory_path)
        checks.true("import-xlsx of the filled template exits 0", imported.returncode == 0,
                    imported.stderr)
        checks.true("the unfilled rows are skipped with a warning",
                    "row(s) with no amount were skipped" in imported.stderr, imported.stderr)
        expected = [("S02", period, amount, "m3") for period, amount in sorted(s02_m3.items())]
        expected.append(("S09", "2024-03", 1234.5, "度"))
        got = []
        if os.path.exists(out_csv):
            with open(out_csv, encoding="utf-8") as stream:
                got = [(r["source"], r["period"], float(r["amount"]), r["unit"])
                       for r in csv.DictReader(stream)]
        same = len(got) == len(expected) and all(
            g[0] == e[0] and g[1] == e[1] and math.isclose(g[2], e[2]) and g[3] == e[3]
            for g, e in zip(sorted(got), sorted(expected)))
        checks.true("the imported rows are the thirteen filled in", same, got)

        # One amount typed as text: nothing imported, the cell named.
        sheet.cell(s02_rows[0], 5, "38,200")
        bad = os.path.join(tmp, "bad.xlsx")
        book.save(bad)
        bad_csv = os.path.join(tmp, "bad.csv")
        refused = run(args.bin, "inventory", "import-xlsx", bad, "-o", bad_csv)
        cell = f"活動數據!E{s02_rows[0]}"
        checks.true("a text amount makes import-xlsx exit 1", refused.returncode == 1,
                    refused.returncode)
        checks.true(f"the error names {cell}", cell in refused.stderr, refused.stderr)
        checks.true("nothing is written", not os.path.exists(bad_csv))

    print(f"{len(checks.failures)} failure(s)")
    return 1 if checks.failures else 0


if __name__ == "__main__":
    sys.exit(main())
