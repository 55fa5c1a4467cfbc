// The sources of a computed inventory as CBAM source emissions: category 1 sources give their
// direct emissions (Kyoto gases, t CO2e), purchased electricity its MWh and the location-based
// factor the inventory applied (t CO2e/MWh = kg/kWh). Other indirect sources (steam, categories
// 3–6) are not installation emissions of the CBAM method and are left out.
#pragma once

#include <vector>

#include "core/cbam/model.hpp"
#include "core/inventory/model.hpp"
#include "core/inventory/result.hpp"

namespace cl::cbam {

std::vector<SourceEmissions> sources_from_inventory(const inventory::Inventory& inventory,
                                                    const inventory::InventoryResult& result);

}  // namespace cl::cbam
