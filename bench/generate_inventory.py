#!/usr/bin/python3
"""Writes the data of the inventory benchmark (bench/inventory_bench.cpp, docs/performance.md).

Into a work folder (default bench/data/, git-ignored):
  inventory.json  the same inventory as JSON (read with simdjson, much faster than the YAML);
  inventory.yaml  200 facilities with 35 emission sources each, of the kinds a Taiwanese SME
                  reports (stationary diesel and natural gas with heating values, gasoline and
                  diesel vehicles, LPG forklifts, a wood-pellet boiler, refrigerants, extinguishers,
                  SF6 switchgear, septic tank, purchased electricity), every factor a real id of
                  data/factors/*.yaml;
  activity.csv    about 1,000,000 activity records (200 facilities x 12 months x ~420 rows):
                  monthly periods, electricity and gas bills that span months (some reaching into
                  the previous or next year), units L/公升/kL/公秉/m3/度(m3)/千立方公尺/kg/t/度/kWh/千度;
  factors.csv     the flattened factor table the pandas baseline needs: per source and gas, kg of
                  gas per activity unit after unit conversion and heating value, the gas group and
                  its AR5 GWP. Derived here from the data/ YAML files with PyYAML, independently of
                  the C++ code, so the baseline is a second implementation of the calculation.

Deterministic for a given --seed. Run with /usr/bin/python3 (Debian python3-yaml).
"""

import argparse
import csv
import json
import os
import random
import sys

import yaml

sys.path.insert(0, os.path.join(os.path.dirname(os.path.abspath(__file__)), "baseline"))
import units  # noqa: E402  (bench/baseline/units.py, shared with the baseline)

YEAR = 2024
REPO = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))

# Heating values the sources state themselves (the factor has none, or one per mass while the
# fuel is bought by volume). Demo values of the usual magnitude, not measurements.
HV_NG_A = {"value": 8728, "unit": "kcal", "per": "m3"}
HV_NG_B = {"value": 8067, "unit": "kcal", "per": "m3"}
HV_GASOLINE = {"value": 7800, "unit": "kcal", "per": "L"}
HV_DIESEL_L = {"value": 8642, "unit": "kcal", "per": "L"}
HV_LPG_MASS = {"value": 47.3, "unit": "GJ", "per": "t"}
HV_LPG_VOLUME = {"value": 6635, "unit": "kcal", "per": "L"}
HV_PELLETS = {"value": 17.0, "unit": "GJ", "per": "t"}


