// The study reader's `uncertainty` fields, its errors naming the line and the field, and the Monte
// Carlo of study files: the worked example of docs/formats/footprint-study.md (analytic mean and
// SD) and two lines on one uncertain background process drawn by the LCA engine. Tolerances are
// 4 standard errors of the estimate for n draws; the arithmetic is in each comment.
#include <cmath>

#include <gtest/gtest.h>

#include "core/footprint/montecarlo.hpp"
#include "core/lca/monte_carlo.hpp"
#include "io/footprint_reader.hpp"

namespace cl::io {
namespace {

const std::string kExamples = CL_SOURCE_DIR "/data/examples/footprint/";
const std::string kFixtures = CL_SOURCE_DIR "/tests/fixtures/footprint/";

footprint::Profile profile(const std::string& id) {
  Diagnostics diagnostics;
  auto profiles =
      read_footprint_profiles(footprint_profiles_path(CL_SOURCE_DIR "/data"), diagnostics);
  EXPECT_TRUE(profiles) << profiles.error().to_string();
  return find_profile(*profiles, id, {}).value();
}

const std::string kHead = R"(format: footprint-study/1
id: T
product: {key: p, name: part}
declared_unit: piece
period: {start: 2025-01-01, end: 2025-12-31}
country: TW
profile: iso14067
boundary: cradle-to-gate
gwp: AR6
lines:
)";

std::string source() {
  return "source: {document: test, version: '1', year: 2025}";
}

/// The errors of parsing `lines` (YAML under `lines:`).
Diagnostics errors_of(const std::string& lines) {
  Diagnostics diagnostics;
  auto loaded = parse_footprint_study(kHead + lines, "t.yaml", diagnostics);
  EXPECT_FALSE(loaded && !diagnostics.has_errors()) << "expected an error";
  return diagnostics;
}

const Diagnostic& first_error(const Diagnostics& diagnostics) {
  for (const auto& item : diagnostics.items()) {
    if (item.severity == Severity::error) return item;
  }
  static const Diagnostic none{};
  ADD_FAILURE() << "no error";
  return none;
}

TEST(FootprintUncertaintyReader, ReadsEveryForm) {
  Diagnostics diagnostics;
  auto loaded = read_footprint_study(kExamples + "bracket-uncertain.yaml", diagnostics);
  ASSERT_TRUE(loaded) << loaded.error().to_string();
  const auto& lines = loaded->study.lines;
  ASSERT_EQ(lines.size(), 3u);
  ASSERT_TRUE(lines[0].uncertainty);
  EXPECT_EQ(lines[0].uncertainty->kind, lca::DistributionKind::normal);
  EXPECT_DOUBLE_EQ(lines[0].uncertainty->sd, 0.05);
  ASSERT_TRUE(lines[0].factor->uncertainty);
  EXPECT_DOUBLE_EQ(lines[0].factor->uncertainty->gsd, 1.2);
  // pedigree [2, 3, 1, 2, 1] on basic GSD 1.05 (ecoinvent v3, Weidema et al. 2013 table 10.5):
  // σ² = (ln 1.05)² + 0.0006 + 0.0006 + 0 + 0.000025 + 0 = 0.0036055, GSD = e^0.060046 = 1.061885
  ASSERT_TRUE(lines[1].factor->uncertainty);
  EXPECT_NEAR(lines[1].factor->uncertainty->gsd, 1.061885, 1e-6);
  ASSERT_TRUE(lines[2].uncertainty);
  EXPECT_EQ(lines[2].uncertainty->kind, lca::DistributionKind::uniform);
  EXPECT_DOUBLE_EQ(lines[2].uncertainty->min, 480000);
}

TEST(FootprintUncertaintyReader, NegativeSdNamesLineAndField) {
  const auto diagnostics = errors_of(
      "  - {id: RM1, stage: raw_materials, amount: 2, unit: kg, per_unit: true, uncertainty: "
      "{distribution: normal, sd: -0.1}, factor: {value: 3, unit: kg, " +
      source() + "}}\n");
  const auto& error = first_error(diagnostics);
  EXPECT_EQ(error.code, ErrorCode::parse_bad_value);
  EXPECT_EQ(error.where.record, "RM1");
  EXPECT_EQ(error.where.field, "uncertainty.sd");
  EXPECT_NE(error.message.find("sd ≥ 0"), std::string::npos) << error.message;
}

TEST(FootprintUncertaintyReader, MinAboveMaxOnAFactor) {
  const auto diagnostics = errors_of(
      "  - {id: MF1, stage: manufacturing, amount: 4, unit: kWh, per_unit: true, factor: {value: "
      "0.5, unit: kWh, uncertainty: {distribution: triangular, min: 0.6, mode: 0.5, max: 0.4}, " +
      source() + "}}\n");
  const auto& error = first_error(diagnostics);
  EXPECT_EQ(error.where.record, "MF1");
  EXPECT_EQ(error.where.field, "factor.uncertainty.min");
  EXPECT_NE(error.message.find("min ≤ mode ≤ max"), std::string::npos) << error.message;
}

TEST(FootprintUncertaintyReader, UnknownDistributionAndStrayParameter) {
  auto diagnostics = errors_of(
      "  - {id: RM1, stage: raw_materials, amount: 2, unit: kg, per_unit: true, uncertainty: "
      "{distribution: gamma, shape: 2}, factor: {value: 3, unit: kg, " +
      source() + "}}\n");
  EXPECT_EQ(first_error(diagnostics).where.field, "uncertainty.distribution");
  EXPECT_NE(first_error(diagnostics).message.find("lognormal, normal, triangular or uniform"),
            std::string::npos);
  diagnostics = errors_of(
      "  - {id: RM1, stage: raw_materials, amount: 2, unit: kg, per_unit: true, uncertainty: "
      "{distribution: lognormal, gsd: 1.2, sd: 3}, factor: {value: 3, unit: kg, " +
      source() + "}}\n");
  EXPECT_EQ(first_error(diagnostics).where.field, "uncertainty.sd");
  EXPECT_NE(first_error(diagnostics).message.find("does not belong to a lognormal"),
            std::string::npos);
}

TEST(FootprintUncertaintyReader, ValueOutsideItsRangeAndBadPedigree) {
  auto diagnostics = errors_of(
      "  - {id: RM1, stage: raw_materials, amount: 2, unit: kg, per_unit: true, uncertainty: "
      "{distribution: uniform, min: 2.5, max: 3}, factor: {value: 3, unit: kg, " +
      source() + "}}\n");
  EXPECT_EQ(first_error(diagnostics).where.field, "uncertainty");
  EXPECT_NE(first_error(diagnostics).message.find("lies outside"), std::string::npos);
  diagnostics = errors_of(
      "  - {id: RM1, stage: raw_materials, amount: 2, unit: kg, per_unit: true, factor: {value: "
      "3, unit: kg, uncertainty: {distribution: lognormal, basic_gsd: 1.05, pedigree: [1, 2, 6, 1, "
      "1]}, " +
      source() + "}}\n");
  EXPECT_EQ(first_error(diagnostics).where.field, "factor.uncertainty.pedigree");
  EXPECT_NE(first_error(diagnostics).message.find("temporal correlation"), std::string::npos)
      << first_error(diagnostics).message;
}

// Worked example 4 of docs/formats/footprint-study.md (the bracket): nominal 3.3535, mean
// 3.393733, SD 0.460906 kg CO2e per piece. SE of the mean 0.460906/√20000 = 0.003259 → 4 SE =
// 0.013037; the lognormal factor makes the draws' kurtosis κ larger than a normal's 3 (κ ≈ 3.6);
// with κ = 4 the SE of the SD is σ·√((κ − 1)/(4n)) = 0.460906 · √(3/80000) = 0.002822 → 4 SE =
// 0.011290.
TEST(FootprintMonteCarloFile, BracketExampleMatchesTheAnalyticMoments) {
  Diagnostics diagnostics;
  auto loaded = read_footprint_study(kExamples + "bracket-uncertain.yaml", diagnostics);
  ASSERT_TRUE(loaded) << loaded.error().to_string();
  footprint::MonteCarloOptions options;
  options.draws = 20000;
  options.seed = 7;
  auto result = footprint::montecarlo(loaded->study, profile("iso14067"), nullptr, nullptr, options,
                                      diagnostics);
  ASSERT_TRUE(result) << result.error().to_string();
  EXPECT_NEAR(result->total.nominal, 3.3535, 1e-9);
  EXPECT_NEAR(result->total.mean, 3.393733, 0.013037);
  EXPECT_NEAR(result->total.sd, 0.460906, 0.011290);
  EXPECT_EQ(result->uncertain_lines, 3u);
  // manufacturing: 2 kWh ~ U(1.92, 2.08) × 0.474: mean 0.948, SD 0.16/√12 · 0.474 = 0.021893
  EXPECT_NEAR(result->stages[2].spread.mean, 0.948, 4 * 0.021893 / std::sqrt(20000.0));
}

// mc-grid.yaml: RM1 10 kWh and MF1 5 kWh per piece on the background's grid process, whose CO2
// is lognormal (median 0.5, GSD 1.1, σ = ln 1.1 = 0.0953102), and TR1 1 tkm × 0.1 fixed.
//   mean 15 · 0.5 · e^(σ²/2) + 0.1 = 7.5 · 1.0045523 + 0.1 = 7.634143
//   SD: both lines use the same draw of the grid, so the SDs add: 15 · 0.5 · e^(σ²/2) ·
//   √(e^(σ²) − 1) = 0.719714 (independent lines would give √125 · 0.0479810 = 0.536443)
//   SE of the mean 0.719714/√20000 = 0.005089 → 4 SE = 0.020357; κ of this lognormal
//   e^(4σ²) + 2e^(3σ²) + 3e^(2σ²) − 3 = 3.147, SE of the SD 0.719714 · √(2.147/80000) =
//   0.0037284 → 4 SE = 0.014914
TEST(FootprintMonteCarloFile, LinesOnOneBackgroundProcessShareItsDraws) {
  Diagnostics diagnostics;
  auto loaded = read_footprint_study(kFixtures + "mc-grid.yaml", diagnostics);
  ASSERT_TRUE(loaded) << loaded.error().to_string();
  ASSERT_TRUE(loaded->background);
  const auto keys = footprint::process_keys(loaded->study);
  auto background = footprint::background_footprints(*loaded->background, "gwp", keys, diagnostics);
  ASSERT_TRUE(background) << background.error().to_string();
  footprint::MonteCarloOptions options;
  options.draws = 20000;
  options.seed = 3;
  options.threads = 1;
  auto drawn = footprint::background_draws(*loaded->background, "gwp", keys, options, diagnostics);
  ASSERT_TRUE(drawn) << drawn.error().to_string();
  ASSERT_EQ(drawn->at("electricity").size(), 20000u);
  auto result = footprint::montecarlo(loaded->study, profile("iso14067"), &*background, &*drawn,
                                      options, diagnostics);
  ASSERT_TRUE(result) << result.error().to_string();
  EXPECT_NEAR(result->total.nominal, 7.6, 1e-9);
  EXPECT_NEAR(result->total.mean, 7.634143, 0.020357);
  EXPECT_NEAR(result->total.sd, 0.719714, 0.014914);
  EXPECT_EQ(result->uncertain_lines, 2u);
  // The background draws are the LCA engine's: with two threads it gives the same numbers.
  options.threads = 2;
  options.draws = 300;
  auto serial = footprint::background_draws(*loaded->background, "gwp", keys, {300, 3, false, 1},
                                            diagnostics);
  auto parallel =
      footprint::background_draws(*loaded->background, "gwp", keys, options, diagnostics);
  ASSERT_TRUE(serial && parallel);
  EXPECT_EQ(serial->at("electricity"), parallel->at("electricity"));
  EXPECT_EQ(
      std::vector<double>(drawn->at("electricity").begin(), drawn->at("electricity").begin() + 300),
      serial->at("electricity"));
}

}  // namespace
}  // namespace cl::io
