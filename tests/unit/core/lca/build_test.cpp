// build_system: the matrices a problem turns into, entry by entry, checked against the sign
// convention of system.hpp worked by hand (outputs +, inputs −, waste rows negated).
#include "core/lca/build.hpp"

#include <gtest/gtest.h>

#include "lca_fixtures.hpp"

namespace cl::lca {
namespace {

using test::avoided;
using test::elementary;
using test::input;
using test::output;
using test::process;
using test::product;
using test::waste;

MatrixSystem build_ok(const Problem& problem) {
  Diagnostics diagnostics;
  auto system = build_system(problem, diagnostics);
  EXPECT_FALSE(diagnostics.has_errors())
      << (diagnostics.items().empty() ? "" : diagnostics.items()[0].to_string());
  return system ? std::move(*system) : MatrixSystem{};
}

Diagnostics build_errors(const Problem& problem) {
  Diagnostics diagnostics;
  EXPECT_FALSE(build_system(problem, diagnostics).has_value());
  return diagnostics;
}

bool has(const Diagnostics& diagnostics, ErrorCode code, const std::string& words) {
  for (const auto& item : diagnostics.items()) {
    if (item.code == code && item.message.find(words) != std::string::npos) return true;
  }
  return false;
}

TEST(LcaBuild, TwoProcessesGiveSignedTechnosphereAndBiosphere) {
  // steel: 1 kg steel out, 2 kWh electricity in, 1.5 kg CO2 out; electricity: 10 kWh out, 5 kg CO2.
  Problem problem;
  problem.flows = {product("steel", "kg"), product("electricity", "kWh"), elementary("co2", "kg")};
  problem.processes = {
      process("steel-mill", "steel",
              {output("steel", 1), input("electricity", 2), output("co2", 1.5)}),
      process("power", "electricity", {output("electricity", 10), output("co2", 5)})};
  const auto system = build_ok(problem);
  ASSERT_EQ(system.size(), 2u);
  // A = [[1, 0], [-2, 10]]: column 0 steel-mill, column 1 power.
  EXPECT_DOUBLE_EQ(system.technosphere.coeff(0, 0), 1.0);
  EXPECT_DOUBLE_EQ(system.technosphere.coeff(1, 0), -2.0);
  EXPECT_DOUBLE_EQ(system.technosphere.coeff(1, 1), 10.0);
  EXPECT_DOUBLE_EQ(system.technosphere.coeff(0, 1), 0.0);
  // B = [[1.5, 5]]
  EXPECT_DOUBLE_EQ(system.biosphere.coeff(0, 0), 1.5);
  EXPECT_DOUBLE_EQ(system.biosphere.coeff(0, 1), 5.0);
  EXPECT_EQ(system.activity_label(1), "power / electricity (power)");
}

TEST(LcaBuild, ExchangeUnitsAreConvertedToTheFlowUnit) {
  // 1,500 g CO2 = 1.5 kg; 7.2 MJ = 2 kWh (3.6 MJ per kWh).
  Problem problem;
  problem.flows = {product("steel", "kg"), product("electricity", "kWh"), elementary("co2", "kg")};
  auto co2 = output("co2", 1500);
  co2.unit = "g";
  auto power = input("electricity", 7.2);
  power.unit = "MJ";
  problem.processes = {process("mill", "steel", {output("steel", 1), power, co2}),
                       process("power", "electricity", {output("electricity", 1)})};
  const auto system = build_ok(problem);
  EXPECT_NEAR(system.biosphere.coeff(0, 0), 1.5, 1e-12);
  EXPECT_NEAR(system.technosphere.coeff(1, 0), -2.0, 1e-12);
}

TEST(LcaBuild, AUnitOfAnotherKindIsAMismatchNamingTheProcess) {
  Problem problem;
  problem.flows = {product("steel", "kg"), elementary("co2", "kg")};
  auto co2 = output("co2", 3);
  co2.unit = "kWh";
  problem.processes = {process("mill", "steel", {output("steel", 1), co2})};
  const auto diagnostics = build_errors(problem);
  EXPECT_TRUE(has(diagnostics, ErrorCode::unit_mismatch, "process 'mill' gives 'co2' in kWh"));
}

TEST(LcaBuild, WasteRowsAreNegatedAndAvoidedProductsCreditTheirProvider) {
  // widget: 1 piece, 2 kg scrap (waste) out; incinerator: treats 1 kg scrap, gives 0.5 kWh
  // avoided electricity; grid: 1 kWh.
  Problem problem;
  problem.flows = {product("widget", "piece"), waste("scrap", "kg"), product("electricity", "kWh")};
  problem.processes = {
      process("factory", "widget", {output("widget", 1), output("scrap", 2)}),
      process("incinerator", "scrap", {input("scrap", 1), avoided(output("electricity", 0.5))}),
      process("grid", "electricity", {output("electricity", 1)})};
  const auto system = build_ok(problem);
  ASSERT_EQ(system.size(), 3u);
  EXPECT_TRUE(system.activities[1].waste);
  // Row 1 (scrap, negated): factory's waste output +2 becomes −2; the treatment's input −1, +1.
  EXPECT_DOUBLE_EQ(system.technosphere.coeff(1, 0), -2.0);
  EXPECT_DOUBLE_EQ(system.technosphere.coeff(1, 1), 1.0);
  // Row 2 (electricity): the avoided output is a negative input, +0.5.
  EXPECT_DOUBLE_EQ(system.technosphere.coeff(2, 1), 0.5);
  EXPECT_DOUBLE_EQ(system.technosphere.coeff(2, 2), 1.0);
}

TEST(LcaBuild, PhysicalAllocationSplitsAProcessIntoOneActivityPerProduct) {
  // dairy: 10 kg milk (1 kg/kg) and 1 kg meat (1 kg/kg), 22 kg CO2, 4 kWh in.
  // Mass shares: milk 10/11, meat 1/11.
  Problem problem;
  problem.flows = {product("milk", "kg"), product("meat", "kg"), product("electricity", "kWh"),
                   elementary("co2", "kg")};
  auto milk = output("milk", 10);
  milk.physical = 1;
  auto meat = output("meat", 1);
  meat.physical = 1;
  auto dairy = process("dairy", "milk", {milk, meat, input("electricity", 4), output("co2", 22)});
  dairy.allocation.method = AllocationMethod::physical;
  problem.processes = {dairy, process("grid", "electricity", {output("electricity", 1)})};
  const auto system = build_ok(problem);
  ASSERT_EQ(system.size(), 3u);  // dairy/milk, dairy/meat, grid
  EXPECT_EQ(system.activities[0].flow, "milk");
  EXPECT_EQ(system.activities[1].flow, "meat");
  EXPECT_NEAR(system.activities[0].share, 10.0 / 11.0, 1e-15);
  EXPECT_DOUBLE_EQ(system.technosphere.coeff(0, 0), 10.0);
  EXPECT_DOUBLE_EQ(system.technosphere.coeff(1, 1), 1.0);
  EXPECT_DOUBLE_EQ(system.technosphere.coeff(1, 0), 0.0);  // no cross entries between co-products
  EXPECT_NEAR(system.biosphere.coeff(0, 0), 20.0, 1e-12);  // 22 × 10/11
  EXPECT_NEAR(system.biosphere.coeff(0, 1), 2.0, 1e-12);   // 22 × 1/11
  EXPECT_NEAR(system.technosphere.coeff(2, 1), -4.0 / 11.0, 1e-15);
}

TEST(LcaBuild, AllocationFactorsMustSumToOne) {
  Problem problem;
  problem.flows = {product("milk", "kg"), product("meat", "kg")};
  auto dairy = process("dairy", "milk", {output("milk", 10), output("meat", 1)});
  dairy.allocation.method = AllocationMethod::factors;
  dairy.allocation.factors = {{"milk", 0.8}, {"meat", 0.3}};
  problem.processes = {dairy};
  EXPECT_TRUE(has(build_errors(problem), ErrorCode::lca_allocation, "sum to 1.1"));
  problem.processes[0].allocation.method = AllocationMethod::none;
  EXPECT_TRUE(has(build_errors(problem), ErrorCode::lca_allocation, "2 products (milk, meat)"));
}

TEST(LcaBuild, ProvidersMustExistAndBeChosenWhenSeveral) {
  Problem problem;
  problem.flows = {product("steel", "kg"), product("electricity", "kWh")};
  problem.processes = {process("mill", "steel", {output("steel", 1), input("electricity", 2)})};
  EXPECT_TRUE(has(build_errors(problem), ErrorCode::lca_no_provider,
                  "nothing provides 'electricity' used by process 'mill'"));
  problem.processes.push_back(process("coal", "electricity", {output("electricity", 1)}));
  problem.processes.push_back(process("solar", "electricity", {output("electricity", 1)}));
  EXPECT_TRUE(
      has(build_errors(problem), ErrorCode::lca_ambiguous_provider, "provided by coal, solar"));
  problem.default_providers["electricity"] = "solar";
  const auto system = build_ok(problem);
  EXPECT_DOUBLE_EQ(system.technosphere.coeff(2, 0), -2.0);  // row 2 = solar
  EXPECT_EQ(system.find_activity("electricity").value(), 2u);
  EXPECT_EQ(system.find_activity("coal/electricity").value(), 1u);
}

TEST(LcaBuild, TheReferenceMustBeAProductOutputWithANonZeroAmount) {
  Problem problem;
  problem.flows = {product("steel", "kg"), elementary("co2", "kg")};
  problem.processes = {process("mill", "co2", {output("steel", 1), output("co2", 1)})};
  EXPECT_TRUE(has(build_errors(problem), ErrorCode::lca_reference, "no reference flow 'co2'"));
  problem.processes = {process("mill", "steel", {output("steel", 0)})};
  EXPECT_TRUE(has(build_errors(problem), ErrorCode::lca_reference, "makes 0 steel"));
  problem.processes = {process("mill", "steel", {output("steel", 1), output("slag", 1)})};
  EXPECT_TRUE(has(build_errors(problem), ErrorCode::lca_unknown_flow, "uses flow 'slag'"));
}

TEST(LcaBuild, UncertainExchangesAreMappedToTheirMatrixPositions) {
  Problem problem;
  problem.flows = {product("steel", "kg"), product("electricity", "kWh"), elementary("co2", "kg")};
  auto power = input("electricity", 2);
  power.uncertainty = {DistributionKind::normal, 1.0, 0.1, 0, 0, 0};
  auto co2 = output("co2", 1.5);
  co2.uncertainty.kind = DistributionKind::lognormal;
  co2.uncertainty.gsd = 1.2;
  problem.processes = {process("mill", "steel", {output("steel", 1), power, co2}),
                       process("power", "electricity", {output("electricity", 1)})};
  const auto system = build_ok(problem);
  ASSERT_EQ(system.technosphere_uncertainty.size(), 1u);
  const auto& entry = system.technosphere_uncertainty[0];
  // CSC values: column 0 holds rows 0 (1) and 1 (−2); the input sits at position 1, sign applied.
  EXPECT_EQ(entry.position, 1);
  EXPECT_DOUBLE_EQ(entry.nominal, -2.0);
  EXPECT_DOUBLE_EQ(system.technosphere.valuePtr()[entry.position], -2.0);
  ASSERT_EQ(system.biosphere_uncertainty.size(), 1u);
  EXPECT_DOUBLE_EQ(system.biosphere_uncertainty[0].distribution.gsd, 1.2);
}

TEST(LcaBuild, DemandKeysNameFlowsOrProcessFlowPairs) {
  Problem problem;
  problem.flows = {product("steel", "kg"), elementary("co2", "kg")};
  problem.processes = {process("mill", "steel", {output("steel", 1), output("co2", 1)})};
  const auto system = build_ok(problem);
  EXPECT_EQ(system.find_activity("co2").error().code, ErrorCode::lca_not_product);
  EXPECT_EQ(system.find_activity("iron").error().code, ErrorCode::lca_unknown_flow);
  EXPECT_EQ(system.find_activity("oven/steel").error().code, ErrorCode::lca_unknown_process);
  const auto demand = make_demand(system, {{"steel", 3.0}, {"mill/steel", 1.0}});
  ASSERT_TRUE(demand.has_value());
  EXPECT_DOUBLE_EQ((*demand)[0], 4.0);
}

}  // namespace
}  // namespace cl::lca
