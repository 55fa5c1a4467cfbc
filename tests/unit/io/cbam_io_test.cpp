// The CBAM and carbon-fee data files and the CBAM input reader. Expected values come from the
// sources the data files cite: the Taiwan carbon fee of reference/taiwan-ghg.md §10 (general
// NT$300, preferential A NT$50 and B NT$100 per t, threshold 25,000 t, adjustment factor 0.2),
// the default value for CN 7318 15 from Taiwan (2.71 t/t, Implementing Regulation (EU) 2025/2621
// via cbamdefaults.com) and the mark-ups of reference/cbam.md (+10/+20/+30 %).
#include <gtest/gtest.h>

#include "core/carbonfee/estimate.hpp"
#include "io/carbonfee_io.hpp"
#include "io/cbam_reader.hpp"

namespace cl::io {
namespace {

const std::string kData = CL_SOURCE_DIR "/data/";

TEST(CbamData, GoodsCatalogueCoversFastenersAndNotValvesOrScrap) {
  Diagnostics diagnostics;
  auto goods = read_cbam_goods(kData + "cbam/goods.yaml", diagnostics);
  ASSERT_TRUE(goods) << goods.error().to_string();
  EXPECT_TRUE(diagnostics.empty());
  const auto* screws = goods->find("7318 15 88");
  ASSERT_NE(screws, nullptr);
  EXPECT_EQ(screws->category, "Iron or steel products");
  EXPECT_TRUE(screws->is_direct_only);
  EXPECT_EQ(screws->source.document.substr(0, 25), "Regulation (EU) 2023/956 ");
  EXPECT_EQ(goods->find("8481 80 85"), nullptr);  // valves
  EXPECT_EQ(goods->find("7204 49 00"), nullptr);  // ferrous scrap
  EXPECT_EQ(goods->find("3105 60 00"), nullptr);  // excluded from 3105
  EXPECT_EQ(goods->find("7206 10 00")->category, "Crude steel");
  EXPECT_EQ(goods->find("7218 91 10")->category, "Iron or steel products");
}

TEST(CbamData, DefaultValuesAndMarkUps) {
  Diagnostics diagnostics;
  auto table = read_cbam_defaults(kData + "cbam/default-values.yaml", diagnostics);
  ASSERT_TRUE(table) << table.error().to_string();
  const auto* screws = table->find("7318 15 88", "TW", 2026);
  ASSERT_NE(screws, nullptr);
  EXPECT_DOUBLE_EQ(screws->direct, 2.71);
  EXPECT_FALSE(screws->indirect.has_value());
  EXPECT_EQ(screws->source.verification, Verification::secondary);
  EXPECT_EQ(table->find("7318 15 88", "TW", 2025), nullptr);  // definitive values from 2026
  EXPECT_DOUBLE_EQ(table->markup_for(2026)->fraction, 0.10);
  EXPECT_DOUBLE_EQ(table->markup_for(2027)->fraction, 0.20);
  EXPECT_DOUBLE_EQ(table->markup_for(2031)->fraction, 0.30);
  // 2.71 × 1.10 = 2.981, the 2026 column of the table (2.98).
  EXPECT_NEAR(screws->direct * (1 + table->markup_for(2026)->fraction), 2.98, 0.005);
}

TEST(CarbonFeeData, TaiwanRulesMatchTheReference) {
  Diagnostics diagnostics;
  auto rules = read_carbonfee_rules(kData + "carbon-fee/taiwan.yaml", diagnostics);
  ASSERT_TRUE(rules) << rules.error().to_string();
  EXPECT_EQ(rules->currency, "TWD");
  EXPECT_DOUBLE_EQ(carbonfee::value_in(rules->threshold_t, 2025)->value, 25000);
  EXPECT_DOUBLE_EQ(carbonfee::value_in(rules->general_rate, 2025)->value, 300);
  EXPECT_DOUBLE_EQ(carbonfee::value_in(rules->preferential_rate_a, 2025)->value, 50);
  EXPECT_DOUBLE_EQ(carbonfee::value_in(rules->preferential_rate_b, 2025)->value, 100);
  EXPECT_DOUBLE_EQ(carbonfee::value_in(rules->leakage_factor, 2030)->value, 0.2);
  EXPECT_EQ(carbonfee::value_in(rules->general_rate, 2024), nullptr);
  // The 25,000 t deduction is marked unverified in the reference; so must the data be.
  EXPECT_EQ(carbonfee::value_in(rules->deduction_t, 2025)->source.verification,
            Verification::unverified);
  for (const auto& stage : rules->leakage_factor) {
    if (stage.from_year == 0) {
      EXPECT_EQ(stage.source.verification, Verification::unverified);
    }
  }
}

TEST(CbamInputReader, ReadsTheDemoInput) {
  Diagnostics diagnostics;
  auto input = read_cbam_input(kData + "examples/cbam-fasteners.json", diagnostics);
  ASSERT_TRUE(input) << input.error().to_string();
  const auto& c = input->communication;
  EXPECT_EQ(c.installation.unlocode, "TWKHH");
  EXPECT_EQ(c.period.year, 2024);
  EXPECT_EQ(c.period.default_year(), 2026);
  ASSERT_EQ(c.processes.size(), 2u);
  EXPECT_EQ(c.processes[0].goods[0].cn_code, "73181588");
  EXPECT_EQ(c.precursors[1].see_direct, std::nullopt);
  EXPECT_NE(input->inventory_path.find("data/demo/fastener-2024.yaml"), std::string::npos);
}

TEST(CbamInputReader, NamesEveryMissingFieldWithItsLine) {
  const std::string text = R"({
  "carbonledger": "cbam-communication/1",
  "installation": {"name": "X", "address": "a", "city": "c", "country": "TW",
                   "latitude": 1, "longitude": 2},
  "period": {"start": "2026-01-01", "end": "2026-13"},
  "sources": [{"id": "S1", "direct_tco2e": "lots"}],
  "processes": [{"id": "P", "goods": [{"cn": "7318 15"}]}]
})";
  Diagnostics diagnostics;
  auto input = parse_cbam_input(text, "in.json", diagnostics);
  ASSERT_FALSE(input);
  std::vector<std::string> seen;
  for (const auto& item : diagnostics.items())
    seen.push_back(item.where.to_string() + " " + item.message);
  const auto has = [&](std::string_view words) {
    for (const auto& line : seen) {
      if (line.find(words) != std::string::npos) return true;
    }
    return false;
  };
  EXPECT_TRUE(has("in.json:3")) << ::testing::PrintToString(seen);
  EXPECT_TRUE(has("'unlocode'"));
  EXPECT_TRUE(has("period end '2026-13' must be a date"));
  EXPECT_TRUE(has("'direct_tco2e'"));
  EXPECT_TRUE(has("'tonnes'"));
}

