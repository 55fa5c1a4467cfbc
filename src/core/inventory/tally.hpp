// The per-record part of validate() and compute(), one record at a time: a RecordTally checks a
// record (known source, finite non-negative amount, valid period, convertible unit) and adds its
// activity into source × month × gas cells. compute() runs one over Inventory::records; a reader
// of a large CSV file runs one per thread over rows it never keeps (io::read_inventory_tallied),
// joins them in file order and computes from the cells, with the same answers and diagnostics.
#pragma once

#include <algorithm>
#include <array>
#include <cstdint>
#include <cstdlib>
#include <memory>
#include <optional>
#include <span>
#include <string>
#include <utility>
#include <vector>

#include "core/common/diagnostic.hpp"
#include "core/factors/library.hpp"
#include "core/inventory/model.hpp"
#include "core/inventory/result.hpp"

namespace cl::inventory {

/// What every tally of one inventory shares, worked out once and read-only afterwards: each
/// source's factor and, when every source's factor and gas resolves under the GWP set, the gases
/// and kg per unit that accumulation needs. Otherwise the plan only checks (validate() still
/// lists every record problem), and compute() reports why it cannot resolve.
class TallyPlan {
 public:
  TallyPlan(const Inventory& inventory, const factors::FactorLibrary& library,
            const std::string& gwp_set);

  /// False when a source's factor, a gas or the GWP set did not resolve: records are checked
  /// but not accumulated; `why()` is the first such problem.
  bool accumulates() const { return accumulates_; }
  const Error& why() const { return why_; }
  /// The result as far as the plan fills it: gases, GWPs and the applied factors
  /// (RecordTally::fill adds the sources).
  const InventoryResult& seed() const { return seed_; }
  const std::vector<factors::GasGroup>& gas_groups() const { return groups_; }

 private:
  friend class RecordTally;
  static constexpr std::size_t kNoFactor = static_cast<std::size_t>(-1);
  struct Prepared {
    std::size_t factor = kNoFactor;  ///< index into seed_.factors; kNoFactor: did not resolve
    std::uint32_t first_gas = 0;     ///< into gas_factors_
    std::uint32_t gas_count = 0;
    double equity = 1.0;
  };

  const Inventory& inventory_;
  SourceIndex source_index_;
  std::vector<Prepared> prepared_;
  /// Each source's gases (gas index, kg per factor unit), one after another: one vector instead
  /// of one per source.
  std::vector<std::pair<std::size_t, double>> gas_factors_;

  std::span<const std::pair<std::size_t, double>> gases_of(const Prepared& prep) const {
    return {gas_factors_.data() + prep.first_gas, prep.gas_count};
  }
  std::vector<factors::GasGroup> groups_;
  InventoryResult seed_;
  bool accumulates_ = false;
  Error why_;
};

/// Checks and accumulates records in the order they are added. Tallies of consecutive parts of
/// the records (one per thread) are joined with append(); the result is what one tally over all
/// of them gives, up to the order of floating-point additions.
class RecordTally {
 public:
  /// `keep_indices`: remember each source's record indices (for explain); a tally of records
  /// that are not kept counts them instead. `accumulate` false: check only (validate()).
  RecordTally(const TallyPlan& plan, bool keep_indices, bool accumulate = true);

  /// Checks `record` and, when it passes and the plan accumulates, adds it in. `index` is its
  /// place in Inventory::records (used only with keep_indices).
  void add(const ActivityRecord& record, std::size_t index = 0);
  /// add() for the common record, given as its parts by a reader that keeps no records: source
  /// `source` (an index into Inventory::sources, from source_index()), month `month` (1 to 12) of
  /// the reporting year, a finite `amount` >= 0 in `unit`, a unit this tally has already seen
  /// convert for that source. Then it does what add() does and returns true; otherwise it
  /// changes nothing and returns false, and the record goes to add(). Needs keep_indices false.
  bool add_month(std::size_t source, int month, double amount, const units::Unit* unit) {
    const std::uint32_t slot = slot_of_[source];
    if (slot == 0 || keep_indices_) return false;  // a source met first goes through add()
    auto& mine = met_[slot - 1];
    const UnitScale* scale = find_scale(mine, unit);
    if (scale == nullptr || !scale->converts) return false;
    ++records_;
    ++mine.count;
    mine.months_seen[static_cast<std::size_t>(month - 1)] = true;
    if (!accumulate_) return true;
    const auto& prep = plan_.prepared_[source];
    const double activity = amount * scale->scale * prep.equity;
    mine.activity += activity;
    const auto factors = plan_.gases_of(prep);
    const std::size_t gases = factors.size();
    double* cells = cells_of(mine, gases) + static_cast<std::size_t>(month - 1) * gases;
    for (std::size_t gas = 0; gas < gases; ++gas) cells[gas] += activity * factors[gas].second;
    return true;
  }
  /// add_month() for a period other than a plain month (a bill, 2024-01-15..2024-02-14): the
  /// same conditions, and a period that check_period accepts and that overlaps the reporting
  /// year. Then it does what add() does (the activity spread over the months by days) and
  /// returns true; otherwise it changes nothing and returns false.
  bool add_period(std::size_t source, const Period& period, double amount, const units::Unit* unit);
  /// The index of the source with this id, or SourceIndex::npos.
  std::size_t find_source(std::string_view id) const { return plan_.source_index_.find(id); }
  /// The same, trying the source after `previous` first (SourceIndex::find_after).
  std::size_t find_source_after(std::string_view id, std::size_t previous) const {
    return plan_.source_index_.find_after(id, previous);
  }
  int year() const { return plan_.inventory_.year; }
  /// Moves the rows its problems name by `lines` (a part of a file read before its line numbers
  /// were known).
  void shift_rows(int lines) {
    for (auto& item : problems_) item.diagnostic.where.row += lines;
  }
  /// Joins the tally of the records that follow this one's.
  void append(RecordTally&& later);

