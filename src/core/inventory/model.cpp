#include "core/inventory/model.hpp"

#include "core/inventory/calendar.hpp"

#include <array>
#include <utility>

namespace cl::inventory {
namespace {

struct TypeInfo {
  SourceType type;
  const char* id;
  const char* name_zh;
  int category;
};

constexpr std::array kTypes = {
    TypeInfo{SourceType::stationary_combustion, "stationary_combustion", "固定燃燒", 1},
    TypeInfo{SourceType::mobile_combustion, "mobile_combustion", "移動燃燒", 1},
    TypeInfo{SourceType::process, "process", "製程排放", 1},
    TypeInfo{SourceType::fugitive_refrigerant, "fugitive_refrigerant", "逸散（冷媒）", 1},
    TypeInfo{SourceType::fugitive_extinguisher, "fugitive_extinguisher", "逸散（滅火器）", 1},
    TypeInfo{SourceType::fugitive_septic, "fugitive_septic", "逸散（化糞池）", 1},
    TypeInfo{SourceType::fugitive_sf6, "fugitive_sf6", "逸散（SF6）", 1},
    TypeInfo{SourceType::fugitive_other, "fugitive_other", "逸散（其他）", 1},
    TypeInfo{SourceType::purchased_electricity, "purchased_electricity", "外購電力", 2},
    TypeInfo{SourceType::purchased_steam, "purchased_steam", "外購蒸汽", 2},
    TypeInfo{SourceType::indirect_other, "indirect_other", "其他間接排放", 0},
};

constexpr std::array kBoundaries = {
    std::pair{Boundary::operational_control, "operational_control"},
    std::pair{Boundary::financial_control, "financial_control"},
    std::pair{Boundary::equity_share, "equity_share"},
};

constexpr std::array kInstruments = {
    std::pair{InstrumentType::certificate, "certificate"},
    std::pair{InstrumentType::supplier_specific, "supplier_specific"},
    std::pair{InstrumentType::residual_mix, "residual_mix"},
};

template <class Table, class Enum>
std::string_view id_of(const Table& table, Enum value) {
  for (const auto& [candidate, id] : table) {
    if (candidate == value) return id;
  }
  return table.front().second;
}

template <class Table>
std::string ids_of(const Table& table) {
  std::string out;
  for (const auto& entry : table) out += (out.empty() ? "" : ", ") + std::string(entry.second);
  return out;
}

const TypeInfo& info(SourceType type) {
  for (const auto& entry : kTypes) {
    if (entry.type == type) return entry;
  }
  return kTypes.front();
}

std::string two_digits(int value) {
  return (value < 10 ? "0" : "") + std::to_string(value);
}

}  // namespace

std::string_view boundary_id(Boundary boundary) {
  return id_of(kBoundaries, boundary);
}

Result<Boundary> parse_boundary(std::string_view id, const RecordRef& where) {
  for (const auto& [boundary, candidate] : kBoundaries) {
    if (candidate == id) return boundary;
  }
  return fail(ErrorCode::parse_bad_value,
              "unknown boundary '" + std::string(id) + "'; expected " + ids_of(kBoundaries), where);
}

std::string_view source_type_id(SourceType type) {
  return info(type).id;
}
std::string_view source_type_name_zh(SourceType type) {
  return info(type).name_zh;
}

Result<SourceType> parse_source_type(std::string_view id, const RecordRef& where) {
  for (const auto& entry : kTypes) {
    if (entry.id == id) return entry.type;
  }
  // The list only for the message: it was built before the match, for every source read.
  std::string known;
  for (const auto& entry : kTypes) known += (known.empty() ? "" : ", ") + std::string(entry.id);
  return fail(ErrorCode::inventory_source_type,
              "unknown source type '" + std::string(id) + "'; expected one of " + known, where);
}

int default_category(SourceType type) {
  return info(type).category;
}

int scope_of_category(int category) {
  return category <= 1 ? 1 : (category == 2 ? 2 : 3);
}

std::string_view instrument_type_id(InstrumentType type) {
  return id_of(kInstruments, type);
}

Result<InstrumentType> parse_instrument_type(std::string_view id, const RecordRef& where) {
  for (const auto& [type, candidate] : kInstruments) {
    if (candidate == id) return type;
  }
  return fail(
      ErrorCode::inventory_market_instrument,
      "unknown market instrument type '" + std::string(id) + "'; expected " + ids_of(kInstruments),
      where);
}

std::string_view Inventory::keep(std::string text) {
  if (text.empty()) return {};
  auto owned = std::make_shared<const std::string>(std::move(text));
  const std::string_view view = *owned;
  texts.push_back(std::move(owned));
  return view;
}

std::uint32_t Inventory::file_index(const std::string& path, bool named_by_id) {
  for (std::size_t idx = 0; idx < files.size(); ++idx) {
    if (files[idx].path == path && files[idx].named_by_id == named_by_id) {
      return static_cast<std::uint32_t>(idx);
    }
  }
  files.push_back({path, named_by_id});
  return static_cast<std::uint32_t>(files.size() - 1);
}

RecordRef Inventory::where(const ActivityRecord& record, std::string field) const {
  RecordRef out{.row = record.row, .field = std::move(field)};
  bool named_by_id = false;
  if (record.file < files.size()) {
    out.file = files[record.file].path;
    named_by_id = files[record.file].named_by_id;
  }
  out.record = std::string(named_by_id && !record.id.empty() ? record.id : record.source);
  return out;
}

SourceIndex::SourceIndex(const Inventory& inventory) : sources_(inventory.sources) {
  by_id_.reserve(sources_.size());
  // The first source with an id wins, as the linear searches this replaces did.
  first_.resize(sources_.size());
  for (std::size_t idx = 0; idx < sources_.size(); ++idx) {
    first_[idx] = by_id_.emplace(sources_[idx].id, idx).second ? 1 : 0;
  }
}

std::size_t SourceIndex::find(std::string_view id) const {
  const auto found = by_id_.find(id);
  return found == by_id_.end() ? npos : found->second;
}

bool Period::is_single_month() const {
  return from_year == to_year && from_month == to_month && from_day == 1 &&
         (to_day == 0 || to_day == days_in_month(to_year, to_month));
}

std::string Period::to_string() const {
  if (is_single_month()) return std::to_string(from_year) + "-" + two_digits(from_month);
  const int last = to_day == 0 ? days_in_month(to_year, to_month) : to_day;
  return std::to_string(from_year) + "-" + two_digits(from_month) + "-" + two_digits(from_day) +
         ".." + std::to_string(to_year) + "-" + two_digits(to_month) + "-" + two_digits(last);
}

}  // namespace cl::inventory
