// Property tests of the inventory computation on random inventories built from the round-number
// library of tests/support/core_fixtures.hpp:
//   - every breakdown (scope, category, facility, source, gas CO2e, month) adds up to the total;
//   - results scale linearly with activity (×k every amount → ×k every total);
//   - the GWP of a one-component blend is the gas's GWP;
//   - Monte Carlo with the same seed gives the same result.
#include <gtest/gtest.h>
#include <rapidcheck.h>
#include <rapidcheck/gtest.h>

#include <cmath>
#include <numeric>

#include "core/inventory/calendar.hpp"
#include "core/inventory/compute.hpp"
#include "core/inventory/monte_carlo.hpp"
#include "io/factor_loader.hpp"
#include "support/core_fixtures.hpp"

namespace cl::inventory {
namespace {

const factors::FactorLibrary& library() {
  static const auto lib = test::make_test_library();
  return lib;
}

struct Kind {
  SourceType type;
  const char* factor;
  const char* units[2];  // units that fit the factor
};

// Sources the fixture can compute, with units that fit each factor.
constexpr Kind kKinds[] = {
    {SourceType::stationary_combustion, "fuel.tj", {"L", "GJ"}},
    {SourceType::purchased_electricity, "elec.kwh", {"kWh", "MWh"}},
    {SourceType::stationary_combustion, "wood.t", {"t", "kg"}},
    {SourceType::fugitive_septic, "septic.ph", {"person-hour", "person-day"}},
    {SourceType::fugitive_other, "hcfc.kg", {"kg", "g"}},
    {SourceType::indirect_other, "co2.kg", {"kg", "t"}},
    {SourceType::fugitive_refrigerant, "", {"kg", "g"}},
};

Period random_period() {
  // A month of 2023–2025, or a bill period of up to ~70 days starting in 2023-11..2024-12.
  if (*rc::gen::arbitrary<bool>()) {
    return Period::month(*rc::gen::inRange(2023, 2026), *rc::gen::inRange(1, 13));
  }
  const int year = *rc::gen::inRange(2023, 2025);
  const int month = year == 2023 ? *rc::gen::inRange(11, 13) : *rc::gen::inRange(1, 13);
  const int day = *rc::gen::inRange(1, 29);
  const int length = *rc::gen::inRange(0, 70);
  int to_year = year, to_month = month, to_day = day + length;
  while (to_day > days_in_month(to_year, to_month)) {
    to_day -= days_in_month(to_year, to_month);
    if (++to_month > 12) {
      to_month = 1;
      ++to_year;
    }
  }
  return {year, month, day, to_year, to_month, to_day};
}

Inventory random_inventory() {
  Inventory inv = test::make_inventory(2024);
  inv.boundary = *rc::gen::element(Boundary::operational_control, Boundary::equity_share);
  inv.facilities[1].equity_share = *rc::gen::inRange(1, 101) / 100.0;
  const int source_count = *rc::gen::inRange(1, 8);
  for (int idx = 0; idx < source_count; ++idx) {
    const Kind& kind = kKinds[*rc::gen::inRange<std::size_t>(0, std::size(kKinds))];
    const std::string id = "S" + std::to_string(idx);
    auto& source = test::add_source(inv, id, *rc::gen::element<std::string>("F1", "F2"), kind.type,
                                    kind.factor);
    if (kind.type == SourceType::indirect_other) source.category = *rc::gen::inRange(3, 7);
    if (kind.type == SourceType::fugitive_refrigerant) {
      source.refrigerant =
          RefrigerantEquipment{*rc::gen::element<std::string>("R-TEST", "R-MIX", "R-32"), "chiller",
                               *rc::gen::element(0.02, 0.10, 0.15), "random test"};
    }
    source.activity_uncertainty = {*rc::gen::inRange(0, 30) / 100.0,
                                   *rc::gen::inRange(0, 30) / 100.0};
    const int record_count = *rc::gen::inRange(0, 6);
    for (int rec = 0; rec < record_count; ++rec) {
      test::add_period(inv, id, random_period(), *rc::gen::inRange(0, 100000) / 10.0,
                       kind.units[*rc::gen::inRange(0, 2)]);
    }
  }
  return inv;
}

InventoryResult computed(const Inventory& inv) {
  auto result = compute(inv, library());
  RC_ASSERT(result.has_value());
  return *result;
}

bool close(double lhs, double rhs) {
  return std::abs(lhs - rhs) <= 1e-9 * std::max({1.0, std::abs(lhs), std::abs(rhs)});
}

template <class Range>
double sum(const Range& values) {
  return std::accumulate(std::begin(values), std::end(values), 0.0);
}

RC_GTEST_PROP(InventoryProps, EveryBreakdownAddsUpToTheTotal, ()) {
  const Inventory inv = random_inventory();
  const auto result = computed(inv);
  const double total = result.total_co2e_kg;
  RC_ASSERT(close(sum(result.scope_co2e_kg), total));
  RC_ASSERT(close(sum(result.category_co2e_kg), total));
  RC_ASSERT(close(sum(result.facility_co2e_kg), total));
  RC_ASSERT(close(sum(result.month_co2e_kg), total));
  RC_ASSERT(close(sum(result.gas_co2e_kg), total));
  double sources = 0, montreal = 0, biogenic = 0;
  for (const auto& line : result.sources) {
    sources += line.co2e_kg;
    montreal += line.montreal_co2e_kg;
    biogenic += line.biogenic_co2_kg;
    RC_ASSERT(close(sum(line.month_co2e_kg), line.co2e_kg));
    double in_total = 0;
    for (std::size_t gas = 0; gas < result.gases.size(); ++gas) {
      if (result.gas_in_total[gas] != 0) in_total += line.gas_co2e_kg[gas];
    }
    RC_ASSERT(close(in_total, line.co2e_kg));
  }
  RC_ASSERT(close(sources, total));
  RC_ASSERT(close(montreal, result.montreal_co2e_kg));
  RC_ASSERT(close(biogenic, result.biogenic_co2_kg));
  RC_ASSERT(close(result.total_market_co2e_kg - result.scope2_market_co2e_kg,
                  total - result.scope_co2e_kg[1]));
  if (!result.hotspots.empty() && total > 0) {
    RC_ASSERT(close(result.hotspots.back().cumulative_share, 1.0));
  }
}

RC_GTEST_PROP(InventoryProps, ResultsScaleLinearlyWithActivity, ()) {
  const Inventory inv = random_inventory();
  const double scale = *rc::gen::element(0.5, 2.0, 3.0, 10.0, 0.001);
  Inventory scaled = inv;
  for (auto& record : scaled.records) record.amount.value *= scale;
  const auto base = computed(inv);
  const auto more = computed(scaled);
  RC_ASSERT(close(more.total_co2e_kg, base.total_co2e_kg * scale));
  RC_ASSERT(close(more.total_market_co2e_kg, base.total_market_co2e_kg * scale));
  RC_ASSERT(close(more.biogenic_co2_kg, base.biogenic_co2_kg * scale));
  RC_ASSERT(close(more.montreal_co2e_kg, base.montreal_co2e_kg * scale));
  for (std::size_t idx = 0; idx < 3; ++idx) {
    RC_ASSERT(close(more.scope_co2e_kg[idx], base.scope_co2e_kg[idx] * scale));
  }
  for (std::size_t idx = 0; idx < 12; ++idx) {
    RC_ASSERT(close(more.month_co2e_kg[idx], base.month_co2e_kg[idx] * scale));
  }
  for (std::size_t idx = 0; idx < base.sources.size(); ++idx) {
    RC_ASSERT(close(more.sources[idx].co2e_kg, base.sources[idx].co2e_kg * scale));
    RC_ASSERT(close(more.sources[idx].activity, base.sources[idx].activity * scale));
  }
  // Relative uncertainty and quality do not depend on the scale.
  RC_ASSERT(close(more.uncertainty.upper, base.uncertainty.upper));
  RC_ASSERT(close(more.quality_score, base.quality_score));
}

RC_GTEST_PROP(InventoryProps, OneComponentBlendHasTheGasGwp, ()) {
  // Over the real data: for any GWP set and any gas it lists, a blend of only that gas has the
  // gas's GWP (Σ share × GWP with one share of 1).
  static const auto loaded = io::load_library(CL_SOURCE_DIR "/data");
  const auto& lib = loaded.library;
  const auto& set = *rc::gen::elementOf(lib.gwp_sets());
  std::vector<std::string> gases;
  for (const auto& [gas, value] : set.values) gases.push_back(gas);
  const std::string gas = *rc::gen::elementOf(gases);
  factors::Blend single{"R-ONE", "", {{gas, 1.0}}, {}};
  auto blend = lib.blend_gwp(single, set);
  auto direct = lib.gwp(gas, set);
  RC_ASSERT(blend.has_value());
  RC_ASSERT(direct.has_value());
  RC_ASSERT(blend->gwp == *direct);
}

RC_GTEST_PROP(InventoryProps, MonteCarloIsReproducibleBySeed, ()) {
  const Inventory inv = random_inventory();
  const auto result = computed(inv);
  const auto seed = *rc::gen::arbitrary<std::uint64_t>();
  const auto draws = *rc::gen::inRange<std::size_t>(1, 300);
  const auto first = run_monte_carlo(inv, result, draws, seed, true);
  const auto second = run_monte_carlo(inv, result, draws, seed, true);
  RC_ASSERT(first.totals_kg == second.totals_kg);
  RC_ASSERT(first.mean_kg == second.mean_kg);
  RC_ASSERT(first.sd_kg == second.sd_kg);
  RC_ASSERT(first.p2_5_kg == second.p2_5_kg);
  RC_ASSERT(first.p97_5_kg == second.p97_5_kg);
  RC_ASSERT(first.p2_5_kg <= first.p50_kg);
  RC_ASSERT(first.p50_kg <= first.p97_5_kg);
}

}  // namespace
}  // namespace cl::inventory
