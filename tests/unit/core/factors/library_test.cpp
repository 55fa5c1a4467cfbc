// The factor library: look-ups, GWPs, blend GWPs, search and its own consistency checks. Uses
// the round-number library of tests/support/core_fixtures.hpp.
#include "core/factors/library.hpp"

#include <gtest/gtest.h>

#include <algorithm>

#include "support/core_fixtures.hpp"

namespace cl::factors {
namespace {

class LibraryTest : public ::testing::Test {
 protected:
  FactorLibrary library = test::make_test_library();
  const GwpSet& set_a() { return **library.find_gwp_set("TEST-A"); }
};

bool has_code(const Diagnostics& diagnostics, ErrorCode code, Severity severity) {
  return std::any_of(diagnostics.items().begin(), diagnostics.items().end(),
                     [&](const auto& d) { return d.code == code && d.severity == severity; });
}

TEST_F(LibraryTest, FindsWhatWasAdded) {
  ASSERT_TRUE(library.find_gas("HFC-32"));
  EXPECT_EQ((*library.find_gas("HFC-32"))->group, GasGroup::hfcs);
  ASSERT_TRUE(library.find_factor("elec.kwh"));
  EXPECT_EQ((*library.find_factor("elec.kwh"))->per.symbol, "kWh");
  ASSERT_TRUE(library.find_blend("R-TEST"));
  ASSERT_TRUE(library.find_leak_rate("chiller"));
  EXPECT_DOUBLE_EQ((*library.find_leak_rate("chiller"))->default_rate, 0.10);
  EXPECT_EQ(library.factors().size(), 7u);
  EXPECT_EQ(library.gwp_sets().size(), 3u);
}

TEST_F(LibraryTest, MissingLookupsNameTheirCode) {
  auto gas = library.find_gas("HFC-999", {.record = "S1"});
  ASSERT_FALSE(gas);
  EXPECT_EQ(gas.error().code, ErrorCode::gas_unknown);
  EXPECT_NE(gas.error().message.find("unknown gas 'HFC-999'"), std::string::npos);
  EXPECT_EQ(gas.error().where.record, "S1");

  auto set = library.find_gwp_set("AR9");
  ASSERT_FALSE(set);
  EXPECT_EQ(set.error().code, ErrorCode::gwp_set_unknown);
  // The message lists the known sets in the order they were added.
  EXPECT_NE(set.error().message.find("expected one of TEST-A, TEST-B, NO-N2O"), std::string::npos)
      << set.error().message;

  auto blend = library.find_blend("R-999");
  ASSERT_FALSE(blend);
  EXPECT_EQ(blend.error().code, ErrorCode::blend_invalid);
  EXPECT_NE(blend.error().message.find("unknown refrigerant 'R-999'"), std::string::npos);

  auto range = library.find_leak_rate("fridge");
  ASSERT_FALSE(range);
  EXPECT_EQ(range.error().code, ErrorCode::factor_not_found);
  EXPECT_NE(range.error().message.find("expected one of chiller"), std::string::npos);

  auto factor = library.find_factor("nope");
  ASSERT_FALSE(factor);
  EXPECT_EQ(factor.error().code, ErrorCode::factor_not_found);
  EXPECT_NE(factor.error().message.find("no emission factor with id 'nope'"), std::string::npos);
}

TEST_F(LibraryTest, DuplicateFactorIdIsRejectedAndTheFirstKept) {
  EmissionFactor again;
  again.id = "elec.kwh";
  again.per = test::unit("MWh");
  again.gases = {{"CO2e", 999}};
  auto added = library.add_factor(again, {.file = "mine.yaml", .row = 5});
  ASSERT_FALSE(added);
  EXPECT_EQ(added.error().code, ErrorCode::factor_invalid);
  EXPECT_NE(added.error().message.find("defined twice (first in table 'test')"), std::string::npos)
      << added.error().message;
  EXPECT_EQ(added.error().where.row, 5);
  EXPECT_EQ((*library.find_factor("elec.kwh"))->per.symbol, "kWh");
  EXPECT_EQ(library.factors().size(), 7u);
}

TEST_F(LibraryTest, GwpOfGasesCo2eAndBiogenic) {
  EXPECT_DOUBLE_EQ(*library.gwp("CH4", set_a()), 25);
  EXPECT_DOUBLE_EQ(*library.gwp("HCFC-22", set_a()), 2000);  // Montreal gases keep their GWP
  // library.hpp: CO2e is already characterized (1); biogenic CO2 is 0, reported apart.
  EXPECT_DOUBLE_EQ(*library.gwp("CO2e", set_a()), 1);
  EXPECT_DOUBLE_EQ(*library.gwp("CO2_biogenic", set_a()), 0);
}

TEST_F(LibraryTest, GwpMissingAndUnknownGas) {
  const GwpSet& no_n2o = **library.find_gwp_set("NO-N2O");
  auto missing = library.gwp("N2O", no_n2o);
  ASSERT_FALSE(missing);
  EXPECT_EQ(missing.error().code, ErrorCode::gwp_missing);
  EXPECT_NE(missing.error().message.find("GWP set NO-N2O has no value for gas 'N2O'"),
            std::string::npos);
  auto unknown = library.gwp("XYZ", set_a());
  ASSERT_FALSE(unknown);
  EXPECT_EQ(unknown.error().code, ErrorCode::gas_unknown);
}

TEST_F(LibraryTest, BlendGwpIsTheShareWeightedSum) {
  // R-TEST = 0.5 HFC-32 + 0.5 HFC-125: TEST-A 0.5×700 + 0.5×3000 = 350 + 1500 = 1850;
  // TEST-B 0.5×800 + 0.5×3200 = 400 + 1600 = 2000.
  auto blend = library.blend_gwp(**library.find_blend("R-TEST"), set_a());
  ASSERT_TRUE(blend);
  EXPECT_DOUBLE_EQ(blend->gwp, 1850);
  ASSERT_EQ(blend->components.size(), 2u);
  EXPECT_EQ(blend->components[0].first.gas, "HFC-32");
  EXPECT_DOUBLE_EQ(blend->components[0].second, 700);
  EXPECT_DOUBLE_EQ(blend->components[1].second, 3000);
  auto under_b =
      library.blend_gwp(**library.find_blend("R-TEST"), **library.find_gwp_set("TEST-B"));
  ASSERT_TRUE(under_b);
  EXPECT_DOUBLE_EQ(under_b->gwp, 2000);
}

TEST_F(LibraryTest, BlendGwpFailsWithContextWhenAComponentLacksAGwp) {
  Blend with_n2o{"R-ODD", "", {{"HFC-32", 0.5}, {"N2O", 0.5}}, {}};
  auto blend = library.blend_gwp(with_n2o, **library.find_gwp_set("NO-N2O"));
  ASSERT_FALSE(blend);
  EXPECT_EQ(blend.error().code, ErrorCode::gwp_missing);
  ASSERT_EQ(blend.error().context.size(), 1u);
  EXPECT_EQ(blend.error().context[0], "in refrigerant R-ODD");
}

TEST_F(LibraryTest, SearchMatchesEveryTermCaseInsensitively) {
  auto ids = [&](std::string_view query) {
    std::vector<std::string> out;
    for (const auto* factor : library.search(query)) out.push_back(factor->id);
    return out;
  };
  EXPECT_EQ(ids("DIESEL"), std::vector<std::string>{"fuel.tj"});   // keyword, any case
  EXPECT_EQ(ids("柴油"), std::vector<std::string>{"fuel.tj"});     // Chinese keyword
  EXPECT_EQ(ids("測試"), std::vector<std::string>{"fuel.tj"});     // part of name_zh
  EXPECT_EQ(ids("hcfc-22"), std::vector<std::string>{"hcfc.kg"});  // gas id
  EXPECT_EQ(ids("fuel diesel"), std::vector<std::string>{"fuel.tj"});
  EXPECT_TRUE(ids("fuel kerosene").empty());  // every term must match
  EXPECT_EQ(ids("").size(), 7u);              // no term: everything
}

TEST_F(LibraryTest, Co2ePerUnitOfAPerTjFactorIsPerLitreOfItsHeatingValue) {
  // fuel.tj per TJ: CO2 50,000, CH4 10, N2O 1 with 40 MJ/L = 4e-5 TJ per L. Under TEST-A:
  // CO2 50,000 × 4e-5 = 2, CH4 10 × 25 × 4e-5 = 0.01, N2O 1 × 300 × 4e-5 = 0.012; 2.022 kg CO2e/L.
  auto co2e = library.co2e_per_unit(**library.find_factor("fuel.tj"), set_a());
  ASSERT_TRUE(co2e) << co2e.error().message;
  EXPECT_EQ(co2e->unit.symbol, "L");
  EXPECT_TRUE(co2e->via_heating_value);
  EXPECT_NEAR(co2e->factor_units, 4e-5, 1e-18);
  EXPECT_NEAR(co2e->kg_co2e, 2.022, 1e-12);
  EXPECT_NEAR(co2e->gases.at("CO2"), 2.0, 1e-12);
  EXPECT_NEAR(co2e->gases.at("CH4"), 0.01, 1e-12);
  EXPECT_NEAR(co2e->gases.at("N2O"), 0.012, 1e-12);
}

TEST_F(LibraryTest, Co2ePerUnitKeepsBiogenicApartAndLeavesMontrealGasesOut) {
  // wood.t per t: CO2_biogenic 1,000 (apart), CH4 1 × 25 = 25 kg CO2e per t under TEST-A.
  auto wood = library.co2e_per_unit(**library.find_factor("wood.t"), set_a());
  ASSERT_TRUE(wood);
  EXPECT_EQ(wood->unit.symbol, "t");
  EXPECT_FALSE(wood->via_heating_value);
  EXPECT_NEAR(wood->kg_co2e, 25.0, 1e-12);
  EXPECT_NEAR(wood->biogenic_co2, 1000.0, 1e-9);
  // hcfc.kg: HCFC-22 is a Montreal gas, outside the CO2e total.
  auto hcfc = library.co2e_per_unit(**library.find_factor("hcfc.kg"), set_a());
  ASSERT_TRUE(hcfc);
  EXPECT_EQ(hcfc->kg_co2e, 0.0);
  EXPECT_TRUE(hcfc->gases.empty());
  // nohv.tj has no heating value: it stays per TJ.
  auto nohv = library.co2e_per_unit(**library.find_factor("nohv.tj"), set_a());
  ASSERT_TRUE(nohv);
  EXPECT_EQ(nohv->unit.symbol, "TJ");
  EXPECT_NEAR(nohv->kg_co2e, 1000.0, 1e-9);
}

TEST_F(LibraryTest, Co2ePerUnitNamesTheGasASetLacks) {
  auto missing =
      library.co2e_per_unit(**library.find_factor("fuel.tj"), **library.find_gwp_set("NO-N2O"));
  ASSERT_FALSE(missing);
  EXPECT_EQ(missing.error().code, ErrorCode::gwp_missing);
  EXPECT_EQ(missing.error().where.record, "fuel.tj");
}

TEST_F(LibraryTest, ValidateAcceptsTheFixture) {
  // Every gas of every set has a value except N2O in NO-N2O (one warning), nothing else.
  const Diagnostics diagnostics = library.validate();
  EXPECT_FALSE(diagnostics.has_errors());
  ASSERT_EQ(diagnostics.items().size(), 1u);
  EXPECT_EQ(diagnostics.items()[0].code, ErrorCode::gwp_missing);
  EXPECT_EQ(diagnostics.items()[0].severity, Severity::warning);
}

TEST_F(LibraryTest, ValidateFindsBadBlendsAndFactors) {
  // 0.5 + 0.4 = 0.9 ≠ 1.
  library.add_blend({"R-SHORT", "", {{"HFC-32", 0.5}, {"HFC-125", 0.4}}, {}});
  library.add_blend({"R-ALIEN", "", {{"HFC-999", 1.0}}, {}});
  EmissionFactor negative;
  negative.id = "neg";
  negative.per = test::unit("kg");
  negative.gases = {{"CO2", -1}};
  ASSERT_TRUE(library.add_factor(negative));
  EmissionFactor empty;
  empty.id = "empty";
  empty.per = test::unit("kg");
  ASSERT_TRUE(library.add_factor(empty));
  EmissionFactor alien;
  alien.id = "alien";
  alien.per = test::unit("kg");
  alien.gases = {{"XYZ", 1}};
  ASSERT_TRUE(library.add_factor(alien));

  const Diagnostics diagnostics = library.validate();
  EXPECT_TRUE(has_code(diagnostics, ErrorCode::blend_invalid, Severity::error));
  EXPECT_TRUE(has_code(diagnostics, ErrorCode::gas_unknown, Severity::error));
  EXPECT_TRUE(has_code(diagnostics, ErrorCode::factor_invalid, Severity::error));
  std::vector<std::string> records;
  for (const auto& item : diagnostics.items()) {
    if (item.severity == Severity::error) records.push_back(item.where.record);
  }
  // Blends first (R-SHORT shares, R-ALIEN gas), then factors in order added (neg, empty, alien).
  EXPECT_EQ(records, (std::vector<std::string>{"R-SHORT", "R-ALIEN", "neg", "empty", "alien"}));
  bool names_sum = false;
  for (const auto& item : diagnostics.items()) {
    names_sum = names_sum || item.message.find("sum to 0.9") != std::string::npos;
  }
  EXPECT_TRUE(names_sum);
}

}  // namespace
}  // namespace cl::factors