def source_templates():
    """The 35 sources of one facility: (suffix, template dict)."""
    out = []

    def add(**kw):
        out.append(kw)

    for car in range(8):
        modern = car % 2 == 0
        add(name=f"公務車 {car + 1}（汽油）", name_en=f"Company car {car + 1}, gasoline",
            type="mobile_combustion",
            factor="tw.moenv2024.mobile.gasoline" if modern else "tw.moenv604.mobile.gasoline",
            hv=HV_GASOLINE if modern else None, unit="L",
            units=[("L", 0.7), ("公升", 0.3)], per_month=28, amount=(15.0, 55.0), period="month")
    for truck in range(4):
        add(name=f"貨車 {truck + 1}（柴油）", name_en=f"Delivery truck {truck + 1}, diesel",
            type="mobile_combustion", factor="tw.moenv2024.mobile.diesel", hv=None, unit="L",
            units=[("L", 0.8), ("kL", 0.2)], per_month=25, amount=(40.0, 180.0), period="month")
    for lift in range(3):
        add(name=f"堆高機 {lift + 1}（液化石油氣）", name_en=f"LPG forklift {lift + 1}",
            type="mobile_combustion", factor="ipcc2006.mobile.road.lpg", hv=HV_LPG_MASS, unit="kg",
            units=[("kg", 0.7), ("公斤", 0.2), ("t", 0.1)], per_month=20, amount=(10.0, 20.0),
            period="month")
    add(name="緊急發電機", name_en="Emergency diesel generator", type="stationary_combustion",
        factor="tw.moenv2024.stationary.diesel", hv=None, unit="L", units=[("L", 1.0)],
        per_month=2, amount=(20.0, 200.0), period="month")
    add(name="鍋爐（柴油）", name_en="Diesel boiler", type="stationary_combustion",
        factor="ipcc2006.stationary.diesel", hv=HV_DIESEL_L, unit="L",
        units=[("kL", 0.5), ("公秉", 0.2), ("L", 0.3)], per_month=8, amount=(300.0, 2000.0),
        period="month")
    for furnace in range(3):
        add(name=f"熱處理爐 {furnace + 1}（天然氣）", name_en=f"Natural-gas furnace {furnace + 1}",
            type="stationary_combustion", factor="tw.moenv2024.stationary.natural_gas",
            hv=HV_NG_A if furnace != 2 else HV_NG_B, unit="m3",
            units=[("度(m3)", 0.4), ("m3", 0.5), ("千立方公尺", 0.1)], per_month=1,
            amount=(8000.0, 45000.0), period="bill", monthly=True)
    add(name="員工餐廳（桶裝瓦斯）", name_en="Staff kitchen, bottled LPG", type="stationary_combustion",
        factor="tw.moenv2024.stationary.lpg", hv=HV_LPG_VOLUME, unit="L", units=[("L", 1.0)],
        per_month=6, amount=(30.0, 120.0), period="month")
    add(name="木質顆粒鍋爐", name_en="Wood-pellet boiler", type="stationary_combustion",
        factor="ipcc2006.stationary.wood", hv=HV_PELLETS, unit="kg",
        units=[("t", 0.6), ("kg", 0.4)], per_month=8, amount=(500.0, 3000.0), period="month")
    add(name="化糞池", name_en="Septic tank", type="fugitive_septic",
        factor="tw.moenv604.septic.person_hour", hv=None, unit="person-hour",
        units=[("person-hour", 0.5), ("人小時", 0.5)], per_month=4, amount=(3000.0, 9000.0),
        period="month")
    for meter in range(3):
        add(name=f"外購電力 電號 {meter + 1}", name_en=f"Purchased electricity, meter {meter + 1}",
            type="purchased_electricity", factor="tw.moea.grid.2024", hv=None, unit="kWh",
            units=[("度", 0.6), ("kWh", 0.3), ("千度", 0.1)], per_month=1,
            amount=(20000.0, 600000.0), period="bill")
    for refrigerant, equipment, rate, label in [
            ("R-410A", "residential_commercial_ac", None, "辦公室分離式冷氣"),
            ("R-134a", "chiller", 0.06, "冰水主機"),
            ("R-404A", "standalone_commercial", None, "冷凍櫃"),
            ("R-22", "residential_commercial_ac", None, "舊型窗型冷氣"),
            ("R-32", "residential_commercial_ac", None, "變頻冷氣"),
            ("R-407C", "medium_large_commercial", None, "冷藏庫")]:
        add(name=f"{label}（{refrigerant}）", name_en=f"{equipment} charge, {refrigerant}",
            type="fugitive_refrigerant", refrigerant=refrigerant, equipment=equipment,
            leak_rate=rate, unit="kg", units=[("kg", 1.0)], per_month=0, amount=(5.0, 400.0),
            period="year")
    add(name="二氧化碳滅火器", name_en="CO2 extinguishers (refills)", type="fugitive_extinguisher",
        factor="massbalance.extinguisher.co2", hv=None, unit="kg", units=[("kg", 1.0)],
        per_month=0, amount=(9.0, 90.0), period="year")
    add(name="機房 FM-200 滅火系統", name_en="Server-room FM-200 system", type="fugitive_extinguisher",
        factor="massbalance.extinguisher.hfc227ea", hv=None, unit="kg", units=[("kg", 1.0)],
        per_month=0, amount=(1.0, 30.0), period="year")
    add(name="氣體絕緣開關（SF6）", name_en="SF6 switchgear", type="fugitive_sf6",
        factor="massbalance.switchgear.sf6", hv=None, unit="kg", units=[("kg", 1.0)],
        per_month=0, amount=(0.5, 5.0), period="year")
    assert len(out) == 35
    return out


