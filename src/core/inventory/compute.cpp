// The calculation: per record and gas, then aggregates. The hot loop touches each record once,
// with the unit conversion cached per source and unit (conversions are linear).
#include "core/inventory/compute.hpp"

#include <algorithm>
#include <numeric>
#include <unordered_map>

#include "core/common/assert.hpp"
#include "core/inventory/calendar.hpp"
#include "core/inventory/quality.hpp"

namespace cl::inventory {
namespace {

struct PreparedSource {
  std::vector<std::pair<std::size_t, double>> gases;  ///< gas index, kg per factor unit
  const factors::HeatingValue* heating_value = nullptr;
  const factors::EmissionFactor* factor = nullptr;  ///< into out.factors
  double equity = 1.0;
  /// Scale to the factor's unit per unit symbol met (a source's records use a few units, often
  /// alternating, e.g. L and 公升), so to_factor_units runs once per source and unit.
  /// Keyed by the unit table entry: one pointer compare per record.
  std::vector<std::pair<const units::Unit*, double>> unit_scales;
};

class GasTable {
 public:
  GasTable(const factors::FactorLibrary& library, const factors::GwpSet& set)
      : library_(library), set_(set) {}

  Result<std::size_t> index(const std::string& gas, const RecordRef& where, InventoryResult& out) {
    if (auto it = index_.find(gas); it != index_.end()) return it->second;
    auto found = library_.find_gas(gas, where);
    if (!found) return tl::unexpected(found.error());
    auto gwp = library_.gwp(gas, set_, where);
    if (!gwp) return tl::unexpected(gwp.error());
    out.gases.push_back(gas);
    out.gwps.push_back(*gwp);
    out.gas_in_total.push_back((*found)->is_in_total() ? 1 : 0);
    groups_.push_back((*found)->group);
    index_.emplace(gas, out.gases.size() - 1);
    return out.gases.size() - 1;
  }
  factors::GasGroup group(std::size_t idx) const { return groups_[idx]; }

