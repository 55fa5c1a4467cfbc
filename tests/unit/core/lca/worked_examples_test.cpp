// Hand-worked life-cycle cases, each run through every solver path (auto, iterative, KLU,
// dense). The arithmetic is in the comments; the engine must reproduce it.
#include <gtest/gtest.h>

#include "core/lca/build.hpp"
#include "core/lca/results.hpp"
#include "lca_fixtures.hpp"

namespace cl::lca {
namespace {

using test::avoided;
using test::elementary;
using test::input;
using test::method;
using test::output;
using test::process;
using test::product;
using test::waste;

constexpr double kTolerance = 1e-10;

class LcaWorkedExample : public ::testing::TestWithParam<SolverKind> {
 protected:
  struct Solved {
    MatrixSystem system;
    LcaResult result;
  };

  Solved solve(const Problem& problem, std::vector<std::pair<std::string, double>> demand) {
    Diagnostics diagnostics;
    auto system = build_system(problem, diagnostics);
    EXPECT_TRUE(system.has_value());
    if (!system) return {};
    SolverOptions options;
    options.kind = GetParam();
    auto solver = Solver::analyze(
        system->technosphere, [&](std::size_t j) { return system->activity_label(j); }, options);
    EXPECT_TRUE(solver.has_value());
    auto f = make_demand(*system, demand);
    EXPECT_TRUE(f.has_value());
    auto result = calculate(*system, *solver, *f);
    EXPECT_TRUE(result.has_value()) << result.error().message;
    return {std::move(*system), std::move(*result)};
  }

