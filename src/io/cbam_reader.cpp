#include "io/cbam_reader.hpp"

#include <filesystem>

#include "io/file.hpp"
#include "io/json_document.hpp"
#include "io/yaml_reader.hpp"

namespace cl::io {
namespace {

constexpr std::string_view kInputMarker = "cbam-communication/1";

/// The first error added since `before`, with the count as context; or nothing.
std::optional<Error> first_error(const Diagnostics& diagnostics, std::size_t before,
                                 const std::string& file) {
  const std::size_t errors = diagnostics.error_count() - before;
  if (errors == 0) return std::nullopt;
  std::size_t seen = 0;
  for (const auto& item : diagnostics.items()) {
    if (item.severity != Severity::error || seen++ < before) continue;
    Error first{item.code, item.message, item.where, {}};
    first.add_context("while reading " + file + " (" + std::to_string(errors) + " problem" +
                      (errors == 1 ? "" : "s") + ")");
    return first;
  }
  return Error{ErrorCode::internal, "errors counted but not found", {.file = file}, {}};
}

template <class Node>
class InputReader {
 public:
  InputReader(BasicDocReader<Node>& doc, bool has_inventory)
      : doc_(doc), has_inventory_(has_inventory) {}

  void read(const Node& root, CbamInput& out) {
    if (!root || !root.IsMap()) {
      doc_.error(ErrorCode::parse_bad_value,
                 "a CBAM input is a JSON object {\"carbonledger\": \"cbam-communication/1\", …}",
                 doc_.at(root, ""));
      return;
    }
    doc_.check_keys(root, {"carbonledger", "installation", "period", "inventory", "sources",
                           "processes", "precursors", "carbon_prices"});
    const auto marker = doc_.text(root, "carbonledger", true);
    if (marker && *marker != kInputMarker) {
      doc_.error(ErrorCode::parse_bad_value,
                 "field 'carbonledger' must be \"" + std::string(kInputMarker) + "\", got '" +
                     *marker + "'",
                 doc_.at(root["carbonledger"], "carbonledger"));
    }
    auto& c = out.communication;
    installation(root["installation"], c.installation);
    period(root["period"], c.period);
    out.inventory_path = doc_.text(root, "inventory", false).value_or("");
    for (const auto& node : doc_.list(root, "sources")) c.sources.push_back(source(node));
    for (const auto& node : doc_.list(root, "processes", true)) {
      c.processes.push_back(process(node));
    }
    for (const auto& node : doc_.list(root, "precursors")) c.precursors.push_back(precursor(node));
    for (const auto& node : doc_.list(root, "carbon_prices")) {
      c.carbon_prices.push_back(price(node));
    }
    if (has_inventory_ && root["inventory"]) {
      doc_.error(ErrorCode::parse_unknown_field,
                 "leave out 'inventory': the stored inventory's sources are used",
                 doc_.at(root["inventory"], "inventory"));
    }
    if (!has_inventory_ && out.inventory_path.empty() && c.sources.empty()) {
      doc_.error(ErrorCode::parse_missing_field,
                 "give the installation's emissions: 'inventory' (an inventory file whose "
                 "sources the processes share) or a 'sources' list",
                 doc_.at(root, "sources"));
    }
  }

 private:
  bool expect_map(const Node& node, const char* what, const std::string& record = {}) {
    if (node && node.IsMap()) return true;
    doc_.error(node ? ErrorCode::parse_bad_value : ErrorCode::parse_missing_field,
               std::string(what) + " must be a map {...}", doc_.at(node, what, record));
    return false;
  }

  double amount(const Node& map, const char* key, bool required, const std::string& record) {
    return doc_.number(map, key, required, record).value_or(0.0);
  }

  void installation(const Node& node, cbam::Installation& out) {
    if (!expect_map(node, "installation")) return;
    doc_.check_keys(node, {"name", "name_local", "address", "city", "country", "unlocode",
                           "latitude", "longitude", "operator", "contact", "verifier"});
    out.where = doc_.at(node, "installation");
    out.name = doc_.text(node, "name", true).value_or("");
    out.name_local = doc_.text(node, "name_local", false).value_or("");
    out.address = doc_.text(node, "address", true).value_or("");
    out.city = doc_.text(node, "city", true).value_or("");
    out.country = doc_.text(node, "country", true).value_or("");
    out.unlocode = doc_.text(node, "unlocode", true).value_or("");
    out.latitude = amount(node, "latitude", true, "installation");
    out.longitude = amount(node, "longitude", true, "installation");
    out.operator_name = doc_.text(node, "operator", false).value_or("");
    out.contact = doc_.text(node, "contact", false).value_or("");
    out.verifier = doc_.text(node, "verifier", false).value_or("");
  }

