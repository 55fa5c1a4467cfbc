// libFuzzer target for io::parse_period ("2024-03" or "2024-01-15..2024-02-14"). A parsed
// period is also printed and split over the months of a year, as the reader and the
// computation do with every activity record.
#include <cstddef>
#include <cstdint>
#include <string_view>

#include "core/inventory/calendar.hpp"
#include "io/inventory_reader.hpp"

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  if (size > 64 * 1024) return -1;
  const std::string_view text(reinterpret_cast<const char*>(data), size);
  auto period = cl::io::parse_period(text, {.file = "fuzz", .field = "period"});
  if (!period) return period.error().to_string().empty() ? 1 : 0;
  if (!cl::inventory::check_period(*period).empty()) return 0;
  const auto shares = cl::inventory::month_shares(*period, 2024);
  double sum = 0;
  for (const double share : shares) sum += share;
  return period->to_string().empty() || sum < 0 ? 1 : 0;
}