  static double supply(const Solved& solved, std::string_view key) {
    return solved.result.supply[static_cast<Eigen::Index>(*solved.system.find_activity(key))];
  }
  static const ProcessContribution& contribution(const Solved& solved, std::string_view key) {
    const auto j = *solved.system.find_activity(key);
    for (const auto& item : solved.result.methods[0].contributions) {
      if (item.activity == j) return item;
    }
    static const ProcessContribution none{};
    ADD_FAILURE() << "no contribution for " << key;
    return none;
  }
};

// steel: 1 kg steel ← 2 kWh, emits 1.5 kg CO2; power: 10 kWh (a non-unit reference), 5 kg CO2.
Problem steel_problem() {
  Problem problem;
  problem.flows = {product("steel", "kg"), product("electricity", "kWh"), elementary("co2", "kg")};
  problem.processes = {
      process("mill", "steel", {output("steel", 1), input("electricity", 2), output("co2", 1.5)}),
      process("power", "electricity", {output("electricity", 10), output("co2", 5)})};
  problem.methods = {method("gwp", {{"co2", 1.0}})};
  return problem;
}

TEST_P(LcaWorkedExample, TwoProcessTextbookWithNonUnitProduction) {
  // Demand 3 kg steel: s_mill = 3; electricity row 10·s_power − 2·3 = 0 ⇒ s_power = 0.6.
  // CO2 = 1.5·3 + 5·0.6 = 4.5 + 3 = 7.5 kg.
  const auto solved = solve(steel_problem(), {{"steel", 3}});
  EXPECT_NEAR(supply(solved, "steel"), 3.0, kTolerance);
  EXPECT_NEAR(supply(solved, "electricity"), 0.6, kTolerance);
  EXPECT_NEAR(solved.result.inventory[0], 7.5, kTolerance);
  EXPECT_NEAR(solved.result.methods[0].score, 7.5, kTolerance);
  // Direct: mill 1.5·3 = 4.5, power 5·0.6 = 3. Upstream per unit t = A⁻ᵀq with q = (1.5, 5):
  // 10·t_power = 5 ⇒ t_power = 0.5 kg/kWh; t_steel − 2·t_power = 1.5 ⇒ t_steel = 2.5 kg/kg.
  // upstream_mill = 2.5·1·3 = 7.5; upstream_power = 0.5·10·0.6 = 3.
  EXPECT_NEAR(contribution(solved, "steel").direct, 4.5, kTolerance);
  EXPECT_NEAR(contribution(solved, "steel").upstream, 7.5, kTolerance);
  EXPECT_NEAR(contribution(solved, "electricity").direct, 3.0, kTolerance);
  EXPECT_NEAR(contribution(solved, "electricity").upstream, 3.0, kTolerance);
  // Graph: one edge power → mill carrying 2·3 = 6 kWh and 6·0.5 = 3 kg CO2.
  const auto& graph = solved.result.methods[0].graph;
  ASSERT_EQ(graph.edges.size(), 1u);
  EXPECT_NEAR(graph.edges[0].amount, 6.0, kTolerance);
  EXPECT_NEAR(graph.edges[0].impact, 3.0, kTolerance);
}

TEST_P(LcaWorkedExample, DemandScalesTheResult) {
  // Twice the demand, twice everything: 6 kg steel ⇒ 15 kg CO2.
  const auto solved = solve(steel_problem(), {{"steel", 6}});
  EXPECT_NEAR(solved.result.methods[0].score, 15.0, kTolerance);
  EXPECT_NEAR(supply(solved, "electricity"), 1.2, kTolerance);
}

TEST_P(LcaWorkedExample, ALoopBetweenTwoProcesses) {
  // Heijungs & Suh (2002), ch. 2 style: electricity (10 kWh, needs 2 L fuel, 1 kg CO2) and
  // fuel (100 L, needs 50 kWh, 10 kg CO2). Demand 1,000 kWh:
  //   10·s1 − 50·s2 = 1000 and −2·s1 + 100·s2 = 0 ⇒ s2 = s1/50 ⇒ 9·s1 = 1000 ⇒ s1 = 1000/9.
  //   CO2 = 1·1000/9 + 10·20/9 = 1200/9 = 133.33… kg.
  Problem problem;
  problem.flows = {product("electricity", "kWh"), product("fuel", "L"), elementary("co2", "kg")};
  problem.processes = {process("power", "electricity",
                               {output("electricity", 10), input("fuel", 2), output("co2", 1)}),
                       process("refinery", "fuel",
                               {output("fuel", 100), input("electricity", 50), output("co2", 10)})};
  problem.methods = {method("gwp", {{"co2", 1.0}})};
  const auto solved = solve(problem, {{"electricity", 1000}});
  EXPECT_NEAR(supply(solved, "electricity"), 1000.0 / 9.0, 1e-9);
  EXPECT_NEAR(supply(solved, "fuel"), 20.0 / 9.0, 1e-9);
  EXPECT_NEAR(solved.result.methods[0].score, 1200.0 / 9.0, 1e-9);
  // Adjoint: 10·t1 − 2·t2 = 1, −50·t1 + 100·t2 = 10 ⇒ t2 = 1/6 kg/L, t1 = 2/15 kg/kWh.
  // upstream_power = (2/15)·10·(1000/9) = 148.1…: in a loop it exceeds the total, as openLCA's.
  EXPECT_NEAR(contribution(solved, "electricity").upstream, 2.0 / 15.0 * 10.0 * 1000.0 / 9.0, 1e-9);
}

TEST_P(LcaWorkedExample, AllocationByMassPriceAndGivenFactors) {
  // dairy: 10 kg milk + 1 kg meat, 22 kg CO2. Per kg of milk:
  //   physical (mass 10:1) 22·10/11/10 = 2.0; economic (1 $/kg and 10 $/kg ⇒ 10:10) 22·0.5/10
  //   = 1.1; factors 0.8/0.2: 22·0.8/10 = 1.76.
  for (const auto& [method_kind, expected] :
       std::vector<std::pair<AllocationMethod, double>>{{AllocationMethod::physical, 2.0},
                                                        {AllocationMethod::economic, 1.1},
                                                        {AllocationMethod::factors, 1.76}}) {
    Problem problem;
    problem.flows = {product("milk", "kg"), product("meat", "kg"), elementary("co2", "kg")};
    auto milk = output("milk", 10);
    milk.physical = 1;
    milk.price = 1;
    auto meat = output("meat", 1);
    meat.physical = 1;
    meat.price = 10;
    auto dairy = process("dairy", "milk", {milk, meat, output("co2", 22)});
    dairy.allocation.method = method_kind;
    dairy.allocation.factors = {{"milk", 0.8}, {"meat", 0.2}};
    problem.processes = {dairy};
    problem.methods = {method("gwp", {{"co2", 1.0}})};
    const auto solved = solve(problem, {{"milk", 1}});
    EXPECT_NEAR(solved.result.methods[0].score, expected, kTolerance);
  }
}

TEST_P(LcaWorkedExample, WasteTreatmentWithAvoidedElectricity) {
  // widget: 1 piece, 2 kg scrap out, 3 kg CO2; incinerator treats 1 kg scrap, 1 kg CO2, and its
  // 0.5 kWh replace grid power (0.6 kg CO2/kWh). Demand 1 widget:
  //   s_widget = 1; scrap row: s_inc − 2 = 0 ⇒ s_inc = 2; power row: s_grid + 0.5·2 = 0 ⇒ s_grid =
  //   −1. CO2 = 3 + 2·1 − 1·0.6 = 4.4 kg.
  Problem problem;
  problem.flows = {product("widget", "piece"), waste("scrap", "kg"), product("electricity", "kWh"),
                   elementary("co2", "kg")};
  problem.processes = {
      process("factory", "widget", {output("widget", 1), output("scrap", 2), output("co2", 3)}),
      process("incinerator", "scrap",
              {input("scrap", 1), output("co2", 1), avoided(output("electricity", 0.5))}),
      process("grid", "electricity", {output("electricity", 1), output("co2", 0.6)})};
  problem.methods = {method("gwp", {{"co2", 1.0}})};
  const auto solved = solve(problem, {{"widget", 1}});
  EXPECT_NEAR(supply(solved, "scrap"), 2.0, kTolerance);
  EXPECT_NEAR(supply(solved, "electricity"), -1.0, kTolerance);
  EXPECT_NEAR(solved.result.methods[0].score, 4.4, kTolerance);
}

TEST_P(LcaWorkedExample, AvoidedWasteCreditsTheAvoidedTreatment) {
  // recycling: 1 kg steel from 1.1 kg scrap that would otherwise be landfilled (avoided waste),
  // 0.5 kg CO2; landfill: treats 1 kg scrap, 0.1 kg CO2. Demand 1 kg recycled steel:
  //   scrap row: s_landfill + 1.1 = 0 ⇒ s_landfill = −1.1; CO2 = 0.5 − 1.1·0.1 = 0.39 kg.
  Problem problem;
  problem.flows = {product("steel", "kg"), waste("scrap", "kg"), elementary("co2", "kg")};
  problem.processes = {
      process("recycling", "steel",
              {output("steel", 1), avoided(input("scrap", 1.1)), output("co2", 0.5)}),
      process("landfill", "scrap", {input("scrap", 1), output("co2", 0.1)})};
  problem.methods = {method("gwp", {{"co2", 1.0}})};
  const auto solved = solve(problem, {{"steel", 1}});
  EXPECT_NEAR(supply(solved, "scrap"), -1.1, kTolerance);
  EXPECT_NEAR(solved.result.methods[0].score, 0.39, kTolerance);
}

TEST_P(LcaWorkedExample, AllProductsFromOneTransposedSolve) {
  // The adjoint of the steel example: t_steel = 2.5 kg CO2/kg, t_power = 0.5 kg CO2/kWh.
  Diagnostics diagnostics;
  auto system = build_system(steel_problem(), diagnostics);
  ASSERT_TRUE(system.has_value());
  SolverOptions options;
  options.kind = GetParam();
  auto solver = Solver::analyze(system->technosphere, {}, options);
  ASSERT_TRUE(solver.has_value());
  auto all = all_products(*system, *solver, 0);
  ASSERT_TRUE(all.has_value());
  EXPECT_NEAR(all->footprints[0], 2.5, kTolerance);
  EXPECT_NEAR(all->footprints[1], 0.5, kTolerance);
}

INSTANTIATE_TEST_SUITE_P(EverySolver, LcaWorkedExample,
                         ::testing::Values(SolverKind::automatic, SolverKind::iterative,
                                           SolverKind::klu, SolverKind::dense),
                         [](const auto& param_info) {
                           return std::string(solver_kind_name(param_info.param));
                         });

}  // namespace
}  // namespace cl::lca
