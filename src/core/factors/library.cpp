#include "core/factors/library.hpp"

#include <algorithm>
#include <cctype>
#include <cmath>

namespace cl::factors {
namespace {

std::string lower(std::string_view text) {
  std::string out(text);
  for (char& chr : out) chr = static_cast<char>(std::tolower(static_cast<unsigned char>(chr)));
  return out;
}

bool contains(std::string_view haystack, std::string_view needle) {
  return lower(haystack).find(needle) != std::string::npos;
}

bool matches(const EmissionFactor& factor, std::string_view term) {
  if (contains(factor.id, term) || contains(factor.name_zh, term) ||
      contains(factor.name_en, term) || contains(factor.code, term) ||
      contains(factor.source_type, term) || contains(factor.provenance.document, term) ||
      contains(factor.table_id, term)) {
    return true;
  }
  for (const auto& keyword : factor.keywords) {
    if (contains(keyword, term)) return true;
  }
  for (const auto& gas : factor.gases) {
    if (lower(gas.gas) == term) return true;
  }
  return false;
}

template <class T>
const T* find_by_id(const std::vector<T>& items, std::string_view id) {
  auto it = std::find_if(items.begin(), items.end(), [&](const T& item) { return item.id == id; });
  return it == items.end() ? nullptr : &*it;
}

}  // namespace

void FactorLibrary::add_gas(Gas gas) {
  gases_.push_back(std::move(gas));
}
void FactorLibrary::add_gwp_set(GwpSet set) {
  gwp_sets_.push_back(std::move(set));
}
void FactorLibrary::add_blend(Blend blend) {
  blends_.push_back(std::move(blend));
}
void FactorLibrary::add_leak_rate(LeakRateRange range) {
  leak_rates_.push_back(std::move(range));
}

Result<void> FactorLibrary::add_factor(EmissionFactor factor, const RecordRef& where) {
  if (auto it = factor_index_.find(factor.id); it != factor_index_.end()) {
    return fail(ErrorCode::factor_invalid,
                "factor id '" + factor.id + "' is defined twice (first in table '" +
                    factors_[it->second].table_id + "'); give the new factor another id",
                where);
  }
  factor_index_.emplace(factor.id, factors_.size());
  factors_.push_back(std::move(factor));
  return {};
}

Result<const Gas*> FactorLibrary::find_gas(std::string_view id, const RecordRef& where) const {
  if (const Gas* gas = find_by_id(gases_, id)) return gas;
  return fail(ErrorCode::gas_unknown,
              "unknown gas '" + std::string(id) +
                  "'; expected an id from data/gases.yaml such as CO2, CH4, N2O, HFC-134a, SF6",
              where);
}

Result<const GwpSet*> FactorLibrary::find_gwp_set(std::string_view id,
                                                  const RecordRef& where) const {
  if (const GwpSet* set = find_by_id(gwp_sets_, id)) return set;
  std::string known;
  for (const auto& set : gwp_sets_) known += (known.empty() ? "" : ", ") + set.id;
  return fail(ErrorCode::gwp_set_unknown,
              "unknown GWP set '" + std::string(id) + "'; expected one of " + known, where);
}

Result<const Blend*> FactorLibrary::find_blend(std::string_view id, const RecordRef& where) const {
  if (const Blend* blend = find_by_id(blends_, id)) return blend;
  return fail(ErrorCode::blend_invalid,
              "unknown refrigerant '" + std::string(id) +
                  "'; expected a blend or refrigerant from data/blends.yaml such as R-410A, "
                  "R-134a, R-32, R-404A",
              where);
}

Result<const LeakRateRange*> FactorLibrary::find_leak_rate(std::string_view id,
                                                           const RecordRef& where) const {
  if (const LeakRateRange* range = find_by_id(leak_rates_, id)) return range;
  std::string known;
  for (const auto& range : leak_rates_) known += (known.empty() ? "" : ", ") + range.id;
  return fail(
      ErrorCode::factor_not_found,
      "unknown refrigeration equipment type '" + std::string(id) + "'; expected one of " + known,
      where);
}

Result<const EmissionFactor*> FactorLibrary::find_factor(std::string_view id,
                                                         const RecordRef& where) const {
  if (auto it = factor_index_.find(id); it != factor_index_.end()) return &factors_[it->second];
  return fail(ErrorCode::factor_not_found,
              "no emission factor with id '" + std::string(id) +
                  "'; find one with `carbonledger factors search <words>` or add your own in "
                  "the inventory's `factors:` list",
              where);
}

Result<double> FactorLibrary::gwp(std::string_view gas, const GwpSet& set,
                                  const RecordRef& where) const {
  auto found = find_gas(gas, where);
  if (!found) return tl::unexpected(found.error());
  if ((*found)->group == GasGroup::co2e) return 1.0;
  if ((*found)->group == GasGroup::biogenic_co2) return 0.0;
  if (auto it = set.values.find(gas); it != set.values.end()) return it->second;
  return fail(ErrorCode::gwp_missing,
              "GWP set " + set.id + " has no value for gas '" + std::string(gas) +
                  "'; choose another GWP set or add the value to data/gwp/",
              where);
}

Result<BlendGwp> FactorLibrary::blend_gwp(const Blend& blend, const GwpSet& set,
                                          const RecordRef& where) const {
  BlendGwp out;
  for (const auto& component : blend.components) {
    auto value = gwp(component.gas, set, where);
    if (!value) return tl::unexpected(value.error().add_context("in refrigerant " + blend.id));
    out.gwp += component.share * *value;
    out.components.emplace_back(component, *value);
  }
  return out;
}

Result<Co2ePerUnit> FactorLibrary::co2e_per_unit(const EmissionFactor& factor,
                                                 const GwpSet& set) const {
  const RecordRef where{.field = "gases", .record = factor.id};
  Co2ePerUnit out;
  out.unit = factor.per;
  if (factor.per.dimension == units::Dimension::energy && factor.heating_value) {
    auto units_in_one =
        to_factor_units(1.0, factor.heating_value->per_unit, factor, nullptr, where);
    if (!units_in_one) return tl::unexpected(units_in_one.error());
    out.unit = factor.heating_value->per_unit;
    out.factor_units = *units_in_one;
    out.via_heating_value = true;
  }
  for (const auto& amount : factor.gases) {
    auto gas = find_gas(amount.gas, where);
    if (!gas) return tl::unexpected(gas.error());
    const double kg = amount.kg_per_unit * out.factor_units;
    if ((*gas)->group == GasGroup::biogenic_co2) {
      out.biogenic_co2 += kg;
      continue;
    }
    if (!(*gas)->is_in_total()) continue;  // Montreal gases are reported apart, not in CO2e
    auto factor_gwp = gwp(amount.gas, set, where);
    if (!factor_gwp) return tl::unexpected(factor_gwp.error());
    out.gases[amount.gas] += kg * *factor_gwp;
    out.kg_co2e += kg * *factor_gwp;
  }
  return out;
}

std::vector<const EmissionFactor*> FactorLibrary::search(std::string_view query) const {
  std::vector<std::string> terms;
  std::string current;
  for (char chr : query) {
    if (std::isspace(static_cast<unsigned char>(chr))) {
      if (!current.empty()) terms.push_back(lower(current));
      current.clear();
    } else {
      current += chr;
    }
  }
  if (!current.empty()) terms.push_back(lower(current));
  std::vector<const EmissionFactor*> out;
  for (const auto& factor : factors_) {
    if (std::all_of(terms.begin(), terms.end(),
                    [&](const std::string& term) { return matches(factor, term); })) {
      out.push_back(&factor);
    }
  }
  return out;
}

Diagnostics FactorLibrary::validate() const {
  Diagnostics out;
  for (const auto& blend : blends_) {
    double total = 0.0;
    for (const auto& component : blend.components) {
      total += component.share;
      if (!find_gas(component.gas)) {
        out.error(ErrorCode::gas_unknown,
                  "blend " + blend.id + " has unknown component gas '" + component.gas + "'",
                  {.record = blend.id});
      }
    }
    if (std::abs(total - 1.0) > 1e-9) {
      out.error(
          ErrorCode::blend_invalid,
          "component shares of " + blend.id + " sum to " + std::to_string(total) + ", expected 1",
          {.record = blend.id});
    }
  }
  for (const auto& set : gwp_sets_) {
    for (const auto& gas : gases_) {
      const bool needs_value = gas.group != GasGroup::co2e && gas.group != GasGroup::biogenic_co2;
      if (needs_value && !set.values.contains(gas.id)) {
        out.warning(ErrorCode::gwp_missing, "GWP set " + set.id + " has no value for " + gas.id,
                    {.record = set.id});
      }
    }
  }
  for (const auto& factor : factors_) {
    for (const auto& gas : factor.gases) {
      if (!find_gas(gas.gas)) {
        out.error(ErrorCode::gas_unknown,
                  "factor " + factor.id + " uses unknown gas '" + gas.gas + "'",
                  {.record = factor.id});
      }
      if (gas.kg_per_unit < 0.0) {
        out.error(ErrorCode::factor_invalid,
                  "factor " + factor.id + " has a negative value for " + gas.gas,
                  {.record = factor.id});
      }
    }
    if (factor.gases.empty()) {
      out.error(ErrorCode::factor_invalid, "factor " + factor.id + " lists no gas",
                {.record = factor.id});
    }
  }
  return out;
}

}  // namespace cl::factors
