// PACT export → import → equal for a study's footprint (house style habit 7, beancount's
// assertRoundTrip): any study and result written by io::pact_from_study and read back by
// io::footprint_result_from_pact give the same result fields, through the document's text.
//
// The document carries pCfExcludingBiogenic for `unitaryProductAmount` declared units, total ×
// amount, written as a shortest round-trip Decimal; reading divides by the amount again. The
// product and the quotient are each rounded once (IEEE 754), so per-declared-unit values come back
// within 2 ulp of what was exported, not always bit for bit; the values the document carries
// themselves (percentages, DQRs, amounts) come back exactly.
#include <gtest/gtest.h>
#include <rapidcheck.h>
#include <rapidcheck/gtest.h>

#include <cmath>
#include <limits>

#include "io/pact.hpp"

namespace cl::io {
namespace {

using footprint::Dqr;

rc::Gen<double> scaled(int low, int high, double scale) {
  return rc::gen::map(rc::gen::inRange(low, high), [scale](int value) { return value * scale; });
}

/// Within 2 ulp (two roundings: the product written, the quotient read).
bool close(double back, double expected) {
  return std::abs(back - expected) <=
         2.0 * std::numeric_limits<double>::epsilon() * std::abs(expected);
}

RC_GTEST_PROP(PactProps, StudyExportImportGivesTheSameResult, ()) {
  footprint::Study study;
  study.product_name = "M8 hex bolt";
  study.company_name = *rc::gen::element(std::string("永進精密"), std::string("Box Co."));
  study.company_ids = {"urn:pact:company:customcode:buyer-assigned:c1"};
  study.product_ids = {"urn:pact:product:customcode:vendor-assigned:p1"};
  study.cpc = *rc::gen::element(std::string(""), std::string("42999"), std::string("0151"));
  study.declared_unit = *rc::gen::element(std::string("kilogram"), std::string("piece"),
                                          std::string("liter"), std::string("megajoule"));
  study.unitary_amount = *scaled(1, 1000000, 0.001);
  // 2024: the fields that are mandatory from 2025 (dqi) stay optional, so both cases are drawn.
  study.period_start = "2024-01-01";
  study.period_end = "2024-12-31";
  study.country = *rc::gen::element(std::string("TW"), std::string("DE"));
  study.gwp = *rc::gen::element(std::string("AR5"), std::string("AR6"));
  study.fossil_carbon_content = *scaled(0, 100000, 0.0001);
  study.biogenic_carbon_content = *scaled(0, 100000, 0.0001);
  footprint::Profile profile;
  profile.pact_standard = "ISO14067";

  footprint::FootprintResult result;
  // Any non-negative double, not only round ones.
  result.total = std::abs(*rc::gen::arbitrary<double>()) / (1.0 + *rc::gen::inRange(0, 1000000));
  RC_PRE(std::isfinite(result.total) && result.total < 1e12);
  result.biogenic_co2 = *scaled(0, 1000000, 0.00037);
  result.primary_data_share = *scaled(0, 10000, 0.01);
  result.exempted_percent = *scaled(0, 500, 0.01);
  if (*rc::gen::arbitrary<bool>()) {
    const auto dqr = *rc::gen::container<std::vector<double>>(5, scaled(100, 300, 0.01));
    result.quality = footprint::DataQuality{*scaled(0, 10000, 0.01),
                                            Dqr{dqr[0], dqr[1], dqr[2], dqr[3], dqr[4]}};
  }

  const auto document =
      pact_from_study(study, profile, result,
                      {"6a1e3c2d-4b5f-4a6e-9d7c-8b9a0f1e2d3c", "2026-02-01T00:00:00Z", "Active"});
  RC_ASSERT(validate_pact(document).empty());
  Diagnostics diagnostics;
  const auto back = footprint_result_from_pact(nlohmann::json::parse(document.dump()),
                                               "memory.json", diagnostics);
  RC_ASSERT(back.has_value());
  RC_ASSERT(back->declared_unit == study.declared_unit);
  RC_ASSERT(back->unitary_amount == study.unitary_amount);
  RC_ASSERT(close(back->result.total, result.total));
  RC_ASSERT(close(back->result.biogenic_co2, result.biogenic_co2));
  RC_ASSERT(close(back->fossil_carbon_content, study.fossil_carbon_content));
  RC_ASSERT(close(back->biogenic_carbon_content, study.biogenic_carbon_content));
  RC_ASSERT(back->result.primary_data_share == result.primary_data_share);
  RC_ASSERT(back->result.exempted_percent == result.exempted_percent);
  RC_ASSERT(back->result.quality.has_value() == result.quality.has_value());
  if (result.quality) {
    RC_ASSERT(back->result.quality->coverage_percent == result.quality->coverage_percent);
    RC_ASSERT(back->result.quality->dqr == result.quality->dqr);
  }
  RC_ASSERT(back->gwp == study.gwp);
  RC_ASSERT(back->country == study.country);
  RC_ASSERT(back->cpc == study.cpc);
}

}  // namespace
}  // namespace cl::io
