// RecordRef::to_string: the form printed by the CLI, documented in record_ref.hpp as
// "activity.csv:12: field 'unit' (record S01)".
#include "core/common/record_ref.hpp"

#include <gtest/gtest.h>

namespace cl {
namespace {

TEST(RecordRefTest, DocumentedFullForm) {
  RecordRef where{.file = "activity.csv", .row = 12, .field = "unit", .record = "S01"};
  EXPECT_EQ(where.to_string(), "activity.csv:12: field 'unit' (record S01)");
  EXPECT_FALSE(where.empty());
}

TEST(RecordRefTest, PartialForms) {
  EXPECT_EQ((RecordRef{.file = "inv.yaml"}).to_string(), "inv.yaml");
  EXPECT_EQ((RecordRef{.file = "inv.yaml", .row = 4}).to_string(), "inv.yaml:4");
  EXPECT_EQ((RecordRef{.row = 4}).to_string(), "row 4");
  EXPECT_EQ((RecordRef{.field = "gwp"}).to_string(), "field 'gwp'");
  EXPECT_EQ((RecordRef{.record = "S01"}).to_string(), "(record S01)");
  EXPECT_EQ((RecordRef{.file = "inv.yaml", .field = "gwp"}).to_string(), "inv.yaml: field 'gwp'");
}

TEST(RecordRefTest, EmptyMeansNothingSet) {
  EXPECT_TRUE(RecordRef{}.empty());
  EXPECT_EQ(RecordRef{}.to_string(), "");
  EXPECT_FALSE((RecordRef{.row = 1}).empty());
  EXPECT_FALSE((RecordRef{.record = "x"}).empty());
}

}  // namespace
}  // namespace cl
