#!/usr/bin/env python3
"""Checks the simple register (簡易碳盤查清冊) of the demo inventory against hand calculations.

Runs `carbonledger inventory register data/demo/fastener-2024.yaml --simple -o <tmp>/s.xlsx`,
opens it with openpyxl and checks: one sheet; the S02 furnace and S06 chiller rows carry the
t CO2e worked out by hand in register_check.py; the rows' shares add up to 1 within rounding;
and the total row equals the sum of the source rows (added here, not read from carbonledger).

Usage: simple_register_check.py --bin build/src/cli/carbonledger --source-dir /path/to/repo
"""

import argparse
import math
import os
import subprocess
import sys
import tempfile

import openpyxl

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from register_check import S02_T_CO2E, S06_T_CO2E  # noqa: E402  (the hand calculations)


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--bin", required=True)
    parser.add_argument("--source-dir", required=True)
    args = parser.parse_args()
    failures = []

    def check(what, ok, detail=""):
        print(f"{'ok  ' if ok else 'FAIL'} {what} {detail}")
        if not ok:
            failures.append(what)

    with tempfile.TemporaryDirectory() as tmp:
        path = os.path.join(tmp, "s.xlsx")
        subprocess.run([args.bin, "inventory", "register", "data/demo/fastener-2024.yaml", "--simple",
                        "-o", path], cwd=args.source_dir, check=True, capture_output=True)
        book = openpyxl.load_workbook(path)
        check("one sheet named 簡易碳盤查清冊", book.sheetnames == ["簡易碳盤查清冊"], str(book.sheetnames))
        rows = [list(r) for r in book["簡易碳盤查清冊"].iter_rows(values_only=True)]
        sources = [r for r in rows if isinstance(r[1], str) and r[1][:1] == "S" and r[1][1:3].isdigit()]
        check("nine source rows (S01–S09)", len(sources) == 9, str(len(sources)))
        by_id = {r[1].split()[0]: r for r in sources}
        check("S02 t CO2e", math.isclose(by_id["S02"][7], S02_T_CO2E, rel_tol=1e-9),
              f"{by_id['S02'][7]} vs {S02_T_CO2E}")
        check("S06 t CO2e", math.isclose(by_id["S06"][7], S06_T_CO2E, rel_tol=1e-9),
              f"{by_id['S06'][7]} vs {S06_T_CO2E}")
        check("shares add up to 1", math.isclose(sum(r[8] for r in sources), 1.0, rel_tol=1e-9))
        total = next(r for r in rows if isinstance(r[0], str) and r[0].startswith("總排放量"))
        added = sum(r[7] for r in sources)
        check("total = sum of the source rows", math.isclose(total[7], added, rel_tol=1e-9),
              f"{total[7]} vs {added}")
        scope1 = next(r for r in rows if isinstance(r[0], str) and r[0].startswith("範疇一"))
        scope1_added = sum(r[7] for r in sources if r[2] == 1)
        check("scope 1 = its source rows", math.isclose(scope1[7], scope1_added, rel_tol=1e-9))
    print(f"{len(failures)} failed")
    return 1 if failures else 0


if __name__ == "__main__":
    sys.exit(main())
