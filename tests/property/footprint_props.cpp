// Property tests of product footprints: the total equals the sum of the stages (and of the
// lines) for random studies; allocation shares from any basis quantities sum to 1; a supplier's
// footprint exported to PACT and imported back is the same footprint (beancount's
// assertRoundTrip).
#include <gtest/gtest.h>
#include <rapidcheck.h>
#include <rapidcheck/gtest.h>

#include <cmath>
#include <numeric>

#include "core/footprint/allocation.hpp"
#include "core/footprint/compute.hpp"
#include "io/pact.hpp"

namespace cl::footprint {
namespace {

rc::Gen<double> scaled(int low, int high, double scale) {
  return rc::gen::map(rc::gen::inRange(low, high), [scale](int value) { return value * scale; });
}

Profile open_profile() {
  Profile profile;
  profile.title = "test";
  profile.max_exempted_percent = 5.0;
  profile.allocation_bases = {AllocationBasis::mass, AllocationBasis::hours,
                              AllocationBasis::value};
  return profile;
}

RC_GTEST_PROP(FootprintProps, TotalIsTheSumOfStagesAndOfLines, ()) {
  Study study;
  study.declared_unit = "kilogram";
  study.gwp = "AR6";
  study.boundary = *rc::gen::element(Boundary::cradle_to_gate, Boundary::cradle_to_grave);
  study.product_key = "p";
  study.production = *scaled(1, 1000000, 1.0);
  const auto stages = boundary_stages(study.boundary);
  const int line_count = *rc::gen::inRange(1, 20);
  for (int index = 0; index < line_count; ++index) {
    ActivityLine line;
    line.id = "L" + std::to_string(index);
    line.stage = *rc::gen::elementOf(stages);
    line.per_unit = *rc::gen::arbitrary<bool>();
    line.amount = *scaled(0, 1000000, 0.001);
    line.unit = "kg";
    FactorLink factor;
    factor.kg_co2e_per_unit = *scaled(-1000, 100000, 0.001);  // credits too
    factor.unit = *rc::gen::element(std::string("kg"), std::string("t"), std::string("g"));
    line.factor = factor;
    study.lines.push_back(line);
  }
  if (*rc::gen::arbitrary<bool>()) {
    SharedLine shared;
    shared.id = "SH";
    shared.stage = stages.back();
    shared.amount = *scaled(0, 10000000, 0.1);
    shared.unit = "kWh";
    shared.basis = AllocationBasis::mass;
    shared.products = {{"p", *scaled(1, 1000, 1.0)}, {"q", *scaled(0, 1000, 1.0)}};
    FactorLink factor;
    factor.kg_co2e_per_unit = *scaled(0, 1000, 0.001);
    factor.unit = "MWh";
    shared.factor = factor;
    study.shared.push_back(shared);
  }
  Diagnostics diagnostics;
  const auto result = compute_footprint(study, open_profile(), nullptr, diagnostics);
  RC_ASSERT(result.has_value());
  double stage_sum = 0.0;
  double stage_abs = 0.0;
  for (const auto& stage : result->stages) {
    stage_sum += stage.emissions;
    stage_abs += std::abs(stage.emissions);
  }
  double line_sum = 0.0;
  for (const auto& line : result->lines) line_sum += line.emissions;
  const double tolerance = 1e-12 * std::max(1.0, stage_abs);
  RC_ASSERT(std::abs(result->total - stage_sum) <= tolerance);
  RC_ASSERT(std::abs(result->total - line_sum) <= tolerance);
  RC_ASSERT(std::abs(result->total - (result->gases_unspecified)) <= tolerance);
  RC_ASSERT(result->stages.size() == stages.size());
}

RC_GTEST_PROP(FootprintProps, AllocationSharesSumToOne, ()) {
  SharedLine line;
  line.id = "SH";
  line.basis =
      *rc::gen::element(AllocationBasis::mass, AllocationBasis::hours, AllocationBasis::value);
  const int count = *rc::gen::inRange(1, 30);
  for (int index = 0; index < count; ++index) {
    line.products["p" + std::to_string(index)] = *scaled(0, 100000000, 0.01);
  }
  line.products["p0"] += 0.01;  // at least one quantity above 0
  const auto shares = allocation_shares(line);
  RC_ASSERT(shares.has_value());
  double sum = 0.0;
  for (const auto& [product, share] : *shares) {
    RC_ASSERT(share >= 0.0);
    RC_ASSERT(share <= 1.0);
    sum += share;
  }
  RC_ASSERT(std::abs(sum - 1.0) <= 1e-12);
}

RC_GTEST_PROP(FootprintProps, GivenSharesAreAcceptedOnlyIfTheySumToOne, ()) {
  SharedLine line;
  line.id = "SH";
  line.basis = AllocationBasis::shares;
  const auto parts =
      *rc::gen::nonEmpty(rc::gen::container<std::vector<int>>(rc::gen::inRange(0, 1000)));
  const double scale = *rc::gen::element(0.5, 0.9, 1.0, 1.2);
  const double total = std::accumulate(parts.begin(), parts.end(), 0.0);
  RC_PRE(total > 0.0);
  for (std::size_t index = 0; index < parts.size(); ++index) {
    line.products["p" + std::to_string(index)] = parts[index] / total * scale;
  }
  const auto shares = allocation_shares(line);
  RC_ASSERT(shares.has_value() == (scale == 1.0));
}

RC_GTEST_PROP(FootprintProps, PactExportImportIsTheSameSupplierFootprint, ()) {
  SupplierFootprint supplier;
  supplier.id = "S1";
  supplier.supplier = *rc::gen::element(std::string("聯鋼線材"), std::string("Box Co."));
  supplier.company_id = "urn:pact:company:customcode:buyer-assigned:" +
                        std::to_string(*rc::gen::inRange(0, 99999999));
  supplier.product_id = "urn:pact:product:customcode:buyer-assigned:part";
  supplier.part = "part " + std::to_string(*rc::gen::inRange(0, 1000));
  supplier.declared_unit =
      *rc::gen::element(std::string("kilogram"), std::string("piece"), std::string("ton kilometer"),
                        std::string("square meter"));
  supplier.unitary_amount = *scaled(1, 100000, 0.001);
  // Any non-negative double, not only round ones: the Decimal strings must round-trip exactly.
  supplier.pcf_excluding_biogenic =
      std::abs(*rc::gen::arbitrary<double>()) / (1.0 + *rc::gen::inRange(0, 1000000));
  RC_PRE(std::isfinite(supplier.pcf_excluding_biogenic) && supplier.pcf_excluding_biogenic < 1e12);
  if (*rc::gen::arbitrary<bool>()) {
    supplier.pcf_including_biogenic = supplier.pcf_excluding_biogenic - *scaled(0, 1000, 0.37);
  }
  if (*rc::gen::arbitrary<bool>()) {
    const auto dqr = *rc::gen::container<std::vector<double>>(5, scaled(100, 300, 0.01));
    supplier.dqr = Dqr{dqr[0], dqr[1], dqr[2], dqr[3], dqr[4]};
  }
  if (*rc::gen::arbitrary<bool>()) supplier.primary_data_share = *scaled(0, 10000, 0.01);
  supplier.date = "2025-02-10T08:00:00Z";
  supplier.reference_period_start = "2024-01-01T00:00:00Z";
  supplier.reference_period_end = "2025-01-01T00:00:00Z";
  supplier.pact_id = "3f1c9a52-7b0e-4d8a-9c61-2a5e8b7d4f10";
  supplier.country = "TW";
  supplier.gwp = *rc::gen::element(std::string("AR5"), std::string("AR6"));
  supplier.standards = {"ISO14067"};

  const auto document = io::pact_from_supplier(supplier, {});
  RC_ASSERT(io::validate_pact(document).empty());
  Diagnostics diagnostics;
  // Through text, as it travels.
  const auto back = io::supplier_from_pact(nlohmann::json::parse(document.dump()), "S1",
                                           "memory.json", diagnostics);
  RC_ASSERT(back.has_value());
  SupplierFootprint expected = supplier;
  expected.where = back->where;
  RC_ASSERT(*back == expected);
}

}  // namespace
}  // namespace cl::footprint
