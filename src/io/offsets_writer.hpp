// Output of the offset-project commands: the calculation tables of the project plan (計畫書) and
// the monitoring report (監測報告書) as text, and the same as JSON; the grid factor; the ledger.
#pragma once

#include <string>

#include <nlohmann/json.hpp>

#include "core/offsets/grid_factor.hpp"
#include "core/offsets/ledger.hpp"
#include "core/offsets/project.hpp"

namespace cl::io {

std::string render_offsets_table(const offsets::Project& project,
                                 const offsets::ProjectResult& result);
nlohmann::json offsets_json(const offsets::Project& project, const offsets::ProjectResult& result);

std::string render_grid_factor_table(const offsets::GridFactor& factor);
nlohmann::json grid_factor_json(const offsets::GridFactor& factor);

std::string render_ledger_table(const offsets::CreditLedger& ledger);
nlohmann::json ledger_json(const offsets::CreditLedger& ledger);

}  // namespace cl::io
