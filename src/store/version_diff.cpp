// Line-by-line comparison of two frozen versions: sources matched by id, activity records by
// id (the store gives every record one), fields compared as JSON values; then the totals.
#include <fmt/format.h>
#include <fmt/ranges.h>

#include <map>
#include <set>

#include "store/versions.hpp"

namespace cl::store {
namespace {

std::map<std::string, nlohmann::json> by_id(const nlohmann::json& content, const char* list) {
  std::map<std::string, nlohmann::json> out;
  if (!content.contains(list)) return out;
  for (const auto& item : content.at(list)) {
    if (item.contains("id")) out[item.at("id").get<std::string>()] = item;
  }
  return out;
}

void compare(const char* kind, const std::map<std::string, nlohmann::json>& before,
             const std::map<std::string, nlohmann::json>& after, std::vector<LineChange>& out) {
  std::set<std::string> keys;
  for (const auto& [key, value] : before) keys.insert(key);
  for (const auto& [key, value] : after) keys.insert(key);
  for (const auto& key : keys) {
    const auto old_item = before.find(key);
    const auto new_item = after.find(key);
    if (old_item == before.end()) {
      out.push_back({kind, key, "added", {}, nullptr, new_item->second});
    } else if (new_item == after.end()) {
      out.push_back({kind, key, "removed", {}, old_item->second, nullptr});
    } else if (old_item->second != new_item->second) {
      std::set<std::string> fields;
      for (const auto& [field, value] : old_item->second.items()) fields.insert(field);
      for (const auto& [field, value] : new_item->second.items()) fields.insert(field);
      std::vector<std::string> changed;
      for (const auto& field : fields) {
        if (old_item->second.value(field, nlohmann::json()) !=
            new_item->second.value(field, nlohmann::json())) {
          changed.push_back(field);
        }
      }
      out.push_back({kind, key, "changed", changed, old_item->second, new_item->second});
    }
  }
}

double number_at(const nlohmann::json& result, const std::string& pointer) {
  const nlohmann::json::json_pointer at(pointer);
  return result.contains(at) && result.at(at).is_number() ? result.at(at).get<double>() : 0.0;
}

std::string describe(const LineChange& line) {
  const nlohmann::json& item = line.after.is_null() ? line.before : line.after;
  if (line.kind == "activity") {
    return fmt::format("{} {} {} {}", item.value("source", ""), item.value("period", ""),
                       item.value("amount", 0.0), item.value("unit", ""));
  }
  return fmt::format("{} ({})", item.value("name", ""), item.value("type", ""));
}

}  // namespace

VersionDiff diff_versions(const InventoryVersion& from, const InventoryVersion& to) {
  VersionDiff diff;
  diff.from_version = from.version;
  diff.to_version = to.version;
  compare("source", by_id(from.content, "sources"), by_id(to.content, "sources"), diff.lines);
  compare("activity", by_id(from.content, "activity"), by_id(to.content, "activity"), diff.lines);
  const std::pair<const char*, const char*> totals[] = {
      {"total_co2e_kg", "/total_co2e_kg"},
      {"total_market_co2e_kg", "/total_market_co2e_kg"},
      {"scope_co2e_kg.1", "/scope_co2e_kg/1"},
      {"scope_co2e_kg.2_location", "/scope_co2e_kg/2_location"},
      {"scope_co2e_kg.2_market", "/scope_co2e_kg/2_market"},
      {"scope_co2e_kg.3", "/scope_co2e_kg/3"},
  };
  for (const auto& [name, pointer] : totals) {
    diff.totals.push_back({name, number_at(from.result, pointer), number_at(to.result, pointer)});
  }
  return diff;
}

nlohmann::json to_json(const VersionDiff& diff) {
  nlohmann::json lines = nlohmann::json::array();
  for (const auto& line : diff.lines) {
    lines.push_back({{"kind", line.kind},
                     {"key", line.key},
                     {"change", line.change},
                     {"fields", line.fields},
                     {"before", line.before},
                     {"after", line.after}});
  }
  nlohmann::json totals = nlohmann::json::object();
  for (const auto& total : diff.totals) {
    totals[total.name] = {
        {"before", total.before}, {"after", total.after}, {"delta", total.delta()}};
  }
  return {{"from_version", diff.from_version},
          {"to_version", diff.to_version},
          {"lines", lines},
          {"totals", totals}};
}

std::string render_diff(const VersionDiff& diff) {
  std::string out = fmt::format("version {} → {}: {} line(s) differ\n", diff.from_version,
                                diff.to_version, diff.lines.size());
  for (const auto& line : diff.lines) {
    const char mark = line.change == "added" ? '+' : line.change == "removed" ? '-' : '~';
    out += fmt::format("{} {} {}: {}", mark, line.kind, line.key, describe(line));
    if (!line.fields.empty()) out += fmt::format(" [{}]", fmt::join(line.fields, ", "));
    out += '\n';
  }
  for (const auto& total : diff.totals) {
    out += fmt::format("{}: {:.3f} → {:.3f} ({:+.3f})\n", total.name, total.before, total.after,
                       total.delta());
  }
  return out;
}

}  // namespace cl::store
