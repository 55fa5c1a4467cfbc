// The calculation: a RecordTally (tally.hpp) adds each record per gas into source × month × gas
// cells, then every breakdown is an aggregate of those cells.
#include "core/inventory/compute.hpp"

#include <algorithm>
#include <numeric>
#include <unordered_map>

#include "core/common/assert.hpp"
#include "core/inventory/quality.hpp"
#include "core/inventory/tally.hpp"

namespace cl::inventory {
namespace {

const factors::EmissionFactor& factor_of(const InventoryResult& out, std::size_t source) {
  const auto* factor = out.find_factor(out.sources[source].factor_id);
  CL_ASSERT(factor != nullptr);  // the plan stored every source's factor
  return *factor;
}

void split_gas_groups(const std::vector<factors::GasGroup>& groups, InventoryResult& out) {
  for (auto& line : out.sources) {
    double in_total = 0.0;
    for (std::size_t gas = 0; gas < out.gases.size(); ++gas) {
      switch (groups[gas]) {
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

void aggregate(const Inventory& inventory, const std::vector<factors::GasGroup>& groups,
               InventoryResult& out) {
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
      if (groups[gas] != factors::GasGroup::biogenic_co2 &&
          groups[gas] != factors::GasGroup::montreal) {
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

/// compute()'s failure for an inventory with errors: the first, and how many more there are.
tl::unexpected<Error> first_error(const Diagnostics& problems) {
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

}  // namespace

Result<InventoryResult> compute(const Inventory& inventory, const factors::FactorLibrary& library,
                                const ComputeOptions& options) {
  // The GWP set is a parameter here rather than a changed copy of the inventory: copying a
  // million records to change one string cost more than the computation.
  const std::string& gwp_set = options.gwp_set ? *options.gwp_set : inventory.gwp_set;
  Diagnostics problems =
      options.validated ? *options.validated : validate(inventory, gwp_set, library);
  if (problems.has_errors()) return first_error(problems);
  const TallyPlan plan(inventory, library, gwp_set);
  RecordTally tally(plan, true);
  for (std::size_t idx = 0; idx < inventory.records.size(); ++idx) {
    tally.add(inventory.records[idx], idx);
  }
  if (tally.has_errors()) {  // findings handed over that missed a record problem
    Diagnostics found;
    tally.report(found);
    return first_error(found);
  }
  return compute_tallied(inventory, plan, tally, problems);
}

Result<InventoryResult> compute_tallied(const Inventory& inventory, const TallyPlan& plan,
                                        const RecordTally& tally, const Diagnostics& validated) {
  if (validated.has_errors()) return first_error(validated);
  if (!plan.accumulates()) return tl::unexpected(plan.why());
  InventoryResult out = plan.seed();
  out.diagnostics = validated;
  tally.fill(out);
  split_gas_groups(plan.gas_groups(), out);
  aggregate(inventory, plan.gas_groups(), out);
  compute_market_based(inventory, out);
  grade_quality(inventory, out);
  propagate_uncertainty(inventory, out);
  rank_hotspots(out);
  return out;
}

}  // namespace cl::inventory
