// Monte Carlo of footprint studies against analytic values. A sample of n draws estimates a mean
// with standard error SE = σ/√n and an SD with SE ≈ σ/√(2(n − 1)); each check allows 4 SE (a
// false failure about once in 16,000 runs, and the seeds are fixed, so a run either always
// passes or always fails). The arithmetic is in each test's comment.
#include "core/footprint/montecarlo.hpp"

#include <cmath>

#include <gtest/gtest.h>

namespace cl::footprint {
namespace {

constexpr std::size_t kDraws = 20000;

Profile open_profile() {
  Profile profile;
  profile.id = "test";
  profile.title = "test profile";
  profile.allocation_bases = {AllocationBasis::mass, AllocationBasis::hours, AllocationBasis::value,
                              AllocationBasis::shares};
  return profile;
}

FactorLink factor(double value, const std::string& unit) {
  FactorLink out;
  out.kg_co2e_per_unit = value;
  out.unit = unit;
  out.source.document = "test";
  return out;
}

lca::Distribution normal(double sd) {
  lca::Distribution out;
  out.kind = lca::DistributionKind::normal;
  out.sd = sd;
  return out;
}

lca::Distribution lognormal(double gsd) {
  lca::Distribution out;
  out.kind = lca::DistributionKind::lognormal;
  out.gsd = gsd;
  return out;
}

lca::Distribution uniform(double min, double max) {
  lca::Distribution out;
  out.kind = lca::DistributionKind::uniform;
  out.min = min;
  out.max = max;
  return out;
}

Study base_study() {
  Study study;
  study.id = "MC";
  study.product_key = "p1";
  study.product_name = "part";
  study.declared_unit = "kilogram";
  study.production = 1000;
  study.gwp = "AR6";
  study.profile = "test";
  return study;
}

ActivityLine line(const std::string& id, Stage stage, double amount, const std::string& unit,
                  FactorLink link) {
  ActivityLine out;
  out.id = id;
  out.stage = stage;
  out.amount = amount;
  out.unit = unit;
  out.per_unit = true;
  out.factor = std::move(link);
  return out;
}

FootprintMonteCarlo run(const Study& study, std::uint64_t seed, std::size_t draws = kDraws,
                        bool keep = false) {
  MonteCarloOptions options;
  options.draws = draws;
  options.seed = seed;
  options.keep_draws = keep;
  Diagnostics diagnostics;
  auto result = montecarlo(study, open_profile(), nullptr, nullptr, options, diagnostics);
  EXPECT_TRUE(result) << result.error().to_string();
  return *result;
}

// E = a · f with a ~ N(2, 0.2) kg and f = 3 kg CO2e/kg fixed: E ~ N(6, 0.6).
//   mean 6, SE 0.6/√20000 = 0.0042426 → 4 SE = 0.016971
//   SD 0.6, SE 0.6/√(2 · 19999) = 0.0030001 → 4 SE = 0.012000
//   2.5 % point 6 − 1.959964 · 0.6 = 4.824022; SE of a p-quantile σ·√(p(1−p)/n)/φ(z):
//   0.6 · √(0.025 · 0.975 / 20000) / 0.058441 = 0.011334 → 4 SE = 0.045337
TEST(FootprintMonteCarlo, NormalAmountTimesFixedFactor) {
  Study study = base_study();
  auto steel = line("RM1", Stage::raw_materials, 2.0, "kg", factor(3.0, "kg"));
  steel.uncertainty = normal(0.2);
  study.lines.push_back(steel);
  const auto result = run(study, 11);
  EXPECT_EQ(result.draws, kDraws);
  EXPECT_EQ(result.uncertain_lines, 1u);
  EXPECT_DOUBLE_EQ(result.total.nominal, 6.0);
  EXPECT_NEAR(result.total.mean, 6.0, 0.016971);
  EXPECT_NEAR(result.total.sd, 0.6, 0.012);
  EXPECT_NEAR(result.total.p2_5, 4.824022, 0.045337);
  EXPECT_NEAR(result.total.p97_5, 7.175978, 0.045337);
  EXPECT_NEAR(result.total.p50, 6.0, 4 * 0.6 * 1.253314 / std::sqrt(20000.0));
}

// A factor f = 2 with a lognormal GSD 1.5 times 1 kg: σ = ln 1.5 = 0.405465.
//   median exp(μ) = 2: the sample median of ln E has SE √(π/2) · σ/√n = 1.253314 · 0.405465 /
//   141.421 = 0.0035934 → |ln p50 − ln 2| < 4 SE = 0.014374
//   mean 2 · exp(σ²/2) = 2 · exp(0.0822010) = 2.171348; SD = mean · √(exp(σ²) − 1) =
//   2.171348 · √0.178681 = 0.917851, SE 0.917851/141.421 = 0.0064902 → 4 SE = 0.025961
TEST(FootprintMonteCarlo, LognormalFactorHasItsNominalAsMedian) {
  Study study = base_study();
  auto link = factor(2.0, "kg");
  link.uncertainty = lognormal(1.5);
  study.lines.push_back(line("RM1", Stage::raw_materials, 1.0, "kg", link));
  const auto result = run(study, 5);
  EXPECT_NEAR(std::log(result.total.p50), std::log(2.0), 0.014374);
  EXPECT_NEAR(result.total.mean, 2.171348, 0.025961);
  // the arithmetic mean lies above the median: the check that the nominal is not the mean
  EXPECT_GT(result.total.mean, 2.0 + 0.1);
}

// A shared line: 10,000 kWh for the period ~ U(9000, 11000), shared by mass {p1 1000, p2 3000}
// (s = 0.25), production 1000 kg, factor 0.5: E = a · 0.25/1000 · 0.5 ~ U(1.125, 1.375);
// mean 1.25, SD (1.375 − 1.125)/√12 = 0.0721688 (SE of the mean 0.0721688/141.421 = 0.000510
// → 4 SE = 0.00204; SE of the SD for a uniform ≈ σ·√((κ − 1)/(4n)) with κ = 1.8:
// 0.0721688 · √(0.8/80000) = 0.000228 → 4 SE = 0.000913). No draw leaves [1.125, 1.375].
TEST(FootprintMonteCarlo, SharedLineAllocatedBeforeDrawing) {
  Study study = base_study();
  SharedLine power;
  power.id = "MF1";
  power.stage = Stage::manufacturing;
  power.amount = 10000;
  power.unit = "kWh";
  power.basis = AllocationBasis::mass;
  power.products = {{"p1", 1000}, {"p2", 3000}};
  power.factor = factor(0.5, "kWh");
  power.uncertainty = uniform(9000, 11000);
  study.shared.push_back(power);
  const auto result = run(study, 3, kDraws, true);
  EXPECT_DOUBLE_EQ(result.total.nominal, 1.25);
  EXPECT_NEAR(result.total.mean, 1.25, 0.00204);
  EXPECT_NEAR(result.total.sd, 0.0721688, 0.000913);
  ASSERT_EQ(result.values.size(), kDraws);
  for (const double value : result.values) {
    EXPECT_GE(value, 1.125 - 1e-12);
    EXPECT_LE(value, 1.375 + 1e-12);
  }
}

// Per stage: RM1 N(6, 0.6) as above, MF1 fixed 1 kg × 0.5 = 0.5 with no uncertainty. The
// manufacturing stage keeps its nominal in every draw (SD 0); stage means add up to the total.
TEST(FootprintMonteCarlo, StagesSplitTheTotal) {
  Study study = base_study();
  auto steel = line("RM1", Stage::raw_materials, 2.0, "kg", factor(3.0, "kg"));
  steel.uncertainty = normal(0.2);
  study.lines.push_back(steel);
  study.lines.push_back(line("MF1", Stage::manufacturing, 1.0, "kg", factor(0.5, "kg")));
  const auto result = run(study, 11);
  ASSERT_EQ(result.stages.size(), 3u);  // cradle-to-gate: raw materials, transport, manufacturing
  EXPECT_EQ(result.stages[0].stage, Stage::raw_materials);
  EXPECT_NEAR(result.stages[0].spread.mean, 6.0, 0.016971);
  EXPECT_NEAR(result.stages[0].spread.sd, 0.6, 0.012);
  EXPECT_DOUBLE_EQ(result.stages[1].spread.mean, 0.0);
  EXPECT_DOUBLE_EQ(result.stages[2].spread.nominal, 0.5);
  EXPECT_NEAR(result.stages[2].spread.mean, 0.5, 1e-12);
  EXPECT_EQ(result.stages[2].spread.sd, 0.0);
  double sum = 0.0;
  for (const auto& stage : result.stages) sum += stage.spread.mean;
  EXPECT_NEAR(sum, result.total.mean, 1e-9);
  // Adding a fixed 0.5 moves the draws by 0.5 and nothing else: same seed, same RM1 draws.
  Study alone = base_study();
  alone.lines.push_back(steel);
  EXPECT_NEAR(result.total.mean - run(alone, 11).total.mean, 0.5, 1e-9);
}

Study two_uncertain_lines() {
  Study study = base_study();
  auto steel = line("RM1", Stage::raw_materials, 2.0, "kg", factor(3.0, "kg"));
  steel.uncertainty = normal(0.2);
  study.lines.push_back(steel);
  auto link = factor(0.5, "kWh");
  link.uncertainty = lognormal(1.3);
  study.lines.push_back(line("MF1", Stage::manufacturing, 4.0, "kWh", link));
  auto freight = line("TR1", Stage::transport, 0.2, "tkm", factor(0.1, "tkm"));
  freight.uncertainty = uniform(0.1, 0.3);
  study.lines.push_back(freight);
  return study;
}

TEST(FootprintMonteCarlo, SameSeedSameResult) {
  const auto first = run(two_uncertain_lines(), 42, 500, true);
  const auto second = run(two_uncertain_lines(), 42, 500, true);
  EXPECT_EQ(first.values, second.values);
  EXPECT_EQ(first.total.mean, second.total.mean);
  EXPECT_EQ(first.total.p97_5, second.total.p97_5);
  const auto other = run(two_uncertain_lines(), 43, 500, true);
  EXPECT_NE(first.values, other.values);
}

// The lines' random streams follow their ids, and draws are summed in id order: reversing the
// study's lines changes no bit of any draw.
TEST(FootprintMonteCarlo, LineOrderDoesNotMatter) {
  Study reversed = two_uncertain_lines();
  std::reverse(reversed.lines.begin(), reversed.lines.end());
  const auto first = run(two_uncertain_lines(), 9, 500, true);
  const auto second = run(reversed, 9, 500, true);
  EXPECT_EQ(first.values, second.values);
  EXPECT_EQ(first.stages.size(), second.stages.size());
  for (std::size_t s = 0; s < first.stages.size(); ++s) {
    EXPECT_EQ(first.stages[s].spread.mean, second.stages[s].spread.mean);
  }
}

// A line's draws do not depend on which other lines are uncertain: RM1 alone gives the same
// RM1 draws as RM1 beside others, so the difference of the totals is the others' draws.
TEST(FootprintMonteCarlo, LinesDrawIndependently) {
  Study alone = base_study();
  auto steel = line("RM1", Stage::raw_materials, 2.0, "kg", factor(3.0, "kg"));
  steel.uncertainty = normal(0.2);
  alone.lines.push_back(steel);
  const auto single = run(alone, 21, 200, true);
  const auto all = run(two_uncertain_lines(), 21, 200, true);
  const auto rm1 = all.stages[0];  // raw materials: RM1 only
  double sum = 0.0;
  for (const double value : single.values) sum += value;
  EXPECT_NEAR(rm1.spread.mean, sum / 200.0, 1e-12);
}

TEST(FootprintMonteCarlo, BadParametersNameTheLineAndField) {
  Study study = base_study();
  auto steel = line("RM1", Stage::raw_materials, 2.0, "kg", factor(3.0, "kg"));
  steel.uncertainty = normal(-0.1);
  study.lines.push_back(steel);
  auto link = factor(0.5, "kWh");
  link.uncertainty = uniform(0.6, 0.4);
  study.lines.push_back(line("MF1", Stage::manufacturing, 4.0, "kWh", link));
  Diagnostics diagnostics;
  auto result = montecarlo(study, open_profile(), nullptr, nullptr, {}, diagnostics);
  ASSERT_FALSE(result);
  ASSERT_EQ(diagnostics.error_count(), 2u);
  const auto& first = diagnostics.items()[0];
  EXPECT_EQ(first.code, ErrorCode::footprint_invalid);
  EXPECT_EQ(first.where.field, "uncertainty");
  EXPECT_NE(first.message.find("line 'RM1'"), std::string::npos) << first.message;
  EXPECT_NE(first.message.find("sd ≥ 0"), std::string::npos) << first.message;
  const auto& second = diagnostics.items()[1];
  EXPECT_EQ(second.where.field, "factor.uncertainty");
  EXPECT_NE(second.message.find("line 'MF1'"), std::string::npos) << second.message;
  EXPECT_NE(second.message.find("min < max"), std::string::npos) << second.message;
}

TEST(FootprintMonteCarlo, DrawCountIsChecked) {
  Study study = base_study();
  study.lines.push_back(line("RM1", Stage::raw_materials, 2.0, "kg", factor(3.0, "kg")));
  Diagnostics diagnostics;
  MonteCarloOptions options;
  options.draws = 0;
  EXPECT_FALSE(montecarlo(study, open_profile(), nullptr, nullptr, options, diagnostics));
  options.draws = kMaxDraws + 1;
  auto result = montecarlo(study, open_profile(), nullptr, nullptr, options, diagnostics);
  ASSERT_FALSE(result);
  EXPECT_NE(result.error().message.find("1 to 1000000"), std::string::npos);
}

// No uncertainty anywhere: every draw is the nominal footprint.
TEST(FootprintMonteCarlo, FixedStudyGivesItsNominal) {
  Study study = base_study();
  study.lines.push_back(line("RM1", Stage::raw_materials, 2.0, "kg", factor(3.0, "kg")));
  const auto result = run(study, 1, 50);
  EXPECT_EQ(result.uncertain_lines, 0u);
  EXPECT_NEAR(result.total.mean, 6.0, 1e-12);
  EXPECT_EQ(result.total.sd, 0.0);
  EXPECT_NEAR(result.total.p2_5, 6.0, 1e-12);
}

}  // namespace
}  // namespace cl::footprint
