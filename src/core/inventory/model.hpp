// The organizational inventory (ISO 14064-1:2018) as plain values: an organization with
// facilities, emission sources per facility, activity records per month or bill period with an
// evidence reference, and the market instruments of scope 2. Parsed by io/, computed by
// compute.hpp; nothing here touches a file.
#pragma once

#include <cstdint>
#include <limits>
#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <unordered_map>
#include <vector>

#include "core/common/boxed.hpp"
#include "core/common/record_ref.hpp"
#include "core/common/result.hpp"
#include "core/factors/emission_factor.hpp"
#include "core/units/quantity.hpp"

namespace cl::inventory {

enum class Boundary { operational_control, financial_control, equity_share };

/// How a source emits; decides the default ISO category, the scope and which fields it needs.
enum class SourceType {
  stationary_combustion,
  mobile_combustion,
  process,
  fugitive_refrigerant,   ///< charge × leak rate × GWP of the refrigerant (blend)
  fugitive_extinguisher,  ///< CO2 / FM-200 refilled, mass balance
  fugitive_septic,        ///< person-hours × CH4 factor
  fugitive_sf6,
  fugitive_other,
  purchased_electricity,
  purchased_steam,
  indirect_other,  ///< ISO categories 3–6 entered with a factor
};

std::string_view boundary_id(Boundary boundary);
Result<Boundary> parse_boundary(std::string_view id, const RecordRef& where = {});
std::string_view source_type_id(SourceType type);
std::string_view source_type_name_zh(SourceType type);
Result<SourceType> parse_source_type(std::string_view id, const RecordRef& where = {});
/// ISO 14064-1:2018 category a source type falls in by default (1 direct, 2 imported energy, 3–6
/// other indirect; indirect_other has no default and must state one).
int default_category(SourceType type);
/// GHG Protocol scope of an ISO category: 1 → 1, 2 → 2, 3–6 → 3.
int scope_of_category(int category);

struct Organization {
  std::string name;
  std::string name_en;
  std::string tax_id;         ///< 統一編號
  std::string control_no;     ///< 管制編號
  std::string industry_code;  ///< 行業別代碼
  std::string address;
  std::string contact;
};

struct Facility {
  std::string id;
  std::string name;
  std::string name_en;
  std::string address;
  std::string registration_no;  ///< 工廠登記編號
  double equity_share = 1.0;    ///< used with Boundary::equity_share
  RecordRef where;
};

/// Activity-data grades of the MOENV data-quality table: A1 type, A2 credibility (1–3).
struct ActivityQuality {
  int a1 = 2;
  int a2 = 2;
};

struct RefrigerantEquipment {
  std::string refrigerant;          ///< blend id, e.g. "R-410A"
  std::string equipment;            ///< leak-rate range id, e.g. "chiller"
  std::optional<double> leak_rate;  ///< chosen rate (fraction); default of the range if empty
  std::string justification;        ///< why this rate; required when it differs from the default
};

struct Source {
  std::string id;
  std::string facility;
  std::string name;
  std::string name_en;
  SourceType type = SourceType::stationary_combustion;
  std::string factor;  ///< factor id; empty for refrigerant sources
  int category = 1;    ///< ISO 14064-1 category 1–6
  ActivityQuality quality;
  factors::Uncertainty activity_uncertainty{0.05, 0.05};
  /// The factor's uncertainty when the factor table gives none (e.g. a consultant's estimate).
  std::optional<factors::Uncertainty> factor_uncertainty;
  /// Own test data overrides the factor's. Boxed: few sources have one (keeps Source small).
  Boxed<factors::HeatingValue> heating_value;
  Boxed<RefrigerantEquipment> refrigerant;
  bool requires_monthly = false;  ///< every month of the year must have a record
  std::string process_code, equipment_code, material_code;  ///< MOENV code lists (表三)
  RecordRef where;
};

/// A period: one month, or a bill period [from, to] (inclusive days) spread over months by days.
struct Period {
  int from_year = 0, from_month = 0, from_day = 1;
  int to_year = 0, to_month = 0, to_day = 0;  ///< 0 day = end of month

