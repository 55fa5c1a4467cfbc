#include "core/inventory/explain.hpp"

#include "core/common/assert.hpp"
#include "core/inventory/calendar.hpp"

namespace cl::inventory {

Result<SourceExplanation> explain_source(const Inventory& inventory, const InventoryResult& result,
                                         std::size_t source) {
  CL_ASSERT(source < result.sources.size());
  const auto& line = result.sources[source];
  SourceExplanation out;
  out.source = source;
  out.factor = result.find_factor(line.factor_id);
  CL_ASSERT(out.factor != nullptr);
  const auto& spec = inventory.sources[source];
  out.heating_value = spec.heating_value
                          ? &*spec.heating_value
                          : (out.factor->heating_value ? &*out.factor->heating_value : nullptr);
  double equity = 1.0;
  if (inventory.boundary == Boundary::equity_share) {
    for (const auto& facility : inventory.facilities) {
      if (facility.id == spec.facility) equity = facility.equity_share;
    }
  }
  for (std::size_t record_idx : line.records) {
    const auto& record = inventory.records[record_idx];
    auto scale = factors::to_factor_units(1.0, record.amount.unit(), *out.factor, out.heating_value,
                                          inventory.where(record));
    if (!scale) return tl::unexpected(scale.error());
    RecordContribution item;
    item.record = record_idx;
    for (double share : month_shares(record.period, inventory.year)) item.share_in_year += share;
    item.activity = record.amount.value * *scale * equity * item.share_in_year;
    item.gas_kg.assign(result.gases.size(), 0.0);
    for (const auto& gas : out.factor->gases) {
      for (std::size_t idx = 0; idx < result.gases.size(); ++idx) {
        if (result.gases[idx] != gas.gas) continue;
        item.gas_kg[idx] = item.activity * gas.kg_per_unit;
        if (result.gas_in_total[idx] != 0) {
          item.co2e_kg += item.gas_kg[idx] * result.gwps[idx];
        }
      }
    }
    out.records.push_back(std::move(item));
  }
  return out;
}

}  // namespace cl::inventory
