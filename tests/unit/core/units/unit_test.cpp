// Unit registry and conversions. Expected values are the definitions cited in unit.cpp.
#include "core/units/unit.hpp"

#include <gtest/gtest.h>

#include "core/units/quantity.hpp"

namespace cl::units {
namespace {

double convert_ok(double value, std::string_view from, std::string_view to) {
  auto result = convert(value, *find_unit(from), *find_unit(to));
  EXPECT_TRUE(result.has_value());
  return result.value_or(0.0);
}

TEST(UnitTest, TaiwaneseBillUnitsAreAliases) {
  EXPECT_EQ(find_unit("度")->symbol, "kWh");
  EXPECT_EQ(find_unit("公秉")->symbol, "kL");
  EXPECT_EQ(find_unit("千立方公尺")->symbol, "thousand m3");
  EXPECT_EQ(find_unit("人小時")->symbol, "person-hour");
  EXPECT_EQ(find_unit("m³")->symbol, "m3");
}

TEST(UnitTest, ConversionsByDefinition) {
  EXPECT_DOUBLE_EQ(convert_ok(1, "kWh", "MJ"), 3.6);           // 1 kWh = 3.6 MJ
  EXPECT_DOUBLE_EQ(convert_ok(1, "kcal", "kJ"), 4.1868);       // IT calorie
  EXPECT_DOUBLE_EQ(convert_ok(2.5, "kL", "L"), 2500);          // 公秉 = 1,000 L
  EXPECT_DOUBLE_EQ(convert_ok(1, "thousand m3", "m3"), 1000);  // 千立方公尺
  EXPECT_NEAR(convert_ok(1, "gal", "L"), 3.785411784, 1e-12);  // US gallon, 231 in³
  EXPECT_NEAR(convert_ok(1, "MMBtu", "GJ"), 1.05505585262, 1e-12);
  EXPECT_DOUBLE_EQ(convert_ok(1, "person-year", "person-hour"), 2400);  // 300 d × 8 h
  EXPECT_DOUBLE_EQ(convert_ok(3, "t", "kg"), 3000);
  EXPECT_DOUBLE_EQ(convert_ok(1, "MWh", "度"), 1000);
  EXPECT_NEAR(convert_ok(1, "scf", "m3"), 0.0283168466, 1e-15);
}

TEST(UnitTest, MismatchIsAnErrorNamingTheRecord) {
  auto result =
      convert(1, *find_unit("L"), *find_unit("kWh"), {.file = "a.csv", .row = 7, .field = "unit"});
  ASSERT_FALSE(result);
  EXPECT_EQ(result.error().code, ErrorCode::unit_mismatch);
  EXPECT_EQ(result.error().where.row, 7);
  EXPECT_NE(result.error().message.find("volume"), std::string::npos);
}

TEST(UnitTest, UnknownUnit) {
  auto result = find_unit("furlong", {.file = "b.csv", .row = 2});
  ASSERT_FALSE(result);
  EXPECT_EQ(result.error().code, ErrorCode::unit_unknown);
  EXPECT_EQ(code_id(result.error().code), "unit.unknown");
}

TEST(UnitTest, EveryDimensionHasABaseUnit) {
  for (const auto& unit : all_units()) EXPECT_EQ(base_unit(unit.dimension).to_base, 1.0);
}

TEST(QuantityTest, AmountBecomesTypedQuantity) {
  Amount amount{120, *find_unit("L")};
  auto volume = amount.as<Dimension::volume>();
  ASSERT_TRUE(volume);
  EXPECT_DOUBLE_EQ(volume->base_value(), 0.12);
  auto energy = amount.as<Dimension::energy>();
  ASSERT_FALSE(energy);
  EXPECT_EQ(energy.error().code, ErrorCode::unit_mismatch);
  EXPECT_DOUBLE_EQ((kilowatt_hours(1) + joules(400)).base_value(), 3600400.0);
}

}  // namespace
}  // namespace cl::units
