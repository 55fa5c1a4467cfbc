// Property tests of unit conversions (unit.hpp): every conversion between two units of the
// same dimension inverts (a → b → a gives x back), conversions compose (a → b → c = a → c), and
// a conversion across dimensions is always unit.mismatch, never a silent number.
#include <gtest/gtest.h>
#include <rapidcheck.h>
#include <rapidcheck/gtest.h>

#include <cmath>

#include "core/units/quantity.hpp"
#include "core/units/unit.hpp"

namespace cl::units {
namespace {

const Unit& any_unit(std::size_t pick) {
  return all_units()[pick % all_units().size()];
}

rc::Gen<double> amounts() {
  // Positive amounts from 1e-6 to 1e9, as on bills and meters.
  return rc::gen::map(rc::gen::inRange(-6000, 9000),
                      [](int exponent_milli) { return std::pow(10.0, exponent_milli / 1000.0); });
}

bool close(double lhs, double rhs) {
  return std::abs(lhs - rhs) <= 1e-12 * std::abs(rhs);
}

RC_GTEST_PROP(UnitsProps, ConversionsInvertForEverySameDimensionPair, ()) {
  const auto& from = any_unit(*rc::gen::arbitrary<std::size_t>());
  std::vector<Unit> same;
  for (const auto& unit : all_units()) {
    if (unit.dimension == from.dimension) same.push_back(unit);
  }
  const auto& to = same[*rc::gen::inRange<std::size_t>(0, same.size())];
  const double value = *amounts();
  auto there = convert(value, from, to);
  RC_ASSERT(there.has_value());
  auto back = convert(*there, to, from);
  RC_ASSERT(back.has_value());
  RC_ASSERT(close(*back, value));
}

RC_GTEST_PROP(UnitsProps, ConversionsCompose, ()) {
  const auto& first = any_unit(*rc::gen::arbitrary<std::size_t>());
  std::vector<Unit> same;
  for (const auto& unit : all_units()) {
    if (unit.dimension == first.dimension) same.push_back(unit);
  }
  const auto& second = same[*rc::gen::inRange<std::size_t>(0, same.size())];
  const auto& third = same[*rc::gen::inRange<std::size_t>(0, same.size())];
  const double value = *amounts();
  const double direct = *convert(value, first, third);
  const double via = *convert(*convert(value, first, second), second, third);
  RC_ASSERT(close(via, direct));
}

RC_GTEST_PROP(UnitsProps, AcrossDimensionsIsAlwaysAMismatch, ()) {
  const auto& from = any_unit(*rc::gen::arbitrary<std::size_t>());
  const auto& to = any_unit(*rc::gen::arbitrary<std::size_t>());
  RC_PRE(from.dimension != to.dimension);
  auto converted = convert(*amounts(), from, to);
  RC_ASSERT(!converted.has_value());
  RC_ASSERT(converted.error().code == ErrorCode::unit_mismatch);
}

RC_GTEST_PROP(UnitsProps, ConversionIsLinear, ()) {
  // convert(k·x) = k·convert(x): every unit is a fixed factor to its base unit.
  const auto& from = any_unit(*rc::gen::arbitrary<std::size_t>());
  const auto& base = base_unit(from.dimension);
  const double value = *amounts();
  const double scale = *amounts();
  RC_ASSERT(close(*convert(value * scale, from, base), *convert(value, from, base) * scale));
}

RC_GTEST_PROP(UnitsProps, EveryAliasFindsAUnitWithTheSameSymbolLookup, ()) {
  // find_unit of a canonical symbol returns that unit (the lookup is the identity on symbols).
  const auto& unit = any_unit(*rc::gen::arbitrary<std::size_t>());
  auto found = find_unit(unit.symbol);
  RC_ASSERT(found.has_value());
  RC_ASSERT(found->symbol == unit.symbol);
  RC_ASSERT(found->to_base == unit.to_base);
}

RC_GTEST_PROP(UnitsProps, TypedQuantitiesRoundTripThroughAmount, ()) {
  // An Amount in litres becomes a Volume whose value in litres is the amount again.
  const double value = *amounts();
  const Unit litre = *find_unit("L");
  auto volume = Amount{value, litre}.as<Dimension::volume>();
  RC_ASSERT(volume.has_value());
  RC_ASSERT(close(volume->in(litre), value));
}

}  // namespace
}  // namespace cl::units
