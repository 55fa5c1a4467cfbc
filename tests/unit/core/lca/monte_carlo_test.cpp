// Monte Carlo on the steel example of worked_examples_test.cpp, where the score is linear in
// the uncertain values, so the mean and SD have closed forms worked below. Also: the same seed
// gives the same draws whatever the thread count.
#include "core/lca/monte_carlo.hpp"

#include <gtest/gtest.h>

#include <cmath>

#include "core/lca/build.hpp"
#include "lca_fixtures.hpp"

namespace cl::lca {
namespace {

using test::elementary;
using test::input;
using test::method;
using test::output;
using test::process;
using test::product;

struct Setup {
  MatrixSystem system;
  Solver solver;
  Vector demand;
};

// mill: 1 kg steel ← `power` kWh, CO2 `co2`; power plant: 1 kWh, 0.5 kg CO2. Demand 3 kg steel:
// score = 3·co2 + 3·power·0.5.
Setup make_setup(Exchange power, Exchange co2) {
  Problem problem;
  problem.flows = {product("steel", "kg"), product("electricity", "kWh"), elementary("co2", "kg")};
  problem.processes = {
      process("mill", "steel", {output("steel", 1), power, co2}),
      process("power", "electricity", {output("electricity", 1), output("co2", 0.5)})};
  problem.methods = {method("gwp", {{"co2", 1.0}})};
  Diagnostics diagnostics;
  auto system = build_system(problem, diagnostics);
  EXPECT_TRUE(system.has_value());
  auto solver = Solver::analyze(system->technosphere, {}, {});
  EXPECT_TRUE(solver.has_value());
  EXPECT_TRUE(solver->factorize().has_value());
  auto demand = make_demand(*system, {{"steel", 3}});
  return {std::move(*system), std::move(*solver), *demand};
}

TEST(LcaMonteCarlo, NormalBiosphereExchangeGivesTheClosedFormMoments) {
  // co2 ~ Normal(1.5, 0.1): score = 3·co2 + 3 ⇒ mean 7.5, sd 0.3.
  auto co2 = output("co2", 1.5);
  co2.uncertainty = {DistributionKind::normal, 1.0, 0.1};
  auto setup = make_setup(input("electricity", 2), co2);
  MonteCarloOptions options;
  options.draws = 20000;
  options.seed = 7;
  const auto result = run_monte_carlo(setup.system, setup.solver, setup.demand, options);
  ASSERT_TRUE(result.has_value()) << result.error().message;
  ASSERT_EQ(result->methods.size(), 1u);
  const auto& stats = result->methods[0];
  EXPECT_NEAR(stats.nominal, 7.5, 1e-12);
  EXPECT_NEAR(stats.mean, 7.5, 0.3 * 4 / std::sqrt(20000.0));  // 4 standard errors
  EXPECT_NEAR(stats.sd, 0.3, 0.01);
  // Normal quantiles: 7.5 ± 1.95996·0.3 = 6.912 / 8.088.
  EXPECT_NEAR(stats.p2_5, 6.912, 0.02);
  EXPECT_NEAR(stats.p97_5, 8.088, 0.02);
}

TEST(LcaMonteCarlo, LognormalTechnosphereInputPropagatesThroughTheSolve) {
  // power ~ Lognormal(median 2, GSD e^0.1): score = 4.5 + 1.5·power ⇒
  // mean 4.5 + 1.5·2·e^0.005 = 4.5 + 3.015038 = 7.515038; sd 1.5·2·e^0.005·√(e^0.01 − 1) =
  // 0.301764.
  auto power = input("electricity", 2);
  power.uncertainty.kind = DistributionKind::lognormal;
  power.uncertainty.gsd = std::exp(0.1);
  auto setup = make_setup(power, output("co2", 1.5));
  MonteCarloOptions options;
  options.draws = 20000;
  options.seed = 11;
  const auto result = run_monte_carlo(setup.system, setup.solver, setup.demand, options);
  ASSERT_TRUE(result.has_value()) << result.error().message;
  EXPECT_NEAR(result->methods[0].mean, 7.515038, 0.302 * 4 / std::sqrt(20000.0));
  EXPECT_NEAR(result->methods[0].sd, 0.301764, 0.01);
}

TEST(LcaMonteCarlo, SameSeedSameDrawsWhateverTheThreadCount) {
  auto power = input("electricity", 2);
  power.uncertainty.kind = DistributionKind::lognormal;
  power.uncertainty.gsd = 1.3;
  auto co2 = output("co2", 1.5);
  co2.uncertainty = {DistributionKind::uniform, 1.0, 0.0, 1.0, 0.0, 2.0};
  auto setup = make_setup(power, co2);
  MonteCarloOptions options;
  options.draws = 500;
  options.seed = 3;
  options.keep_draws = true;
  options.threads = 1;
  const auto serial = run_monte_carlo(setup.system, setup.solver, setup.demand, options);
  options.threads = 2;
  const auto parallel = run_monte_carlo(setup.system, setup.solver, setup.demand, options);
  ASSERT_TRUE(serial.has_value() && parallel.has_value());
  EXPECT_EQ(serial->methods[0].draws, parallel->methods[0].draws);
  options.seed = 4;
  const auto other = run_monte_carlo(setup.system, setup.solver, setup.demand, options);
  EXPECT_NE(serial->methods[0].draws, other->methods[0].draws);
}

TEST(LcaMonteCarlo, PercentilesInterpolateBetweenSortedValues) {
  // 0..10: the 25th percentile sits at position 2.5 ⇒ 2.5.
  std::vector<double> sorted{0, 1, 2, 3, 4, 5, 6, 7, 8, 9, 10};
  EXPECT_DOUBLE_EQ(percentile(sorted, 0.25), 2.5);
  EXPECT_DOUBLE_EQ(percentile(sorted, 1.0), 10.0);
}

}  // namespace
}  // namespace cl::lca
