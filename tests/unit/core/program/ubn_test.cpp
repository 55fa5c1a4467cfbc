// The unified business number check of the Ministry of Finance (財政部「營利事業統一編號檢查碼
// 邏輯修正說明」, in force 2023-04-01): weights 1,2,1,2,1,2,4,1, two-digit products summed digit
// by digit, sum divisible by 5 (before: 10); 7th digit 7 passes when sum or sum − 1 divides.
#include "core/program/ubn.hpp"

#include <gtest/gtest.h>

namespace cl::program {
namespace {

TEST(ProgramUbn, AValidNumberUnderBothRules) {
  // 2,2,0,9,9,1,3,1 × 1,2,1,2,1,2,4,1 = 2,4,0,18,9,2,12,1 → 2,4,0,9,9,2,3,1; sum 30.
  const auto check = check_ubn("22099131");
  EXPECT_TRUE(check.valid);
  EXPECT_EQ(check.sum, 30);
  EXPECT_TRUE(check_ubn("22099131", UbnRule::divisible_by_10).valid);
}

TEST(ProgramUbn, TheDivisorFiveRuleAcceptsNumbersTheOldRuleRefused) {
  // 0,4,5,9,5,2,5,2 × weights = 0,8,5,18,5,4,20,2 → 0,8,5,9,5,4,2,2; sum 35: divisible by 5
  // (new rule, 2023) but not by 10 (old rule).
  const auto check = check_ubn("04595252");
  EXPECT_EQ(check.sum, 35);
  EXPECT_TRUE(check.valid);
  EXPECT_FALSE(check_ubn("04595252", UbnRule::divisible_by_10).valid);
}

TEST(ProgramUbn, SeventhDigitSevenCountsAsOneOrZero) {
  // 1,0,4,5,8,5,7,5 × weights = 1,0,4,10,8,10,28,5 → 1,0,4,1,8,1,(2+8=10→1),5; sum 21.
  // 21 is not divisible by 5, but 21 − 1 = 20 is: valid by the special case.
  const auto check = check_ubn("10458575");
  EXPECT_EQ(check.sum, 21);
  EXPECT_TRUE(check.valid);
  EXPECT_TRUE(check_ubn("10458575", UbnRule::divisible_by_10).valid);
  // Last digit 4: sum 20, valid without the special case.
  EXPECT_TRUE(check_ubn("10458574").valid);
  // Last digit 2: sum 18, and 17: neither divides by 5.
  const auto wrong = check_ubn("10458572");
  EXPECT_FALSE(wrong.valid);
  EXPECT_NE(wrong.reason.find("18 is not divisible by 5 (nor is 17)"), std::string::npos)
      << wrong.reason;
}

TEST(ProgramUbn, AWrongCheckDigitIsRefusedWithTheSum) {
  // 22099130: as 22099131 but the last product is 0; sum 29.
  const auto check = check_ubn("22099130");
  EXPECT_FALSE(check.valid);
  EXPECT_EQ(check.sum, 29);
  EXPECT_NE(check.reason.find("weighted digit sum 29 is not divisible by 5"), std::string::npos);
}

TEST(ProgramUbn, ShapeErrorsSayWhatIsWrong) {
  EXPECT_EQ(check_ubn("2209913").reason, "must be 8 digits, got 7 character(s)");
  EXPECT_EQ(check_ubn("2209913A").reason, "must be 8 digits; character 8 is not a digit");
  EXPECT_FALSE(check_ubn("").valid);
}

}  // namespace
}  // namespace cl::program
