// Emission factors: the A3 grade (reference/taiwan-ghg.md §4) and the conversion of an activity
// amount into the factor's unit, directly or through a heating value.
#include "core/factors/emission_factor.hpp"

#include <gtest/gtest.h>

#include "support/core_fixtures.hpp"

namespace cl::factors {
namespace {

using test::unit;

EmissionFactor per_tj_factor() {
  EmissionFactor factor;
  factor.id = "f.tj";
  factor.per = unit("TJ");
  factor.gases = {{"CO2", 50000}};
  return factor;
}

TEST(EmissionFactorTest, A3GradeFollowsMoenvTable) {
  // reference §4, A3: grade 1 = types 1 (own/mass balance) and 2 (same process); grade 2 =
  // types 3 (manufacturer) and 4 (regional); grade 3 = types 5 (national), 6 (international).
  EXPECT_EQ(a3_grade(FactorType::own_developed), 1);
  EXPECT_EQ(a3_grade(FactorType::same_process), 1);
  EXPECT_EQ(a3_grade(FactorType::manufacturer), 2);
  EXPECT_EQ(a3_grade(FactorType::regional), 2);
  EXPECT_EQ(a3_grade(FactorType::national), 3);
  EXPECT_EQ(a3_grade(FactorType::international), 3);
}

TEST(EmissionFactorTest, FactorTypeIdsRoundTrip) {
  for (FactorType type :
       {FactorType::own_developed, FactorType::same_process, FactorType::manufacturer,
        FactorType::regional, FactorType::national, FactorType::international}) {
    auto parsed = parse_factor_type(factor_type_id(type));
    ASSERT_TRUE(parsed) << factor_type_id(type);
    EXPECT_EQ(*parsed, type);
  }
  EXPECT_EQ(factor_type_id(FactorType::national), "national");
}

TEST(EmissionFactorTest, UnknownFactorTypeIsBadValue) {
  auto parsed = parse_factor_type("nationl", {.file = "f.yaml", .row = 9, .field = "type"});
  ASSERT_FALSE(parsed);
  EXPECT_EQ(parsed.error().code, ErrorCode::parse_bad_value);
  EXPECT_NE(parsed.error().message.find("'nationl'"), std::string::npos);
  EXPECT_EQ(parsed.error().where.row, 9);
}

TEST(EmissionFactorTest, HeatingValueJoulesPerBaseUnit) {
  // 8,642 kcal/L = 8,642 × 4,186.8 J / 0.001 m³ = 3.61823e10 J/m³.
  HeatingValue hv{8642, unit("kcal"), unit("L"), {}};
  EXPECT_NEAR(hv.joules_per_base_unit(), 8642 * 4186.8 / 1e-3, 1.0);
  // 43.0 GJ/t = 43e9 J / 1000 kg = 4.3e7 J/kg.
  HeatingValue per_tonne{43.0, unit("GJ"), unit("t"), {}};
  EXPECT_DOUBLE_EQ(per_tonne.joules_per_base_unit(), 4.3e7);
}

TEST(EmissionFactorTest, SameDimensionIsAPlainConversion) {
  // 500 GJ = 0.5 TJ.
  auto amount = to_factor_units(500, unit("GJ"), per_tj_factor(), nullptr, {});
  ASSERT_TRUE(amount);
  EXPECT_DOUBLE_EQ(*amount, 0.5);
}

TEST(EmissionFactorTest, PhysicalAmountThroughTheFactorsHeatingValue) {
  // 1,000 L × 40 MJ/L = 40,000 MJ = 0.04 TJ.
  auto factor = per_tj_factor();
  factor.heating_value = HeatingValue{40, unit("MJ"), unit("L"), {}};
  auto amount = to_factor_units(1000, unit("L"), factor, nullptr, {});
  ASSERT_TRUE(amount);
  EXPECT_NEAR(*amount, 0.04, 1e-15);
  // 2 kL = 2,000 L → 0.08 TJ: the unit of the amount need not be the heating value's.
  auto kilolitres = to_factor_units(2, unit("kL"), factor, nullptr, {});
  ASSERT_TRUE(kilolitres);
  EXPECT_NEAR(*kilolitres, 0.08, 1e-15);
}

TEST(EmissionFactorTest, SourceHeatingValueOverridesTheFactors) {
  // Own test data 36 MJ/L: 1,000 L → 36,000 MJ = 0.036 TJ (the factor's own says 40 MJ/L).
  auto factor = per_tj_factor();
  factor.heating_value = HeatingValue{40, unit("MJ"), unit("L"), {}};
  HeatingValue own{36, unit("MJ"), unit("L"), {}};
  auto amount = to_factor_units(1000, unit("L"), factor, &own, {});
  ASSERT_TRUE(amount);
  EXPECT_NEAR(*amount, 0.036, 1e-15);
}

TEST(EmissionFactorTest, MassAmountWithVolumeHeatingValueIsAMismatch) {
  auto factor = per_tj_factor();
  factor.heating_value = HeatingValue{40, unit("MJ"), unit("L"), {}};
  auto amount = to_factor_units(5, unit("kg"), factor, nullptr, {.file = "a.csv", .row = 4});
  ASSERT_FALSE(amount);
  EXPECT_EQ(amount.error().code, ErrorCode::unit_mismatch);
  const auto& message = amount.error().message;
  EXPECT_NE(message.find("amount in kg (mass)"), std::string::npos) << message;
  EXPECT_NE(message.find("'f.tj'"), std::string::npos) << message;
  EXPECT_NE(message.find("or in volume"), std::string::npos) << message;
  EXPECT_EQ(amount.error().where.row, 4);
}

TEST(EmissionFactorTest, NoHeatingValueSaysToAddOne) {
  auto amount = to_factor_units(5, unit("L"), per_tj_factor(), nullptr, {});
  ASSERT_FALSE(amount);
  EXPECT_EQ(amount.error().code, ErrorCode::unit_mismatch);
  EXPECT_NE(amount.error().message.find("add a heating value"), std::string::npos);
}

TEST(EmissionFactorTest, NonEnergyFactorNeverUsesAHeatingValue) {
  // A factor per kWh of electricity is already "energy"; a factor per kg is not, so litres
  // cannot become kilograms even with a heating value at hand.
  EmissionFactor per_kg;
  per_kg.id = "per.kg";
  per_kg.per = unit("kg");
  HeatingValue hv{40, unit("MJ"), unit("L"), {}};
  auto amount = to_factor_units(5, unit("L"), per_kg, &hv, {});
  ASSERT_FALSE(amount);
  EXPECT_EQ(amount.error().code, ErrorCode::unit_mismatch);
  EXPECT_NE(amount.error().message.find("give the amount in mass"), std::string::npos);
}

}  // namespace
}  // namespace cl::factors