  /// validate()'s findings for the records, in record order, then the sources missing a month.
  void report(Diagnostics& out) const;
  /// Adds a line per source to `out` (whose gases, GWPs and factors come from the plan's seed):
  /// its factor, activity, per-gas and per-month totals and records.
  void fill(InventoryResult& out) const;
  std::size_t records() const { return records_; }
  bool has_errors() const {
    return std::any_of(problems_.begin(), problems_.end(), [](const Problem& item) {
      return item.diagnostic.severity == Severity::error;
    });
  }
  const TallyPlan& plan() const { return plan_; }
  /// Whether records are added into cells (false: check only, or the plan cannot resolve).
  bool accumulates() const { return accumulate_; }

 private:
  /// A record problem. A unit problem is found once per (source, unit); `unit` names it so
  /// that append() drops what a later part found again.
  struct Problem {
    Diagnostic diagnostic;
    std::size_t source = 0;
    const units::Unit* unit = nullptr;
  };
  /// A source's scale to its factor's unit from one unit (conversions are linear), so that
  /// to_factor_units runs once per source and unit; `converts` false: that unit does not
  /// convert (reported once). Keyed by the unit table's entry; a source's entries are a list
  /// through `next` (1-based into scales_, 0 ends it).
  struct UnitScale {
    const units::Unit* unit = nullptr;
    double scale = 0.0;
    bool converts = false;
    std::uint32_t next = 0;
  };
  /// What a tally keeps per source it has met. Only met sources have one (a tally of a part of
  /// a file meets a few hundred of thousands), so a part's tally touches little memory.
  struct PerSource {
    std::size_t source = 0;  ///< index into Inventory::sources
    std::array<bool, 12> months_seen{};
    std::uint32_t first_scale = 0;  ///< 1-based into scales_; 0: none yet
    double activity = 0.0;
    std::size_t count = 0;
    /// Its 12 months × its own gases in cells_ (a source has one to a few of the inventory's
    /// gases), kg; kNoCells until something is added.
    std::size_t first_cell = kNoCells;
  };
  static constexpr std::size_t kNoCells = static_cast<std::size_t>(-1);

  /// The state of `source`, made when first met.
  PerSource& meet(std::size_t source) {
    std::uint32_t& slot = slot_of_[source];
    if (slot == 0) {
      met_.push_back({.source = source});
      slot = static_cast<std::uint32_t>(met_.size());
    }
    return met_[slot - 1];
  }
  /// The state of `source`, or null when it was not met.
  const PerSource* seen(std::size_t source) const {
    const std::uint32_t slot = slot_of_[source];
    return slot == 0 ? nullptr : &met_[slot - 1];
  }
  /// `mine`'s cells, made (zeros) on first use: 12 months × `gases`.
  double* cells_of(PerSource& mine, std::size_t gases) {
    if (mine.first_cell == kNoCells) {
      mine.first_cell = cells_.size();
      cells_.resize(cells_.size() + 12 * gases, 0.0);
    }
    return cells_.data() + mine.first_cell;
  }

  const UnitScale* find_scale(const PerSource& mine, const units::Unit* unit) const {
    for (std::uint32_t at = mine.first_scale; at != 0; at = scales_[at - 1].next) {
      if (scales_[at - 1].unit == unit) return &scales_[at - 1];
    }
    return nullptr;
  }
  void add_scale(PerSource& mine, const units::Unit* unit, double scale, bool converts) {
    scales_.push_back({unit, scale, converts, mine.first_scale});
    mine.first_scale = static_cast<std::uint32_t>(scales_.size());
  }

  /// Adds `amount` (in the factor's unit) of `period` into `mine`'s activity and cells, after
  /// its facility's equity share: all in its month when the period is one month (nothing when
  /// that month is of another year), else spread by `shares` (month_shares, made if empty).
  void accumulate(PerSource& mine, double amount, const Period& period, bool plain_month,
                  std::optional<std::array<double, 12>>& shares);
  void problem(Severity severity, ErrorCode code, std::string message, RecordRef where,
               std::size_t source = 0, const units::Unit* unit = nullptr);
  /// The record's scale to its factor's unit, or nullopt when the unit does not convert.
  std::optional<double> scale_of(const ActivityRecord& record, std::size_t source);

  const TallyPlan& plan_;
  bool keep_indices_;
  bool accumulate_;
  /// Frees what calloc gave.
  struct Free {
    void operator()(void* block) const { std::free(block); }
  };
  std::size_t source_count_ = 0;
  /// Per source of the inventory, 1 + its index in met_; 0: not met. From calloc, so that a
  /// part's tally pays a page only where its sources are.
  std::unique_ptr<std::uint32_t[], Free> slot_of_;
  std::vector<PerSource> met_;
  std::vector<UnitScale> scales_;
  /// Per source, its records' indices (keep_indices only).
  std::vector<std::vector<std::size_t>> indices_;
  /// The met sources' cells (PerSource::first_cell); empty when the tally does not accumulate.
  std::vector<double> cells_;
  std::vector<Problem> problems_;
  std::size_t records_ = 0;
};

}  // namespace cl::inventory