  void period(const Node& node, cbam::ReportingPeriod& out) {
    if (!expect_map(node, "period")) return;
    doc_.check_keys(node, {"start", "end", "defaults_year"});
    out.start = doc_.text(node, "start", true).value_or("");
    out.end = doc_.text(node, "end", true).value_or("");
    out.defaults_year = doc_.integer(node, "defaults_year", false).value_or(0);
    bool is_date = out.end.size() == 10 && out.end[4] == '-' && out.end[7] == '-';
    for (std::size_t pos = 0; is_date && pos < out.end.size(); ++pos) {
      is_date = pos == 4 || pos == 7 || (out.end[pos] >= '0' && out.end[pos] <= '9');
    }
    if (!out.end.empty() && !is_date) {
      doc_.error(ErrorCode::parse_bad_value,
                 "period end '" + out.end + "' must be a date YYYY-MM-DD",
                 doc_.at(node["end"], "end"));
    } else if (is_date) {
      out.year = std::stoi(out.end.substr(0, 4));
    }
  }

  cbam::SourceEmissions source(const Node& node) {
    cbam::SourceEmissions out;
    if (!expect_map(node, "sources[]")) return out;
    doc_.check_keys(node, {"id", "name", "direct_tco2e", "electricity_mwh", "electricity_factor",
                           "factor_source"});
    out.id = doc_.text(node, "id", true).value_or("");
    out.where = doc_.at(node, "sources", out.id);
    out.name = doc_.text(node, "name", false).value_or("");
    out.direct_t = amount(node, "direct_tco2e", false, out.id);
    out.electricity_mwh = amount(node, "electricity_mwh", false, out.id);
    out.electricity_factor = amount(node, "electricity_factor", out.electricity_mwh > 0, out.id);
    out.factor_source = doc_.text(node, "factor_source", false, out.id).value_or("");
    return out;
  }

  cbam::Process process(const Node& node) {
    cbam::Process out;
    if (!expect_map(node, "processes[]")) return out;
    doc_.check_keys(node,
                    {"id", "name", "route", "goods", "attribution", "precursors", "parameters"});
    out.id = doc_.text(node, "id", true).value_or("");
    out.where = doc_.at(node, "processes", out.id);
    out.name = doc_.text(node, "name", false, out.id).value_or("");
    out.route = doc_.text(node, "route", false, out.id).value_or("");
    for (const auto& item : doc_.list(node, "goods", true)) {
      if (!expect_map(item, "goods[]", out.id)) continue;
      doc_.check_keys(item, {"cn", "name", "tonnes"}, out.id);
      cbam::ProducedGood good;
      good.cn_code = cbam::normalize_cn(doc_.text(item, "cn", true, out.id).value_or(""));
      good.name = doc_.text(item, "name", false, out.id).value_or("");
      good.tonnes = amount(item, "tonnes", true, out.id);
      good.where = doc_.at(item, "goods", out.id);
      out.goods.push_back(std::move(good));
    }
    for (const auto& item : doc_.list(node, "attribution")) {
      if (!expect_map(item, "attribution[]", out.id)) continue;
      doc_.check_keys(item, {"source", "share"}, out.id);
      out.attributions.push_back({doc_.text(item, "source", true, out.id).value_or(""),
                                  amount(item, "share", true, out.id),
                                  doc_.at(item, "attribution", out.id)});
    }
    for (const auto& item : doc_.list(node, "precursors")) {
      if (!expect_map(item, "precursors[]", out.id)) continue;
      doc_.check_keys(item, {"precursor", "tonnes"}, out.id);
      out.precursors.push_back({doc_.text(item, "precursor", true, out.id).value_or(""),
                                amount(item, "tonnes", true, out.id),
                                doc_.at(item, "precursors", out.id)});
    }
    for (const auto& item : doc_.list(node, "parameters")) {
      if (!expect_map(item, "parameters[]", out.id)) continue;
      doc_.check_keys(item, {"name", "value"}, out.id);
      out.parameters.push_back({doc_.text(item, "name", true, out.id).value_or(""),
                                doc_.text(item, "value", true, out.id).value_or("")});
    }
    return out;
  }

