#include "core/program/date.hpp"

#include <gtest/gtest.h>

namespace cl::program {
namespace {

TEST(ProgramDate, ParsesDatesAndTimes) {
  EXPECT_EQ(parse_date("2014-02-20"), (Date{2014, 2, 20}));
  EXPECT_FALSE(parse_date("2014-02-30"));  // no such day
  EXPECT_FALSE(parse_date("2014-2-20"));
  const auto at = parse_date_time("2014-02-20T17:00");
  ASSERT_TRUE(at);
  EXPECT_EQ(at->minutes, 17 * 60);
  EXPECT_EQ(at->to_string(), "2014-02-20T17:00");
  EXPECT_FALSE(parse_date_time("2014-02-20T25:00"));
  EXPECT_FALSE(parse_date_time("2014-02-20").value().has_time());
}

TEST(ProgramDate, MonthsClampToTheEndOfTheMonth) {
  EXPECT_EQ(add_months({2014, 1, 31}, 1), (Date{2014, 2, 28}));
  EXPECT_EQ(add_months({2016, 1, 31}, 1), (Date{2016, 2, 29}));  // leap year
  EXPECT_EQ(add_months({2014, 3, 20}, 1), (Date{2014, 4, 20}));
  EXPECT_EQ(add_months({2014, 11, 30}, 36), (Date{2017, 11, 30}));
  EXPECT_EQ(add_months({2014, 3, 20}, -3), (Date{2013, 12, 20}));
}

TEST(ProgramDate, DayArithmetic) {
  EXPECT_EQ(add_days({2014, 3, 10}, -10), (Date{2014, 2, 28}));
  // 2014-03-20 to 2014-11-30: 11 (rest of March) + 30+31+30+31+31+30+31 + 30 = 255 days.
  EXPECT_EQ(days_between({2014, 3, 20}, {2014, 11, 30}), 255);
  EXPECT_EQ(day_number({1970, 1, 1}), 0);
  EXPECT_EQ(from_day_number(day_number({2023, 4, 23})), (Date{2023, 4, 23}));
  // The seed: 「103 年 2 月 20 日(四)」, a Thursday (Monday = 0).
  EXPECT_EQ(weekday({2014, 2, 20}), 3);
}

}  // namespace
}  // namespace cl::program
