// The inventory model's id tables and category rules (model.hpp). Expected ids are the ones the
// inventory format uses; categories follow ISO 14064-1:2018 (1 direct, 2 imported energy, 3–6
// other indirect) and the GHG Protocol scope mapping stated in model.hpp.
#include "core/inventory/model.hpp"

#include <gtest/gtest.h>

namespace cl::inventory {
namespace {

TEST(ModelTest, DefaultCategoryBySourceType) {
  EXPECT_EQ(default_category(SourceType::stationary_combustion), 1);
  EXPECT_EQ(default_category(SourceType::mobile_combustion), 1);
  EXPECT_EQ(default_category(SourceType::fugitive_refrigerant), 1);
  EXPECT_EQ(default_category(SourceType::fugitive_septic), 1);
  EXPECT_EQ(default_category(SourceType::purchased_electricity), 2);
  EXPECT_EQ(default_category(SourceType::purchased_steam), 2);
  EXPECT_EQ(default_category(SourceType::indirect_other), 0);  // must state one
}

TEST(ModelTest, ScopeOfCategory) {
  EXPECT_EQ(scope_of_category(1), 1);
  EXPECT_EQ(scope_of_category(2), 2);
  for (int category = 3; category <= 6; ++category) EXPECT_EQ(scope_of_category(category), 3);
}

TEST(ModelTest, SourceTypeIdsRoundTrip) {
  for (SourceType type :
       {SourceType::stationary_combustion, SourceType::mobile_combustion, SourceType::process,
        SourceType::fugitive_refrigerant, SourceType::fugitive_extinguisher,
        SourceType::fugitive_septic, SourceType::fugitive_sf6, SourceType::fugitive_other,
        SourceType::purchased_electricity, SourceType::purchased_steam,
        SourceType::indirect_other}) {
    auto parsed = parse_source_type(source_type_id(type));
    ASSERT_TRUE(parsed) << source_type_id(type);
    EXPECT_EQ(*parsed, type);
  }
  EXPECT_EQ(source_type_name_zh(SourceType::purchased_electricity), "外購電力");
  EXPECT_EQ(source_type_name_zh(SourceType::fugitive_septic), "逸散（化糞池）");
}

TEST(ModelTest, UnknownSourceTypeListsTheKnownOnes) {
  auto parsed = parse_source_type("electricity", {.file = "inv.yaml", .row = 20});
  ASSERT_FALSE(parsed);
  EXPECT_EQ(parsed.error().code, ErrorCode::inventory_source_type);
  EXPECT_NE(parsed.error().message.find("unknown source type 'electricity'"), std::string::npos);
  EXPECT_NE(parsed.error().message.find("purchased_electricity"), std::string::npos);
  EXPECT_EQ(parsed.error().where.row, 20);
}

TEST(ModelTest, BoundariesAndInstruments) {
  EXPECT_EQ(*parse_boundary("equity_share"), Boundary::equity_share);
  EXPECT_EQ(boundary_id(Boundary::operational_control), "operational_control");
  auto bad_boundary = parse_boundary("control");
  ASSERT_FALSE(bad_boundary);
  EXPECT_EQ(bad_boundary.error().code, ErrorCode::parse_bad_value);
  EXPECT_NE(bad_boundary.error().message.find(
                "expected operational_control, financial_control, equity_share"),
            std::string::npos);

  EXPECT_EQ(*parse_instrument_type("residual_mix"), InstrumentType::residual_mix);
  EXPECT_EQ(instrument_type_id(InstrumentType::supplier_specific), "supplier_specific");
  auto bad_instrument = parse_instrument_type("REC");
  ASSERT_FALSE(bad_instrument);
  EXPECT_EQ(bad_instrument.error().code, ErrorCode::inventory_market_instrument);
  EXPECT_NE(bad_instrument.error().message.find("certificate, supplier_specific, residual_mix"),
            std::string::npos);
}

TEST(ModelTest, SourceIndexFindsTheFirstSourceWithAnIdFromAnyStart) {
  // Ids in order A, B, A (again), C: the first A (index 0) is the answer for A, whatever the
  // source before, as for find(); the source after `previous` is taken only when it is that.
  Inventory inventory;
  for (const char* id : {"A", "B", "A", "C"}) inventory.sources.push_back(Source{.id = id});
  const SourceIndex index(inventory);
  EXPECT_EQ(index.find("A"), 0u);
  EXPECT_EQ(index.find_after("A", SourceIndex::npos), 0u);  // npos + 1: the first source
  EXPECT_EQ(index.find_after("B", 0), 1u);                  // the next one
  EXPECT_EQ(index.find_after("A", 1), 0u);                  // next is a repeated A: the first
  EXPECT_EQ(index.find_after("C", 2), 3u);
  EXPECT_EQ(index.find_after("C", 0), 3u);  // not next: looked up
  EXPECT_EQ(index.find_after("B", 3), 1u);  // past the end: looked up
  EXPECT_EQ(index.find_after("Z", 0), SourceIndex::npos);
  EXPECT_EQ(index.find_after("", 2), SourceIndex::npos);
}

}  // namespace
}  // namespace cl::inventory