  cbam::Precursor precursor(const Node& node) {
    cbam::Precursor out;
    if (!expect_map(node, "precursors[]")) return out;
    doc_.check_keys(node, {"id", "name", "cn", "origin", "process", "supplier", "installation",
                           "country", "route", "see_direct", "see_indirect"});
    out.id = doc_.text(node, "id", true).value_or("");
    out.where = doc_.at(node, "precursors", out.id);
    out.name = doc_.text(node, "name", false, out.id).value_or("");
    out.cn_code = cbam::normalize_cn(doc_.text(node, "cn", true, out.id).value_or(""));
    const std::string origin = doc_.text(node, "origin", true, out.id).value_or("purchased");
    if (origin == "own") {
      out.origin = cbam::PrecursorOrigin::own;
      out.process = doc_.text(node, "process", true, out.id).value_or("");
    } else if (origin != "purchased") {
      doc_.error(ErrorCode::parse_bad_value,
                 "precursor origin must be own or purchased, got '" + origin + "'",
                 doc_.at(node["origin"], "origin", out.id));
    }
    out.supplier = doc_.text(node, "supplier", false, out.id).value_or("");
    out.supplier_installation = doc_.text(node, "installation", false, out.id).value_or("");
    out.country = doc_.text(node, "country", out.origin == cbam::PrecursorOrigin::purchased, out.id)
                      .value_or("");
    out.route = doc_.text(node, "route", false, out.id).value_or("");
    out.see_direct = doc_.number(node, "see_direct", false, out.id);
    out.see_indirect = doc_.number(node, "see_indirect", false, out.id);
    return out;
  }

  cbam::CarbonPrice price(const Node& node) {
    cbam::CarbonPrice out;
    if (!expect_map(node, "carbon_prices[]")) return out;
    doc_.check_keys(node, {"instrument", "country", "amount", "currency", "rebate", "covered_tco2e",
                           "goods", "note"});
    out.instrument = doc_.text(node, "instrument", true).value_or("");
    out.where = doc_.at(node, "carbon_prices", out.instrument);
    out.country = doc_.text(node, "country", true, out.instrument).value_or("");
    out.amount = amount(node, "amount", true, out.instrument);
    out.currency = doc_.text(node, "currency", true, out.instrument).value_or("");
    out.rebate = amount(node, "rebate", false, out.instrument);
    out.covered_emissions_t = amount(node, "covered_tco2e", true, out.instrument);
    for (const auto& item : doc_.list(node, "goods")) {
      if (item.IsScalar()) out.cn_codes.push_back(cbam::normalize_cn(item.Scalar()));
    }
    out.note = doc_.text(node, "note", false, out.instrument).value_or("");
    return out;
  }

