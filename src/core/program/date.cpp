#include "core/program/date.hpp"

#include <algorithm>
#include <array>
#include <charconv>

namespace cl::program {
namespace {

std::optional<int> digits(std::string_view text, std::size_t from, std::size_t count) {
  if (from + count > text.size()) return std::nullopt;
  int value = 0;
  for (std::size_t idx = from; idx < from + count; ++idx) {
    const char c = text[idx];
    if (c < '0' || c > '9') return std::nullopt;
    value = value * 10 + (c - '0');
  }
  return value;
}

std::string two(int value) {
  std::string out = std::to_string(value);
  return out.size() < 2 ? "0" + out : out;
}

}  // namespace

bool Date::valid() const {
  return year >= 1900 && year <= 9999 && month >= 1 && month <= 12 && day >= 1 &&
         day <= days_in_month(year, month);
}

std::string Date::to_string() const {
  return std::to_string(year) + "-" + two(month) + "-" + two(day);
}

std::string DateTime::to_string() const {
  if (!has_time()) return date.to_string();
  return date.to_string() + "T" + two(minutes / 60) + ":" + two(minutes % 60);
}

std::optional<Date> parse_date(std::string_view text) {
  if (text.size() != 10 || text[4] != '-' || text[7] != '-') return std::nullopt;
  const auto year = digits(text, 0, 4);
  const auto month = digits(text, 5, 2);
  const auto day = digits(text, 8, 2);
  if (!year || !month || !day) return std::nullopt;
  const Date date{*year, *month, *day};
  if (!date.valid()) return std::nullopt;
  return date;
}

std::optional<DateTime> parse_date_time(std::string_view text) {
  if (text.size() == 10) {
    const auto date = parse_date(text);
    if (!date) return std::nullopt;
    return DateTime{*date, -1};
  }
  if (text.size() != 16 || (text[10] != 'T' && text[10] != ' ') || text[13] != ':') {
    return std::nullopt;
  }
  const auto date = parse_date(text.substr(0, 10));
  const auto hour = digits(text, 11, 2);
  const auto minute = digits(text, 14, 2);
  if (!date || !hour || !minute || *hour > 24 || *minute > 59 || (*hour == 24 && *minute != 0)) {
    return std::nullopt;
  }
  return DateTime{*date, *hour * 60 + *minute};
}

int days_in_month(int year, int month) {
  static constexpr std::array kDays = {31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31};
  if (month < 1 || month > 12) return 0;
  const bool leap = (year % 4 == 0 && year % 100 != 0) || year % 400 == 0;
  return month == 2 && leap ? 29 : kDays[static_cast<std::size_t>(month - 1)];
}

long day_number(const Date& date) {
  const long year = date.month <= 2 ? date.year - 1 : date.year;
  const long era = (year >= 0 ? year : year - 399) / 400;
  const long year_of_era = year - era * 400;
  const long month = date.month;
  const long day_of_year = (153 * (month > 2 ? month - 3 : month + 9) + 2) / 5 + date.day - 1;
  const long day_of_era = year_of_era * 365 + year_of_era / 4 - year_of_era / 100 + day_of_year;
  return era * 146097 + day_of_era - 719468;
}

Date from_day_number(long days) {
  days += 719468;
  const long era = (days >= 0 ? days : days - 146096) / 146097;
  const long day_of_era = days - era * 146097;
  const long year_of_era =
      (day_of_era - day_of_era / 1460 + day_of_era / 36524 - day_of_era / 146096) / 365;
  const long day_of_year = day_of_era - (365 * year_of_era + year_of_era / 4 - year_of_era / 100);
  const long shifted_month = (5 * day_of_year + 2) / 153;
  const long day = day_of_year - (153 * shifted_month + 2) / 5 + 1;
  const long month = shifted_month < 10 ? shifted_month + 3 : shifted_month - 9;
  const long year = year_of_era + era * 400 + (month <= 2 ? 1 : 0);
  return {static_cast<int>(year), static_cast<int>(month), static_cast<int>(day)};
}

Date add_days(const Date& date, long days) {
  return from_day_number(day_number(date) + days);
}

Date add_months(const Date& date, int months) {
  const int index = date.year * 12 + (date.month - 1) + months;
  const int year = index / 12;
  const int month = index % 12 + 1;
  const int day = std::min(date.day, days_in_month(year, month));
  return {year, month, day};
}

long days_between(const Date& from, const Date& to) {
  return day_number(to) - day_number(from);
}

int weekday(const Date& date) {
  // 1970-01-01 was a Thursday (index 3 with Monday = 0).
  const long days = day_number(date);
  return static_cast<int>(((days % 7) + 7 + 3) % 7);
}

}  // namespace cl::program
