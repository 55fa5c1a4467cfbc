// Calendar dates for program deadlines and duty schedules: a plain year/month/day with day
// arithmetic (no clock, no time zone; the core is pure). Month arithmetic clamps to the end of
// the month: 2014-01-31 + 1 month = 2014-02-28, the reading of "within 1 month" (1 個月內) that
// never runs past the calendar month.
#pragma once

#include <compare>
#include <optional>
#include <string>
#include <string_view>

namespace cl::program {

struct Date {
  int year = 0;
  int month = 0;
  int day = 0;

  auto operator<=>(const Date&) const = default;
  bool valid() const;
  /// "2014-03-10"
  std::string to_string() const;
};

/// A date and an optional time of day in minutes after midnight (-1: no time given).
struct DateTime {
  Date date;
  int minutes = -1;

  bool has_time() const { return minutes >= 0; }
  /// "2014-02-20" or "2014-02-20T17:00"
  std::string to_string() const;
};

/// Parses "YYYY-MM-DD"; nullopt for anything else or a day that does not exist.
std::optional<Date> parse_date(std::string_view text);
/// Parses "YYYY-MM-DD" or "YYYY-MM-DDTHH:MM" (also with a space instead of T).
std::optional<DateTime> parse_date_time(std::string_view text);

int days_in_month(int year, int month);
/// Days since 1970-01-01 (H. Hinnant's days_from_civil, public domain).
long day_number(const Date& date);
Date from_day_number(long days);
Date add_days(const Date& date, long days);
/// Adds months, clamping the day to the end of the target month.
Date add_months(const Date& date, int months);
/// date2 - date1 in days.
long days_between(const Date& from, const Date& to);
/// 0 = Monday … 6 = Sunday.
int weekday(const Date& date);

}  // namespace cl::program
