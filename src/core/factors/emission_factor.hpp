// An emission factor: kilograms of each gas per unit of activity (`per`), with its provenance,
// its type (which decides the A3 data-quality grade) and, for fuels given per unit of energy,
// the heating value that turns litres, kilograms or cubic metres into energy.
#pragma once

#include <optional>
#include <string>
#include <vector>

#include "core/common/provenance.hpp"
#include "core/common/result.hpp"
#include "core/units/unit.hpp"

namespace cl::factors {

/// Factor type of the MOENV data-quality table (A3 排放係數種類), 1 to 6.
enum class FactorType {
  own_developed = 1,  ///< own measurement or mass balance
  same_process = 2,   ///< experience factor of the same process/equipment
  manufacturer = 3,   ///< supplied by the manufacturer / supplier-specific
  regional = 4,
  national = 5,
  international = 6,
};

std::string_view factor_type_id(FactorType type);
Result<FactorType> parse_factor_type(std::string_view id, const RecordRef& where = {});
/// A3 grade of the MOENV table: types 1–2 → 1, 3–4 → 2, 5–6 → 3.
int a3_grade(FactorType type);

/// 95 % confidence half-widths as fractions of the value (0.05 = ±5 %), asymmetric allowed.
struct Uncertainty {
  double lower = 0.0;
  double upper = 0.0;
};

struct GasAmount {
  std::string gas;
  double kg_per_unit = 0.0;  ///< kg of gas per one `per` unit
};

/// Energy per physical unit, e.g. 8,642 kcal per L of diesel.
struct HeatingValue {
  double value = 0.0;
  units::Unit energy_unit;
  units::Unit per_unit;
  Provenance provenance;

  /// Joules per base unit of per_unit's dimension.
  double joules_per_base_unit() const { return value * energy_unit.to_base / per_unit.to_base; }
};

struct EmissionFactor {
  std::string id;
  std::string name_zh;
  std::string name_en;
  std::vector<std::string> keywords;
  std::string source_type;  ///< the source type it is meant for, e.g. "stationary_combustion"
  units::Unit per;
  std::vector<GasAmount> gases;
  std::optional<HeatingValue> heating_value;
  std::optional<Uncertainty> uncertainty;
  FactorType type = FactorType::international;
  std::string region;
  int year = 0;
  std::string code;
  std::string note;
  std::string table_id;  ///< the data file table it came from, or "user"
  Provenance provenance;
};

/// The amount of activity expressed in the factor's `per` unit. Same dimension: a conversion.
/// Physical amount for an energy-based factor: via `heating_value` (the source's override or
/// the factor's own). Anything else is unit.mismatch naming `where`.
Result<double> to_factor_units(double amount, const units::Unit& unit, const EmissionFactor& factor,
                               const HeatingValue* heating_value, const RecordRef& where);

}  // namespace cl::factors
