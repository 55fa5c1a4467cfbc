// The inventory pipeline: validate → resolve factors → compute each record per gas → aggregate
// every breakdown → scope 2 market-based → data quality → uncertainty → hot spots.
// Emissions of one record and gas = activity (in the factor's unit, through the heating value
// for fuels given per TJ) × factor (kg gas per unit) × month share; CO2e = Σ gas × GWP
// (ISO 14064-1:2018 §5.2.4, IPCC 2006 Vol. 2 eq. 2.1).
#pragma once

#include <optional>
#include <string>
#include <vector>

#include "core/common/diagnostic.hpp"
#include "core/factors/library.hpp"
#include "core/inventory/model.hpp"
#include "core/inventory/result.hpp"
#include "core/inventory/tally.hpp"

namespace cl::inventory {

struct ComputeOptions {
  std::optional<std::string> gwp_set;  ///< overrides Inventory::gwp_set
  /// What validate() found for this same inventory and library, when the caller has already run
  /// it (the CLI validates while loading): compute() then uses these diagnostics instead of
  /// validating a second time. Null (the default): compute() validates itself.
  const Diagnostics* validated = nullptr;
};

/// Every problem of the inventory at once, each naming file/row/field (errors and warnings).
Diagnostics validate(const Inventory& inventory, const factors::FactorLibrary& library);
/// The same with another GWP set than the inventory's (compute's --gwp).
Diagnostics validate(const Inventory& inventory, const std::string& gwp_set,
                     const factors::FactorLibrary& library);

/// Computes the inventory. Fails with the first validation error (and how many there are) if the
/// inventory has errors; warnings go to InventoryResult::diagnostics. Safe on any inventory:
/// it validates unless `options.validated` hands it validate()'s findings.
Result<InventoryResult> compute(const Inventory& inventory, const factors::FactorLibrary& library,
                                const ComputeOptions& options = {});

/// compute() for records tallied as they were read instead of kept in Inventory::records
/// (io::read_inventory_tallied): `validated` is what validate() gives for the inventory with
/// those records. Fails like compute() on an inventory with errors.
Result<InventoryResult> compute_tallied(const Inventory& inventory, const TallyPlan& plan,
                                        const RecordTally& tally, const Diagnostics& validated);

/// validate() in the parts a reader that tallies records calls around them: the inventory's own
/// checks (before any record), then RecordTally::report, then validate_after_records.
Diagnostics validate_before_records(const Inventory& inventory, const std::string& gwp_set,
                                    const factors::FactorLibrary& library);
void validate_after_records(const Inventory& inventory, Diagnostics& out);

/// The factor a source uses: the inventory's own factors first, then the library; for a
/// refrigerant source a factor synthesized from blend shares × leak rate.
Result<factors::EmissionFactor> resolve_factor(const Inventory& inventory, const Source& source,
                                               const factors::FactorLibrary& library);

}  // namespace cl::inventory
