#include "io/factor_loader.hpp"

#include <algorithm>
#include <cstdlib>
#include <filesystem>

#include "io/file.hpp"
#include "io/json_document.hpp"
#include "io/yaml_json.hpp"
#include "io/yaml_reader.hpp"

namespace cl::io {
namespace {

/// A structural surprise (a key looked up in a scalar, a list converted to text) in either
/// reader's words, reported once for the file at its line.
void report_structure(const std::string& path, const std::string& message, int line,
                      Diagnostics& diags) {
  diags.error(ErrorCode::parse_bad_value, "unexpected structure: " + message,
              {.file = path, .row = line + 1});
}

/// Reads the file at `path` and hands its root to `load(reader, root)`: as a DocDocument when it
/// is plain data (yaml_json.hpp: libyaml, about eight times faster than yaml-cpp, which every
/// command loading the library paid for), else with yaml-cpp, whose messages name the line and
/// column of a syntax error. Both readers give the same texts, lines and diagnostics.
template <class Load>
void load_document(const std::string& path, Diagnostics& diags, Load&& load) {
  auto text = read_file(path);
  if (!text) {
    diags.add(text.error());
    return;
  }
  try {
    if (const auto json = yaml_to_json(*text)) {
      if (auto document = DocDocument::parse_json(*json)) {
        DocReader reader(path, diags);
        load(reader, document->root());
        return;
      }
    }
    YamlReader reader(path, diags);
    auto parsed = reader.parse(*text);
    if (!parsed) {
      diags.add(parsed.error());
      return;
    }
    load(reader, *parsed);
  } catch (const YAML::Exception& error) {
    report_structure(path, error.msg, error.mark.line, diags);
  } catch (const DocError& error) {
    report_structure(path, error.msg, error.line, diags);
  }
}

std::vector<std::string> yaml_files(const std::string& folder) {
  std::vector<std::string> out;
  std::error_code error;
  for (const auto& entry : std::filesystem::directory_iterator(folder, error)) {
    if (entry.path().extension() == ".yaml") out.push_back(entry.path().string());
  }
  std::sort(out.begin(), out.end());
  return out;
}

template <class Reader, class Node>
void load_gases(Reader& reader, const Node& root, factors::FactorLibrary& library) {
  for (const auto& node : reader.list(root, "gases", true)) {
    reader.check_keys(node, {"id", "formula", "name_en", "name_zh", "group"});
    factors::Gas gas;
    gas.id = reader.text(node, "id", true).value_or("");
    gas.formula = reader.text(node, "formula", false).value_or(gas.id);
    gas.name_en = reader.text(node, "name_en", false).value_or("");
    gas.name_zh = reader.text(node, "name_zh", false).value_or("");
    auto group_id = reader.text(node, "group", true, gas.id);
    if (!group_id) continue;
    auto group = factors::parse_gas_group(*group_id, reader.at(node["group"], "group", gas.id));
    if (!group) {
      reader.diagnostics().add(group.error());
      continue;
    }
    gas.group = *group;
    library.add_gas(std::move(gas));
  }
}

template <class Reader, class Node>
void load_gwp_set(Reader& reader, const Node& root, factors::FactorLibrary& library) {
  reader.check_keys(root, {"id", "name_en", "name_zh", "source", "values", "notes"});
  factors::GwpSet set;
  set.id = reader.text(root, "id", true).value_or("");
  set.name_en = reader.text(root, "name_en", false).value_or("");
  set.name_zh = reader.text(root, "name_zh", false).value_or("");
  set.provenance = reader.provenance(root["source"], set.id).value_or(Provenance{});
  for (const auto& entry : root["values"]) {
    const std::string gas = entry.first.template as<std::string>();
    if (const auto value = finite_number(entry.second)) {
      set.values[gas] = *value;
    } else {
      reader.error(ErrorCode::parse_bad_value, "GWP of " + gas + " must be a number",
                   reader.at(entry.second, "values." + gas, set.id));
    }
  }
  for (const auto& entry : root["notes"]) {
    set.notes[entry.first.template as<std::string>()] = entry.second.template as<std::string>();
  }
  library.add_gwp_set(std::move(set));
}

template <class Reader, class Node>
void load_blends(Reader& reader, const Node& root, factors::FactorLibrary& library) {
  const auto file_source = reader.provenance(root["source"]);
  for (const auto& node : reader.list(root, "blends", true)) {
    reader.check_keys(node, {"id", "name_zh", "name_en", "components", "source", "note"});
    factors::Blend blend;
    blend.id = reader.text(node, "id", true).value_or("");
    blend.name_zh = reader.text(node, "name_zh", false, blend.id).value_or(blend.id);
    blend.provenance =
        reader.provenance(node["source"], blend.id).value_or(file_source.value_or(Provenance{}));
    for (const auto& component : reader.list(node, "components", true)) {
      auto gas = reader.text(component, "gas", true, blend.id);
      auto share = reader.number(component, "share", true, blend.id);
      if (gas && share) blend.components.push_back({*gas, *share});
    }
    library.add_blend(std::move(blend));
  }
  for (const auto& node : reader.list(root, "aliases")) {
    auto id = reader.text(node, "id", true);
    auto gas = reader.text(node, "gas", true, id.value_or(""));
    if (!id || !gas) continue;
    factors::Blend single;
    single.id = *id;
    single.name_zh = *id;
    single.components.push_back({*gas, 1.0});
    single.provenance = reader.provenance(node["source"], *id)
                            .value_or(Provenance{.document = "single-component refrigerant",
                                                 .note = *id + " = " + *gas});
    library.add_blend(std::move(single));
  }
}

template <class Reader, class Node>
void load_leak_rates(Reader& reader, const Node& root, factors::FactorLibrary& library) {
  const auto file_source = reader.provenance(root["source"]).value_or(Provenance{});
  for (const auto& node : reader.list(root, "equipment", true)) {
    reader.check_keys(
        node, {"id", "name_zh", "name_en", "min", "max", "default", "recovery", "source", "note"});
    factors::LeakRateRange range;
    range.id = reader.text(node, "id", true).value_or("");
    range.name_zh = reader.text(node, "name_zh", false, range.id).value_or("");
    range.name_en = reader.text(node, "name_en", false, range.id).value_or("");
    range.min = reader.number(node, "min", true, range.id).value_or(0);
    range.max = reader.number(node, "max", true, range.id).value_or(0);
    range.default_rate = reader.number(node, "default", true, range.id).value_or(0);
    range.recovery = reader.number(node, "recovery", false, range.id).value_or(0);
    range.provenance = reader.provenance(node["source"], range.id).value_or(file_source);
    if (!(range.min <= range.default_rate && range.default_rate <= range.max)) {
      reader.error(ErrorCode::factor_invalid, "default leak rate must lie within min–max",
                   reader.at(node, "default", range.id));
    }
    library.add_leak_rate(std::move(range));
  }
}

/// One factor table: `path` names the table when its `table:` has no id.
template <class Reader, class Node>
void load_factor_table_from(Reader& reader, const Node& root, const std::string& path,
                            factors::FactorLibrary& library, Diagnostics& diagnostics) {
  reader.check_keys(root, {"table", "factors"});
  const Node table = root["table"];
  factors::EmissionFactor defaults;
  defaults.table_id = std::filesystem::path(path).stem().string();
  if (table && table.IsMap()) {
    reader.check_keys(table, {"id", "name_en", "name_zh", "source", "region", "type", "year"});
    defaults.table_id = reader.text(table, "id", false).value_or(defaults.table_id);
    defaults.provenance = reader.provenance(table["source"]).value_or(Provenance{});
    defaults.region = reader.text(table, "region", false).value_or("");
    defaults.year = reader.integer(table, "year", false).value_or(0);
    if (auto type = reader.text(table, "type", false)) {
      auto parsed = factors::parse_factor_type(*type, reader.at(table["type"], "type"));
      if (parsed) {
        defaults.type = *parsed;
      } else {
        diagnostics.add(parsed.error());
      }
    }
  }
  for (const auto& node : reader.list(root, "factors", true)) {
    auto factor = reader.factor(node, defaults);
    if (!factor) continue;
    auto added = library.add_factor(std::move(*factor), reader.at(node, "id"));
    if (!added) diagnostics.add(added.error());
  }
}

}  // namespace

void load_factor_table(const std::string& path, factors::FactorLibrary& library,
                       Diagnostics& diagnostics) {
  load_document(path, diagnostics, [&](auto& reader, const auto& root) {
    load_factor_table_from(reader, root, path, library, diagnostics);
  });
}

LoadedLibrary load_library(const std::string& data_dir) {
  LoadedLibrary out;
  const std::filesystem::path root(data_dir);
  if (!std::filesystem::is_directory(root)) {
    out.diagnostics.error(
        ErrorCode::io_not_found,
        "factor data folder not found: " + data_dir + "; pass --data DIR or set CARBONLEDGER_DATA",
        {.file = data_dir});
    return out;
  }
  const auto load = [&](const std::string& path, auto loader) {
    load_document(path, out.diagnostics, [&](auto& reader, const auto& document) {
      loader(reader, document, out.library);
    });
  };
  load((root / "gases.yaml").string(), [](auto&... args) { load_gases(args...); });
  for (const auto& path : yaml_files((root / "gwp").string())) {
    load(path, [](auto&... args) { load_gwp_set(args...); });
  }
  load((root / "blends.yaml").string(), [](auto&... args) { load_blends(args...); });
  load((root / "leak-rates.yaml").string(), [](auto&... args) { load_leak_rates(args...); });
  for (const auto& path : yaml_files((root / "factors").string())) {
    load_factor_table(path, out.library, out.diagnostics);
  }
  out.diagnostics.append(out.library.validate());
  return out;
}

std::string default_data_dir() {
  // The environment is read here, at the edge, never in core.
  if (const char* env = std::getenv("CARBONLEDGER_DATA"); env != nullptr && *env != '\0')
    return env;
  return CL_DEFAULT_DATA_DIR;
}

}  // namespace cl::io
