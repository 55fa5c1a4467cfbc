#include "core/offsets/date.hpp"

#include <charconv>
#include <cmath>
#include <cstdio>

namespace cl::offsets {
namespace {

bool is_leap(int year) {
  return (year % 4 == 0 && year % 100 != 0) || year % 400 == 0;
}

int month_days(int year, int month) {
  constexpr int kDays[] = {31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31};
  return month == 2 && is_leap(year) ? 29 : kDays[month - 1];
}

bool read_int(std::string_view text, int& out) {
  const auto result = std::from_chars(text.data(), text.data() + text.size(), out);
  return result.ec == std::errc{} && result.ptr == text.data() + text.size();
}

}  // namespace

std::string Date::to_string() const {
  char buffer[16];
  std::snprintf(buffer, sizeof buffer, "%04d-%02d-%02d", year, month, day);
  return buffer;
}

long Date::days_since_epoch() const {
  // Howard Hinnant's days_from_civil.
  const int y = month <= 2 ? year - 1 : year;
  const int era = (y >= 0 ? y : y - 399) / 400;
  const int year_of_era = y - era * 400;
  const int month_index = month > 2 ? month - 3 : month + 9;
  const int day_of_year = (153 * month_index + 2) / 5 + day - 1;
  const int day_of_era = year_of_era * 365 + year_of_era / 4 - year_of_era / 100 + day_of_year;
  return static_cast<long>(era) * 146097L + day_of_era - 719468L;
}

std::optional<Date> parse_date(std::string_view text) {
  if (text.size() != 10 || text[4] != '-' || text[7] != '-') return std::nullopt;
  Date date;
  if (!read_int(text.substr(0, 4), date.year) || !read_int(text.substr(5, 2), date.month) ||
      !read_int(text.substr(8, 2), date.day)) {
    return std::nullopt;
  }
  if (date.year < 1900 || date.month < 1 || date.month > 12 || date.day < 1 ||
      date.day > month_days(date.year, date.month)) {
    return std::nullopt;
  }
  return date;
}

std::string format_number(double value) {
  char buffer[64];
  // Large totals (MWh of a grid) in full digits rather than 1.2e+07.
  std::snprintf(buffer, sizeof buffer, std::abs(value) >= 1e5 ? "%.0f" : "%.6g", value);
  return buffer;
}

long days_inclusive(const Date& from, const Date& to) {
  return to.days_since_epoch() - from.days_since_epoch() + 1;
}

}  // namespace cl::offsets
