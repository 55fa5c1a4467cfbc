// The offset files end to end through the reader and the core: the methods catalogue, the
// worked examples in data/examples/offsets computed by hand, and the bad inputs of
// tests/fixtures/offsets, each with its error code and message.
#include "io/offsets_reader.hpp"

#include <gtest/gtest.h>

#include "io/file.hpp"

namespace cl::io {
namespace {

constexpr const char* kData = CL_SOURCE_DIR "/data";
constexpr const char* kExamples = CL_SOURCE_DIR "/data/examples/offsets/";
constexpr const char* kFixtures = CL_SOURCE_DIR "/tests/fixtures/offsets/";

offsets::MethodCatalog methods() {
  Diagnostics diagnostics;
  auto catalog = read_offset_methods(offset_methods_path(kData), diagnostics);
  EXPECT_TRUE(catalog) << (catalog ? "" : catalog.error().to_string());
  EXPECT_TRUE(diagnostics.empty());
  return catalog ? std::move(*catalog) : offsets::MethodCatalog{};
}

offsets::ScaleLimits micro() {
  Diagnostics diagnostics;
  auto limits = read_scale_limits(scale_limits_path(kData), "micro", diagnostics);
  EXPECT_TRUE(limits);
  return limits ? *limits : offsets::ScaleLimits{};
}

Result<offsets::ProjectResult> compute(const std::string& path) {
  Diagnostics diagnostics;
  auto project = read_offset_project(path, diagnostics);
  if (!project) return tl::unexpected(project.error());
  static const auto catalog = methods();
  static const auto limits = micro();
  auto result = offsets::compute_project(*project, catalog, limits);
  return result;
}

TEST(OffsetsReader, MethodsCatalogueCitesEveryParameter) {
  const auto catalog = methods();
  ASSERT_EQ(catalog.methods().size(), 6u);
  for (const auto& method : catalog.methods()) {
    EXPECT_FALSE(method.source.document.empty()) << method.id;
    for (const auto& spec : method.parameters) {
      EXPECT_FALSE(spec.source.empty()) << method.id << " " << spec.id;
      EXPECT_FALSE(spec.frequency.empty()) << method.id << " " << spec.id;
    }
  }
  const auto limits = micro();
  EXPECT_DOUBLE_EQ(limits.max_energy_saving_mwh_per_year, 20000);
  EXPECT_EQ(limits.source.verification, Verification::unverified);
}

TEST(OffsetsReader, LightingProjectFromFeasibilityToIssued) {
  // Same numbers as calculate_test LightingRetrofitWorkedExample: ER 19.5624 t, 19 credits.
  auto result = compute(std::string(kExamples) + "lighting-planned.yaml");
  ASSERT_TRUE(result) << result.error().to_string();
  EXPECT_EQ(result->stage, offsets::Stage::issued);
  ASSERT_EQ(result->parts.size(), 1u);
  EXPECT_NEAR(result->totals.reduction_t, 19.5624, 1e-9);
  EXPECT_DOUBLE_EQ(result->totals.credits_t, 19);
  // scrapped_fraction came from the equipment registry: 500 of 500 scrapped.
  EXPECT_EQ(result->parts[0].periods[0].supplied_by.at("scrapped_fraction"),
            "scrapping records (equipment registry)");
}

TEST(OffsetsReader, ChillerProjectInJsonSkipsValidationAsAMatureMethod) {
  // calculate_test ChillerReplacementWorkedExample: ER 100.204 t → 100 credits.
  auto result = compute(std::string(kExamples) + "chiller-planned.json");
  ASSERT_TRUE(result) << result.error().to_string();
  EXPECT_EQ(result->stage, offsets::Stage::monitoring_report);
  EXPECT_NEAR(result->totals.reduction_t, 100.204, 1e-9);
  EXPECT_DOUBLE_EQ(result->totals.credits_t, 100);
}

TEST(OffsetsReader, ProgrammeOfThreeSubProjectsWithSampledMonitoring) {
  // Operating hours by sampling, 90/10 with the plan's CV 0.1 (required n = 3 in each):
  //   SP-1: N 2,000, sample of 10, mean 3,500 h, CV 0.035635, precision ±1.85 % → 3,500 h
  //         E_BL = 2,000 × 40 × 3,500 / 10^6 = 280 MWh, E_PJ = 2,000 × 18 × 3,500 / 10^6 = 126
  //         BE = 138.32, PE = 62.244, LE = 0, ER = 76.076 t → 76 credits
  //   SP-2: N 1,500, sample of 5, mean 3,000 h, CV 0.026352, precision ±1.94 % → 3,000 h
  //         E_BL = 1,500 × 36 × 3,000 / 10^6 = 162, E_PJ = 72; BE 80.028, PE 35.568, ER 44.46 → 44
  //   SP-3: N 1,000, sample of 4, mean 4,000 h, CV 0.040825, precision ±3.35 % → 4,000 h
  //         E_BL = 160, E_PJ = 72; BE 79.04, PE 35.568; 900 of 1,000 old lamps scrapped:
  //         LE = 0.1 × 79.04 = 7.904; ER = 35.568 → 35
  //   programme: ER 76.076 + 44.46 + 35.568 = 156.104 t; credits 76 + 44 + 35 = 155
  auto result = compute(std::string(kExamples) + "lighting-programme.yaml");
  ASSERT_TRUE(result) << result.error().to_string();
  ASSERT_EQ(result->parts.size(), 3u);
  const auto& sp1 = result->parts[0].periods[0];
  ASSERT_EQ(sp1.samples.size(), 1u);
  EXPECT_EQ(sp1.samples[0].estimate.required_n, 3u);
  EXPECT_NEAR(sp1.samples[0].estimate.achieved_precision, 0.0184936, 1e-6);
  EXPECT_NEAR(sp1.emissions.reduction_t, 76.076, 1e-9);
  EXPECT_DOUBLE_EQ(sp1.credits_t, 76);
  EXPECT_NEAR(result->parts[1].totals.reduction_t, 44.46, 1e-9);
  EXPECT_DOUBLE_EQ(result->parts[1].totals.credits_t, 44);
  const auto& sp3 = result->parts[2].periods[0];
  EXPECT_DOUBLE_EQ(sp3.values.at("scrapped_fraction"), 0.9);
  EXPECT_NEAR(sp3.emissions.leakage_t, 7.904, 1e-9);
  EXPECT_NEAR(sp3.emissions.reduction_t, 35.568, 1e-9);
  EXPECT_NEAR(result->totals.reduction_t, 156.104, 1e-9);
  EXPECT_DOUBLE_EQ(result->totals.credits_t, 155);
}

TEST(OffsetsReader, ProjectAboveTheMicroScaleLimit) {
  auto result = compute(std::string(kFixtures) + "above-micro-limit.yaml");
  ASSERT_FALSE(result);
  EXPECT_EQ(result.error().code, ErrorCode::offsets_scale_limit);
  EXPECT_NE(result.error().message.find("saves 23695.1 MWh/yr (period 2024 annualized), above "
                                        "the micro-scale limit of 20000 MWh/yr"),
            std::string::npos)
      << result.error().message;
}

TEST(OffsetsReader, SubProjectFailingAnInclusionCriterion) {
  auto result = compute(std::string(kFixtures) + "inclusion-fails.yaml");
  ASSERT_FALSE(result);
  EXPECT_EQ(result.error().code, ErrorCode::offsets_inclusion);
  EXPECT_EQ(result.error().message,
            "sub-project SP-3 fails inclusion criterion IC3 (a manufacturing factory (industry "
            "codes 08–33)): industry_code = 47 is outside [8, 33]");
  EXPECT_EQ(result.error().where.record, "SP-3");
  EXPECT_GT(result.error().where.row, 0);
}

TEST(OffsetsReader, SampleSmallerThanRequired) {
  auto result = compute(std::string(kFixtures) + "sample-too-small.yaml");
  ASSERT_FALSE(result);
  EXPECT_EQ(result.error().code, ErrorCode::offsets_sample_too_small);
  EXPECT_NE(result.error().message.find("has 10 values but 66 are required for 90/10"),
            std::string::npos)
      << result.error().message;
  EXPECT_EQ(result.error().where.field, "sampled.operating_hours");
}

TEST(OffsetsReader, ValidationSkippedByANonMatureMethod) {
  auto result = compute(std::string(kFixtures) + "stage-skipped.yaml");
  ASSERT_FALSE(result);
  EXPECT_EQ(result.error().code, ErrorCode::offsets_stage);
  EXPECT_EQ(result.error().message,
            "stage registration cannot follow plan; the next stage must be validation");
}

TEST(OffsetsReader, ShapeProblemsAreAllReportedWithLines) {
  Diagnostics diagnostics;
  auto project = read_offset_project(std::string(kFixtures) + "syntax-problems.yaml", diagnostics);
  ASSERT_FALSE(project);
  std::vector<std::string> messages;
  for (const auto& item : diagnostics.items()) {
    if (item.severity == Severity::error) {
      messages.push_back(item.message);
      EXPECT_GT(item.where.row, 0) << item.message;
    }
  }
  ASSERT_EQ(messages.size(), 5u) << ::testing::PrintToString(messages);
  EXPECT_NE(messages[0].find("type 'hybrid' is unknown"), std::string::npos);
  EXPECT_NE(messages[1].find("'start' must be a date YYYY-MM-DD, got '2024-13-01'"),
            std::string::npos);
  EXPECT_NE(messages[2].find("additionality test 'vibes' is unknown"), std::string::npos);
  EXPECT_NE(messages[3].find("'value' must be a number, got 'abc'"), std::string::npos);
  EXPECT_NE(messages[4].find("n_units' must be a number, got 'many'"), std::string::npos);
}

TEST(OffsetsReader, GridDataAndLedgerFiles) {
  Diagnostics diagnostics;
  auto grid = read_grid_data(std::string(kExamples) + "tw-grid-2023.yaml", diagnostics);
  ASSERT_TRUE(grid) << grid.error().to_string();
  auto factor = offsets::combined_margin(*grid);
  ASSERT_TRUE(factor);
  // grid_factor_test: OM 0.6248218, BM 0.4075862, CM 0.5162040.
  EXPECT_NEAR(factor->combined_margin, 0.5162040, 1e-7);

  auto ledger_file = read_ledger(std::string(kExamples) + "ledger.yaml", diagnostics);
  ASSERT_TRUE(ledger_file) << ledger_file.error().to_string();
  auto ledger = replay_ledger(*ledger_file);
  ASSERT_TRUE(ledger) << ledger.error().to_string();
  // 19 issued; buyer: 10 in, 6 + 2 used, 2 active; factory: 9 left, 3 retired, 6 active.
  const auto balances = ledger->balances();
  EXPECT_DOUBLE_EQ(balances.at("買方電子廠 buyer").used, 8);
  EXPECT_DOUBLE_EQ(balances.at("買方電子廠 buyer").active, 2);
  EXPECT_DOUBLE_EQ(balances.at("範例螺絲").active, 6);
  EXPECT_DOUBLE_EQ(balances.at("範例螺絲").retired, 3);

  auto twice_file = read_ledger(std::string(kFixtures) + "ledger-double-use.yaml", diagnostics);
  ASSERT_TRUE(twice_file);
  auto twice = replay_ledger(*twice_file);
  ASSERT_FALSE(twice);
  EXPECT_EQ(twice.error().code, ErrorCode::offsets_credit_used);
  EXPECT_EQ(twice.error().where.field, "events[2]");
  EXPECT_GT(twice.error().where.row, 0);
}

}  // namespace
}  // namespace cl::io
