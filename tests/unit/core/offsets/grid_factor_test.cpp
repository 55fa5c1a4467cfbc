// The combined margin of CDM tool 07 on published generation data.
//
// Operating margin: Taiwan's 2023 net generation by fuel, 經濟部能源署 energy statistics as
// summarized by NTU RSPRC "2023台灣能源情勢回顧" (total 2,821.36 億度 = 282,136 GWh; coal
// 1,191.68 億度, gas 1,116.30 億度, oil 37.75 億度, renewables 267.09 億度, nuclear 6.31 %,
// pumped hydro 1.08 %). Fuel-specific generation factors: coal 0.832, oil 0.792, gas 0.398
// t CO2/MWh, Taiwan's 2021 values [S] (data/factors/tw-electricity.yaml header) — a different
// vintage than the generation, so the number is an illustration of the method, not an official
// margin. Renewables and nuclear are low-cost/must-run.
//   OM = (119,168 × 0.832 + 111,630 × 0.398 + 3,775 × 0.792) GWh·t/MWh / (119,168 + 111,630 +
//   3,775)
//      = (99,147.776 + 44,428.74 + 2,989.8) / 234,573 = 146,566.316 / 234,573 = 0.6248218 t/MWh
//
// Build margin: illustrative recent units (invented for the test, not published data):
//   U1 gas 2023 6,000 GWh 0.37 · U3 solar 2023 8,000 GWh 0 · U2 gas 2022 6,000 GWh 0.37 ·
//   U5 wind 2022 4,000 GWh 0 · U4 coal 2019 7,000 GWh 0.80 · U6 coal 2018 7,000 GWh 0.80 ·
//   U7 gas 2016 20,000 GWh 0.40.
//   SET_5 = U1, U3, U2, U5, U4 = 31,000 GWh. 20 % of 282,136 GWh = 56,427.2 GWh; SET_≥20% needs
//   all seven units = 58,000 GWh, the larger, so BM uses it:
//   BM = (2,220 + 0 + 2,220 + 0 + 5,600 + 5,600 + 8,000) / 58,000 = 23,640 / 58,000 = 0.4075862
// Combined margin, first crediting period (w = 0.5/0.5): CM = 0.5 × 0.6248218 + 0.5 × 0.4075862
//   = 0.5162040 t CO2/MWh.
#include "core/offsets/grid_factor.hpp"

#include <gtest/gtest.h>