# --- the factor data, read with PyYAML -----------------------------------------------------------

def load_data(data_dir):
    factors = {}
    for name in sorted(os.listdir(os.path.join(data_dir, "factors"))):
        if name.endswith(".yaml"):
            with open(os.path.join(data_dir, "factors", name), encoding="utf-8") as handle:
                for factor in yaml.safe_load(handle)["factors"]:
                    factors[factor["id"]] = factor
    with open(os.path.join(data_dir, "blends.yaml"), encoding="utf-8") as handle:
        doc = yaml.safe_load(handle)
    blends = {b["id"]: [(c["gas"], c["share"]) for c in b["components"]] for b in doc["blends"]}
    blends.update({a["id"]: [(a["gas"], 1.0)] for a in doc["aliases"]})
    with open(os.path.join(data_dir, "leak-rates.yaml"), encoding="utf-8") as handle:
        leak = {e["id"]: e["default"] for e in yaml.safe_load(handle)["equipment"]}
    with open(os.path.join(data_dir, "gases.yaml"), encoding="utf-8") as handle:
        groups = {g["id"]: g["group"] for g in yaml.safe_load(handle)["gases"]}
    with open(os.path.join(data_dir, "gwp", "ar5.yaml"), encoding="utf-8") as handle:
        gwp = yaml.safe_load(handle)["values"]
    return factors, blends, leak, groups, gwp


def kg_per_activity_unit(factor, hv, activity_unit):
    """kg of each gas per one activity_unit: a conversion within a dimension, or through the
    heating value (the source's own, else the factor's) into the energy unit of the factor."""
    per = factor["per"]
    out = {}
    for gas, kg_per_per in factor["gases"].items():
        if units.dimension(activity_unit) == units.dimension(per):
            out[gas] = kg_per_per * units.to_base(activity_unit) / units.to_base(per)
            continue
        heating = hv or factor.get("heating_value")
        if units.dimension(per) != "energy" or heating is None or \
                units.dimension(heating["per"]) != units.dimension(activity_unit):
            raise SystemExit(f"factor {factor['id']} does not fit activity in {activity_unit}")
        joules_per_unit = heating["value"] * units.to_base(heating["unit"]) / \
            units.to_base(heating["per"]) * units.to_base(activity_unit)
        out[gas] = kg_per_per * joules_per_unit / units.to_base(per)
    return out


def gas_group(gas, groups):
    group = groups[gas]
    if group == "montreal":
        return "montreal"
    if group == "biogenic_CO2":
        return "biogenic"
    return "kyoto"


def gas_gwp(gas, groups, gwp):
    if groups[gas] == "CO2e":
        return 1.0
    if groups[gas] == "biogenic_CO2":
        return 0.0
    return float(gwp[gas])


# --- writers ----------------------------------------------------------------------------------------

def flow(mapping):
    return "{" + ", ".join(f"{k}: {v}" for k, v in mapping.items()) + "}"


def write_yaml(path, facilities, sources):
    lines = [
        "# Generated by bench/generate_inventory.py: the inventory benchmark (docs/performance.md).",
        "# 200 invented facilities of an invented group; every factor id is from data/.",
        "carbonledger: inventory/1",
        "organization:",
        "  name: 台灣示範製造集團（基準測試）",
        "  name_en: Demo Manufacturing Group (benchmark)",
        '  tax_id: "00000000"',
        '  industry_code: "2599"',
        f"year: {YEAR}",
        "base_year: 2022",
        "boundary: operational_control",
        "gwp: AR5",
        "facilities:",
    ]
    for fac in facilities:
        lines += [f"  - id: {fac['id']}", f"    name: {fac['name']}",
                  f"    name_en: {fac['name_en']}", f"    address: {fac['address']}"]
    lines.append("sources:")
    for src in sources:
        t = src["template"]
        lines += [f"  - id: {src['id']}", f"    facility: {src['facility']}",
                  f"    name: {t['name']}", f'    name_en: "{t["name_en"]}"',
                  f"    type: {t['type']}"]
        if t["type"] == "fugitive_refrigerant":
            spec = {"refrigerant": t["refrigerant"], "equipment": t["equipment"]}
            if t["leak_rate"] is not None:
                spec["leak_rate"] = t["leak_rate"]
                spec["justification"] = '"maintenance log: top-ups over charge"'
            lines.append(f"    refrigerant: {flow(spec)}")
        else:
            lines.append(f"    factor: {t['factor']}")
        lines.append(f"    quality: {{a1: {src['a1']}, a2: {src['a2']}}}")
        lines.append(f"    uncertainty: {{lower: {src['u']}, upper: {src['u']}}}")
        if t.get("hv"):
            hv = dict(t["hv"])
            hv["source"] = '{document: "supplier or test value (benchmark demo)", verification: unverified}'
            lines.append(f"    heating_value: {flow(hv)}")
        if t.get("monthly"):
            lines.append("    monthly: true")
    lines.append("activity_files: [activity.csv]")
    with open(path, "w", encoding="utf-8") as handle:
        handle.write("\n".join(lines) + "\n")


