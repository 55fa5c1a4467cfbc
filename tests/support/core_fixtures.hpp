// Small, hand-checkable factor library and inventory builders for the core unit and property
// tests. Every number is round so that the expected results in the tests can be worked out by
// hand in a comment; none of them is a real published value (see worked_examples_test.cpp for
// those). The library:
//   gases  CO2 (CO2), CH4 (CH4), N2O (N2O), HFC-32, HFC-125 (HFCs), HCFC-22 (montreal),
//          CO2_biogenic (biogenic_CO2), CO2e (CO2e)
//   GWP    "TEST-A": CO2 1, CH4 25, N2O 300, HFC-32 700, HFC-125 3000, HCFC-22 2000
//          "TEST-B": CO2 1, CH4 30, N2O 200, HFC-32 800, HFC-125 3200, HCFC-22 2000
//          "NO-N2O": like TEST-A without N2O (for gwp.missing)
//   blends R-TEST = 0.5 HFC-32 + 0.5 HFC-125 (TEST-A GWP 0.5×700 + 0.5×3000 = 1850)
//          R-MIX = 0.5 HCFC-22 + 0.5 HFC-32 (a Montreal gas in a blend)
//          R-32 = HFC-32, R-22 = HCFC-22
//   leak   "chiller": 2 %–15 %, default 10 %, recovery 95 %
//   factors (kg gas per unit):
//     fuel.tj   per TJ: CO2 50,000, CH4 10, N2O 1; heating value 40 MJ/L; ±5 %; international
//     elec.kwh  per kWh: CO2e 0.5; national
//     wood.t    per t: CO2_biogenic 1,000, CH4 1; international
//     septic.ph per person-hour: CH4 0.002; national
//     hcfc.kg   per kg: HCFC-22 1; own_developed
//     co2.kg    per kg: CO2 1; own_developed
//     nohv.tj   per TJ: CO2 1,000 (no heating value); international
#pragma once

#include <string>

#include "core/factors/library.hpp"
#include "core/inventory/model.hpp"

namespace cl::test {

/// The library described above.
factors::FactorLibrary make_test_library();

/// A unit by symbol; aborts the test binary on an unknown symbol (a typo in a test).
units::Unit unit(std::string_view symbol);

/// An inventory for `year` with GWP set TEST-A and facilities F1 and F2, no sources.
inventory::Inventory make_inventory(int year = 2024);

/// Adds a source with default category for its type, A1 = A2 = 1 and no activity uncertainty.
inventory::Source& add_source(inventory::Inventory& inventory, std::string id, std::string facility,
                              inventory::SourceType type, std::string factor);

/// Adds a one-month record.
void add_month(inventory::Inventory& inventory, const std::string& source, int year, int month,
               double amount, std::string_view unit_symbol);

/// Adds a record over a bill period [from, to], inclusive days.
void add_period(inventory::Inventory& inventory, const std::string& source,
                inventory::Period period, double amount, std::string_view unit_symbol);

}  // namespace cl::test