 private:
  const factors::FactorLibrary& library_;
  const factors::GwpSet& set_;
  std::unordered_map<std::string, std::size_t> index_;
  std::vector<factors::GasGroup> groups_;
};

Result<std::vector<PreparedSource>> prepare(const Inventory& inventory,
                                            const factors::FactorLibrary& library, GasTable& gases,
                                            InventoryResult& out) {
  std::vector<PreparedSource> prepared(inventory.sources.size());
  std::unordered_map<std::string, std::size_t> factor_slot;
  for (std::size_t idx = 0; idx < inventory.sources.size(); ++idx) {
    const auto& source = inventory.sources[idx];
    auto factor = resolve_factor(inventory, source, library);
    if (!factor) return tl::unexpected(factor.error());
    auto [slot, inserted] = factor_slot.emplace(factor->id, out.factors.size());
    if (inserted) out.factors.push_back(*factor);
    out.sources[idx].factor_id = factor->id;
    for (const auto& gas : factor->gases) {
      auto gas_idx = gases.index(gas.gas, source.where, out);
      if (!gas_idx) return tl::unexpected(gas_idx.error());
      prepared[idx].gases.emplace_back(*gas_idx, gas.kg_per_unit);
    }
    if (inventory.boundary == Boundary::equity_share) {
      for (const auto& facility : inventory.facilities) {
        if (facility.id == source.facility) prepared[idx].equity = facility.equity_share;
      }
    }
  }
  // Heating values point into the inventory's sources or into out.factors, which no longer grows.
  for (std::size_t idx = 0; idx < inventory.sources.size(); ++idx) {
    const auto& source = inventory.sources[idx];
    const auto& factor = out.factors[factor_slot.at(out.sources[idx].factor_id)];
    prepared[idx].factor = &factor;
    if (source.heating_value) {
      prepared[idx].heating_value = &*source.heating_value;
    } else {
      if (factor.heating_value) prepared[idx].heating_value = &*factor.heating_value;
    }
  }
  return prepared;
}

const factors::EmissionFactor& factor_of(const InventoryResult& out, std::size_t source) {
  const auto* factor = out.find_factor(out.sources[source].factor_id);
  CL_ASSERT(factor != nullptr);  // prepare() stored every source's factor
  return *factor;
}

Result<void> accumulate_records(const Inventory& inventory, std::vector<PreparedSource>& prepared,
                                InventoryResult& out) {
  const SourceIndex source_index(inventory);
  const std::size_t gas_count = out.gases.size();
  // Each source's record list is sized once from a count instead of growing a million times.
  {
    std::vector<std::size_t> counts(inventory.sources.size(), 0);
    for (const auto& record : inventory.records) {
      const std::size_t source = source_index.find(record);
      if (source != SourceIndex::npos) ++counts[source];
    }
    for (std::size_t idx = 0; idx < counts.size(); ++idx)
      out.sources[idx].records.reserve(counts[idx]);
  }
  std::vector<double> month_gas(inventory.sources.size() * 12 * gas_count, 0.0);
  for (std::size_t record_idx = 0; record_idx < inventory.records.size(); ++record_idx) {
    const auto& record = inventory.records[record_idx];
    const std::size_t source = source_index.find(record);  // validated: every source is known
    CL_ASSERT(source != SourceIndex::npos);
    auto& prep = prepared[source];
    const units::Unit* unit = &record.amount.unit();
    auto cached = std::find_if(prep.unit_scales.begin(), prep.unit_scales.end(),
                               [&](const auto& entry) { return entry.first == unit; });
    if (cached == prep.unit_scales.end()) {
      auto scale = factors::to_factor_units(1.0, record.amount.unit(), *prep.factor,
                                            prep.heating_value, inventory.where(record));
      if (!scale) return tl::unexpected(scale.error());
      cached = prep.unit_scales.emplace(prep.unit_scales.end(), unit, *scale);
    }
    const double activity = record.amount.value * cached->second * prep.equity;
    out.sources[source].records.push_back(record_idx);
    double* cells = &month_gas[source * 12 * gas_count];
    if (record.period.is_single_month()) {
      if (record.period.from_year != inventory.year) continue;
      out.sources[source].activity += activity;
      double* month_cells =
          cells + static_cast<std::size_t>(record.period.from_month - 1) * gas_count;
      for (const auto& [gas, kg_per_unit] : prep.gases) month_cells[gas] += activity * kg_per_unit;
      continue;
    }
    const auto shares = month_shares(record.period, inventory.year);
    for (std::size_t month = 0; month < 12; ++month) {
      if (shares[month] == 0.0) continue;
      out.sources[source].activity += activity * shares[month];
      for (const auto& [gas, kg_per_unit] : prep.gases) {
        cells[month * gas_count + gas] += activity * shares[month] * kg_per_unit;
      }
    }
  }
  // Fold the source × month × gas cells into each source's per-gas and per-month totals.
  for (std::size_t source = 0; source < inventory.sources.size(); ++source) {
    auto& line = out.sources[source];
    line.gas_kg.assign(gas_count, 0.0);
    line.gas_co2e_kg.assign(gas_count, 0.0);
    const double* cells = &month_gas[source * 12 * gas_count];
    for (std::size_t month = 0; month < 12; ++month) {
      for (std::size_t gas = 0; gas < gas_count; ++gas) {
        const double kg = cells[month * gas_count + gas];
        if (kg == 0.0) continue;
        const double co2e = kg * out.gwps[gas];
        line.gas_kg[gas] += kg;
        line.gas_co2e_kg[gas] += co2e;
        line.month_co2e_kg[month] += co2e;
      }
    }
  }
  return {};
}

void split_gas_groups(const GasTable& gases, InventoryResult& out) {
  for (auto& line : out.sources) {
    double in_total = 0.0;
    for (std::size_t gas = 0; gas < out.gases.size(); ++gas) {
      switch (gases.group(gas)) {
        case factors::GasGroup::biogenic_co2:
          line.biogenic_co2_kg += line.gas_kg[gas];
          break;
        case factors::GasGroup::montreal:
          line.montreal_co2e_kg += line.gas_co2e_kg[gas];
          break;
        default:
          in_total += line.gas_co2e_kg[gas];
      }
    }
    if (line.montreal_co2e_kg != 0.0) {
      // Montreal gases are reported apart: remove their share from the month breakdown.
      const double total = in_total + line.montreal_co2e_kg;
      for (double& month : line.month_co2e_kg) month *= total == 0.0 ? 0.0 : in_total / total;
    }
    line.co2e_kg = in_total;
  }
}

void aggregate(const Inventory& inventory, const GasTable& gases, InventoryResult& out) {
  out.facility_co2e_kg.assign(inventory.facilities.size(), 0.0);
  // Facility indices by id (every facility with that id, as the former scan did per source).
  std::unordered_map<std::string_view, std::vector<std::size_t>> facility_index;
  for (std::size_t fac = 0; fac < inventory.facilities.size(); ++fac) {
    facility_index[inventory.facilities[fac].id].push_back(fac);
  }
  out.gas_kg.assign(out.gases.size(), 0.0);
  out.gas_co2e_kg.assign(out.gases.size(), 0.0);
  for (std::size_t idx = 0; idx < out.sources.size(); ++idx) {
    const auto& line = out.sources[idx];
    const auto& source = inventory.sources[idx];
    out.total_co2e_kg += line.co2e_kg;
    out.category_co2e_kg[static_cast<std::size_t>(source.category - 1)] += line.co2e_kg;
    out.scope_co2e_kg[static_cast<std::size_t>(scope_of_category(source.category) - 1)] +=
        line.co2e_kg;
    if (auto it = facility_index.find(source.facility); it != facility_index.end()) {
      for (std::size_t fac : it->second) out.facility_co2e_kg[fac] += line.co2e_kg;
    }
    for (std::size_t gas = 0; gas < out.gases.size(); ++gas) {
      out.gas_kg[gas] += line.gas_kg[gas];
      if (gases.group(gas) != factors::GasGroup::biogenic_co2 &&
          gases.group(gas) != factors::GasGroup::montreal) {
        out.gas_co2e_kg[gas] += line.gas_co2e_kg[gas];
      }
    }
    for (std::size_t month = 0; month < 12; ++month)
      out.month_co2e_kg[month] += line.month_co2e_kg[month];
    out.biogenic_co2_kg += line.biogenic_co2_kg;
    out.montreal_co2e_kg += line.montreal_co2e_kg;
  }
}

/// Scope 2 market-based per facility (GHG Protocol Scope 2 Guidance 2015, ch. 6): certificates
/// cover kWh at zero, supplier-specific contracts at their factor, the rest at the residual mix
/// or, where none is published (Taiwan), at the location-based grid average (flagged).
void compute_market_based(const Inventory& inventory, InventoryResult& out) {
  double other_scope2 = out.scope_co2e_kg[1];
  for (std::size_t fac = 0; fac < inventory.facilities.size(); ++fac) {
    FacilityScope2 line;
    line.facility = fac;
    for (std::size_t idx = 0; idx < inventory.sources.size(); ++idx) {
      const auto& source = inventory.sources[idx];
      if (source.type != SourceType::purchased_electricity || source.category != 2 ||
          source.facility != inventory.facilities[fac].id) {
        continue;
      }
      const auto& factor = factor_of(out, idx);
      line.electricity_kwh += out.sources[idx].activity * factor.per.to_base / 3.6e6;
      line.location_co2e_kg += out.sources[idx].co2e_kg;
    }
    if (line.electricity_kwh == 0.0) continue;
    other_scope2 -= line.location_co2e_kg;
    // Instruments are claimed in file order, certificates first, each capped at the electricity
    // not yet covered (an instrument's kWh scale with the facility's equity share like its use).
    const double equity =
        inventory.boundary == Boundary::equity_share ? inventory.facilities[fac].equity_share : 1.0;
    std::optional<double> residual;
    double uncovered = line.electricity_kwh;
    double claimed = 0.0;
    for (const auto type : {InstrumentType::certificate, InstrumentType::supplier_specific}) {
      for (const auto& instrument : inventory.instruments) {
        if (instrument.facility != inventory.facilities[fac].id || instrument.type != type)
          continue;
        const double kwh = std::min(instrument.kwh * equity, uncovered);
        claimed += instrument.kwh * equity;
        uncovered -= kwh;
        if (type == InstrumentType::certificate) {
          line.certificate_kwh += kwh;
        } else {
          line.supplier_kwh += kwh;
          line.supplier_co2e_kg += kwh * instrument.kg_co2e_per_kwh;
        }
      }
    }
    for (const auto& instrument : inventory.instruments) {
      if (instrument.facility == inventory.facilities[fac].id &&
          instrument.type == InstrumentType::residual_mix) {
        residual = instrument.kg_co2e_per_kwh;
      }
    }
    const double covered = line.certificate_kwh + line.supplier_kwh;
    if (claimed > line.electricity_kwh * (1 + 1e-9)) {
      out.diagnostics.warning(ErrorCode::inventory_market_instrument,
                              "instruments of facility " + inventory.facilities[fac].id +
                                  " cover more electricity than it used; certificates are "
                                  "claimed first, then contracts, and the excess is ignored",
                              {.file = inventory.file, .field = "market_instruments"});
    }
    line.residual_kwh = std::max(0.0, uncovered);
    line.is_residual_from_grid = !residual.has_value();
    line.residual_factor = residual.value_or(line.location_co2e_kg / line.electricity_kwh);
    line.market_co2e_kg = line.supplier_co2e_kg + line.residual_kwh * line.residual_factor;
    if (covered > 0 && line.is_residual_from_grid) {
      out.diagnostics.warning(ErrorCode::inventory_market_instrument,
                              "no residual-mix factor for facility " +
                                  inventory.facilities[fac].id +
                                  "; the uncovered electricity uses the grid average",
                              {.file = inventory.file, .field = "market_instruments"});
    }
    out.scope2_market_co2e_kg += line.market_co2e_kg;
    out.scope2.push_back(line);
  }
  out.scope2_market_co2e_kg += other_scope2;
  out.total_market_co2e_kg = out.total_co2e_kg - out.scope_co2e_kg[1] + out.scope2_market_co2e_kg;
}

void rank_hotspots(InventoryResult& out) {
  std::vector<std::size_t> order(out.sources.size());
  std::iota(order.begin(), order.end(), 0);
  std::stable_sort(order.begin(), order.end(), [&](std::size_t lhs, std::size_t rhs) {
    return out.sources[lhs].co2e_kg > out.sources[rhs].co2e_kg;
  });
  double cumulative = 0.0;
  for (std::size_t idx : order) {
    const double share =
        out.total_co2e_kg == 0.0 ? 0.0 : out.sources[idx].co2e_kg / out.total_co2e_kg;
    cumulative += share;
    out.hotspots.push_back({idx, out.sources[idx].co2e_kg, share, cumulative});
  }
}

}  // namespace

Result<InventoryResult> compute(const Inventory& inventory, const factors::FactorLibrary& library,
                                const ComputeOptions& options) {
  // The GWP set is a parameter here rather than a changed copy of the inventory: copying a
  // million records to change one string cost more than the computation.
  const std::string& gwp_set = options.gwp_set ? *options.gwp_set : inventory.gwp_set;
  Diagnostics problems =
      options.validated ? *options.validated : validate(inventory, gwp_set, library);
  if (problems.has_errors()) {
    const auto& first =
        *std::find_if(problems.items().begin(), problems.items().end(),
                      [](const Diagnostic& d) { return d.severity == Severity::error; });
    std::string message = first.message;
    if (problems.error_count() > 1) {
      message += " (and " + std::to_string(problems.error_count() - 1) +
                 " more problems; run `carbonledger inventory validate` to see them all)";
    }
    return fail(first.code, message, first.where);
  }
  auto set = library.find_gwp_set(gwp_set);
  if (!set) return tl::unexpected(set.error());
  const Inventory* input = &inventory;

  InventoryResult out;
  out.gwp_set = (*set)->id;
  out.diagnostics = problems;
  out.sources.resize(input->sources.size());
  for (std::size_t idx = 0; idx < input->sources.size(); ++idx) out.sources[idx].source = idx;
  GasTable gases(library, **set);
  auto prepared = prepare(*input, library, gases, out);
  if (!prepared) return tl::unexpected(prepared.error());
  if (auto done = accumulate_records(*input, *prepared, out); !done) {
    return tl::unexpected(done.error());
  }
  split_gas_groups(gases, out);
  aggregate(*input, gases, out);
  compute_market_based(*input, out);
  grade_quality(*input, out);
  propagate_uncertainty(*input, out);
  rank_hotspots(out);
  return out;
}

}  // namespace cl::inventory
