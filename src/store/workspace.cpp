// Inventory files in and out of the store. The file is read twice on import: once by io's
// reader (which checks everything and resolves the CSV activity files into records) and once
// by yaml-cpp into JSON, so each source and facility keeps exactly the fields it was written
// with. Reading back goes the other way: tables → document → io's reader.
#include "store/workspace.hpp"

#include <unistd.h>
#include <yaml-cpp/yaml.h>

#include <charconv>
#include <filesystem>
#include <map>

#include "core/inventory/compute.hpp"
#include "io/file.hpp"
#include "io/inventory_reader.hpp"
#include "io/inventory_writer.hpp"
#include "store/activity.hpp"
#include "store/inventories.hpp"
#include "store/organizations.hpp"
#include "store/repository_util.hpp"

namespace cl::store {
namespace {

using detail::unwrap;

/// A YAML (or JSON) node as JSON: quoted scalars stay strings, plain ones become numbers,
/// booleans or null when they read as such.
nlohmann::json yaml_to_json(const YAML::Node& node) {
  switch (node.Type()) {
    case YAML::NodeType::Map: {
      nlohmann::json out = nlohmann::json::object();
      for (const auto& item : node) out[item.first.Scalar()] = yaml_to_json(item.second);
      return out;
    }
    case YAML::NodeType::Sequence: {
      nlohmann::json out = nlohmann::json::array();
      for (const auto& item : node) out.push_back(yaml_to_json(item));
      return out;
    }
    case YAML::NodeType::Scalar: {
      const std::string& text = node.Scalar();
      if (node.Tag() == "!") return text;  // quoted
      if (text == "true" || text == "false") return text == "true";
      if (text == "null" || text == "~") return nullptr;
      std::int64_t integer = 0;
      if (auto [end, ec] = std::from_chars(text.data(), text.data() + text.size(), integer);
          ec == std::errc() && end == text.data() + text.size()) {
        return integer;
      }
      double real = 0.0;
      if (auto [end, ec] = std::from_chars(text.data(), text.data() + text.size(), real);
          ec == std::errc() && end == text.data() + text.size()) {
        return real;
      }
      return text;
    }
    default:
      return nullptr;
  }
}

nlohmann::json without(nlohmann::json object, std::initializer_list<const char*> keys) {
  for (const char* key : keys) object.erase(key);
  return object;
}

/// Fails with the first error of `diagnostics` and how many there are.
void require_no_errors(const Diagnostics& diagnostics, const std::string& what) {
  if (!diagnostics.has_errors()) return;
  for (const auto& item : diagnostics.items()) {
    if (item.severity != Severity::error) continue;
    Error error{item.code, item.message, item.where, {}};
    error.add_context(what + " has " + std::to_string(diagnostics.error_count()) +
                      " error(s); `carbonledger inventory validate` lists them all");
    throw StoreError{std::move(error)};
  }
}

/// The document read by io's reader, via a temporary JSON file (the reader takes paths).
inventory::Inventory model_of(const nlohmann::json& document, std::int64_t inventory_id) {
  const auto path = std::filesystem::temp_directory_path() /
                    ("carbonledger-inventory-" + std::to_string(::getpid()) + "-" +
                     std::to_string(inventory_id) + ".json");
  unwrap(io::write_file(path.string(), document.dump()));
  auto read = io::read_inventory(path.string());
  std::error_code ignored;
  std::filesystem::remove(path, ignored);
  const std::string name = "inventory " + std::to_string(inventory_id) + " in the store";
  read.inventory.file = name;
  for (auto& file : read.inventory.files) file.path = name;
  require_no_errors(read.diagnostics, name);
  return std::move(read.inventory);
}

nlohmann::json document_of(Database& db, std::int64_t inventory_id, bool with_activity = true) {
  const InventoryRecord inventory = unwrap(get_inventory(db, inventory_id));
  const Organization organization = unwrap(get_organization(db, inventory.organization_id));
  nlohmann::json doc = {{"carbonledger", "inventory/1"},
                        {"year", inventory.year},
                        {"base_year", inventory.base_year},
                        {"boundary", inventory.boundary},
                        {"gwp", inventory.gwp_set}};
  nlohmann::json org = organization.details;
  org["name"] = organization.name;
  if (!organization.name_en.empty()) org["name_en"] = organization.name_en;
  if (!organization.tax_id.empty()) org["tax_id"] = organization.tax_id;
  doc["organization"] = org;
  std::map<std::int64_t, std::string> facility_codes;
  doc["facilities"] = nlohmann::json::array();
  for (const auto& facility : unwrap(list_facilities(db, organization.id))) {
    facility_codes[facility.id] = facility.code;
    nlohmann::json item = facility.details;
    item["id"] = facility.code;
    item["name"] = facility.name;
    doc["facilities"].push_back(item);
  }
  const auto factors = unwrap(list_factors(db, organization.id));
  if (!factors.empty()) {
    doc["factors"] = nlohmann::json::array();
    for (const auto& factor : factors) doc["factors"].push_back(factor.definition);
  }
  std::map<std::int64_t, std::string> source_codes;
  doc["sources"] = nlohmann::json::array();
  for (const auto& source : unwrap(list_sources(db, inventory_id))) {
    source_codes[source.id] = source.code;
    nlohmann::json item = source.definition;
    item["id"] = source.code;
    item["facility"] = facility_codes[source.facility_id];
    item["name"] = source.name;
    doc["sources"].push_back(item);
  }
  doc["activity"] = nlohmann::json::array();
  ActivityFilter all;
  all.limit = with_activity ? std::numeric_limits<std::int64_t>::max() : 0;
  for (const auto& row :
       with_activity ? unwrap(list_activity(db, inventory_id, all)) : std::vector<ActivityRow>{}) {
    nlohmann::json item = {{"id", row.code.empty() ? "r" + std::to_string(row.id) : row.code},
                           {"source", source_codes[row.source_id]},
                           {"period", row.period},
                           {"amount", row.amount},
                           {"unit", row.unit}};
    if (!row.evidence.empty()) item["evidence"] = row.evidence;
    if (!row.note.empty()) item["note"] = row.note;
    doc["activity"].push_back(item);
  }
  if (inventory.settings.contains("market_instruments")) {
    doc["market_instruments"] = inventory.settings.at("market_instruments");
  }
  return doc;
}

nlohmann::json compute_json(const inventory::Inventory& model,
                            const factors::FactorLibrary& library, std::int64_t inventory_id) {
  const Diagnostics validation = inventory::validate(model, library);
  require_no_errors(validation, "inventory " + std::to_string(inventory_id));
  inventory::ComputeOptions options;
  options.validated = &validation;
  const auto result = unwrap(inventory::compute(model, library, options));
  return io::to_json(model, result);
}

}  // namespace

Result<ImportReport> import_inventory_file(Database& db, const Actor& actor,
                                           const std::string& path,
                                           const factors::FactorLibrary& library,
                                           const std::string& kind,
                                           std::optional<std::int64_t> organization_id) {
  return guard([&] {
    auto read = io::read_inventory(path);
    require_no_errors(read.diagnostics, path);
    require_no_errors(inventory::validate(read.inventory, library), path);
    nlohmann::json doc;
    try {
      doc = yaml_to_json(YAML::LoadFile(path));
    } catch (const YAML::Exception& error) {
      throw_error(ErrorCode::parse_syntax, path + ": " + error.what());
    }
    ImportReport report;
    db.write([&] {
      const nlohmann::json& org_doc = doc.at("organization");
      Organization organization;
      if (organization_id) {
        organization = unwrap(get_organization(db, *organization_id));
      } else {
        organization.kind = kind;
        organization.name = org_doc.value("name", "");
        organization.name_en = org_doc.value("name_en", "");
        organization.tax_id = org_doc.value("tax_id", "");
        organization.details = without(org_doc, {"name", "name_en", "tax_id"});
        organization = unwrap(create_organization(db, actor, organization));
      }
      report.organization_id = organization.id;
      std::map<std::string, std::int64_t> facility_ids;
      for (const auto& facility : unwrap(list_facilities(db, organization.id))) {
        facility_ids[facility.code] = facility.id;
      }
      for (const auto& item : doc.value("facilities", nlohmann::json::array())) {
        const std::string code = item.value("id", "");
        if (facility_ids.contains(code)) continue;
        Facility facility{0, organization.id, code, item.value("name", ""),
                          without(item, {"id", "name"})};
        facility_ids[code] = unwrap(create_facility(db, actor, facility)).id;
        ++report.facilities;
      }
      std::map<std::string, nlohmann::json> known_factors;
      for (const auto& factor : unwrap(list_factors(db, organization.id))) {
        known_factors[factor.code] = factor.definition;
      }
      for (const auto& item : doc.value("factors", nlohmann::json::array())) {
        const std::string code = item.value("id", "");
        if (auto found = known_factors.find(code); found != known_factors.end()) {
          if (found->second == item) continue;
          throw_error(ErrorCode::store_conflict, "the organization has a different factor " + code +
                                                     " already; give the new one another id");
        }
        unwrap(add_factor(db, actor, {0, organization.id, code, item, {}}));
        ++report.factors;
      }
      InventoryRecord inventory;
      inventory.organization_id = organization.id;
      inventory.year = read.inventory.year;
      inventory.base_year = read.inventory.base_year;
      inventory.boundary = std::string(inventory::boundary_id(read.inventory.boundary));
      inventory.gwp_set = read.inventory.gwp_set;
      if (doc.contains("market_instruments")) {
        inventory.settings["market_instruments"] = doc.at("market_instruments");
      }
      inventory = unwrap(create_inventory(db, actor, inventory));
      report.inventory_id = inventory.id;
      std::map<std::string, std::int64_t, std::less<>> source_ids;
      for (const auto& item : doc.value("sources", nlohmann::json::array())) {
        SourceRecord source;
        source.inventory_id = inventory.id;
        source.facility_id = facility_ids.at(item.value("facility", ""));
        source.code = item.value("id", "");
        source.name = item.value("name", "");
        source.type = item.value("type", "");
        source.factor = item.value("factor", "");
        source.definition = without(item, {"id", "facility", "name"});
        source_ids[source.code] = unwrap(create_source(db, actor, source)).id;
        ++report.sources;
      }
      std::vector<ActivityRow> rows;
      rows.reserve(read.inventory.records.size());
      for (const auto& record : read.inventory.records) {
        ActivityRow row;
        row.source_id = source_ids.find(record.source)->second;
        row.code = std::string(record.id);
        row.period = record.period.to_string();
        row.amount = record.amount.value;
        row.unit = std::string(record.amount.unit().symbol);
        row.evidence = std::string(record.evidence);
        row.note = std::string(record.note);
        rows.push_back(std::move(row));
      }
      report.records = unwrap(add_activities(db, actor, std::move(rows))).size();
    });
    return report;
  });
}

Result<nlohmann::json> inventory_document(Database& db, std::int64_t inventory_id) {
  return guard([&] {
    nlohmann::json doc;
    db.read_snapshot([&] { doc = document_of(db, inventory_id); });
    return doc;
  });
}

Result<inventory::Inventory> load_inventory(Database& db, std::int64_t inventory_id,
                                            bool with_activity) {
  return guard([&] {
    nlohmann::json doc;
    db.read_snapshot([&] { doc = document_of(db, inventory_id, with_activity); });
    return model_of(doc, inventory_id);
  });
}

Result<nlohmann::json> compute_inventory(Database& db, const Actor& actor,
                                         std::int64_t inventory_id,
                                         const factors::FactorLibrary& library) {
  return guard([&] {
    nlohmann::json result;
    db.write([&] {
      const auto model = model_of(document_of(db, inventory_id), inventory_id);
      result = compute_json(model, library, inventory_id);
      unwrap(store_result(db, actor, inventory_id, result));
    });
    return result;
  });
}

Result<InventoryVersion> freeze_inventory(Database& db, const Actor& actor,
                                          std::int64_t inventory_id,
                                          const factors::FactorLibrary& library) {
  return guard([&] {
    InventoryVersion version;
    db.write([&] {
      const nlohmann::json doc = document_of(db, inventory_id);
      const nlohmann::json result =
          compute_json(model_of(doc, inventory_id), library, inventory_id);
      unwrap(store_result(db, actor, inventory_id, result));
      version = unwrap(freeze_version(db, actor, inventory_id, doc, result));
    });
    return version;
  });
}

}  // namespace cl::store
