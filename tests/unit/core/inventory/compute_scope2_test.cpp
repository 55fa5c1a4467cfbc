// Scope 2 location- and market-based (compute.hpp; GHG Protocol Scope 2 Guidance 2015, ch. 6:
// certificates cover kWh at zero, supplier contracts at their own factor, the rest at the
// residual mix, or at the grid average where none is published, flagged). The fixture's grid
// factor elec.kwh is 0.5 kg CO2e/kWh.
#include <gtest/gtest.h>

#include <algorithm>

#include "core/inventory/compute.hpp"
#include "support/core_fixtures.hpp"

namespace cl::inventory {
namespace {

using test::add_month;
using test::add_source;

std::size_t count_warnings(const InventoryResult& result, ErrorCode code) {
  const auto& items = result.diagnostics.items();
  return static_cast<std::size_t>(std::count_if(items.begin(), items.end(), [&](const auto& d) {
    return d.code == code && d.severity == Severity::warning;
  }));
}

class Scope2Test : public ::testing::Test {
 protected:
  factors::FactorLibrary library = test::make_test_library();
  Inventory inv = test::make_inventory(2024);

  void SetUp() override {
    // F1 uses 100,000 kWh: 40,000 in January and 60,000 in February → 50,000 kg location.
    add_source(inv, "E1", "F1", SourceType::purchased_electricity, "elec.kwh");
    add_month(inv, "E1", 2024, 1, 40000, "kWh");
    add_month(inv, "E1", 2024, 2, 60000, "kWh");
  }
  void add_instrument(InstrumentType type, std::string facility, double kwh, double factor) {
    inv.instruments.push_back({.id = "I" + std::to_string(inv.instruments.size() + 1),
                               .type = type,
                               .facility = std::move(facility),
                               .kwh = kwh,
                               .kg_co2e_per_kwh = factor});
  }
  InventoryResult run() {
    auto result = compute(inv, library);
    EXPECT_TRUE(result) << result.error().to_string();
    return result ? *result : InventoryResult{};
  }
};

TEST_F(Scope2Test, WithoutInstrumentsMarketEqualsLocation) {
  const auto result = run();
  EXPECT_NEAR(result.scope_co2e_kg[1], 50000, 1e-9);
  EXPECT_NEAR(result.scope2_market_co2e_kg, 50000, 1e-9);
  EXPECT_NEAR(result.total_market_co2e_kg, result.total_co2e_kg, 1e-9);
  ASSERT_EQ(result.scope2.size(), 1u);
  EXPECT_NEAR(result.scope2[0].electricity_kwh, 100000, 1e-9);
  EXPECT_TRUE(result.scope2[0].is_residual_from_grid);
  EXPECT_NEAR(result.scope2[0].residual_factor, 0.5, 1e-15);
  EXPECT_EQ(count_warnings(result, ErrorCode::inventory_market_instrument), 0u);
}

TEST_F(Scope2Test, CertificateAndSupplierContractWithoutResidualMix) {
  // 30,000 kWh certificates (0), 20,000 kWh supplier at 0.2 → 4,000 kg; the remaining
  // 100,000 − 30,000 − 20,000 = 50,000 kWh at the grid average 0.5 → 25,000 kg.
  // Market = 4,000 + 25,000 = 29,000 kg, flagged because no residual mix was given.
  add_instrument(InstrumentType::certificate, "F1", 30000, 0);
  add_instrument(InstrumentType::supplier_specific, "F1", 20000, 0.2);
  const auto result = run();
  ASSERT_EQ(result.scope2.size(), 1u);
  const auto& line = result.scope2[0];
  EXPECT_NEAR(line.location_co2e_kg, 50000, 1e-9);
  EXPECT_NEAR(line.certificate_kwh, 30000, 1e-9);
  EXPECT_NEAR(line.supplier_kwh, 20000, 1e-9);
  EXPECT_NEAR(line.supplier_co2e_kg, 4000, 1e-9);
  EXPECT_NEAR(line.residual_kwh, 50000, 1e-9);
  EXPECT_TRUE(line.is_residual_from_grid);
  EXPECT_NEAR(line.market_co2e_kg, 29000, 1e-9);
  EXPECT_NEAR(result.scope2_market_co2e_kg, 29000, 1e-9);
  EXPECT_NEAR(result.scope_co2e_kg[1], 50000, 1e-9);  // location-based is unchanged
  EXPECT_EQ(count_warnings(result, ErrorCode::inventory_market_instrument), 1u);
}

TEST_F(Scope2Test, ResidualMixFactorForTheUncoveredRest) {
  // As above with a residual mix of 0.55: 4,000 + 50,000 × 0.55 = 4,000 + 27,500 = 31,500 kg.
  add_instrument(InstrumentType::certificate, "F1", 30000, 0);
  add_instrument(InstrumentType::supplier_specific, "F1", 20000, 0.2);
  add_instrument(InstrumentType::residual_mix, "F1", 0, 0.55);
  const auto result = run();
  ASSERT_EQ(result.scope2.size(), 1u);
  EXPECT_FALSE(result.scope2[0].is_residual_from_grid);
  EXPECT_DOUBLE_EQ(result.scope2[0].residual_factor, 0.55);
  EXPECT_NEAR(result.scope2_market_co2e_kg, 31500, 1e-9);
  EXPECT_EQ(count_warnings(result, ErrorCode::inventory_market_instrument), 0u);
}

TEST_F(Scope2Test, MarketTotalSwapsOnlyScope2) {
  // Add 1,000 L of fuel (2,022 kg, scope 1). Location total 52,022; with 100,000 kWh of
  // certificates market scope 2 is 0 → market total 2,022.
  add_source(inv, "S1", "F1", SourceType::stationary_combustion, "fuel.tj");
  add_month(inv, "S1", 2024, 3, 1000, "L");
  add_instrument(InstrumentType::certificate, "F1", 100000, 0);
  const auto result = run();
  EXPECT_NEAR(result.total_co2e_kg, 52022, 1e-9);
  EXPECT_NEAR(result.scope2_market_co2e_kg, 0, 1e-9);
  EXPECT_NEAR(result.total_market_co2e_kg, 2022, 1e-9);
}

TEST_F(Scope2Test, OverCoverageIsWarnedAndLeavesNoResidual) {
  add_instrument(InstrumentType::certificate, "F1", 120000, 0);
  const auto result = run();
  EXPECT_NEAR(result.scope2[0].residual_kwh, 0, 1e-12);
  EXPECT_NEAR(result.scope2_market_co2e_kg, 0, 1e-12);
  const auto& items = result.diagnostics.items();
  EXPECT_TRUE(std::any_of(items.begin(), items.end(), [](const Diagnostic& d) {
    return d.code == ErrorCode::inventory_market_instrument &&
           d.message.find("cover more electricity than it used") != std::string::npos;
  }));
}

TEST_F(Scope2Test, InstrumentsApplyToTheirOwnFacilityOnly) {
  // F2 uses 10,000 kWh (5,000 kg) and holds a 10,000 kWh certificate; F1 keeps 50,000 kg.
  add_source(inv, "E2", "F2", SourceType::purchased_electricity, "elec.kwh");
  add_month(inv, "E2", 2024, 5, 10000, "kWh");
  add_instrument(InstrumentType::certificate, "F2", 10000, 0);
  const auto result = run();
  ASSERT_EQ(result.scope2.size(), 2u);
  EXPECT_EQ(result.scope2[0].facility, 0u);
  EXPECT_NEAR(result.scope2[0].market_co2e_kg, 50000, 1e-9);
  EXPECT_EQ(result.scope2[1].facility, 1u);
  EXPECT_NEAR(result.scope2[1].market_co2e_kg, 0, 1e-9);
  EXPECT_NEAR(result.scope_co2e_kg[1], 55000, 1e-9);
  EXPECT_NEAR(result.scope2_market_co2e_kg, 50000, 1e-9);
}

TEST_F(Scope2Test, OtherScope2SourcesStayInTheMarketTotal) {
  // Purchased steam (category 2, not electricity) of 1,000 kg CO2 stays as is in both methods:
  // location 50,000 + 1,000 = 51,000; market with 100,000 kWh certificates = 0 + 1,000.
  add_source(inv, "ST", "F1", SourceType::purchased_steam, "co2.kg");
  add_month(inv, "ST", 2024, 4, 1000, "kg");
  add_instrument(InstrumentType::certificate, "F1", 100000, 0);
  const auto result = run();
  EXPECT_NEAR(result.scope_co2e_kg[1], 51000, 1e-9);
  EXPECT_NEAR(result.scope2_market_co2e_kg, 1000, 1e-9);
}

TEST_F(Scope2Test, ElectricityInMegawattHoursCountsInKilowattHours) {
  // A per-MWh grid factor: 0.5 t/MWh = 500 kg/MWh. The 100,000 kWh above become 100 MWh of
  // activity; the market split still works in kWh: 30,000 kWh certificate → 70,000 × 0.5.
  factors::EmissionFactor per_mwh;
  per_mwh.id = "elec.mwh";
  per_mwh.per = test::unit("MWh");
  per_mwh.gases = {{"CO2e", 500}};
  inv.own_factors.push_back(per_mwh);
  inv.sources[0].factor = "elec.mwh";
  add_instrument(InstrumentType::certificate, "F1", 30000, 0);
  const auto result = run();
  EXPECT_NEAR(result.sources[0].activity, 100, 1e-12);
  EXPECT_NEAR(result.scope2[0].electricity_kwh, 100000, 1e-6);
  EXPECT_NEAR(result.scope2_market_co2e_kg, 35000, 1e-6);
}

TEST_F(Scope2Test, OverCoveredContractsAreCappedCertificatesFirst) {
  // 100,000 kWh used; a 20,000 kWh contract at 0.3 is listed before 90,000 kWh of certificates.
  // Certificates are claimed first: 90,000 kWh at 0; the contract covers the remaining 10,000
  // kWh only: 10,000 × 0.3 = 3,000 kg; nothing is left for the residual. Market = 3,000 kg.
  add_instrument(InstrumentType::supplier_specific, "F1", 20000, 0.3);
  add_instrument(InstrumentType::certificate, "F1", 90000, 0);
  const auto result = run();
  ASSERT_EQ(result.scope2.size(), 1u);
  EXPECT_NEAR(result.scope2[0].certificate_kwh, 90000, 1e-9);
  EXPECT_NEAR(result.scope2[0].supplier_kwh, 10000, 1e-9);
  EXPECT_NEAR(result.scope2[0].residual_kwh, 0, 1e-9);
  EXPECT_NEAR(result.scope2_market_co2e_kg, 3000, 1e-9);
  EXPECT_GE(count_warnings(result, ErrorCode::inventory_market_instrument), 1u);
}

TEST_F(Scope2Test, EquityShareScalesInstrumentsLikeUse) {
  // Equity share 0.6: use 100,000 × 0.6 = 60,000 kWh → 30,000 kg location. A 50,000 kWh
  // certificate counts 50,000 × 0.6 = 30,000 kWh; the other 30,000 kWh at the residual 0.55
  // → 16,500 kg market.
  inv.boundary = Boundary::equity_share;
  inv.facilities[0].equity_share = 0.6;
  add_instrument(InstrumentType::certificate, "F1", 50000, 0);
  add_instrument(InstrumentType::residual_mix, "F1", 0, 0.55);
  const auto result = run();
  ASSERT_EQ(result.scope2.size(), 1u);
  EXPECT_NEAR(result.scope_co2e_kg[1], 30000, 1e-9);
  EXPECT_NEAR(result.scope2[0].certificate_kwh, 30000, 1e-9);
  EXPECT_NEAR(result.scope2_market_co2e_kg, 16500, 1e-9);
}

TEST_F(Scope2Test, EquityShareOutsideZeroToOneIsAnError) {
  inv.boundary = Boundary::equity_share;
  inv.facilities[0].equity_share = 60;  // a percentage typed where a fraction belongs
  auto result = compute(inv, library);
  ASSERT_FALSE(result);
  EXPECT_EQ(result.error().code, ErrorCode::parse_bad_value);
  EXPECT_NE(result.error().message.find("between 0 and 1"), std::string::npos);
}

}  // namespace
}  // namespace cl::inventory
