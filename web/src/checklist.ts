// The emission sources a Taiwanese SME typically has (reference/taiwan-ghg.md "typical SME
// sources"; the demo fastener factory, data/demo/fastener-2024.yaml), each with the factor the
// guided set-up proposes and why. Names, explanations and reasons are in the message catalogues.
// No source requires every month here (electricity does by default, so it says monthly: false):
// a factory in the middle of its year still sees its dashboard; the consultant sets it when the
// year is complete.
import type { Key } from "./i18n";

export interface ChecklistItem {
  key: string;
  name: Key;
  explain: Key;
  reason: Key;
  /// The source definition (docs/formats/inventory.md) without id, facility and name.
  definition: (year: number) => Record<string, unknown>;
  unit: string;
  monthly: boolean;
}

/// Taipower's grid factor is published for the year before; use the inventory year's factor
/// when the library has it, else the latest one (2024).
function gridFactor(year: number): string {
  return `tw.moea.grid.${Math.min(Math.max(year, 2015), 2024)}`;
}

export const checklist: ChecklistItem[] = [
  {
    key: "generator",
    name: "src.generator",
    explain: "src.generator.explain",
    reason: "src.generator.reason",
    definition: () => ({ type: "stationary_combustion", factor: "tw.moenv2024.stationary.diesel" }),
    unit: "L",
    monthly: false,
  },
  {
    key: "boiler",
    name: "src.boiler",
    explain: "src.boiler.explain",
    reason: "src.boiler.reason",
    definition: () => ({ type: "stationary_combustion", factor: "tw.moenv2024.stationary.natural_gas",
      heating_value: { value: 8728, unit: "kcal", per: "m3",
        source: { document: "gas supplier's bill (replace with the value printed on your bill)", verification: "unverified" } } }),
    unit: "m3",
    monthly: true,
  },
  {
    key: "vehicle",
    name: "src.vehicle",
    explain: "src.vehicle.explain",
    reason: "src.vehicle.reason",
    definition: () => ({ type: "mobile_combustion", factor: "tw.moenv604.mobile.gasoline" }),
    unit: "L",
    monthly: true,
  },
  {
    key: "truck",
    name: "src.truck",
    explain: "src.truck.explain",
    reason: "src.truck.reason",
    definition: () => ({ type: "mobile_combustion", factor: "tw.moenv604.mobile.diesel" }),
    unit: "L",
    monthly: true,
  },
  {
    key: "forklift",
    name: "src.forklift",
    explain: "src.forklift.explain",
    reason: "src.forklift.reason",
    definition: () => ({ type: "mobile_combustion", factor: "ipcc2006.mobile.road.lpg",
      heating_value: { value: 47.3, unit: "GJ", per: "t",
        source: { document: "2006 IPCC Guidelines Vol. 2 Ch. 1", table: "Table 1.2 (LPG NCV)", version: "2006", year: 2006, verification: "secondary" } } }),
    unit: "kg",
    monthly: true,
  },
  {
    key: "aircon",
    name: "src.aircon",
    explain: "src.aircon.explain",
    reason: "src.aircon.reason",
    definition: () => ({ type: "fugitive_refrigerant",
      refrigerant: { refrigerant: "R-410A", equipment: "residential_commercial_ac" } }),
    unit: "kg",
    monthly: false,
  },
  {
    key: "chiller",
    name: "src.chiller",
    explain: "src.chiller.explain",
    reason: "src.chiller.reason",
    definition: () => ({ type: "fugitive_refrigerant", refrigerant: { refrigerant: "R-134a", equipment: "chiller" } }),
    unit: "kg",
    monthly: false,
  },
  {
    key: "extinguisher",
    name: "src.extinguisher",
    explain: "src.extinguisher.explain",
    reason: "src.extinguisher.reason",
    definition: () => ({ type: "fugitive_extinguisher", factor: "massbalance.extinguisher.co2" }),
    unit: "kg",
    monthly: false,
  },
  {
    key: "septic",
    name: "src.septic",
    explain: "src.septic.explain",
    reason: "src.septic.reason",
    definition: () => ({ type: "fugitive_septic", factor: "tw.moenv604.septic.person_hour" }),
    unit: "person-hour",
    monthly: false,
  },
  {
    key: "electricity",
    name: "src.electricity",
    explain: "src.electricity.explain",
    reason: "src.electricity.reason",
    definition: (year) => ({ type: "purchased_electricity", factor: gridFactor(year), monthly: false }),
    unit: "kWh",
    monthly: true,
  },
];

/// The factor a definition names (refrigerant sources name a gas instead).
export function factorOf(definition: Record<string, unknown>): string {
  return typeof definition.factor === "string" ? definition.factor : "";
}
