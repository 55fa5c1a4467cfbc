// The OFS-4 stage machine: the legal path, the mature-method shortcut, and each refusal.
#include "core/offsets/stages.hpp"

#include <gtest/gtest.h>

namespace cl::offsets {
namespace {

StageRecord at(Stage stage, const char* date) {
  return {stage, *parse_date(date), "顧問 consultant", {"doc"}, {}};
}

TEST(OffsetsStages, FullPathToIssuedAndTheNextPeriod) {
  const std::vector<StageRecord> history{
      at(Stage::feasibility, "2023-03-01"),        at(Stage::plan, "2023-05-01"),
      at(Stage::validation, "2023-07-01"),         at(Stage::registration, "2023-09-01"),
      at(Stage::monitoring_report, "2024-02-01"),  at(Stage::verification, "2024-03-01"),
      at(Stage::credit_application, "2024-04-01"), at(Stage::issued, "2024-06-01"),
      at(Stage::monitoring_report, "2025-02-01"),
  };
  auto reached = check_history(history, false, {});
  ASSERT_TRUE(reached) << reached.error().message;
  EXPECT_EQ(**reached, Stage::monitoring_report);
}

TEST(OffsetsStages, SkippingValidationNeedsAMatureMethod) {
  const std::vector<StageRecord> history{at(Stage::feasibility, "2023-03-01"),
                                         at(Stage::plan, "2023-05-01"),
                                         at(Stage::registration, "2023-09-01")};
  auto refused = check_history(history, false, {.file = "p.json"});
  ASSERT_FALSE(refused);
  EXPECT_EQ(refused.error().code, ErrorCode::offsets_stage);
  EXPECT_EQ(refused.error().message,
            "stage registration cannot follow plan; the next stage must be validation");
  EXPECT_EQ(refused.error().where.field, "stages[2]");
  EXPECT_TRUE(check_history(history, true, {}));
}

TEST(OffsetsStages, RefusesIllegalTransitionsDatesAndMissingRecords) {
  auto issued_first =
      check_transition(std::nullopt, std::nullopt, at(Stage::issued, "2024-01-01"), false, {});
  ASSERT_FALSE(issued_first);
  EXPECT_NE(issued_first.error().message.find("cannot follow the start"), std::string::npos);

  auto backwards = check_transition(Stage::feasibility, *parse_date("2023-05-01"),
                                    at(Stage::plan, "2023-04-30"), false, {});
  ASSERT_FALSE(backwards);
  EXPECT_NE(backwards.error().message.find("before the previous stage"), std::string::npos);

  auto nobody = at(Stage::plan, "2023-05-01");
  nobody.responsible.clear();
  EXPECT_FALSE(check_transition(Stage::feasibility, std::nullopt, nobody, false, {}));

  auto no_document = at(Stage::plan, "2023-05-01");
  no_document.documents.clear();
  auto refused = check_transition(Stage::feasibility, std::nullopt, no_document, false, {});
  ASSERT_FALSE(refused);
  EXPECT_NE(refused.error().message.find("needs at least one document"), std::string::npos);

  // verification cannot be repeated without a new monitoring report
  EXPECT_FALSE(check_transition(Stage::verification, std::nullopt,
                                at(Stage::verification, "2024-05-01"), false, {}));
}

TEST(OffsetsStages, DatesParseStrictly) {
  EXPECT_TRUE(parse_date("2024-02-29"));
  EXPECT_FALSE(parse_date("2023-02-29"));
  EXPECT_FALSE(parse_date("2023-13-01"));
  EXPECT_FALSE(parse_date("2023-1-01"));
  EXPECT_EQ(days_inclusive(*parse_date("2024-01-01"), *parse_date("2024-12-31")), 366);
}

}  // namespace
}  // namespace cl::offsets