def write_json(yaml_path, json_path):
    """inventory.json: inventory.yaml's content as JSON, one source or facility per line."""
    with open(yaml_path, encoding="utf-8") as handle:
        doc = yaml.load(handle, Loader=getattr(yaml, "CSafeLoader", yaml.SafeLoader))
    parts = []
    for key, value in doc.items():
        if isinstance(value, list) and value and isinstance(value[0], dict):
            items = ",\n".join("  " + json.dumps(item, ensure_ascii=False) for item in value)
            parts.append(f"{json.dumps(key)}: [\n{items}\n]")
        else:
            parts.append(f"{json.dumps(key)}: {json.dumps(value, ensure_ascii=False)}")
    with open(json_path, "w", encoding="utf-8") as handle:
        handle.write("{\n" + ",\n".join(parts) + "\n}\n")


def days_in_month(year, month):
    if month == 2:
        return 29 if (year % 4 == 0 and year % 100 != 0) or year % 400 == 0 else 28
    return 30 if month in (4, 6, 9, 11) else 31


def add_months(year, month, count):
    index = year * 12 + (month - 1) + count
    return index // 12, index % 12 + 1


def bill_periods(read_day):
    """13 bills from read_day of Dec of the previous year to read_day - 1 of the next month."""
    out = []
    for number in range(13):
        y0, m0 = add_months(YEAR - 1, 12, number)
        y1, m1 = add_months(y0, m0, 1)
        out.append(f"{y0}-{m0:02d}-{read_day:02d}..{y1}-{m1:02d}-{read_day - 1:02d}")
    return out


def format_amount(value_in_activity_unit, activity_unit, unit):
    value = value_in_activity_unit * units.to_base(activity_unit) / units.to_base(unit)
    if units.to_base(unit) > units.to_base(activity_unit):  # kL, t, 千度, 千立方公尺
        return f"{value:.5f}"
    return f"{value:.2f}"


def write_activity(path, facilities, sources, rng):
    count = 0
    with open(path, "w", encoding="utf-8", newline="") as handle:
        out = csv.writer(handle, lineterminator="\n")
        out.writerow(["source", "period", "amount", "unit", "evidence", "note"])
        for fac in facilities:
            fac_sources = [s for s in sources if s["facility"] == fac["id"]]
            rows = []
            for src in fac_sources:
                t = src["template"]
                unit_names = [u for u, _ in t["units"]]
                unit_weights = [w for _, w in t["units"]]
                low, high = t["amount"]

                def row(period, evidence, note=""):
                    unit = rng.choices(unit_names, unit_weights)[0]
                    amount = format_amount(rng.uniform(low, high), t["unit"], unit)
                    rows.append((period, [src["id"], period, amount, unit, evidence, note]))

                if t["period"] == "month":
                    for month in range(1, 13):
                        n = max(1, t["per_month"] + rng.randint(-2, 2)) if t["per_month"] > 2 \
                            else t["per_month"]
                        for slip in range(n):
                            note = "補登" if rng.random() < 0.02 else ""
                            row(f"{YEAR}-{month:02d}",
                                f"slips/{src['id']}/{YEAR}{month:02d}-{slip + 1:02d}.jpg", note)
                elif t["period"] == "bill":
                    for number, period in enumerate(bill_periods(rng.randint(5, 25))):
                        row(period, f"bills/{src['id']}-{number + 1:02d}.pdf")
                else:  # one record a year: the charge, or the refills of the year
                    if rng.random() < 0.5:
                        row(f"{YEAR}-01-01..{YEAR}-12-31", f"records/{src['id']}-{YEAR}.xlsx",
                            "charge on the equipment list")
                    else:
                        row(f"{YEAR}-{rng.randint(1, 12):02d}", f"records/{src['id']}-{YEAR}.pdf")
            # Bills and slips arrive interleaved from the accounting export: by month, not by source.
            rows.sort(key=lambda item: item[0][:7])
            for _, values in rows:
                out.writerow(values)
            count += len(rows)
    return count


