// The inventory's sources as CBAM source emissions, with the round test library of
// tests/support/core_fixtures.hpp (co2.kg: 1 kg CO2 per kg; elec.kwh: 0.5 kg CO2e per kWh;
// septic.ph: 0.002 kg CH4 per person-hour, TEST-A GWP 25).
#include <gtest/gtest.h>

#include "core/cbam/from_inventory.hpp"
#include "core/inventory/compute.hpp"
#include "support/core_fixtures.hpp"

namespace cl::cbam {
namespace {

using inventory::SourceType;

// S1 process CO2 2,000 kg → 2 t direct; S2 septic 10,000 person-hours × 0.002 kg CH4 × 25 =
// 500 kg → 0.5 t direct; S3 electricity 4,000 kWh → 4 MWh at 0.5 kg/kWh = 0.5 t/MWh (2 t
// indirect), no direct emissions.
TEST(CbamFromInventory, DirectSourcesAndElectricity) {
  const auto library = test::make_test_library();
  auto inv = test::make_inventory(2024);
  test::add_source(inv, "S1", "F1", SourceType::process, "co2.kg");
  test::add_month(inv, "S1", 2024, 3, 2000, "kg");
  test::add_source(inv, "S2", "F1", SourceType::fugitive_septic, "septic.ph");
  test::add_month(inv, "S2", 2024, 3, 10000, "person-hour");
  test::add_source(inv, "S3", "F1", SourceType::purchased_electricity, "elec.kwh");
  test::add_month(inv, "S3", 2024, 3, 4000, "kWh");
  const auto result = inventory::compute(inv, library);
  ASSERT_TRUE(result) << result.error().to_string();
  const auto sources = sources_from_inventory(inv, *result);
  ASSERT_EQ(sources.size(), 3u);
  EXPECT_EQ(sources[0].id, "S1");
  EXPECT_DOUBLE_EQ(sources[0].direct_t, 2.0);
  EXPECT_DOUBLE_EQ(sources[1].direct_t, 0.5);
  EXPECT_DOUBLE_EQ(sources[2].direct_t, 0.0);
  EXPECT_DOUBLE_EQ(sources[2].electricity_mwh, 4.0);
  EXPECT_DOUBLE_EQ(sources[2].electricity_factor, 0.5);
  EXPECT_DOUBLE_EQ(sources[2].indirect_t(), 2.0);
  EXPECT_NE(sources[2].factor_source.find("elec.kwh"), std::string::npos);
}

}  // namespace
}  // namespace cl::cbam
