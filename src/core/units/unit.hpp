// Units of measure known to CarbonLedger and their conversions. Each unit has one dimension
// and a factor to that dimension's base unit (kg, m³, J, person-hour, m, item, t·km). A
// conversion between dimensions is never silent: it is a `unit.mismatch` error naming the
// record. Aliases cover the Chinese units on Taiwanese bills (度, 公秉, 千立方公尺, 人小時).
#pragma once

#include <span>
#include <string>
#include <string_view>

#include "core/common/result.hpp"

namespace cl::units {

enum class Dimension { mass, volume, energy, person_time, distance, count, freight };

std::string_view dimension_id(Dimension dimension);

struct Unit {
  std::string_view symbol;  ///< canonical symbol, e.g. "kWh"
  Dimension dimension = Dimension::count;
  double to_base = 1.0;  ///< multiply an amount in this unit by this to get base units
  std::string_view name_en;
  std::string_view name_zh;

  friend bool operator==(const Unit& lhs, const Unit& rhs) { return lhs.symbol == rhs.symbol; }
};

/// The unit of an Amount that has none yet (empty symbol, dimension count), as a default Unit.
inline constexpr Unit kNoUnit{};

/// The entry of the unit table with `unit`'s symbol (kNoUnit for an empty symbol), so that a
/// value can hold a pointer to it instead of a copy. Every Unit comes from the table (find_unit,
/// base_unit, all_units); another one is a programmer error (asserted).
const Unit& known_unit(const Unit& unit);

/// Finds a unit by canonical symbol or alias ("度" → kWh, "公秉" → kL, "m³" → m3).
/// Fails with unit.unknown, naming `where`.
Result<Unit> find_unit(std::string_view symbol, const RecordRef& where = {});

/// The base unit of a dimension (kg, m3, J, person-hour, m, item, t·km).
const Unit& base_unit(Dimension dimension);

/// Every known unit, for documentation and tests.
std::span<const Unit> all_units();

/// Converts `value` from one unit to another of the same dimension; unit.mismatch otherwise.
Result<double> convert(double value, const Unit& from, const Unit& to, const RecordRef& where = {});

}  // namespace cl::units
