// Property tests of CBAM embedded emissions (core/cbam/compute.hpp): for any installation, the
// embedded emissions of a process's goods equal its attributed emissions (own plus precursors)
// divided by its production, direct and indirect apart; the attributed and unattributed
// emissions add up to the installation's; and doubling production halves the SEE.
#include <gtest/gtest.h>
#include <rapidcheck.h>
#include <rapidcheck/gtest.h>

#include <cmath>

#include "core/cbam/compute.hpp"

namespace cl::cbam {
namespace {

GoodsCatalogue catalogue() {
  return GoodsCatalogue({{.cn_code = "7318", .category = "Iron or steel products"},
                         {.cn_code = "7217", .category = "Iron or steel products"}});
}

bool close(double lhs, double rhs) {
  return std::abs(lhs - rhs) <= 1e-9 * std::max({1.0, std::abs(lhs), std::abs(rhs)});
}

rc::Gen<double> tonnes() {
  return rc::gen::map(rc::gen::inRange(1, 1000000), [](int value) { return value / 10.0; });
}

/// An installation of 1–5 sources shared among 1–3 processes (shares of a source sum to ≤ 1),
/// each process consuming 0–2 purchased precursors with supplier data.
Communication installation() {
  Communication c;
  c.installation = {.name = "P", .country = "TW", .unlocode = "TWKHH"};
  c.period.year = 2026;
  const auto source_count = *rc::gen::inRange<std::size_t>(1, 6);
  for (std::size_t idx = 0; idx < source_count; ++idx) {
    c.sources.push_back({.id = "S" + std::to_string(idx),
                         .direct_t = *tonnes(),
                         .electricity_mwh = *tonnes(),
                         .electricity_factor = *rc::gen::inRange(0, 1000) / 1000.0});
  }
  const auto process_count = *rc::gen::inRange<std::size_t>(1, 4);
  for (std::size_t idx = 0; idx < process_count; ++idx) {
    Process process{.id = "P" + std::to_string(idx)};
    process.goods.push_back({.cn_code = "73181500", .tonnes = *tonnes()});
    if (*rc::gen::arbitrary<bool>())
      process.goods.push_back({.cn_code = "73181600", .tonnes = *tonnes()});
    const auto precursor_count = *rc::gen::inRange<std::size_t>(0, 3);
    for (std::size_t pre = 0; pre < precursor_count; ++pre) {
      const std::string id = "W" + std::to_string(idx) + "_" + std::to_string(pre);
      c.precursors.push_back({.id = id,
                              .cn_code = "72171000",
                              .country = "TW",
                              .see_direct = *rc::gen::inRange(0, 5000) / 1000.0,
                              .see_indirect = *rc::gen::inRange(0, 2000) / 1000.0});
      process.precursors.push_back({id, *tonnes()});
    }
    c.processes.push_back(process);
  }
  for (const auto& source : c.sources) {
    double left = 1.0;
    for (auto& process : c.processes) {
      const double share = left * *rc::gen::inRange(0, 1001) / 1000.0;
      left -= share;
      process.attributions.push_back({source.id, share});
    }
  }
  return c;
}

RC_GTEST_PROP(CbamProps, EmbeddedEmissionsAreAttributedEmissionsOverProduction, ()) {
  const Communication c = installation();
  Diagnostics diagnostics;
  const auto result = compute(c, catalogue(), DefaultTable{}, diagnostics);
  RC_ASSERT(result.has_value());
  for (std::size_t idx = 0; idx < c.processes.size(); ++idx) {
    const Process& process = c.processes[idx];
    const ProcessResult& out = result->processes[idx];
    // Recomputed here from the inputs, independently of compute().
    double production = 0.0, direct = 0.0, indirect = 0.0;
    for (const auto& good : process.goods) production += good.tonnes;
    for (const auto& attribution : process.attributions) {
      for (const auto& source : c.sources) {
        if (source.id != attribution.source) continue;
        direct += attribution.share * source.direct_t;
        indirect += attribution.share * source.electricity_mwh * source.electricity_factor;
      }
    }
    for (const auto& use : process.precursors) {
      for (const auto& precursor : c.precursors) {
        if (precursor.id != use.precursor) continue;
        direct += use.tonnes * *precursor.see_direct;
        indirect += use.tonnes * *precursor.see_indirect;
      }
    }
    RC_ASSERT(close(out.see_direct, direct / production));
    RC_ASSERT(close(out.see_indirect, indirect / production));
    RC_ASSERT(close(out.see_direct * out.production_t, out.embedded_direct_t()));
  }
}

RC_GTEST_PROP(CbamProps, AttributedAndUnattributedAddUpToTheInstallation, ()) {
  const Communication c = installation();
  Diagnostics diagnostics;
  const auto result = compute(c, catalogue(), DefaultTable{}, diagnostics);
  RC_ASSERT(result.has_value());
  double direct = result->unattributed_direct_t, indirect = result->unattributed_indirect_t;
  for (const auto& process : result->processes) {
    direct += process.attributed_direct_t;
    indirect += process.attributed_indirect_t;
  }
  RC_ASSERT(close(direct, result->installation_direct_t));
  RC_ASSERT(close(indirect, result->installation_indirect_t));
  RC_ASSERT(result->unattributed_direct_t >= -1e-9 * result->installation_direct_t - 1e-9);
}

RC_GTEST_PROP(CbamProps, DoublingProductionHalvesTheSee, ()) {
  Communication c = installation();
  Diagnostics diagnostics;
  const auto once = compute(c, catalogue(), DefaultTable{}, diagnostics);
  for (auto& process : c.processes) {
    for (auto& good : process.goods) good.tonnes *= 2;
  }
  const auto twice = compute(c, catalogue(), DefaultTable{}, diagnostics);
  RC_ASSERT(once.has_value() && twice.has_value());
  for (std::size_t idx = 0; idx < c.processes.size(); ++idx) {
    RC_ASSERT(close(twice->processes[idx].see_direct, once->processes[idx].see_direct / 2));
    RC_ASSERT(close(twice->processes[idx].see_indirect, once->processes[idx].see_indirect / 2));
  }
}

}  // namespace
}  // namespace cl::cbam
