// Renders a computed inventory: a readable table (zh-TW names beside English, ROC year beside
// the Gregorian one), JSON with every breakdown in kg, or CSV in long form
// (breakdown,key,label,gas_kg,co2e_kg) that a spreadsheet can pivot.
#pragma once

#include <string>

#include <nlohmann/json.hpp>

#include "core/inventory/explain.hpp"
#include "core/inventory/model.hpp"
#include "core/inventory/monte_carlo.hpp"
#include "core/inventory/result.hpp"

namespace cl::io {

std::string render_table(const inventory::Inventory& inventory,
                         const inventory::InventoryResult& result);
nlohmann::json to_json(const inventory::Inventory& inventory,
                       const inventory::InventoryResult& result);
std::string render_csv(const inventory::Inventory& inventory,
                       const inventory::InventoryResult& result);

/// The records and factor behind one source, as text or JSON.
std::string render_explanation(const inventory::Inventory& inventory,
                               const inventory::InventoryResult& result,
                               const inventory::SourceExplanation& explanation);
nlohmann::json explanation_json(const inventory::Inventory& inventory,
                                const inventory::InventoryResult& result,
                                const inventory::SourceExplanation& explanation);

nlohmann::json provenance_json(const Provenance& provenance);
nlohmann::json factor_json(const factors::EmissionFactor& factor);
nlohmann::json monte_carlo_json(const inventory::MonteCarloSummary& summary);

/// "2024 (民國113年)".
std::string year_label(int year);

}  // namespace cl::io
