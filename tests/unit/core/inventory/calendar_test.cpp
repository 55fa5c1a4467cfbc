// Calendar arithmetic for bill periods (calendar.hpp). Day counts are from the Gregorian
// calendar: a year is leap if divisible by 4, except centuries not divisible by 400.
#include "core/inventory/calendar.hpp"

#include <gtest/gtest.h>

#include <numeric>

namespace cl::inventory {
namespace {

double sum(const std::array<double, 12>& shares) {
  return std::accumulate(shares.begin(), shares.end(), 0.0);
}

Period range(int y1, int m1, int d1, int y2, int m2, int d2) {
  return {y1, m1, d1, y2, m2, d2};
}

TEST(CalendarTest, DaysInMonth) {
  EXPECT_EQ(days_in_month(2024, 1), 31);
  EXPECT_EQ(days_in_month(2024, 2), 29);  // 2024 divisible by 4
  EXPECT_EQ(days_in_month(2023, 2), 28);
  EXPECT_EQ(days_in_month(1900, 2), 28);  // century not divisible by 400
  EXPECT_EQ(days_in_month(2000, 2), 29);  // divisible by 400
  EXPECT_EQ(days_in_month(2024, 4), 30);
  EXPECT_EQ(days_in_month(2024, 12), 31);
}

TEST(CalendarTest, SingleMonthIsWhollyInItsMonth) {
  const auto shares = month_shares(Period::month(2024, 3), 2024);
  EXPECT_DOUBLE_EQ(shares[2], 1.0);
  EXPECT_DOUBLE_EQ(sum(shares), 1.0);
  EXPECT_DOUBLE_EQ(sum(month_shares(Period::month(2023, 3), 2024)), 0.0);
}

TEST(CalendarTest, BillPeriodSplitsByDays) {
  // 2024-01-15..2024-02-14: January 15–31 = 17 days, February 1–14 = 14 days, 31 in all
  // (calendar.hpp's own example).
  const auto shares = month_shares(range(2024, 1, 15, 2024, 2, 14), 2024);
  EXPECT_DOUBLE_EQ(shares[0], 17.0 / 31.0);
  EXPECT_DOUBLE_EQ(shares[1], 14.0 / 31.0);
  EXPECT_DOUBLE_EQ(sum(shares), 1.0);
}

TEST(CalendarTest, PeriodAcrossTheYearEndCountsOnlyItsPartInTheYear) {
  // 2023-12-15..2024-01-14: December 15–31 = 17 days, January 1–14 = 14 days → 14/31 in 2024,
  // 17/31 in 2023.
  const Period period = range(2023, 12, 15, 2024, 1, 14);
  const auto in_2024 = month_shares(period, 2024);
  EXPECT_DOUBLE_EQ(in_2024[0], 14.0 / 31.0);
  EXPECT_DOUBLE_EQ(sum(in_2024), 14.0 / 31.0);
  const auto in_2023 = month_shares(period, 2023);
  EXPECT_DOUBLE_EQ(in_2023[11], 17.0 / 31.0);
  EXPECT_DOUBLE_EQ(sum(in_2023), 17.0 / 31.0);
}

TEST(CalendarTest, LeapDayIsCounted) {
  // 2024-02-20..2024-03-10: Feb 20–29 = 10 days, Mar 1–10 = 10 days → half each.
  const auto leap = month_shares(range(2024, 2, 20, 2024, 3, 10), 2024);
  EXPECT_DOUBLE_EQ(leap[1], 0.5);
  EXPECT_DOUBLE_EQ(leap[2], 0.5);
  // 2023-02-20..2023-03-10: Feb 20–28 = 9, Mar 1–10 = 10 → 9/19 and 10/19.
  const auto common = month_shares(range(2023, 2, 20, 2023, 3, 10), 2023);
  EXPECT_DOUBLE_EQ(common[1], 9.0 / 19.0);
  EXPECT_DOUBLE_EQ(common[2], 10.0 / 19.0);
}

TEST(CalendarTest, LongPeriodOverThreeMonthsAndZeroDayMeansMonthEnd) {
  // 2024-03-01..2024-05 end (to_day 0 = 31 May): March 31 + April 30 + May 31 = 92 days.
  const auto shares = month_shares(range(2024, 3, 1, 2024, 5, 0), 2024);
  EXPECT_DOUBLE_EQ(shares[2], 31.0 / 92.0);
  EXPECT_DOUBLE_EQ(shares[3], 30.0 / 92.0);
  EXPECT_DOUBLE_EQ(shares[4], 31.0 / 92.0);
  EXPECT_DOUBLE_EQ(sum(shares), 1.0);
}

TEST(CalendarTest, OneDayPeriod) {
  const auto shares = month_shares(range(2024, 7, 4, 2024, 7, 4), 2024);
  EXPECT_DOUBLE_EQ(shares[6], 1.0);
  EXPECT_DOUBLE_EQ(sum(shares), 1.0);
}

TEST(CalendarTest, CheckPeriodAcceptsValidPeriods) {
  EXPECT_EQ(check_period(Period::month(2024, 12)), "");
  EXPECT_EQ(check_period(range(2024, 1, 15, 2024, 2, 14)), "");
  EXPECT_EQ(check_period(range(2024, 2, 29, 2024, 2, 29)), "");
}

TEST(CalendarTest, CheckPeriodNamesEachProblem) {
  EXPECT_EQ(check_period(Period::month(2024, 13)), "month must be 1–12");
  EXPECT_EQ(check_period(range(2024, 0, 1, 2024, 1, 1)), "month must be 1–12");
  EXPECT_EQ(check_period(range(2023, 2, 29, 2023, 3, 1)),
            "start day 29 does not exist in that month");
  EXPECT_EQ(check_period(range(2024, 4, 1, 2024, 4, 31)),
            "end day 31 does not exist in that month");
  EXPECT_EQ(check_period(range(2024, 2, 14, 2024, 1, 15)), "the period ends before it starts");
  EXPECT_EQ(check_period(range(2025, 1, 1, 2024, 12, 31)), "the period ends before it starts");
}

TEST(PeriodTest, SingleMonthAndToString) {
  EXPECT_TRUE(Period::month(2024, 2).is_single_month());
  EXPECT_TRUE(range(2024, 2, 1, 2024, 2, 29).is_single_month());  // explicit whole month
  EXPECT_FALSE(range(2024, 2, 1, 2024, 2, 28).is_single_month());
  EXPECT_EQ(Period::month(2024, 3).to_string(), "2024-03");
  EXPECT_EQ(range(2024, 1, 15, 2024, 2, 14).to_string(), "2024-01-15..2024-02-14");
  EXPECT_EQ(range(2024, 3, 1, 2024, 5, 0).to_string(), "2024-03-01..2024-05-31");
}

}  // namespace
}  // namespace cl::inventory