// The server's body (POST /inventories/{id}/cbam): the stored inventory gives the sources, so a
// body without `inventory` and `sources` is complete, and one naming an inventory file is refused
// at that field (a request must not make the server open a file).
TEST(CbamInputReader, StoredInventoryBodyNeedsNoSourcesAndNamesNoFile) {
  const std::string body = R"({"carbonledger": "cbam-communication/1",
  "installation": {"name": "X", "address": "a", "city": "c", "country": "TW", "unlocode": "TWKHH",
                   "latitude": 1, "longitude": 2},
  "period": {"start": "2024-01-01", "end": "2024-12-31"},
  "processes": [{"id": "P", "goods": [{"cn": "7318 15 88", "tonnes": 10}]}]})";
  Diagnostics without_sources;
  ASSERT_TRUE(parse_cbam_input(body, "request body", without_sources, true))
      << ::testing::PrintToString(without_sources.items().size());
  Diagnostics as_file;
  EXPECT_FALSE(parse_cbam_input(body, "in.json", as_file));  // a file must give its sources

  const std::string naming = R"({"carbonledger": "cbam-communication/1",
  "inventory": "../demo/fastener-2024.yaml",)" +
                             body.substr(body.find('\n'));
  Diagnostics refused;
  ASSERT_FALSE(parse_cbam_input(naming, "request body", refused, true));
  ASSERT_EQ(refused.error_count(), 1u);
  EXPECT_EQ(refused.items()[0].code, ErrorCode::parse_unknown_field);
  EXPECT_EQ(refused.items()[0].where.field, "inventory");
}

}  // namespace
}  // namespace cl::io
