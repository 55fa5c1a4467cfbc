// "Every number explained": the records and factors behind one source line, each record's
// activity in the factor's unit and its emissions per gas, so a verifier can redo the sum.
#pragma once

#include <string>
#include <vector>

#include "core/inventory/model.hpp"
#include "core/inventory/result.hpp"

namespace cl::inventory {

struct RecordContribution {
  std::size_t record = 0;      ///< index into Inventory::records
  double activity = 0.0;       ///< in the factor's unit, counted share of the year only
  double share_in_year = 0.0;  ///< fraction of the record inside the reporting year
  std::vector<double> gas_kg;  ///< per InventoryResult::gases
  double co2e_kg = 0.0;        ///< Kyoto gases
};

struct SourceExplanation {
  std::size_t source = 0;
  const factors::EmissionFactor* factor = nullptr;
  const factors::HeatingValue* heating_value = nullptr;
  std::vector<RecordContribution> records;
};

/// Explains source `source` of a computed inventory.
Result<SourceExplanation> explain_source(const Inventory& inventory, const InventoryResult& result,
                                         std::size_t source);

}  // namespace cl::inventory
