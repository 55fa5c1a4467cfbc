// Calendar arithmetic for bill periods: a period that spans months is spread over them in
// proportion to days (a bill of 15 Jan–14 Feb puts 17/31 in January and 14/31 in February).
#pragma once

#include <array>

#include "core/inventory/model.hpp"

namespace cl::inventory {

int days_in_month(int year, int month);

/// Share of the period's days that fall in each month of `year` (index 0 = January). The shares
/// sum to 1 when the whole period lies in the year, less when part lies outside.
std::array<double, 12> month_shares(const Period& period, int year);

/// Checks a period: months 1–12, days valid, from ≤ to. Returns a message or empty.
std::string check_period(const Period& period);

}  // namespace cl::inventory