namespace cl::offsets {
namespace {

GridData taiwan_2023() {
  GridData data;
  GenerationYear year{2023, {}};
  year.sources = {
      {"coal", 119'168'000, 0.832, false, 0},
      {"gas", 111'630'000, 0.398, false, 0},
      {"oil", 3'775'000, 0.792, false, 0},
      {"renewables", 26'709'000, 0.0, true, 0},
      {"nuclear", 0.0631 * 282'136'000, 0.0, true, 0},
      {"pumped_hydro", 0.0108 * 282'136'000, 0.0, true, 0},
  };
  data.om_years.push_back(year);
  data.bm_units = {
      {"U1", 6'000'000, 0.37, false, 2023},  {"U2", 6'000'000, 0.37, false, 2022},
      {"U3", 8'000'000, 0.0, true, 2023},    {"U4", 7'000'000, 0.80, false, 2019},
      {"U5", 4'000'000, 0.0, true, 2022},    {"U6", 7'000'000, 0.80, false, 2018},
      {"U7", 20'000'000, 0.40, false, 2016},
  };
  data.system_generation_mwh = 282'136'000;
  return data;
}

TEST(OffsetsGridFactor, CombinedMarginFromTaiwan2023Generation) {
  auto result = combined_margin(taiwan_2023());
  ASSERT_TRUE(result) << result.error().message;
  EXPECT_NEAR(result->operating_margin, 146'566.316 / 234'573.0, 1e-12);
  EXPECT_NEAR(result->operating_margin, 0.6248218, 1e-7);
  EXPECT_EQ(result->bm_rule, "SET_>=20%");
  EXPECT_EQ(result->bm_units.size(), 7u);
  EXPECT_EQ(result->bm_units.front(), "U1");
  EXPECT_NEAR(result->build_margin, 23'640.0 / 58'000.0, 1e-12);
  EXPECT_DOUBLE_EQ(result->w_om, 0.5);
  EXPECT_NEAR(result->combined_margin, 0.5162040, 1e-7);
  // LCMR share (26,709 + 17,802.78 + 3,047.07) / 282,136 = 16.86 % < 50 %.
  ASSERT_EQ(result->lcmr_share.size(), 1u);
  EXPECT_NEAR(result->lcmr_share[0].second, 0.16857, 1e-4);
}

TEST(OffsetsGridFactor, SetOfFiveWinsWhenItGeneratesMore) {
  // A small system of 100,000 MWh: 20 % = 20,000 MWh is reached by the first unit alone
  // (30,000), but the five most recent generate 30,000 + 4 × 10,000 = 70,000: SET_5.
  // BM = (30,000 × 0.4 + 40,000 × 0.8) / 70,000 = 44,000 / 70,000 = 0.628571...
  GridData data;
  data.om_years = {{2023, {{"coal", 50'000, 0.9, false, 0}}}};
  data.bm_units = {{"A", 30'000, 0.4, false, 2024}, {"B", 10'000, 0.8, false, 2023},
                   {"C", 10'000, 0.8, false, 2022}, {"D", 10'000, 0.8, false, 2021},
                   {"E", 10'000, 0.8, false, 2020}, {"F", 10'000, 0.0, false, 2019}};
  data.system_generation_mwh = 100'000;
  data.crediting_period_number = 2;  // 0.25 / 0.75
  auto result = combined_margin(data);
  ASSERT_TRUE(result) << result.error().message;
  EXPECT_EQ(result->bm_rule, "SET_5");
  EXPECT_NEAR(result->build_margin, 44.0 / 70.0, 1e-12);
  // CM = 0.25 × 0.9 + 0.75 × 0.628571 = 0.225 + 0.471429 = 0.696429
  EXPECT_NEAR(result->combined_margin, 0.225 + 0.75 * 44.0 / 70.0, 1e-12);
}

TEST(OffsetsGridFactor, DefaultWeightsOfStep6) {
  EXPECT_EQ(default_cm_weights(true, 1), (std::pair{0.75, 0.25}));
  EXPECT_EQ(default_cm_weights(false, 1), (std::pair{0.5, 0.5}));
  EXPECT_EQ(default_cm_weights(false, 3), (std::pair{0.25, 0.75}));
}

TEST(OffsetsGridFactor, RefusesTooMuchMustRunAndTooFewBuildMarginUnits) {
  GridData hydro;
  hydro.om_years = {{2023, {{"hydro", 60, 0.0, true, 0}, {"coal", 40, 0.9, false, 0}}}};
  hydro.bm_units = {{"A", 100, 0.5, false, 2023}};
  hydro.system_generation_mwh = 100;
  auto lcmr = combined_margin(hydro);
  ASSERT_FALSE(lcmr);
  EXPECT_EQ(lcmr.error().code, ErrorCode::offsets_grid_data);
  EXPECT_NE(lcmr.error().message.find("only below 50 %"), std::string::npos);

  auto few = taiwan_2023();
  few.bm_units.resize(2);
  auto short_set = combined_margin(few);
  ASSERT_FALSE(short_set);
  EXPECT_NE(short_set.error().message.find("less than 20 %"), std::string::npos);

  auto weights = taiwan_2023();
  weights.w_om = 0.6;
  weights.w_bm = 0.5;
  EXPECT_FALSE(combined_margin(weights));
}

}  // namespace
}  // namespace cl::offsets
