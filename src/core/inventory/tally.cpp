#include "core/inventory/tally.hpp"

#include <algorithm>
#include <cmath>
#include <new>
#include <numeric>
#include <string_view>
#include <unordered_map>

#include "core/inventory/calendar.hpp"
#include "core/inventory/compute.hpp"

namespace cl::inventory {
namespace {

/// A one-month period as the CSV reader writes it ("2024-03"): the common case, checked without
/// building month shares. Other periods go through check_period and month_shares.
bool is_plain_month(const Period& period) {
  return period.from_year == period.to_year && period.from_month == period.to_month &&
         period.from_day == 1 && period.to_day == 0 && period.from_month >= 1 &&
         period.from_month <= 12;
}

}  // namespace

TallyPlan::TallyPlan(const Inventory& inventory, const factors::FactorLibrary& library,
                     const std::string& gwp_set)
    : inventory_(inventory), source_index_(inventory) {
  const std::size_t count = inventory.sources.size();
  prepared_.resize(count);
  // The first problem, in the order compute() has always met them: the GWP set, then per source
  // its factor and that factor's gases.
  bool ok = true;
  const auto stop = [&](const Error& error) {
    if (ok) why_ = error;
    ok = false;
  };
  const factors::GwpSet* set = nullptr;
  if (auto found = library.find_gwp_set(gwp_set)) {
    set = *found;
    seed_.gwp_set = set->id;
  } else {
    stop(found.error());
  }
  // Sources share factors: each is resolved (and copied) once per factor id, not per source.
  std::unordered_map<std::string, std::size_t> factor_slot;
  std::unordered_map<std::string_view, std::size_t> by_source_factor;  ///< Source::factor → slot
  std::unordered_map<std::string, std::size_t> gas_index;
  for (std::size_t idx = 0; idx < count; ++idx) {
    const auto& source = inventory.sources[idx];
    auto& prep = prepared_[idx];
    const bool refrigerant = source.type == SourceType::fugitive_refrigerant;
    if (auto known = by_source_factor.find(source.factor);
        !refrigerant && known != by_source_factor.end()) {
      prep.factor = known->second;
    } else {
      auto factor = resolve_factor(inventory, source, library);
      if (factor) {
        auto [slot, inserted] = factor_slot.emplace(factor->id, seed_.factors.size());
        if (inserted) seed_.factors.push_back(std::move(*factor));
        prep.factor = slot->second;
      } else {
        stop(factor.error());
      }
      if (!refrigerant) by_source_factor.emplace(source.factor, prep.factor);
    }
    if (prep.factor == kNoFactor || !ok) continue;
    const auto& applied = seed_.factors[prep.factor];
    prep.first_gas = static_cast<std::uint32_t>(gas_factors_.size());
    for (const auto& gas : applied.gases) {
      auto known = gas_index.find(gas.gas);
      if (known == gas_index.end()) {
        auto found = library.find_gas(gas.gas, source.where);
        if (!found) {
          stop(found.error());
          break;
        }
        auto gwp = library.gwp(gas.gas, *set, source.where);
        if (!gwp) {
          stop(gwp.error());
          break;
        }
        seed_.gases.push_back(gas.gas);
        seed_.gwps.push_back(*gwp);
        seed_.gas_in_total.push_back((*found)->is_in_total() ? 1 : 0);
        groups_.push_back((*found)->group);
        known = gas_index.emplace(gas.gas, seed_.gases.size() - 1).first;
      }
      gas_factors_.emplace_back(known->second, gas.kg_per_unit);
      ++prep.gas_count;
    }
    if (inventory.boundary == Boundary::equity_share) {
      for (const auto& facility : inventory.facilities) {
        if (facility.id == source.facility) prep.equity = facility.equity_share;
      }
    }
  }
  accumulates_ = ok;
}

RecordTally::RecordTally(const TallyPlan& plan, bool keep_indices, bool accumulate)
    : plan_(plan),
      keep_indices_(keep_indices),
      accumulate_(accumulate && plan.accumulates_),
      source_count_(plan.inventory_.sources.size()) {
  slot_of_.reset(static_cast<std::uint32_t*>(
      std::calloc(std::max<std::size_t>(source_count_, 1), sizeof(std::uint32_t))));
  if (!slot_of_) throw std::bad_alloc();
  if (keep_indices_) indices_.resize(source_count_);
}

void RecordTally::problem(Severity severity, ErrorCode code, std::string message, RecordRef where,
                          std::size_t source, const units::Unit* unit) {
  problems_.push_back({{severity, code, std::move(message), std::move(where)}, source, unit});
}

std::optional<double> RecordTally::scale_of(const ActivityRecord& record, std::size_t source) {
  auto& mine = meet(source);
  const units::Unit* unit = &record.amount.unit();  // the unit table's entry: one per symbol
  if (const UnitScale* known = find_scale(mine, unit)) {
    return known->converts ? std::optional<double>(known->scale) : std::nullopt;
  }
  const std::size_t factor = plan_.prepared_[source].factor;
  if (factor == TallyPlan::kNoFactor) return std::nullopt;  // reported with the source
  const Inventory& inventory = plan_.inventory_;
  const auto& spec = inventory.sources[source];
  auto scale = factors::to_factor_units(1.0, record.amount.unit(), plan_.seed_.factors[factor],
                                        spec.heating_value ? &*spec.heating_value : nullptr,
                                        inventory.where(record, "unit"));
  if (!scale) {
    problem(Severity::error, scale.error().code, scale.error().message, scale.error().where, source,
            unit);
    add_scale(mine, unit, 0.0, false);
    return std::nullopt;
  }
  add_scale(mine, unit, *scale, true);
  return *scale;
}

void RecordTally::add(const ActivityRecord& record, std::size_t index) {
  ++records_;
  const Inventory& inventory = plan_.inventory_;
  const std::size_t source = plan_.source_index_.find(record);
  if (source == SourceIndex::npos) {
    problem(Severity::error, ErrorCode::inventory_unknown_source,
            "activity names source '" + std::string(record.source) + "', which is not in `sources`",
            inventory.where(record, "source"));
    return;
  }
  auto& mine = meet(source);
  ++mine.count;
  if (keep_indices_) indices_[source].push_back(index);
  if (!std::isfinite(record.amount.value)) {
    problem(Severity::error, ErrorCode::parse_bad_value, "amount is not a finite number",
            inventory.where(record, "amount"));
  } else if (record.amount.value < 0) {
    problem(Severity::error, ErrorCode::inventory_negative_amount,
            "amount " + std::to_string(record.amount.value) +
                " is negative; enter consumption as a positive number (a correction is a new "
                "record with its own evidence)",
            inventory.where(record, "amount"));
  }
  const Period& period = record.period;
  double inside = 0;
  std::optional<std::array<double, 12>> shares;
  const bool plain_month = is_plain_month(period);
  if (plain_month) {
    if (period.from_year == inventory.year) {
      inside = 1;
      mine.months_seen[static_cast<std::size_t>(period.from_month - 1)] = true;
    }
  } else {
    if (auto wrong = check_period(period); !wrong.empty()) {
      problem(Severity::error, ErrorCode::inventory_bad_period,
              "period " + period.to_string() + ": " + wrong, inventory.where(record, "period"));
      return;
    }
    shares = month_shares(period, inventory.year);
    for (std::size_t month = 0; month < 12; ++month) {
      inside += (*shares)[month];
      if ((*shares)[month] > 0) mine.months_seen[month] = true;
    }
  }
  if (inside < 1e-12) {
    problem(Severity::warning, ErrorCode::inventory_bad_period,
            "period " + period.to_string() + " lies outside reporting year " +
                std::to_string(inventory.year) + "; the record is not counted",
            inventory.where(record, "period"));
  }
  const auto scale = scale_of(record, source);
  if (!scale || !accumulate_) return;
  accumulate(mine, record.amount.value * *scale, period, plain_month, shares);
}

bool RecordTally::add_period(std::size_t source, const Period& period, double amount,
                             const units::Unit* unit) {
  const std::uint32_t slot = slot_of_[source];
  if (slot == 0 || keep_indices_) return false;
  auto& mine = met_[slot - 1];
  const UnitScale* scale = find_scale(mine, unit);
  if (scale == nullptr || !scale->converts || is_plain_month(period) ||
      !check_period(period).empty()) {
    return false;
  }
  std::optional<std::array<double, 12>> shares = month_shares(period, plan_.inventory_.year);
  double inside = 0;
  for (const double share : *shares) inside += share;
  if (inside < 1e-12) return false;  // add() warns about it
  ++records_;
  ++mine.count;
  for (std::size_t month = 0; month < 12; ++month) {
    if ((*shares)[month] > 0) mine.months_seen[month] = true;
  }
  if (accumulate_) accumulate(mine, amount * scale->scale, period, false, shares);
  return true;
}

void RecordTally::accumulate(PerSource& mine, double amount, const Period& period, bool plain_month,
                             std::optional<std::array<double, 12>>& shares) {
  const int year = plan_.inventory_.year;
  const auto& prep = plan_.prepared_[mine.source];
  const double activity = amount * prep.equity;
  const auto factors = plan_.gases_of(prep);
  const std::size_t gases = factors.size();
  double* cells = cells_of(mine, gases);
  if (plain_month || period.is_single_month()) {
    if (period.from_year != year) return;
    mine.activity += activity;
    double* month_cells = cells + static_cast<std::size_t>(period.from_month - 1) * gases;
    for (std::size_t gas = 0; gas < gases; ++gas) {
      month_cells[gas] += activity * factors[gas].second;
    }
    return;
  }
  if (!shares) shares = month_shares(period, year);
  for (std::size_t month = 0; month < 12; ++month) {
    const double share = (*shares)[month];
    if (share == 0.0) continue;
    mine.activity += activity * share;
    for (std::size_t gas = 0; gas < gases; ++gas) {
      cells[month * gases + gas] += activity * share * factors[gas].second;
    }
  }
}

void RecordTally::append(RecordTally&& later) {
  // Nothing added yet (no rows in the inventory file itself): take the later tally whole.
  if (records_ == 0 && problems_.empty() && keep_indices_ == later.keep_indices_) {
    slot_of_ = std::move(later.slot_of_);
    met_ = std::move(later.met_);
    scales_ = std::move(later.scales_);
    indices_ = std::move(later.indices_);
    accumulate_ = later.accumulate_;
    cells_ = std::move(later.cells_);
    problems_ = std::move(later.problems_);
    records_ = later.records_;
    return;
  }
  // A unit is checked once per source: what the later part found again is dropped.
  for (auto& item : later.problems_) {
    if (item.unit != nullptr) {
      const PerSource* mine = seen(item.source);
      if (mine != nullptr && find_scale(*mine, item.unit) != nullptr) continue;
    }
    problems_.push_back(std::move(item));
  }
  for (const auto& theirs : later.met_) {  // the sources the later part named
    auto& mine = meet(theirs.source);
    for (std::size_t month = 0; month < 12; ++month)
      mine.months_seen[month] = mine.months_seen[month] || theirs.months_seen[month];
    // Their scales that this tally has not met (a unit appears once per source, so the order
    // of the list does not matter).
    for (std::uint32_t at = theirs.first_scale; at != 0; at = later.scales_[at - 1].next) {
      const UnitScale& entry = later.scales_[at - 1];
      if (find_scale(mine, entry.unit) == nullptr)
        add_scale(mine, entry.unit, entry.scale, entry.converts);
    }
    mine.activity += theirs.activity;
    mine.count += theirs.count;
    if (keep_indices_ && later.keep_indices_) {
      auto& indices = indices_[theirs.source];
      const auto& added = later.indices_[theirs.source];
      indices.insert(indices.end(), added.begin(), added.end());
    }
    if (accumulate_ && later.accumulate_ && theirs.first_cell != kNoCells) {
      const std::size_t count = 12 * std::size_t{plan_.prepared_[theirs.source].gas_count};
      double* cells = cells_of(mine, count / 12);
      const double* added = later.cells_.data() + theirs.first_cell;
      for (std::size_t cell = 0; cell < count; ++cell) cells[cell] += added[cell];
    }
  }
  records_ += later.records_;
}

void RecordTally::report(Diagnostics& out) const {
  for (const auto& item : problems_) {
    const auto& found = item.diagnostic;
    if (found.severity == Severity::error) {
      out.error(found.code, found.message, found.where);
    } else {
      out.warning(found.code, found.message, found.where);
    }
  }
  const Inventory& inventory = plan_.inventory_;
  for (std::size_t idx = 0; idx < inventory.sources.size(); ++idx) {
    const auto& source = inventory.sources[idx];
    if (!source.requires_monthly) continue;
    const PerSource* mine = seen(idx);
    const std::array<bool, 12> months =
        mine != nullptr ? mine->months_seen : std::array<bool, 12>{};
    std::string missing;
    for (std::size_t month = 0; month < 12; ++month) {
      if (!months[month]) missing += (missing.empty() ? "" : ", ") + std::to_string(month + 1);
    }
    if (!missing.empty()) {
      RecordRef where = source.where;
      where.field = "activity";
      out.error(ErrorCode::inventory_missing_month,
                "source '" + source.id + "' needs a record for every month of " +
                    std::to_string(inventory.year) + "; missing month(s) " + missing +
                    " (enter 0 with a note if nothing was used)",
                std::move(where));
    }
  }
}

void RecordTally::fill(InventoryResult& out) const {
  // Fold each source's month × gas cells into its per-gas and per-month totals, gases in the
  // inventory's order (so that each sum adds in the same order whatever the factor lists).
  const std::size_t gas_count = out.gases.size();
  std::vector<std::size_t> order;
  out.sources.resize(source_count_);
  for (std::size_t source = 0; source < source_count_; ++source) {
    auto& line = out.sources[source];
    const PerSource* mine = seen(source);
    line.source = source;
    if (const auto factor = plan_.prepared_[source].factor; factor != TallyPlan::kNoFactor) {
      line.factor_id = plan_.seed_.factors[factor].id;
    }
    line.activity = mine != nullptr ? mine->activity : 0.0;
    if (keep_indices_) line.records = indices_[source];
    line.record_count = mine != nullptr ? mine->count : 0;
    line.gas_kg.assign(gas_count, 0.0);
    line.gas_co2e_kg.assign(gas_count, 0.0);
    if (!accumulate_ || mine == nullptr || mine->first_cell == kNoCells) continue;
    const auto& prep = plan_.prepared_[source];
    const auto factors = plan_.gases_of(prep);
    const std::size_t gases = factors.size();
    order.resize(gases);
    std::iota(order.begin(), order.end(), 0);
    std::stable_sort(order.begin(), order.end(), [&](std::size_t lhs, std::size_t rhs) {
      return factors[lhs].first < factors[rhs].first;
    });
    const double* cells = cells_.data() + mine->first_cell;
    for (std::size_t month = 0; month < 12; ++month) {
      for (const std::size_t slot : order) {
        const std::size_t gas = factors[slot].first;
        const double kg = cells[month * gases + slot];
        if (kg == 0.0) continue;
        const double co2e = kg * out.gwps[gas];
        line.gas_kg[gas] += kg;
        line.gas_co2e_kg[gas] += co2e;
        line.month_co2e_kg[month] += co2e;
      }
    }
  }
  out.record_count = records_;
}

}  // namespace cl::inventory
