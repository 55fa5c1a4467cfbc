// Validation (compute.hpp validate(), validate.cpp): every problem at once, each naming its
// record and field. Each test breaks one thing in an otherwise valid inventory.
#include <gtest/gtest.h>

#include <algorithm>
#include <cmath>

#include "core/inventory/compute.hpp"
#include "support/core_fixtures.hpp"

namespace cl::inventory {
namespace {

using test::add_month;
using test::add_period;
using test::add_source;

class ValidateTest : public ::testing::Test {
 protected:
  factors::FactorLibrary library = test::make_test_library();
  Inventory inv = test::make_inventory(2024);

  void SetUp() override {
    add_source(inv, "S1", "F1", SourceType::purchased_electricity, "elec.kwh");
    add_month(inv, "S1", 2024, 1, 100, "kWh");
  }
  // The diagnostics with `code`, in order.
  std::vector<Diagnostic> find(ErrorCode code) const {
    const Diagnostics all = validate(inv, library);
    std::vector<Diagnostic> out;
    std::copy_if(all.items().begin(), all.items().end(), std::back_inserter(out),
                 [&](const Diagnostic& d) { return d.code == code; });
    return out;
  }
};

TEST_F(ValidateTest, AValidInventoryHasNoDiagnostics) {
  EXPECT_TRUE(validate(inv, library).empty());
}

TEST_F(ValidateTest, ReportsEveryProblemAtOnce) {
  add_month(inv, "S9", 2024, 1, 1, "kWh");                                     // unknown source
  add_month(inv, "S1", 2024, 2, -1, "kWh");                                    // negative
  add_source(inv, "S1", "F1", SourceType::purchased_electricity, "elec.kwh");  // duplicate
  const Diagnostics all = validate(inv, library);
  EXPECT_EQ(all.error_count(), 3u);
}

TEST_F(ValidateTest, YearAndGwpSet) {
  inv.year = 113;  // an ROC year by mistake
  inv.gwp_set = "AR9";
  const Diagnostics all = validate(inv, library);
  ASSERT_EQ(all.error_count(), 2u);
  EXPECT_EQ(all.items()[0].code, ErrorCode::parse_bad_value);
  EXPECT_NE(all.items()[0].message.find("民國113年 = 2024"), std::string::npos);
  EXPECT_EQ(all.items()[1].code, ErrorCode::gwp_set_unknown);
  EXPECT_EQ(all.items()[1].where.field, "gwp");
}

TEST_F(ValidateTest, DuplicateIdsAndUnknownFacility) {
  inv.facilities.push_back({.id = "F1", .name = "again"});
  add_source(inv, "S2", "F9", SourceType::purchased_electricity, "elec.kwh");
  const auto duplicates = find(ErrorCode::inventory_duplicate_id);
  ASSERT_EQ(duplicates.size(), 1u);
  EXPECT_NE(duplicates[0].message.find("facility id 'F1' is used twice"), std::string::npos);
  const auto unknown = find(ErrorCode::inventory_unknown_facility);
  ASSERT_EQ(unknown.size(), 1u);
  EXPECT_NE(unknown[0].message.find("names facility 'F9'"), std::string::npos);
  EXPECT_EQ(unknown[0].where.field, "facility");
  EXPECT_EQ(unknown[0].where.record, "S2");
}

TEST_F(ValidateTest, QualityGradesCategoryAndUncertaintyOfASource) {
  inv.sources[0].quality = {4, 0};
  inv.sources[0].category = 7;
  inv.sources[0].activity_uncertainty = {-0.1, 0.1};
  const auto grades = find(ErrorCode::inventory_quality_grade);
  ASSERT_EQ(grades.size(), 1u);
  EXPECT_NE(grades[0].message.find("got A1=4, A2=0"), std::string::npos);
  const auto category = find(ErrorCode::inventory_source_type);
  ASSERT_EQ(category.size(), 1u);
  EXPECT_NE(category[0].message.find("category must be 1–6"), std::string::npos);
  const auto negative = find(ErrorCode::parse_bad_value);
  ASSERT_EQ(negative.size(), 1u);
  EXPECT_EQ(negative[0].where.field, "uncertainty");
}

TEST_F(ValidateTest, IndirectOtherNeedsAnExplicitCategory) {
  add_source(inv, "S2", "F1", SourceType::indirect_other, "co2.kg");  // default category 0
  const auto category = find(ErrorCode::inventory_source_type);
  ASSERT_EQ(category.size(), 1u);
  EXPECT_NE(category[0].message.find("indirect_other needs an explicit `category`"),
            std::string::npos);
}

TEST_F(ValidateTest, UnknownFactorAndUnitThatDoesNotFit) {
  add_source(inv, "S2", "F1", SourceType::stationary_combustion, "no.such.factor");
  add_source(inv, "S3", "F1", SourceType::stationary_combustion, "nohv.tj");
  add_month(inv, "S3", 2024, 1, 100, "L");  // per TJ, no heating value
  add_month(inv, "S3", 2024, 2, 100, "L");  // the same unit is reported once
  const auto missing = find(ErrorCode::factor_not_found);
  ASSERT_EQ(missing.size(), 1u);
  EXPECT_EQ(missing[0].where.field, "factor");
  const auto mismatch = find(ErrorCode::unit_mismatch);
  ASSERT_EQ(mismatch.size(), 1u);
  EXPECT_NE(mismatch[0].message.find("add a heating value"), std::string::npos);
  EXPECT_EQ(mismatch[0].where.field, "unit");
  EXPECT_EQ(mismatch[0].where.row, 2);  // the first record of S3
}

TEST_F(ValidateTest, RecordProblems) {
  add_month(inv, "S9", 2024, 3, 1, "kWh");
  add_month(inv, "S1", 2024, 4, -5, "kWh");
  add_month(inv, "S1", 2024, 5, std::nan(""), "kWh");
  add_period(inv, "S1", {2024, 2, 30, 2024, 3, 1}, 1, "kWh");
  const auto unknown = find(ErrorCode::inventory_unknown_source);
  ASSERT_EQ(unknown.size(), 1u);
  EXPECT_NE(unknown[0].message.find("source 'S9'"), std::string::npos);
  const auto negative = find(ErrorCode::inventory_negative_amount);
  ASSERT_EQ(negative.size(), 1u);
  EXPECT_NE(negative[0].message.find("is negative"), std::string::npos);
  const auto not_finite = find(ErrorCode::parse_bad_value);
  ASSERT_EQ(not_finite.size(), 1u);
  EXPECT_NE(not_finite[0].message.find("not a finite number"), std::string::npos);
  const auto period = find(ErrorCode::inventory_bad_period);
  ASSERT_EQ(period.size(), 1u);
  EXPECT_EQ(period[0].severity, Severity::error);
  EXPECT_NE(period[0].message.find("start day 30 does not exist"), std::string::npos);
}

TEST_F(ValidateTest, RecordOutsideTheYearIsAWarning) {
  add_month(inv, "S1", 2025, 1, 5, "kWh");
  const auto outside = find(ErrorCode::inventory_bad_period);
  ASSERT_EQ(outside.size(), 1u);
  EXPECT_EQ(outside[0].severity, Severity::warning);
  EXPECT_NE(outside[0].message.find("lies outside reporting year 2024"), std::string::npos);
}

TEST_F(ValidateTest, MonthlySourceNeedsEveryMonth) {
  // Records: January (SetUp), plus a bill period 2024-02-15..2024-04-14 covering Feb–Apr.
  // Missing: 5–12.
  inv.sources[0].requires_monthly = true;
  add_period(inv, "S1", {2024, 2, 15, 2024, 4, 14}, 100, "kWh");
  const auto missing = find(ErrorCode::inventory_missing_month);
  ASSERT_EQ(missing.size(), 1u);
  EXPECT_NE(missing[0].message.find("missing month(s) 5, 6, 7, 8, 9, 10, 11, 12"),
            std::string::npos)
      << missing[0].message;
}

TEST_F(ValidateTest, RefrigerantSources) {
  auto& no_spec = add_source(inv, "R1", "F1", SourceType::fugitive_refrigerant, "");
  (void)no_spec;
  auto& outside = add_source(inv, "R2", "F1", SourceType::fugitive_refrigerant, "");
  outside.refrigerant = RefrigerantEquipment{"R-32", "chiller", 0.30, "measured"};  // > 15 %
  auto& unjustified = add_source(inv, "R3", "F1", SourceType::fugitive_refrigerant, "");
  unjustified.refrigerant = RefrigerantEquipment{"R-32", "chiller", 0.05, ""};
  auto& not_fraction = add_source(inv, "R4", "F1", SourceType::fugitive_refrigerant, "");
  not_fraction.refrigerant = RefrigerantEquipment{"R-32", "chiller", 5.5, "percent by mistake"};
  auto& unknown_gas = add_source(inv, "R5", "F1", SourceType::fugitive_refrigerant, "");
  unknown_gas.refrigerant = RefrigerantEquipment{"R-999", "chiller", std::nullopt, ""};

  const auto spec = find(ErrorCode::parse_missing_field);
  ASSERT_FALSE(spec.empty());
  EXPECT_EQ(spec[0].where.record, "R1");
  EXPECT_NE(spec[0].message.find("needs `refrigerant:`"), std::string::npos);
  const auto leak = find(ErrorCode::inventory_leak_rate_outside_range);
  ASSERT_EQ(leak.size(), 2u);
  EXPECT_EQ(leak[0].severity, Severity::warning);
  EXPECT_NE(leak[0].message.find("outside the range 0.020000–0.150000"), std::string::npos)
      << leak[0].message;
  EXPECT_EQ(leak[1].where.field, "justification");
  const auto fraction = find(ErrorCode::parse_bad_value);
  ASSERT_EQ(fraction.size(), 1u);
  EXPECT_NE(fraction[0].message.find("fraction between 0 and 1"), std::string::npos);
  const auto blend = find(ErrorCode::blend_invalid);
  ASSERT_EQ(blend.size(), 1u);
  EXPECT_NE(blend[0].message.find("'R-999'"), std::string::npos);
}

TEST_F(ValidateTest, MarketInstruments) {
  inv.instruments.push_back({.id = "I1",
                             .type = InstrumentType::certificate,
                             .facility = "F9",
                             .kwh = 10,
                             .kg_co2e_per_kwh = 0});
  inv.instruments.push_back({.id = "I2",
                             .type = InstrumentType::certificate,
                             .facility = "F1",
                             .kwh = 10,
                             .kg_co2e_per_kwh = 0.1});
  inv.instruments.push_back({.id = "I3",
                             .type = InstrumentType::supplier_specific,
                             .facility = "F1",
                             .kwh = -10,
                             .kg_co2e_per_kwh = 0.1});
  EXPECT_EQ(find(ErrorCode::inventory_unknown_facility).size(), 1u);
  const auto problems = find(ErrorCode::inventory_market_instrument);
  ASSERT_EQ(problems.size(), 2u);
  EXPECT_NE(problems[0].message.find("certificate carries 0 kg CO2e/kWh"), std::string::npos);
  EXPECT_NE(problems[1].message.find("must not be negative"), std::string::npos);
}

TEST_F(ValidateTest, OwnFactorWithUnknownGasAndEmptyInventory) {
  factors::EmissionFactor own;
  own.id = "mine";
  own.per = test::unit("kg");
  own.gases = {{"CFC-11", 1}};
  inv.own_factors.push_back(own);
  const auto gas = find(ErrorCode::gas_unknown);
  ASSERT_EQ(gas.size(), 1u);
  EXPECT_EQ(gas[0].where.record, "mine");

  Inventory empty = test::make_inventory(2024);
  const Diagnostics all = validate(empty, library);
  ASSERT_EQ(all.error_count(), 1u);
  EXPECT_EQ(all.items()[0].code, ErrorCode::inventory_empty);
  EXPECT_NE(all.items()[0].message.find("no emission sources"), std::string::npos);
}

}  // namespace
}  // namespace cl::inventory
