// Quantities with their dimension in the type: a Quantity<Dimension::energy> cannot be added to
// a Quantity<Dimension::volume>; the compiler refuses (tests/compile_fail). Values from files
// arrive as an Amount (a number and a runtime Unit) and become typed quantities through
// Amount::as<D>(), which fails with unit.mismatch naming the record.
#pragma once

#include <compare>

#include "core/units/unit.hpp"

namespace cl::units {

template <Dimension D>
class Quantity {
 public:
  constexpr Quantity() = default;
  /// From an amount in base units (kg, m3, J, person-hour, m, item, tkm).
  static constexpr Quantity from_base(double value) { return Quantity(value); }

  constexpr double base_value() const { return base_; }
  /// The value expressed in `unit`; the unit must have dimension D (asserted by callers through
  /// find_unit + dimension check; `in` on a wrong dimension is a programmer error).
  double in(const Unit& unit) const { return base_ / unit.to_base; }

  constexpr Quantity operator+(Quantity other) const { return Quantity(base_ + other.base_); }
  constexpr Quantity operator-(Quantity other) const { return Quantity(base_ - other.base_); }
  constexpr Quantity operator*(double scale) const { return Quantity(base_ * scale); }
  constexpr Quantity operator/(double scale) const { return Quantity(base_ / scale); }
  constexpr double operator/(Quantity other) const { return base_ / other.base_; }
  constexpr Quantity& operator+=(Quantity other) {
    base_ += other.base_;
    return *this;
  }
  constexpr auto operator<=>(const Quantity&) const = default;

 private:
  constexpr explicit Quantity(double base) : base_(base) {}
  double base_ = 0.0;
};

using Mass = Quantity<Dimension::mass>;
using Volume = Quantity<Dimension::volume>;
using Energy = Quantity<Dimension::energy>;
using PersonTime = Quantity<Dimension::person_time>;
using Distance = Quantity<Dimension::distance>;

constexpr Mass kilograms(double value) {
  return Mass::from_base(value);
}
constexpr Mass tonnes(double value) {
  return Mass::from_base(value * 1e3);
}
constexpr Volume cubic_metres(double value) {
  return Volume::from_base(value);
}
constexpr Volume litres(double value) {
  return Volume::from_base(value * 1e-3);
}
constexpr Energy joules(double value) {
  return Energy::from_base(value);
}
constexpr Energy terajoules(double value) {
  return Energy::from_base(value * 1e12);
}
constexpr Energy kilowatt_hours(double value) {
  return Energy::from_base(value * 3.6e6);
}
constexpr PersonTime person_hours(double value) {
  return PersonTime::from_base(value);
}

/// A number with a runtime unit, as read from a bill or a file. The unit is a pointer into the
/// unit table (16 bytes instead of 72: a million activity records hold one each).
struct Amount {
  double value = 0.0;

  constexpr Amount() = default;
  Amount(double amount, const Unit& unit) : value(amount), unit_(&known_unit(unit)) {}

  const Unit& unit() const { return *unit_; }
  void set_unit(const Unit& unit) { unit_ = &known_unit(unit); }

  /// Converts to a typed quantity; unit.mismatch if the unit's dimension is not D.
  template <Dimension D>
  Result<Quantity<D>> as(const RecordRef& where = {}) const {
    auto base = convert(value, *unit_, base_unit(D), where);
    if (!base) return tl::unexpected(base.error());
    return Quantity<D>::from_base(*base);
  }

 private:
  const Unit* unit_ = &kNoUnit;
};

}  // namespace cl::units
