// Calendar dates of offset projects (stage dates, monitoring periods, crediting periods) as
// plain values: the core has no clock, so "today" is always given by the caller.
#pragma once

#include <compare>
#include <optional>
#include <string>
#include <string_view>

namespace cl::offsets {

struct Date {
  int year = 0;
  int month = 0;
  int day = 0;

  auto operator<=>(const Date&) const = default;
  /// "2024-03-31".
  std::string to_string() const;
  /// Days since 1970-01-01 (proleptic Gregorian), for day counts.
  long days_since_epoch() const;
};

/// Parses "YYYY-MM-DD" with a valid month and day; nothing otherwise.
std::optional<Date> parse_date(std::string_view text);

/// A number for messages: up to 6 significant digits, no trailing zeros (0.5, 19.5624, 1.2e+07).
std::string format_number(double value);

/// Days from `from` to `to` inclusive of both ends (a monitoring period 2024-01-01..2024-12-31
/// has 366 days).
long days_inclusive(const Date& from, const Date& to);

}  // namespace cl::offsets
