// The factor library: gases, GWP sets, refrigerant blends, leak-rate ranges and emission
// factors, filled by the loader in io/ from data/ and from the user's own factor files. It
// answers look-ups and searches and computes blend GWPs; it holds values, never reads files.
#pragma once

#include <map>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "core/common/diagnostic.hpp"
#include "core/factors/emission_factor.hpp"
#include "core/factors/gas.hpp"

namespace cl::factors {

/// Annual leak rate of refrigerant charge by equipment type (fractions: 0.085 = 8.5 %/yr).
struct LeakRateRange {
  std::string id;  ///< "chiller"
  std::string name_zh;
  std::string name_en;
  double min = 0.0;
  double max = 0.0;
  double default_rate = 0.0;
  double recovery = 0.0;
  Provenance provenance;
};

/// One gas of a blend with its GWP under a set, and the blend's total.
struct BlendGwp {
  double gwp = 0.0;
  std::vector<std::pair<BlendComponent, double>> components;  ///< component, its GWP
};

/// kg CO2e of a factor per unit of activity (FactorLibrary::co2e_per_unit).
struct Co2ePerUnit {
  double kg_co2e = 0.0;                 ///< Σ kg of gas × GWP over the gases in the CO2e total
  units::Unit unit;                     ///< the activity unit it is per
  std::map<std::string, double> gases;  ///< kg CO2e per unit, by gas (those in the total)
  double biogenic_co2 = 0.0;            ///< kg biogenic CO2 per unit, reported apart
  double factor_units = 1.0;            ///< the factor's own units (`per`) in one `unit`
  bool via_heating_value = false;       ///< factor_units came from the heating value
};

class FactorLibrary {
 public:
  void add_gas(Gas gas);
  void add_gwp_set(GwpSet set);
  void add_blend(Blend blend);
  void add_leak_rate(LeakRateRange range);
  /// Adds a factor; a duplicate id is an error naming both.
  Result<void> add_factor(EmissionFactor factor, const RecordRef& where = {});

  Result<const Gas*> find_gas(std::string_view id, const RecordRef& where = {}) const;
  Result<const GwpSet*> find_gwp_set(std::string_view id, const RecordRef& where = {}) const;
  Result<const Blend*> find_blend(std::string_view id, const RecordRef& where = {}) const;
  Result<const LeakRateRange*> find_leak_rate(std::string_view id,
                                              const RecordRef& where = {}) const;
  Result<const EmissionFactor*> find_factor(std::string_view id, const RecordRef& where = {}) const;

  /// GWP of a gas under a set. CO2e (already characterized) is 1; biogenic CO2 is 0 (reported
  /// apart). gwp.missing if the set lacks the gas.
  Result<double> gwp(std::string_view gas, const GwpSet& set, const RecordRef& where = {}) const;
  /// GWP of a blend = Σ share × GWP(component) (IPCC 2006 Vol. 3 §7.5; ASHRAE 34 shares).
  Result<BlendGwp> blend_gwp(const Blend& blend, const GwpSet& set,
                             const RecordRef& where = {}) const;

  /// A factor as kg CO2e per unit of activity under `set`: the form a footprint study's line
  /// takes. An energy-based factor (per TJ) with a heating value is given per the heating
  /// value's physical unit (8,642 kcal per L → per L); otherwise per its own unit.
  Result<Co2ePerUnit> co2e_per_unit(const EmissionFactor& factor, const GwpSet& set) const;

  /// Case-insensitive search over id, Chinese and English names, keywords, code, gases and
  /// source document. Every whitespace-separated term must match.
  std::vector<const EmissionFactor*> search(std::string_view query) const;

  /// Consistency checks of the whole library (blend shares sum to 1, gases known, GWPs for all
  /// Kyoto gases in every set, heating values of energy-based factors).
  Diagnostics validate() const;

  const std::vector<EmissionFactor>& factors() const { return factors_; }
  const std::vector<Gas>& gases() const { return gases_; }
  const std::vector<Blend>& blends() const { return blends_; }
  const std::vector<GwpSet>& gwp_sets() const { return gwp_sets_; }
  const std::vector<LeakRateRange>& leak_rates() const { return leak_rates_; }

 private:
  std::vector<Gas> gases_;
  std::vector<GwpSet> gwp_sets_;
  std::vector<Blend> blends_;
  std::vector<LeakRateRange> leak_rates_;
  std::vector<EmissionFactor> factors_;
  std::map<std::string, std::size_t, std::less<>> factor_index_;
};

}  // namespace cl::factors