def write_factors(path, sources, data):
    factors, blends, leak, groups, gwp = data
    with open(path, "w", encoding="utf-8", newline="") as handle:
        out = csv.writer(handle, lineterminator="\n")
        out.writerow(["source", "facility", "category", "scope", "activity_unit", "gas", "group",
                      "kg_per_unit", "gwp"])
        for src in sources:
            t = src["template"]
            category = 2 if t["type"] == "purchased_electricity" else 1
            if t["type"] == "fugitive_refrigerant":
                rate = t["leak_rate"] if t["leak_rate"] is not None else leak[t["equipment"]]
                per_unit = {gas: share * rate for gas, share in blends[t["refrigerant"]]}
            else:
                per_unit = kg_per_activity_unit(factors[t["factor"]], t.get("hv"), t["unit"])
            for gas, kg in per_unit.items():
                out.writerow([src["id"], src["facility"], category, category, t["unit"], gas,
                              gas_group(gas, groups), repr(kg), repr(gas_gwp(gas, groups, gwp))])


COUNTIES = ["桃園市觀音區", "臺中市大里區", "彰化縣和美鎮", "高雄市岡山區", "臺南市永康區", "新北市五股區",
            "雲林縣斗六市", "新竹縣湖口鄉"]


def main():
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--out", default=os.path.join(REPO, "bench", "data"))
    parser.add_argument("--data", default=os.path.join(REPO, "data"), help="factor data folder")
    parser.add_argument("--facilities", type=int, default=200)
    parser.add_argument("--seed", type=int, default=20240101)
    parser.add_argument("--json-only", action="store_true",
                        help="only write inventory.json from an existing inventory.yaml")
    args = parser.parse_args()
    if args.json_only:
        write_json(os.path.join(args.out, "inventory.yaml"), os.path.join(args.out, "inventory.json"))
        return

    rng = random.Random(args.seed)
    os.makedirs(args.out, exist_ok=True)
    facilities = [{"id": f"F{n:03d}", "name": f"第{n:03d}廠", "name_en": f"Plant {n:03d}",
                   "address": f"{COUNTIES[n % len(COUNTIES)]}工業路 {n} 號"}
                  for n in range(1, args.facilities + 1)]
    sources = []
    for fac in facilities:
        for number, template in enumerate(source_templates(), start=1):
            sources.append({"id": f"{fac['id']}-S{number:02d}", "facility": fac["id"],
                            "template": template, "a1": rng.randint(1, 3), "a2": rng.randint(1, 3),
                            "u": rng.choice([0.02, 0.05, 0.1])})
    write_yaml(os.path.join(args.out, "inventory.yaml"), facilities, sources)
    write_json(os.path.join(args.out, "inventory.yaml"), os.path.join(args.out, "inventory.json"))
    records = write_activity(os.path.join(args.out, "activity.csv"), facilities, sources, rng)
    write_factors(os.path.join(args.out, "factors.csv"), sources, load_data(args.data))
    print(f"{args.out}: {len(facilities)} facilities, {len(sources)} sources, {records} records")


if __name__ == "__main__":
    main()
