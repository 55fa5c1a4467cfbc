#include "core/cbam/from_inventory.hpp"

namespace cl::cbam {

std::vector<SourceEmissions> sources_from_inventory(const inventory::Inventory& inventory,
                                                    const inventory::InventoryResult& result) {
  std::vector<SourceEmissions> out;
  for (const auto& line : result.sources) {
    const inventory::Source& source = inventory.sources[line.source];
    SourceEmissions item{.id = source.id,
                         .name = source.name_en.empty() ? source.name : source.name_en,
                         .where = source.where};
    if (source.type == inventory::SourceType::purchased_electricity) {
      item.electricity_mwh = line.activity / 1000.0;  // kWh → MWh
      item.electricity_factor = line.activity > 0 ? line.co2e_kg / line.activity : 0.0;
      if (const auto* factor = result.find_factor(line.factor_id)) {
        item.factor_source = factor->id + ": " + factor->provenance.to_string();
      }
    } else if (source.category == 1) {
      item.direct_t = line.co2e_kg / 1000.0;
    } else {
      continue;
    }
    out.push_back(std::move(item));
  }
  return out;
}

}  // namespace cl::cbam