  BasicDocReader<Node>& doc_;
  bool has_inventory_ = false;
};

template <class Node>
void read_goods(BasicDocReader<Node>& doc, const Node& root, std::vector<cbam::GoodsEntry>& out) {
  const auto table_source = doc.provenance(root["source"]).value_or(Provenance{});
  for (const auto& node : doc.list(root, "goods", true)) {
    doc.check_keys(node, {"cn", "excludes", "sector", "category", "routes", "description",
                          "direct_only", "verification"});
    cbam::GoodsEntry entry;
    entry.cn_code = cbam::normalize_cn(doc.text(node, "cn", true).value_or(""));
    for (const auto& item : doc.list(node, "excludes")) {
      if (item.IsScalar()) entry.excludes.push_back(cbam::normalize_cn(item.Scalar()));
    }
    entry.sector = doc.text(node, "sector", true, entry.cn_code).value_or("");
    entry.category = doc.text(node, "category", true, entry.cn_code).value_or("");
    for (const auto& item : doc.list(node, "routes")) {
      if (item.IsScalar()) entry.routes.push_back(item.Scalar());
    }
    entry.description = doc.text(node, "description", false, entry.cn_code).value_or("");
    entry.is_direct_only = doc.boolean(node, "direct_only", entry.cn_code).value_or(false);
    entry.source = table_source;
    if (doc.text(node, "verification", false, entry.cn_code).value_or("") == "unverified") {
      entry.source.verification = Verification::unverified;
    }
    out.push_back(std::move(entry));
  }
}

template <class Node>
void read_defaults(BasicDocReader<Node>& doc, const Node& root, cbam::DefaultTable& out) {
  for (const auto& node : doc.list(root, "defaults", true)) {
    doc.check_keys(node, {"cn", "country", "direct", "indirect", "from", "to", "source"});
    cbam::DefaultValue value;
    value.cn_code = cbam::normalize_cn(doc.text(node, "cn", true).value_or(""));
    value.country = doc.text(node, "country", true, value.cn_code).value_or("");
    value.direct = doc.number(node, "direct", true, value.cn_code).value_or(0.0);
    value.indirect = doc.number(node, "indirect", false, value.cn_code);
    value.from_year = doc.integer(node, "from", false, value.cn_code).value_or(0);
    value.to_year = doc.integer(node, "to", false, value.cn_code).value_or(0);
    value.source = doc.provenance(node["source"], value.cn_code).value_or(Provenance{});
    out.values.push_back(std::move(value));
  }
  for (const auto& node : doc.list(root, "markups")) {
    doc.check_keys(node, {"year", "fraction", "source"});
    cbam::MarkUp markup;
    markup.year = doc.integer(node, "year", true).value_or(0);
    markup.fraction = doc.number(node, "fraction", true).value_or(0.0);
    markup.source = doc.provenance(node["source"]).value_or(Provenance{});
    out.markups.push_back(std::move(markup));
  }
}

/// Reads a YAML data file with `read(doc, root)`.
template <class Read>
Result<void> read_yaml_data(const std::string& path, Diagnostics& diagnostics, Read read) {
  const std::size_t before = diagnostics.error_count();
  auto text = read_file(path);
  if (!text) {
    diagnostics.add(text.error());
    return tl::unexpected(text.error());
  }
  YamlReader doc(path, diagnostics);
  auto root = doc.parse(*text);
  if (!root) {
    diagnostics.add(root.error());
  } else {
    read(doc, *root);
  }
  if (auto error = first_error(diagnostics, before, path)) return tl::unexpected(*error);
  return {};
}

}  // namespace

Result<CbamInput> parse_cbam_input(const std::string& text, const std::string& file,
                                   Diagnostics& diagnostics, bool has_inventory) {
  const std::size_t before = diagnostics.error_count();
  CbamInput out;
  if (auto document = DocDocument::parse_json(text)) {
    DocReader doc(file, diagnostics);
    InputReader<DocNode>(doc, has_inventory).read(document->root(), out);
  } else {
    YamlReader doc(file, diagnostics);
    auto root = doc.parse(text);
    if (root) {
      InputReader<YAML::Node>(doc, has_inventory).read(*root, out);
    } else {
      diagnostics.add(root.error());
    }
  }
  if (auto error = first_error(diagnostics, before, file)) return tl::unexpected(*error);
  return out;
}

Result<CbamInput> read_cbam_input(const std::string& path, Diagnostics& diagnostics) {
  auto text = read_file(path);
  if (!text) {
    diagnostics.add(text.error());
    return tl::unexpected(text.error());
  }
  auto input = parse_cbam_input(*text, path, diagnostics);
  if (input && !input->inventory_path.empty()) {
    const auto folder = std::filesystem::path(path).parent_path();
    input->inventory_path = (folder / input->inventory_path).lexically_normal().string();
  }
  return input;
}

Result<cbam::GoodsCatalogue> read_cbam_goods(const std::string& path, Diagnostics& diagnostics) {
  std::vector<cbam::GoodsEntry> entries;
  auto read = read_yaml_data(path, diagnostics, [&](YamlReader& doc, const YAML::Node& root) {
    read_goods(doc, root, entries);
  });
  if (!read) return tl::unexpected(read.error());
  return cbam::GoodsCatalogue(std::move(entries));
}

Result<cbam::DefaultTable> read_cbam_defaults(const std::string& path, Diagnostics& diagnostics) {
  cbam::DefaultTable table;
  auto read = read_yaml_data(path, diagnostics, [&](YamlReader& doc, const YAML::Node& root) {
    read_defaults(doc, root, table);
  });
  if (!read) return tl::unexpected(read.error());
  return table;
}

}  // namespace cl::io
