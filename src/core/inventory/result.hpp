// The computed inventory. Every breakdown (scope, category, facility, source, gas, month) is an
// aggregate of the same source × gas × month cells, so each adds up to the total. A source line
// keeps the indices of the records and the id of the factor that made it, for `explain`.
#pragma once

#include <array>
#include <string>
#include <string_view>
#include <vector>

#include "core/common/diagnostic.hpp"
#include "core/factors/emission_factor.hpp"

namespace cl::inventory {

/// Data quality of one source (MOENV 表六): score A1 × A2 × A3, banded ≤ 9 → 1, 12–18 → 2, 27 → 3.
struct SourceQuality {
  int a1 = 0, a2 = 0, a3 = 0;
  int score = 0;
  int band = 0;
};

struct SourceResult {
  std::size_t source = 0;  ///< index into Inventory::sources
  std::string factor_id;   ///< the factor applied (synthesized "refrigerant:…" for refrigerants)
  double activity = 0.0;   ///< total activity in the factor's unit (after month split and year cut)
  std::vector<double> gas_kg;       ///< per InventoryResult::gases
  std::vector<double> gas_co2e_kg;  ///< per InventoryResult::gases
  double co2e_kg = 0.0;             ///< Kyoto gases, location-based
  double biogenic_co2_kg = 0.0;     ///< reported apart, not in co2e_kg
  double montreal_co2e_kg = 0.0;    ///< HCFCs etc., reported apart, not in co2e_kg
  std::array<double, 12> month_co2e_kg{};
  /// Indices into Inventory::records; empty when the records were tallied without being kept
  /// (io::read_inventory_tallied), so `record_count` counts them.
  std::vector<std::size_t> records;
  std::size_t record_count = 0;
  SourceQuality quality;
  factors::Uncertainty uncertainty;  ///< combined AD and EF, 95 % half-widths as fractions
};

struct FacilityScope2 {
  std::size_t facility = 0;
  double electricity_kwh = 0.0;
  double location_co2e_kg = 0.0;
  double certificate_kwh = 0.0;
  double supplier_kwh = 0.0;
  double supplier_co2e_kg = 0.0;
  double residual_kwh = 0.0;
  double residual_factor = 0.0;  ///< kg CO2e/kWh applied to the uncovered rest
  bool is_residual_from_grid = false;
  double market_co2e_kg = 0.0;
};

struct Hotspot {
  std::size_t source = 0;
  double co2e_kg = 0.0;
  double share = 0.0;
  double cumulative_share = 0.0;
};

struct InventoryResult {
  std::string gwp_set;
  std::vector<std::string> gases;  ///< gas ids, in first-seen order
  std::vector<double> gwps;        ///< GWP of each gas under gwp_set
  std::vector<char> gas_in_total;  ///< 1 for Kyoto gases, 0 for biogenic CO2 and Montreal gases
  std::vector<factors::EmissionFactor> factors;  ///< every factor applied, with provenance
  std::vector<SourceResult> sources;             ///< parallel to Inventory::sources
  std::size_t record_count = 0;                  ///< activity records computed

  double total_co2e_kg = 0.0;  ///< categories 1–6, scope 2 location-based
  std::array<double, 3> scope_co2e_kg{};
  double scope2_market_co2e_kg = 0.0;
  double total_market_co2e_kg = 0.0;  ///< with scope 2 market-based
  std::array<double, 6> category_co2e_kg{};
  std::vector<double> facility_co2e_kg;  ///< parallel to Inventory::facilities
  std::vector<double> gas_kg;
  std::vector<double> gas_co2e_kg;
  std::array<double, 12> month_co2e_kg{};
  double biogenic_co2_kg = 0.0;
  double montreal_co2e_kg = 0.0;
  std::vector<FacilityScope2> scope2;

  double quality_score = 0.0;        ///< emission-weighted mean of the source bands
  int quality_grade = 0;             ///< < 1.5 → 1, < 2.5 → 2, else 3
  factors::Uncertainty uncertainty;  ///< of the total, IPCC Approach 1
  std::vector<Hotspot> hotspots;     ///< sources by CO2e, largest first

  Diagnostics diagnostics;  ///< warnings met while computing

  /// The applied factor with this id (a SourceResult's factor_id), or nullptr.
  const factors::EmissionFactor* find_factor(std::string_view id) const {
    for (const auto& factor : factors) {
      if (factor.id == id) return &factor;
    }
    return nullptr;
  }
};

}  // namespace cl::inventory
