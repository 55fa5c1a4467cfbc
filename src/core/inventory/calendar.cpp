#include "core/inventory/calendar.hpp"

#include <string>

namespace cl::inventory {
namespace {

// Days since 0000-03-01 (civil-from-days algorithm of H. Hinnant, public domain).
long day_number(int year, int month, int day) {
  const int shifted_year = month <= 2 ? year - 1 : year;
  const int era = (shifted_year >= 0 ? shifted_year : shifted_year - 399) / 400;
  const int year_of_era = shifted_year - era * 400;
  const int day_of_year = (153 * (month + (month > 2 ? -3 : 9)) + 2) / 5 + day - 1;
  const int day_of_era = year_of_era * 365 + year_of_era / 4 - year_of_era / 100 + day_of_year;
  return static_cast<long>(era) * 146097 + day_of_era;
}

}  // namespace

int days_in_month(int year, int month) {
  static constexpr std::array kDays = {31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31};
  const bool leap = (year % 4 == 0 && year % 100 != 0) || year % 400 == 0;
  return month == 2 && leap ? 29 : kDays[static_cast<std::size_t>(month - 1)];
}

std::string check_period(const Period& period) {
  if (period.from_month < 1 || period.from_month > 12 || period.to_month < 1 ||
      period.to_month > 12) {
    return "month must be 1–12";
  }
  if (period.from_day < 1 || period.from_day > days_in_month(period.from_year, period.from_month)) {
    return "start day " + std::to_string(period.from_day) + " does not exist in that month";
  }
  if (period.to_day < 0 || period.to_day > days_in_month(period.to_year, period.to_month)) {
    return "end day " + std::to_string(period.to_day) + " does not exist in that month";
  }
  const int to_day =
      period.to_day == 0 ? days_in_month(period.to_year, period.to_month) : period.to_day;
  if (day_number(period.from_year, period.from_month, period.from_day) >
      day_number(period.to_year, period.to_month, to_day)) {
    return "the period ends before it starts";
  }
  return {};
}

std::array<double, 12> month_shares(const Period& period, int year) {
  std::array<double, 12> shares{};
  if (period.is_single_month()) {
    if (period.from_year == year) shares[static_cast<std::size_t>(period.from_month - 1)] = 1.0;
    return shares;
  }
  const int to_day =
      period.to_day == 0 ? days_in_month(period.to_year, period.to_month) : period.to_day;
  const long first = day_number(period.from_year, period.from_month, period.from_day);
  const long last = day_number(period.to_year, period.to_month, to_day);
  const double total_days = static_cast<double>(last - first + 1);
  for (int month = 1; month <= 12; ++month) {
    const long month_first = day_number(year, month, 1);
    const long month_last = day_number(year, month, days_in_month(year, month));
    const long lo = std::max(first, month_first);
    const long hi = std::min(last, month_last);
    if (hi >= lo)
      shares[static_cast<std::size_t>(month - 1)] = static_cast<double>(hi - lo + 1) / total_days;
  }
  return shares;
}

}  // namespace cl::inventory
