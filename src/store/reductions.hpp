// Reduction proposals of an inventory (INV-8): measures found on a utilities site survey (air
// compressors, chillers, boilers, lighting, motors) with the energy they save a year, the
// investment and the yearly cost saving. The store keeps what was proposed; the CO2e saving is
// estimated when read (core/inventory/reduction.hpp, with the factor the proposal names or its
// default), so it follows the inventory's sources and GWP set. Every mutation is one transaction
// with its audit row.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include <nlohmann/json.hpp>

#include "core/common/result.hpp"
#include "store/audit.hpp"
#include "store/database.hpp"

namespace cl::store {

struct ReductionProposal {
  std::int64_t id = 0;
  std::int64_t inventory_id = 0;
  std::string equipment;  ///< air_compressor, chiller, boiler, lighting, motor, other
  std::string measure;
  std::optional<std::int64_t> source_id;  ///< a source of the inventory
  double energy_saving = 0.0;             ///< a year, in energy_unit
  std::string energy_unit;                ///< a unit symbol of `carbonledger units` (canonical)
  std::string factor;                     ///< a factor id; empty: the default (see the routes)
  double investment_twd = 0.0;
  double annual_cost_saving_twd = 0.0;
  std::string note;
  std::string created_by;
  std::string created_at;
  std::string updated_at;
};

/// The stored members ("source_id" null when none; "factor" as stored, "" for the default).
nlohmann::json to_json(const ReductionProposal& proposal);

/// Stores a new proposal (id, created_*, updated_at are set here). store.not_found for a missing
/// inventory; store.invalid naming the member for an unknown equipment, an empty measure, a
/// source of another inventory, a negative or non-finite number, or an unknown unit (stored as
/// its canonical symbol: 度 → kWh).
Result<ReductionProposal> create_reduction(Database& db, const Actor& actor,
                                           ReductionProposal proposal);
Result<ReductionProposal> get_reduction(Database& db, std::int64_t id);
/// The inventory's proposals, oldest first.
Result<std::vector<ReductionProposal>> list_reductions(Database& db, std::int64_t inventory_id);
/// Replaces the members of proposal `proposal.id` (its inventory stays); the same checks.
Result<ReductionProposal> update_reduction(Database& db, const Actor& actor,
                                           ReductionProposal proposal);
Result<void> delete_reduction(Database& db, const Actor& actor, std::int64_t id);

}  // namespace cl::store
