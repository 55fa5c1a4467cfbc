// Validation of an inventory against the factor library: reports every problem at once.
#include <algorithm>
#include <charconv>
#include <string_view>
#include <unordered_set>

#include "core/inventory/compute.hpp"
#include "core/inventory/tally.hpp"

namespace cl::inventory {
namespace {

RecordRef field_of(RecordRef where, std::string field) {
  where.field = std::move(field);
  return where;
}

void check_unique_ids(const Inventory& inventory, Diagnostics& out) {
  // Views of the ids the inventory holds: no copy of 7,000 source ids per validation.
  std::unordered_set<std::string_view> facilities;
  facilities.reserve(inventory.facilities.size());
  for (const auto& facility : inventory.facilities) {
    if (!(facility.equity_share >= 0.0 && facility.equity_share <= 1.0)) {
      out.error(
          ErrorCode::parse_bad_value,
          "equity_share of facility '" + facility.id + "' must be between 0 and 1 (0.6 = 60 %)",
          field_of(facility.where, "equity_share"));
    }
    if (!facilities.insert(facility.id).second) {
      out.error(ErrorCode::inventory_duplicate_id,
                "facility id '" + facility.id + "' is used twice; give each facility its own id",
                field_of(facility.where, "id"));
    }
  }
  std::unordered_set<std::string_view> sources;
  sources.reserve(inventory.sources.size());
  for (const auto& source : inventory.sources) {
    if (!sources.insert(source.id).second) {
      out.error(ErrorCode::inventory_duplicate_id,
                "source id '" + source.id + "' is used twice; give each source its own id",
                field_of(source.where, "id"));
    }
    if (!facilities.contains(source.facility)) {
      out.error(ErrorCode::inventory_unknown_facility,
                "source '" + source.id + "' names facility '" + source.facility +
                    "', which is not in `facilities`",
                field_of(source.where, "facility"));
    }
  }
}

void check_source(const Inventory& inventory, const Source& source,
                  const factors::FactorLibrary& library, Diagnostics& out) {
  const auto grade_ok = [](int grade) { return grade >= 1 && grade <= 3; };
  if (!grade_ok(source.quality.a1) || !grade_ok(source.quality.a2)) {
    out.error(ErrorCode::inventory_quality_grade,
              "data-quality grades A1 and A2 must be 1, 2 or 3 (MOENV table 6); got A1=" +
                  std::to_string(source.quality.a1) + ", A2=" + std::to_string(source.quality.a2),
              field_of(source.where, "quality"));
  }
  if (source.category < 1 || source.category > 6) {
    out.error(ErrorCode::inventory_source_type,
              "ISO 14064-1 category must be 1–6; source type " +
                  std::string(source_type_id(source.type)) + " needs an explicit `category`",
              field_of(source.where, "category"));
  }
  if (source.activity_uncertainty.lower < 0 || source.activity_uncertainty.upper < 0) {
    out.error(ErrorCode::parse_bad_value, "uncertainty bounds must not be negative",
              field_of(source.where, "uncertainty"));
  }
  if (source.type == SourceType::fugitive_refrigerant) {
    if (!source.refrigerant) {
      out.error(ErrorCode::parse_missing_field,
                "refrigerant source '" + source.id +
                    "' needs `refrigerant:` {refrigerant, equipment, leak_rate, justification}",
                field_of(source.where, "refrigerant"));
      return;
    }
    const auto& spec = *source.refrigerant;
    // An unknown equipment type is reported once, by resolve_factor below.
    auto range = library.find_leak_rate(spec.equipment, field_of(source.where, "equipment"));
    if (spec.leak_rate && range) {
      const double rate = *spec.leak_rate;
      if (rate < 0 || rate > 1) {
        out.error(ErrorCode::parse_bad_value, "leak rate is a fraction between 0 and 1",
                  field_of(source.where, "leak_rate"));
      } else if (rate < (*range)->min || rate > (*range)->max) {
        out.warning(ErrorCode::inventory_leak_rate_outside_range,
                    "leak rate " + std::to_string(rate) + " is outside the range " +
                        std::to_string((*range)->min) + "–" + std::to_string((*range)->max) +
                        " for " + (*range)->name_en + "; keep it only with measured evidence",
                    field_of(source.where, "leak_rate"));
      }
      if (rate != (*range)->default_rate && spec.justification.empty()) {
        out.warning(ErrorCode::inventory_leak_rate_outside_range,
                    "leak rate differs from the default " + std::to_string((*range)->default_rate) +
                        " without a `justification`",
                    field_of(source.where, "justification"));
      }
    }
  }
  // Whether the factor resolves, as resolve_factor() decides, without copying it per source.
  if (source.type == SourceType::fugitive_refrigerant) {
    if (auto factor = resolve_factor(inventory, source, library); !factor) out.add(factor.error());
    return;
  }
  const bool own = std::any_of(inventory.own_factors.begin(), inventory.own_factors.end(),
                               [&](const auto& factor) { return factor.id == source.factor; });
  if (own) return;
  if (auto found = library.find_factor(source.factor, field_of(source.where, "factor")); !found) {
    out.add(found.error());
  }
}

void check_instruments(const Inventory& inventory, Diagnostics& out) {
  for (const auto& instrument : inventory.instruments) {
    bool known = false;
    for (const auto& facility : inventory.facilities)
      known = known || facility.id == instrument.facility;
    if (!known) {
      out.error(ErrorCode::inventory_unknown_facility,
                "market instrument names facility '" + instrument.facility +
                    "', which is not in `facilities`",
                field_of(instrument.where, "facility"));
    }
    if (instrument.kwh < 0 || instrument.kg_co2e_per_kwh < 0) {
      out.error(ErrorCode::inventory_market_instrument,
                "market instrument amounts and factors must not be negative",
                field_of(instrument.where, "kwh"));
    }
    if (instrument.type == InstrumentType::certificate && instrument.kg_co2e_per_kwh != 0) {
      out.error(ErrorCode::inventory_market_instrument,
                "a renewable-energy certificate carries 0 kg CO2e/kWh; use supplier_specific for "
                "a contract with its own factor",
                field_of(instrument.where, "factor"));
    }
  }
}

}  // namespace

Result<factors::EmissionFactor> resolve_factor(const Inventory& inventory, const Source& source,
                                               const factors::FactorLibrary& library) {
  RecordRef where = source.where;
  if (source.type == SourceType::fugitive_refrigerant) {
    if (!source.refrigerant) {
      return fail(ErrorCode::parse_missing_field, "refrigerant source needs `refrigerant:`",
                  field_of(where, "refrigerant"));
    }
    const auto& spec = *source.refrigerant;
    auto blend = library.find_blend(spec.refrigerant, field_of(where, "refrigerant"));
    if (!blend) return tl::unexpected(blend.error());
    auto range = library.find_leak_rate(spec.equipment, field_of(where, "equipment"));
    if (!range) return tl::unexpected(range.error());
    const double rate = spec.leak_rate.value_or((*range)->default_rate);
    factors::EmissionFactor factor;
    factor.id = "refrigerant:" + spec.refrigerant + "@" + spec.equipment;
    if (rate != (*range)->default_rate) {
      // The id keys the factor in InventoryResult::factors (explain, register): sources with the
      // same refrigerant and equipment but their own leak rate need their own factor.
      char text[32];
      const auto written = std::to_chars(text, text + sizeof text, rate);
      factor.id += "@" + std::string(text, written.ptr);
    }
    factor.name_en = spec.refrigerant + " leakage from " + (*range)->name_en;
    factor.name_zh = spec.refrigerant + " 逸散（" + (*range)->name_zh + "）";
    factor.source_type = "fugitive_refrigerant";
    factor.per = *units::find_unit("kg");
    for (const auto& component : (*blend)->components) {
      factor.gases.push_back({component.gas, component.share * rate});
    }
    factor.type = factors::FactorType::national;
    // The leak-rate range is the factor's uncertainty: from the chosen rate down to the range's
    // minimum and up to its maximum (IPCC 2006 Vol. 3 Table 7.9 gives ranges, not errors).
    if (rate > 0) {
      factor.uncertainty = factors::Uncertainty{std::max(0.0, (rate - (*range)->min) / rate),
                                                std::max(0.0, ((*range)->max - rate) / rate)};
    }
    factor.table_id = "leak-rates";
    factor.provenance = (*range)->provenance;
    factor.note = "charge × leak rate " + std::to_string(rate) + "/yr" +
                  (spec.justification.empty() ? "" : " (" + spec.justification + ")") +
                  "; composition: " + (*blend)->provenance.to_string();
    return factor;
  }
  for (const auto& own : inventory.own_factors) {
    if (own.id == source.factor) return own;
  }
  auto found = library.find_factor(source.factor, field_of(where, "factor"));
  if (!found) return tl::unexpected(found.error());
  return **found;
}

Diagnostics validate(const Inventory& inventory, const factors::FactorLibrary& library) {
  return validate(inventory, inventory.gwp_set, library);
}

Diagnostics validate(const Inventory& inventory, const std::string& gwp_set,
                     const factors::FactorLibrary& library) {
  Diagnostics out = validate_before_records(inventory, gwp_set, library);
  const TallyPlan plan(inventory, library, gwp_set);
  RecordTally tally(plan, false, false);
  for (const auto& record : inventory.records) tally.add(record);
  tally.report(out);
  validate_after_records(inventory, out);
  return out;
}

Diagnostics validate_before_records(const Inventory& inventory, const std::string& gwp_set,
                                    const factors::FactorLibrary& library) {
  Diagnostics out;
  if (inventory.year < 1990 || inventory.year > 2100) {
    out.error(ErrorCode::parse_bad_value,
              "reporting year " + std::to_string(inventory.year) +
                  " is not a Gregorian year (ROC year + 1911, e.g. 民國113年 = 2024)",
              {.file = inventory.file, .field = "year"});
  }
  if (auto set = library.find_gwp_set(gwp_set, {.file = inventory.file, .field = "gwp"}); !set) {
    out.add(set.error());
  }
  for (const auto& own : inventory.own_factors) {
    for (const auto& gas : own.gases) {
      if (auto found = library.find_gas(
              gas.gas, {.file = inventory.file, .field = "factors", .record = own.id});
          !found) {
        out.add(found.error());
      }
    }
  }
  check_unique_ids(inventory, out);
  for (const auto& source : inventory.sources) check_source(inventory, source, library, out);
  return out;
}

void validate_after_records(const Inventory& inventory, Diagnostics& out) {
  check_instruments(inventory, out);
  if (inventory.sources.empty()) {
    out.error(ErrorCode::inventory_empty, "the inventory has no emission sources",
              {.file = inventory.file, .field = "sources"});
  }
}

}  // namespace cl::inventory