  static Period month(int year, int month) { return {year, month, 1, year, month, 0}; }
  bool is_single_month() const;
  std::string to_string() const;
};

/// One activity row. A million of them are read for a large inventory, so a record holds no
/// string of its own: its text fields are views into text the Inventory owns (a CSV file's
/// buffer, or Inventory::keep), and where it came from is an index into Inventory::files plus
/// the row; Inventory::where() builds the RecordRef when a diagnostic needs one.
struct ActivityRecord {
  static constexpr std::uint32_t kNoSource = std::numeric_limits<std::uint32_t>::max();

  std::string_view id;
  std::string_view source;  ///< the source id as written
  Period period;
  units::Amount amount;
  std::string_view evidence;  ///< file name or content hash of the bill
  std::string_view note;
  /// Index into Inventory::sources found when reading; only a hint, used when that source has
  /// the id `source` names (SourceIndex checks), so editing `source` needs no care.
  std::uint32_t source_hint = kNoSource;
  std::uint32_t file = 0;  ///< index into Inventory::files
  int row = 0;             ///< 1-based line in that file; 0 when not applicable
};

/// A file activity records come from. `named_by_id`: a record's RecordRef names the record by
/// its own id when it has one (inventory files), else by its source id (CSV files).
struct RecordFile {
  std::string path;
  bool named_by_id = false;
};

enum class InstrumentType { certificate, supplier_specific, residual_mix };
std::string_view instrument_type_id(InstrumentType type);
Result<InstrumentType> parse_instrument_type(std::string_view id, const RecordRef& where = {});

/// Scope 2 market-based contractual instruments (GHG Protocol Scope 2 Guidance, 2015).
struct MarketInstrument {
  std::string id;
  InstrumentType type = InstrumentType::certificate;
  std::string facility;
  double kwh = 0.0;              ///< electricity covered (certificate / supplier_specific)
  double kg_co2e_per_kwh = 0.0;  ///< 0 for certificates; the contract's or residual-mix factor
  std::string evidence;
  RecordRef where;
};

struct Inventory {
  std::string file;  ///< the file it came from, for RecordRefs
  Organization organization;
  int year = 0;
  int base_year = 0;
  Boundary boundary = Boundary::operational_control;
  std::string gwp_set = "AR5";
  std::vector<Facility> facilities;
  std::vector<Source> sources;
  std::vector<ActivityRecord> records;
  std::vector<MarketInstrument> instruments;
  std::vector<factors::EmissionFactor> own_factors;  ///< user-added factors, per gas
  std::vector<RecordFile> files;                     ///< ActivityRecord::file indexes this
  /// The text records' views point into. Shared and never changed, so a copy of the Inventory
  /// (or a moved one) keeps every view valid.
  std::vector<std::shared_ptr<const void>> texts;

  /// Keeps `text` alive with the inventory and returns a view of it (empty text: no storage).
  std::string_view keep(std::string text);
  /// Index of `path` in `files`, added if new.
  std::uint32_t file_index(const std::string& path, bool named_by_id = false);
  /// Where `record` came from, for a diagnostic about its `field`.
  RecordRef where(const ActivityRecord& record, std::string field = {}) const;
};

/// Finds the source of an activity record: its hint when that source has the record's id, else
/// by id. One per computation; look-ups do not allocate.
class SourceIndex {
 public:
  static constexpr std::size_t npos = static_cast<std::size_t>(-1);
  explicit SourceIndex(const Inventory& inventory);
  /// Index into Inventory::sources, or npos when no source has that id.
  std::size_t find(const ActivityRecord& record) const {
    if (record.source_hint < sources_.size() && sources_[record.source_hint].id == record.source) {
      return record.source_hint;
    }
    return find(record.source);
  }
  std::size_t find(std::string_view id) const;
  /// The same, trying first the source after `previous` (files list a source's rows together,
  /// sources in the inventory's order): one comparison instead of hashing, most of the time.
  std::size_t find_after(std::string_view id, std::size_t previous) const {
    const std::size_t next = previous + 1;
    if (next < sources_.size() && first_[next] != 0 && sources_[next].id == id) return next;
    return find(id);
  }

 private:
  const std::vector<Source>& sources_;
  std::unordered_map<std::string_view, std::size_t> by_id_;
  std::vector<char> first_;  ///< whether sources_[i] is the first with its id (what find gives)
};

}  // namespace cl::inventory
