// Gases and gas groups (gas.hpp; data/gases.yaml documents the group ids).
#include "core/factors/gas.hpp"

#include <gtest/gtest.h>

namespace cl::factors {
namespace {

TEST(GasTest, GroupIdsAsInGasesYaml) {
  // data/gases.yaml: "group: CO2 | CH4 | N2O | HFCs | PFCs | SF6 | NF3 | montreal | CO2e |
  // biogenic_CO2".
  const std::pair<GasGroup, std::string_view> expected[] = {
      {GasGroup::co2, "CO2"},   {GasGroup::ch4, "CH4"},
      {GasGroup::n2o, "N2O"},   {GasGroup::hfcs, "HFCs"},
      {GasGroup::pfcs, "PFCs"}, {GasGroup::sf6, "SF6"},
      {GasGroup::nf3, "NF3"},   {GasGroup::montreal, "montreal"},
      {GasGroup::co2e, "CO2e"}, {GasGroup::biogenic_co2, "biogenic_CO2"},
  };
  for (const auto& [group, id] : expected) {
    EXPECT_EQ(gas_group_id(group), id);
    auto parsed = parse_gas_group(id);
    ASSERT_TRUE(parsed) << id;
    EXPECT_EQ(*parsed, group);
  }
}

TEST(GasTest, UnknownGroupIsBadValue) {
  auto parsed = parse_gas_group("hfcs", {.file = "gases.yaml", .row = 3});  // case matters
  ASSERT_FALSE(parsed);
  EXPECT_EQ(parsed.error().code, ErrorCode::parse_bad_value);
  EXPECT_NE(parsed.error().message.find("unknown gas group 'hfcs'"), std::string::npos);
}

TEST(GasTest, KyotoBasketExcludesMontrealAndBiogenic) {
  // reference §6: HCFC-22 is a Montreal gas, excluded from the Kyoto total; biogenic CO2 is
  // reported separately (data/gases.yaml).
  EXPECT_TRUE((Gas{.id = "CO2", .group = GasGroup::co2}).is_in_total());
  EXPECT_TRUE((Gas{.id = "SF6", .group = GasGroup::sf6}).is_in_total());
  EXPECT_TRUE((Gas{.id = "CO2e", .group = GasGroup::co2e}).is_in_total());
  EXPECT_FALSE((Gas{.id = "HCFC-22", .group = GasGroup::montreal}).is_in_total());
  EXPECT_FALSE((Gas{.id = "CO2_biogenic", .group = GasGroup::biogenic_co2}).is_in_total());
}

}  // namespace
}  // namespace cl::factors
