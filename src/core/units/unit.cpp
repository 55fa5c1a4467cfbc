#include "core/units/unit.hpp"

#include <array>
#include <functional>

#include "core/common/assert.hpp"

namespace cl::units {
namespace {

using D = Dimension;

// Conversion factors are exact definitions unless noted:
// - kcal is the International Table calorie, 4.1868 J (the one Taiwan's Energy Administration
//   heat-content tables use).
// - Btu is the International Table Btu, 1055.05585262 J; MMBtu = 10^6 Btu.
// - US gallon = 231 in³ = 3.785411784 L.
// - scf (standard cubic foot) = 0.0283168466 m³ (volume only; temperature/pressure basis is the
//   factor's business).
// - person-year = 2,400 person-hours (300 working days × 8 h), the convention of the MOENV
//   emission-factor management table 6.0.4 for septic tanks; person-day = 8 person-hours.
constexpr std::array kUnits = {
    Unit{"kg", D::mass, 1.0, "kilogram", "公斤"},
    Unit{"g", D::mass, 1e-3, "gram", "公克"},
    Unit{"t", D::mass, 1e3, "tonne", "公噸"},
    Unit{"lb", D::mass, 0.45359237, "pound", "磅"},
    Unit{"m3", D::volume, 1.0, "cubic metre", "立方公尺"},
    Unit{"L", D::volume, 1e-3, "litre", "公升"},
    Unit{"mL", D::volume, 1e-6, "millilitre", "毫升"},
    Unit{"kL", D::volume, 1.0, "kilolitre", "公秉"},
    Unit{"thousand m3", D::volume, 1e3, "thousand cubic metres", "千立方公尺"},
    Unit{"scf", D::volume, 0.0283168466, "standard cubic foot", "標準立方英尺"},
    Unit{"gal", D::volume, 3.785411784e-3, "US gallon", "加侖"},
    Unit{"J", D::energy, 1.0, "joule", "焦耳"},
    Unit{"kJ", D::energy, 1e3, "kilojoule", "千焦耳"},
    Unit{"MJ", D::energy, 1e6, "megajoule", "百萬焦耳"},
    Unit{"GJ", D::energy, 1e9, "gigajoule", "十億焦耳"},
    Unit{"TJ", D::energy, 1e12, "terajoule", "兆焦耳"},
    Unit{"kcal", D::energy, 4186.8, "kilocalorie (IT)", "千卡"},
    Unit{"Mcal", D::energy, 4186.8e3, "megacalorie (IT)", "百萬卡"},
    Unit{"Btu", D::energy, 1055.05585262, "British thermal unit (IT)", "英熱單位"},
    Unit{"MMBtu", D::energy, 1055.05585262e6, "million Btu", "百萬英熱單位"},
    Unit{"Wh", D::energy, 3600.0, "watt-hour", "瓦時"},
    Unit{"kWh", D::energy, 3.6e6, "kilowatt-hour", "度"},
    Unit{"MWh", D::energy, 3.6e9, "megawatt-hour", "千度"},
    Unit{"GWh", D::energy, 3.6e12, "gigawatt-hour", "百萬度"},
    Unit{"person-hour", D::person_time, 1.0, "person-hour", "人小時"},
    Unit{"person-day", D::person_time, 8.0, "person-day (8 h)", "人天"},
    Unit{"person-year", D::person_time, 2400.0, "person-year (2,400 h)", "人年"},
    Unit{"m", D::distance, 1.0, "metre", "公尺"},
    Unit{"km", D::distance, 1e3, "kilometre", "公里"},
    Unit{"mi", D::distance, 1609.344, "mile", "英里"},
    Unit{"item", D::count, 1.0, "item", "個"},
    Unit{"tkm", D::freight, 1.0, "tonne-kilometre", "延噸公里"},
};

struct Alias {
  std::string_view alias;
  std::string_view symbol;
};

constexpr std::array kAliases = {
    Alias{"公斤", "kg"},
    Alias{"公克", "g"},
    Alias{"公噸", "t"},
    Alias{"tonne", "t"},
    Alias{"m³", "m3"},
    Alias{"立方公尺", "m3"},
    Alias{"度(m3)", "m3"},
    Alias{"l", "L"},
    Alias{"公升", "L"},
    Alias{"ml", "mL"},
    Alias{"kl", "kL"},
    Alias{"KL", "kL"},
    Alias{"公秉", "kL"},
    Alias{"thousand m³", "thousand m3"},
    Alias{"千立方公尺", "thousand m3"},
    Alias{"1000m3", "thousand m3"},
    Alias{"gal (US)", "gal"},
    Alias{"加侖", "gal"},
    Alias{"kwh", "kWh"},
    Alias{"度", "kWh"},
    Alias{"千度", "MWh"},
    Alias{"mwh", "MWh"},
    Alias{"千卡", "kcal"},
    Alias{"mmbtu", "MMBtu"},
    Alias{"人小時", "person-hour"},
    Alias{"person_hour", "person-hour"},
    Alias{"人天", "person-day"},
    Alias{"人年", "person-year"},
    Alias{"person_year", "person-year"},
    Alias{"公里", "km"},
    Alias{"公尺", "m"},
    Alias{"個", "item"},
    Alias{"台", "item"},
    Alias{"支", "item"},
    Alias{"pcs", "item"},
    Alias{"t·km", "tkm"},
    Alias{"延噸公里", "tkm"},
};

}  // namespace

std::string_view dimension_id(Dimension dimension) {
  switch (dimension) {
    case D::mass:
      return "mass";
    case D::volume:
      return "volume";
    case D::energy:
      return "energy";
    case D::person_time:
      return "person-time";
    case D::distance:
      return "distance";
    case D::count:
      return "count";
    case D::freight:
      return "freight";
  }
  return "count";
}

Result<Unit> find_unit(std::string_view symbol, const RecordRef& where) {
  for (const auto& unit : kUnits) {
    if (unit.symbol == symbol) return unit;
  }
  for (const auto& alias : kAliases) {
    if (alias.alias == symbol) return find_unit(alias.symbol, where);
  }
  return fail(ErrorCode::unit_unknown,
              "unknown unit '" + std::string(symbol) +
                  "'; expected one of kg, t, L, kL, m3, thousand m3, kWh, 度, MJ, TJ, kcal, "
                  "MMBtu, person-hour, km … (see `carbonledger units`)",
              where);
}

const Unit& known_unit(const Unit& unit) {
  const std::less<const Unit*> before;
  if (!before(&unit, kUnits.data()) && before(&unit, kUnits.data() + kUnits.size())) return unit;
  if (unit.symbol.empty()) return kNoUnit;
  for (const auto& entry : kUnits) {
    if (entry.symbol == unit.symbol) return entry;
  }
  CL_ASSERT(false && "a unit outside the unit table");
  return kNoUnit;
}

const Unit& base_unit(Dimension dimension) {
  for (const auto& unit : kUnits) {
    if (unit.dimension == dimension && unit.to_base == 1.0) return unit;
  }
  return kUnits.front();  // unreachable: every dimension has a base unit (tested)
}

std::span<const Unit> all_units() {
  return kUnits;
}

Result<double> convert(double value, const Unit& from, const Unit& to, const RecordRef& where) {
  if (from.dimension != to.dimension) {
    return fail(ErrorCode::unit_mismatch,
                "cannot convert " + std::string(from.symbol) + " (" +
                    std::string(dimension_id(from.dimension)) + ") to " + std::string(to.symbol) +
                    " (" + std::string(dimension_id(to.dimension)) +
                    "); give the amount in a unit of " + std::string(dimension_id(to.dimension)),
                where);
  }
  if (from == to) return value;
  return value * from.to_base / to.to_base;
}

}  // namespace cl::units
