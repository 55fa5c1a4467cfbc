// Worked examples of CBAM specific embedded emissions (SEE), each worked out by hand in the
// comments with the method of Regulation (EU) 2023/956 Annex IV and Implementing Regulation
// (EU) 2023/1773 Annex III section F (complex goods): SEE = (AttrEm + Σ M_i × SEE_i) / AL,
// direct and indirect apart. Numbers are round and invented except the default value for CN
// 7217 10 from Taiwan (2.30, Implementing Regulation (EU) 2025/2621 via cbamdefaults.com) and the
// +10 % mark-up of 2026, which mirror data/cbam/default-values.yaml.
#include <gtest/gtest.h>

#include "core/cbam/compute.hpp"

namespace cl::cbam {
namespace {

GoodsCatalogue catalogue() {
  GoodsEntry products{.cn_code = "7318",
                      .sector = "iron_steel",
                      .category = "Iron or steel products",
                      .is_direct_only = true};
  GoodsEntry wire{.cn_code = "7217",
                  .sector = "iron_steel",
                  .category = "Iron or steel products",
                  .is_direct_only = true};
  GoodsEntry rod{.cn_code = "7213",
                 .sector = "iron_steel",
                 .category = "Iron or steel products",
                 .is_direct_only = true};
  GoodsEntry alloy_wire{.cn_code = "7229",
                        .sector = "iron_steel",
                        .category = "Iron or steel products",
                        .is_direct_only = true};
  GoodsEntry pig{.cn_code = "7201", .sector = "iron_steel", .category = "Pig iron"};
  GoodsEntry crude{.cn_code = "7206",
                   .sector = "iron_steel",
                   .category = "Crude steel",
                   .routes = {"Basic oxygen steelmaking", "Electric arc furnace"}};
  GoodsEntry fertiliser{.cn_code = "3105", .excludes = {"31056000"}, .category = "Mixed"};
  return GoodsCatalogue({products, wire, rod, alloy_wire, pig, crude, fertiliser});
}

DefaultTable defaults() {
  DefaultTable table;
  table.values.push_back({.cn_code = "721710",
                          .country = "TW",
                          .direct = 2.30,
                          .from_year = 2026,
                          .source = {.document = "Implementing Regulation (EU) 2025/2621"}});
  table.values.push_back({.cn_code = "7229",
                          .country = "*",
                          .direct = 1.84,
                          .indirect = 0.75,
                          .from_year = 2023,
                          .to_year = 2025});
  table.markups = {{2027, 0.20, {}}, {2026, 0.10, {}}, {2028, 0.30, {}}};
  return table;
}

Communication base(int year) {
  Communication c;
  c.installation = {.name = "Test mill",
                    .country = "TW",
                    .unlocode = "TWKHH",
                    .latitude = 22.8,
                    .longitude = 120.3};
  c.period = {"2026-01-01", "2026-12-31", year};
  return c;
}

Result<CommunicationResult> run(const Communication& c, Diagnostics* out = nullptr) {
  Diagnostics diagnostics;
  auto result = compute(c, catalogue(), defaults(), diagnostics);
  if (out != nullptr) *out = diagnostics;
  return result;
}

bool has(const Diagnostics& diagnostics, ErrorCode code, std::string_view words) {
  for (const auto& item : diagnostics.items()) {
    if (item.code == code && item.message.find(words) != std::string::npos) return true;
  }
  return false;
}

// An EAF steel mill making 100,000 t of crude steel (CN 7206 10 00) from scrap and 20,000 t of
// purchased pig iron (CN 7201 10) whose supplier reports SEE direct 1.9 and indirect 0.1.
//   direct:   AttrEm = 12,000 t (electrodes, natural gas, lime: source S1, all to the EAF)
//             EE_InpMat = 20,000 × 1.9 = 38,000 t
//             SEE_direct = (12,000 + 38,000) / 100,000 = 0.50 t/t
//   indirect: Em_el = 100,000 MWh × 0.5 t/MWh = 50,000 t (source S2, all to the EAF)
//             EE_InpMat = 20,000 × 0.1 = 2,000 t
//             SEE_indirect = (50,000 + 2,000) / 100,000 = 0.52 t/t
TEST(CbamCompute, EafSteelWithPurchasedPigIron) {
  auto c = base(2026);
  c.sources = {{.id = "S1", .direct_t = 12000},
               {.id = "S2", .electricity_mwh = 100000, .electricity_factor = 0.5}};
  c.processes = {{.id = "EAF",
                  .route = "Electric arc furnace",
                  .goods = {{.cn_code = "72061000", .tonnes = 100000}},
                  .attributions = {{"S1", 1.0}, {"S2", 1.0}},
                  .precursors = {{"PIG", 20000}}}};
  c.precursors = {{.id = "PIG",
                   .cn_code = "72011000",
                   .country = "BR",
                   .see_direct = 1.9,
                   .see_indirect = 0.1}};
  Diagnostics diagnostics;
  auto result = run(c, &diagnostics);
  ASSERT_TRUE(result) << result.error().to_string();
  const auto& p = result->processes[0];
  EXPECT_EQ(p.category, "Crude steel");
  EXPECT_DOUBLE_EQ(p.attributed_direct_t, 12000);
  EXPECT_DOUBLE_EQ(p.precursor_direct_t, 38000);
  EXPECT_DOUBLE_EQ(p.attributed_indirect_t, 50000);
  EXPECT_DOUBLE_EQ(p.precursor_indirect_t, 2000);
  EXPECT_DOUBLE_EQ(p.see_direct, 0.50);
  EXPECT_DOUBLE_EQ(p.see_indirect, 0.52);
  EXPECT_DOUBLE_EQ(p.electricity_factor, 0.5);
  EXPECT_DOUBLE_EQ(p.electricity_per_t(), 1.0);  // 100,000 MWh / 100,000 t
  EXPECT_DOUBLE_EQ(p.default_share, 0.0);
  EXPECT_EQ(result->precursors[0].kind, DataKind::actual);
  EXPECT_DOUBLE_EQ(result->unattributed_direct_t, 0.0);
  EXPECT_TRUE(diagnostics.empty());
}

// Screws (CN 7318 15) from 1,050 t of purchased wire (CN 7217 10, Taiwan) without supplier data:
// the 2026 default 2.30 × 1.10 = 2.53 t/t, no indirect value (iron and steel: direct only).
//   direct:   attributed 50 % of S1 (300 t) = 150 t; wire 1,050 × 2.53 = 2,656.5 t
//             SEE_direct = (150 + 2,656.5) / 1,000 = 2.8065
//   indirect: 40 % of 5,000 MWh = 2,000 MWh × 0.474 = 948 t; SEE_indirect = 0.948
//   default share = 2,656.5 / (2,806.5 + 948) = 2,656.5 / 3,754.5 = 0.707551…
//   unattributed: direct 300 − 150 = 150 t; indirect 2,370 − 948 = 1,422 t
TEST(CbamCompute, PurchasedPrecursorWithoutDataTakesTheMarkedUpDefault) {
  auto c = base(2026);
  c.sources = {{.id = "S1", .direct_t = 300},
               {.id = "S2", .electricity_mwh = 5000, .electricity_factor = 0.474}};
  c.processes = {{.id = "SCREWS",
                  .goods = {{.cn_code = "73181588", .tonnes = 1000}},
                  .attributions = {{"S1", 0.5}, {"S2", 0.4}},
                  .precursors = {{"WIRE", 1050}}}};
  c.precursors = {{.id = "WIRE", .cn_code = "72171010", .country = "TW"}};
  auto result = run(c);
  ASSERT_TRUE(result) << result.error().to_string();
  const auto& wire = result->precursors[0];
  EXPECT_EQ(wire.kind, DataKind::default_value);
  EXPECT_DOUBLE_EQ(wire.base_direct, 2.30);
  EXPECT_DOUBLE_EQ(wire.markup, 0.10);
  EXPECT_DOUBLE_EQ(wire.see_direct, 2.53);
  EXPECT_DOUBLE_EQ(wire.see_indirect, 0.0);
  const auto& p = result->processes[0];
  EXPECT_NEAR(p.see_direct, 2.8065, 1e-12);
  EXPECT_NEAR(p.see_indirect, 0.948, 1e-12);
  EXPECT_NEAR(p.default_share, 2656.5 / 3754.5, 1e-12);
  EXPECT_NEAR(result->unattributed_direct_t, 150, 1e-9);
  EXPECT_NEAR(result->unattributed_indirect_t, 1422, 1e-9);
}

// The mark-up follows the reporting year: 2028 → +30 %: 2.30 × 1.3 = 2.99; a 2030 report keeps
// the latest (+30 %). The transitional world value for 7229 applies up to 2025 with no mark-up.
TEST(CbamCompute, MarkUpFollowsTheReportingYear) {
  EXPECT_DOUBLE_EQ(defaults().markup_for(2028)->fraction, 0.30);
  EXPECT_DOUBLE_EQ(defaults().markup_for(2030)->fraction, 0.30);
  EXPECT_DOUBLE_EQ(defaults().markup_for(2027)->fraction, 0.20);
  EXPECT_EQ(defaults().markup_for(2025), nullptr);
  auto c = base(2028);
  c.sources = {{.id = "S1", .direct_t = 0}};
  c.processes = {
      {.id = "P", .goods = {{.cn_code = "731815", .tonnes = 100}}, .precursors = {{"WIRE", 100}}}};
  c.precursors = {{.id = "WIRE", .cn_code = "721710", .country = "TW"}};
  auto result = run(c);
  ASSERT_TRUE(result);
  EXPECT_NEAR(result->processes[0].see_direct, 2.99, 1e-12);  // 100 × 2.99 / 100
  // 2025: the TW default starts in 2026, the world value of 7229 (1.84 / 0.75) has no mark-up.
  auto old = base(2025);
  old.sources = c.sources;
  old.processes = {
      {.id = "P", .goods = {{.cn_code = "731815", .tonnes = 50}}, .precursors = {{"ALLOY", 100}}}};
  old.precursors = {{.id = "ALLOY", .cn_code = "72292000", .country = "TW"}};
  auto transitional = run(old);
  ASSERT_TRUE(transitional);
  EXPECT_DOUBLE_EQ(transitional->processes[0].see_direct, 100 * 1.84 / 50);    // 3.68
  EXPECT_DOUBLE_EQ(transitional->processes[0].see_indirect, 100 * 0.75 / 50);  // 1.5
}

// Own precursor: wire drawn in-house (process DRAW) from purchased wire rod, then headed into
// screws (process HEAD).
//   DRAW: rod 520 t × (0.6, 0.3) = (312, 156); attributed direct 20, indirect 100 MWh × 0.5 = 50
//         SEE = ((20 + 312) / 500, (50 + 156) / 500) = (0.664, 0.412)
//   HEAD: own wire 400 t × (0.664, 0.412) = (265.6, 164.8); attributed direct 34.4, indirect
//         120.4 MWh × 0.5 = 60.2; SEE = ((34.4 + 265.6) / 375, (60.2 + 164.8) / 375) = (0.8, 0.6)
TEST(CbamCompute, OwnPrecursorTakesTheSeeOfItsProcess) {
  auto c = base(2026);
  c.sources = {{.id = "GAS", .direct_t = 54.4},
               {.id = "POWER", .electricity_mwh = 220.4, .electricity_factor = 0.5}};
  // HEAD is listed first, so the calculation must order DRAW before it.
  c.processes = {{.id = "HEAD",
                  .goods = {{.cn_code = "73181500", .tonnes = 375}},
                  .attributions = {{"GAS", 34.4 / 54.4}, {"POWER", 120.4 / 220.4}},
                  .precursors = {{"OWNWIRE", 400}}},
                 {.id = "DRAW",
                  .goods = {{.cn_code = "72171000", .tonnes = 500}},
                  .attributions = {{"GAS", 20 / 54.4}, {"POWER", 100 / 220.4}},
                  .precursors = {{"ROD", 520}}}};
  c.precursors = {
      {.id = "OWNWIRE", .cn_code = "721710", .origin = PrecursorOrigin::own, .process = "DRAW"},
      {.id = "ROD",
       .cn_code = "72139110",
       .country = "TW",
       .see_direct = 0.6,
       .see_indirect = 0.3}};
  auto result = run(c);
  ASSERT_TRUE(result) << result.error().to_string();
  EXPECT_NEAR(result->processes[1].see_direct, 0.664, 1e-12);
  EXPECT_NEAR(result->processes[1].see_indirect, 0.412, 1e-12);
  EXPECT_NEAR(result->processes[0].see_direct, 0.8, 1e-12);
  EXPECT_NEAR(result->processes[0].see_indirect, 0.6, 1e-12);
  EXPECT_NEAR(result->unattributed_direct_t, 0.0, 1e-9);
}

TEST(CbamCompute, ACnCodeThatIsNotACbamGoodIsAnError) {
  auto c = base(2026);
  c.sources = {{.id = "S1", .direct_t = 10}};
  // 8481 80: taps and valves, not in Annex I; 7204: ferrous scrap, not in Annex I;
  // 3105 60 00 is excluded from heading 3105.
  c.processes = {{.id = "P",
                  .goods = {{.cn_code = "84818000", .tonnes = 10},
                            {.cn_code = "72044900", .tonnes = 1},
                            {.cn_code = "31056000", .tonnes = 1}},
                  .attributions = {{"S1", 1}}}};
  Diagnostics diagnostics;
  auto result = run(c, &diagnostics);
  ASSERT_FALSE(result);
  EXPECT_EQ(result.error().code, ErrorCode::cbam_not_cbam_good);
  EXPECT_TRUE(has(diagnostics, ErrorCode::cbam_not_cbam_good, "CN code 8481 80 00 is not a CBAM"));
  EXPECT_TRUE(has(diagnostics, ErrorCode::cbam_not_cbam_good, "CN code 7204 49 00"));
  EXPECT_TRUE(has(diagnostics, ErrorCode::cbam_not_cbam_good, "CN code 3105 60 00"));
  EXPECT_NE(catalogue().find("3105 10 00"), nullptr);
}

TEST(CbamCompute, ZeroProductionIsAnError) {
  auto c = base(2026);
  c.sources = {{.id = "S1", .direct_t = 10}};
  c.processes = {
      {.id = "P", .goods = {{.cn_code = "73181500", .tonnes = 0}}, .attributions = {{"S1", 1}}}};
  auto result = run(c);
  ASSERT_FALSE(result);
  EXPECT_EQ(result.error().code, ErrorCode::cbam_production);
  EXPECT_NE(result.error().message.find("process P produced no goods"), std::string::npos);
}

TEST(CbamCompute, PurchasedPrecursorWithNeitherDataNorDefaultIsAnError) {
  auto c = base(2026);
  c.sources = {{.id = "S1", .direct_t = 10}};
  c.processes = {
      {.id = "P", .goods = {{.cn_code = "73181500", .tonnes = 10}}, .precursors = {{"WIRE", 11}}}};
  c.precursors = {{.id = "WIRE", .cn_code = "72171000", .country = "VN"}};
  auto result = run(c);
  ASSERT_FALSE(result);
  EXPECT_EQ(result.error().code, ErrorCode::cbam_precursor_data);
  EXPECT_NE(result.error().message.find("WIRE (CN 7217 10 00, from VN) has no supplier data"),
            std::string::npos);
}

TEST(CbamCompute, AttributionProblemsAreNamed) {
  auto c = base(2026);
  c.sources = {{.id = "S1", .direct_t = 10}};
  c.processes = {{.id = "A",
                  .goods = {{.cn_code = "73181500", .tonnes = 1}},
                  .attributions = {{"S1", 0.7}, {"S9", 0.5}}},
                 {.id = "B",
                  .goods = {{.cn_code = "73181500", .tonnes = 1}},
                  .attributions = {{"S1", 0.5}, {"S1", -0.1}}}};
  Diagnostics diagnostics;
  ASSERT_FALSE(run(c, &diagnostics));
  EXPECT_TRUE(has(diagnostics, ErrorCode::cbam_unknown_reference, "source 'S9'"));
  EXPECT_TRUE(has(diagnostics, ErrorCode::cbam_attribution, "take 110 % of source S1"));
  EXPECT_TRUE(has(diagnostics, ErrorCode::cbam_attribution, "share -0.1 of source S1"));
}

TEST(CbamCompute, OwnPrecursorLoopIsAnError) {
  auto c = base(2026);
  c.sources = {{.id = "S1", .direct_t = 10}};
  c.processes = {
      {.id = "A", .goods = {{.cn_code = "72171000", .tonnes = 1}}, .precursors = {{"FROM_B", 1}}},
      {.id = "B", .goods = {{.cn_code = "73181500", .tonnes = 1}}, .precursors = {{"FROM_A", 1}}}};
  c.precursors = {
      {.id = "FROM_A", .cn_code = "72171000", .origin = PrecursorOrigin::own, .process = "A"},
      {.id = "FROM_B", .cn_code = "73181500", .origin = PrecursorOrigin::own, .process = "B"}};
  auto result = run(c);
  ASSERT_FALSE(result);
  EXPECT_EQ(result.error().code, ErrorCode::cbam_precursor_cycle);
  EXPECT_NE(result.error().message.find("A → B → A"), std::string::npos);
}

TEST(CbamCompute, InstallationFieldsAreChecked) {
  auto c = base(2026);
  c.installation.unlocode = "KHH";
  c.installation.latitude = 122.8;
  c.sources = {{.id = "S1", .direct_t = 10}};
  c.processes = {{.id = "P", .goods = {{.cn_code = "73181500", .tonnes = 1}}}};
  Diagnostics diagnostics;
  ASSERT_FALSE(run(c, &diagnostics));
  EXPECT_TRUE(has(diagnostics, ErrorCode::parse_bad_value, "UN/LOCODE 'KHH' must be 5"));
  EXPECT_TRUE(has(diagnostics, ErrorCode::parse_bad_value, "coordinates 122.8, 120.3"));
}

// A carbon price of NT$ 3,000,000 paid on 10,000 t with a NT$ 500,000 rebate:
// (3,000,000 − 500,000) / 10,000 = NT$ 250 per t CO2e.
TEST(CbamCompute, CarbonPricePerTonneIsNetOfRebates) {
  auto c = base(2026);
  c.sources = {{.id = "S1", .direct_t = 10}};
  c.processes = {
      {.id = "P", .goods = {{.cn_code = "73181500", .tonnes = 1}}, .attributions = {{"S1", 1}}}};
  c.carbon_prices = {{.instrument = "carbon fee",
                      .amount = 3e6,
                      .currency = "TWD",
                      .rebate = 5e5,
                      .covered_emissions_t = 1e4}};
  auto result = run(c);
  ASSERT_TRUE(result);
  EXPECT_DOUBLE_EQ(result->carbon_prices[0].net_amount, 2.5e6);
  EXPECT_DOUBLE_EQ(result->carbon_prices[0].per_t_co2e, 250);
}

TEST(CbamCatalogue, LongestPrefixAndFormatting) {
  EXPECT_EQ(catalogue().find("7318 15 88")->category, "Iron or steel products");
  EXPECT_EQ(catalogue().find("7204 49 00"), nullptr);
  EXPECT_EQ(format_cn("73181588"), "7318 15 88");
  EXPECT_EQ(format_cn("731815"), "7318 15");
  EXPECT_EQ(normalize_cn("7318 15.88"), "73181588");
}

}  // namespace
}  // namespace cl::cbam
