// The PACT validator and import (io/pact.hpp): every rule of shared/reference/pact-v3.md that a
// document can break, each reported with its JSON path, then the import of a valid document as
// a supplier's primary data.
#include <cctype>
#include <charconv>
#include <cmath>
#include <optional>
#include <regex>
#include <sstream>

#include "io/file.hpp"
#include "io/pact.hpp"
#include "io/pact_names.hpp"

namespace cl::io {
namespace {

using nlohmann::json;

const char* const kUnits[] = {"liter",     "kilogram",      "cubic meter",  "kilowatt hour",
                              "megajoule", "ton kilometer", "square meter", "piece"};
const char* const kStandards[] = {"ISO14067", "ISO14083", "ISO14040-44", "GHGP-Product", "PEF",
                                  "PACT-1.0", "PACT-2.0", "PACT-3.0",    "PAS2050"};
const char* const kDqrs[] = {"technologicalDQR", "temporalDQR", "geographicalDQR",
                             "completenessDQR", "reliabilityDQR"};

std::string type_name(const json& value) {
  if (value.is_string()) return "a string";
  if (value.is_number()) return "a number";
  if (value.is_boolean()) return "a boolean";
  if (value.is_array()) return "an array";
  if (value.is_object()) return "an object";
  return "null";
}

std::string join(const auto& items) {
  std::string out;
  for (const auto& item : items) out += (out.empty() ? "" : ", ") + std::string(item);
  return out;
}

/// Collects problems while walking a document.
class Checker {
 public:
  std::vector<PactProblem> problems;

  void add(std::string path, std::string message) {
    problems.push_back({std::move(path), std::move(message)});
  }

  /// The member `key` of `object`, or null after reporting it missing when `required`.
  const json* field(const json& object, const std::string& path, const char* key, bool required,
                    const char* what = "") {
    const auto found = object.find(key);
    if (found == object.end() || found->is_null()) {
      if (required) add(path + "." + key, std::string("missing mandatory field ") + key + what);
      return nullptr;
    }
    return &*found;
  }

  std::optional<std::string> string(const json& object, const std::string& path, const char* key,
                                    bool required) {
    const json* value = field(object, path, key, required);
    if (value == nullptr) return std::nullopt;
    if (!value->is_string()) {
      add(path + "." + key, "wrong type: expected a string, got " + type_name(*value));
      return std::nullopt;
    }
    if (required && value->get<std::string>().empty()) {
      add(path + "." + key, "must not be empty");
      return std::nullopt;
    }
    return value->get<std::string>();
  }

  /// A PACT Decimal: a JSON string such as "1.5" (never a JSON number), optionally in a range.
  std::optional<double> decimal(const json& object, const std::string& path, const char* key,
                                bool required, std::optional<double> min = std::nullopt,
                                std::optional<double> max = std::nullopt, bool above_min = false) {
    const json* value = field(object, path, key, required);
    if (value == nullptr) return std::nullopt;
    const std::string at = path + "." + key;
    if (!value->is_string()) {
      add(at, "wrong type: expected a Decimal string such as \"1.5\", got " + type_name(*value) +
                  (value->is_number() ? " (write it in quotes)" : ""));
      return std::nullopt;
    }
    static const std::regex kDecimal(R"(^-?\d+(\.\d+)?$)");
    const std::string text = value->get<std::string>();
    double number = 0.0;
    if (!std::regex_match(text, kDecimal) ||
        std::from_chars(text.data(), text.data() + text.size(), number).ec != std::errc{}) {
      add(at, "\"" + text + "\" is not a Decimal (digits with an optional sign and fraction)");
      return std::nullopt;
    }
    if (min && (above_min ? !(number > *min) : number < *min)) {
      add(at, "is " + text + "; it must be " + (above_min ? "greater than " : "at least ") +
                  pact_decimal(*min));
    } else if (max && number > *max) {
      add(at, "is " + text + "; it must be at most " + pact_decimal(*max));
    }
    return number;
  }

  void datetime(const json& object, const std::string& path, const char* key, bool required) {
    auto text = string(object, path, key, required);
    if (!text) return;
    static const std::regex kDateTime(
        R"(^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(\.\d+)?(Z|[+-]\d{2}:\d{2})$)");
    if (!std::regex_match(*text, kDateTime)) {
      add(path + "." + key,
          "\"" + *text + "\" is not an ISO 8601 date-time such as \"2024-01-01T00:00:00Z\"");
    }
  }

  void urns(const json& object, const std::string& path, const char* key, bool required) {
    const json* value = field(object, path, key, required);
    if (value == nullptr) return;
    const std::string at = path + "." + key;
    if (!value->is_array()) {
      add(at, "wrong type: expected an array of URNs, got " + type_name(*value));
      return;
    }
    if (required && value->empty()) add(at, "must list at least one URN");
    for (std::size_t index = 0; index < value->size(); ++index) {
      const json& item = (*value)[index];
      const std::string item_at = at + "[" + std::to_string(index) + "]";
      if (!item.is_string()) {
        add(item_at, "wrong type: expected a URN string, got " + type_name(item));
      } else if (item.get<std::string>().rfind("urn:", 0) != 0) {
        add(item_at, "\"" + item.get<std::string>() + "\" is not a URN (urn:…)");
      }
    }
  }

  void one_of(const json& object, const std::string& path, const char* key, bool required,
              const auto& choices) {
    auto text = string(object, path, key, required);
    if (!text) return;
    for (const auto& choice : choices) {
      if (*text == choice) return;
    }
    add(path + "." + key, "\"" + *text + "\" is not one of: " + join(choices));
  }

  void list_of(const json& object, const std::string& path, const char* key, bool required,
               const std::regex* pattern, const auto* choices, const char* expected) {
    const json* value = field(object, path, key, required);
    if (value == nullptr) return;
    const std::string at = path + "." + key;
    if (!value->is_array() || value->empty()) {
      add(at, std::string("wrong type: expected a non-empty array of ") + expected + ", got " +
                  (value->is_array() ? "an empty array" : type_name(*value)));
      return;
    }
    for (std::size_t index = 0; index < value->size(); ++index) {
      const json& item = (*value)[index];
      const std::string item_at = at + "[" + std::to_string(index) + "]";
      if (!item.is_string()) {
        add(item_at, std::string("wrong type: expected ") + expected + ", got " + type_name(item));
        continue;
      }
      const std::string text = item.get<std::string>();
      bool ok = true;
      if (pattern != nullptr) ok = std::regex_match(text, *pattern);
      if (choices != nullptr) {
        ok = std::find(std::begin(*choices), std::end(*choices), text) != std::end(*choices);
      }
      if (!ok) add(item_at, "\"" + text + "\" is not " + expected);
    }
  }
};

/// The released 3.0.0 Verification (replacing the draft's Assurance; pact_names.hpp).
void check_verification(Checker& check, const json& pcf, const std::string& at) {
  const json* verification = check.field(pcf, at, "verification", false);
  if (verification == nullptr) return;
  const std::string where = at + ".verification";
  if (!verification->is_object()) {
    check.add(where, "wrong type: expected an object, got " + type_name(*verification));
    return;
  }
  check.one_of(*verification, where, "coverage", false,
               std::vector<std::string>{"PCF calculation model", "PCF program", "product level"});
  check.datetime(*verification, where, "completedAt", false);
  for (const char* key : {"providerName", "standardName", "comments"}) {
    check.string(*verification, where, key, false);
  }
}

/// `pcf` in draft names (a released document renamed by pact_to_draft_names); `released` applies
/// the released rules where they differ (pact_names.hpp).
void check_pcf(Checker& check, const json& pcf, const std::string& at, bool released) {
  const json* unit = check.field(pcf, at, "declaredUnit", true);
  if (unit != nullptr) {
    if (!unit->is_string()) {
      check.add(at + ".declaredUnit", "wrong type: expected a string, got " + type_name(*unit));
    } else {
      const std::string text = unit->get<std::string>();
      if (std::find(std::begin(kUnits), std::end(kUnits), text) == std::end(kUnits)) {
        check.add(at + ".declaredUnit",
                  "wrong unit \"" + text + "\": the declared unit is one of " + join(kUnits));
      }
    }
  }
  check.decimal(pcf, at, "unitaryProductAmount", true, 0.0, std::nullopt, true);
  check.decimal(pcf, at, "pCfExcludingBiogenic", true, 0.0);
  check.decimal(pcf, at, "fossilGhgEmissions", true, 0.0);
  check.decimal(pcf, at, "fossilCarbonContent", true, 0.0);
  check.decimal(pcf, at, "biogenicCarbonContent", !released, 0.0);
  static const std::regex kAr(R"(^AR\d+$)");
  const json* sources = check.field(pcf, at, "ipccCharacterizationFactorsSources", true,
                                    pcf.contains("characterizationFactors")
                                        ? " (characterizationFactors is its deprecated "
                                          "predecessor; v3 needs the new field)"
                                        : "");
  if (sources != nullptr) {
    check.list_of(pcf, at, "ipccCharacterizationFactorsSources", true, &kAr,
                  static_cast<const char* const(*)[9]>(nullptr), "an IPCC report such as AR6");
  }
  if (pcf.contains("characterizationFactors")) {
    check.one_of(pcf, at, "characterizationFactors", false, std::vector<std::string>{"AR5", "AR6"});
  }
  check.list_of(pcf, at, "crossSectoralStandards", true, nullptr, &kStandards,
                ("one of " + join(kStandards)).c_str());
  check.datetime(pcf, at, "referencePeriodStart", true);
  check.datetime(pcf, at, "referencePeriodEnd", true);
  const bool has_geography = pcf.contains("geographyCountrySubdivision") ||
                             pcf.contains("geographyCountry") ||
                             pcf.contains("geographyRegionOrSubregion");
  if (!has_geography && !released) {
    check.add(at + ".geographyCountry",
              "missing mandatory geography: give geographyCountry (ISO 3166, e.g. \"TW\"), "
              "geographyCountrySubdivision or geographyRegionOrSubregion");
  }
  if (auto country = check.string(pcf, at, "geographyCountry", false)) {
    static const std::regex kCountry(R"(^[A-Z]{2}$)");
    if (!std::regex_match(*country, kCountry)) {
      check.add(at + ".geographyCountry",
                "\"" + *country + "\" is not an ISO 3166-1 alpha-2 code such as \"TW\"");
    }
  }
  check.string(pcf, at, "geographyCountrySubdivision", false);
  check.string(pcf, at, "geographyRegionOrSubregion", false);
  check.decimal(pcf, at, "exemptedEmissionsPercent", true, 0.0,
                released ? std::nullopt : std::optional<double>(5.0));
  const json* packaging = check.field(pcf, at, "packagingEmissionsIncluded", !released);
  if (packaging != nullptr && !packaging->is_boolean()) {
    check.add(at + ".packagingEmissionsIncluded",
              "wrong type: expected true or false, got " + type_name(*packaging));
  }
  // O*: mandatory for reference periods that start in 2025 or later.
  const json* start = pcf.contains("referencePeriodStart") ? &pcf["referencePeriodStart"] : nullptr;
  const bool from_2025 =
      start != nullptr && start->is_string() && start->get<std::string>().substr(0, 4) >= "2025";
  const char* const when = " (mandatory for reference periods from 2025)";
  // The released naming: its own mandatory properties, none of the draft's O* (pact_names.hpp).
  const bool ask_o_star = from_2025 && !released;
  if (released) {
    check.decimal(pcf, at, "pCfIncludingBiogenic", true);
    check.decimal(pcf, at, "productMassPerDeclaredUnit", true, 0.0);
  }
  for (const char* key : {"pCfIncludingBiogenic", "dLucGhgEmissions", "landManagementGhgEmissions",
                          "otherBiogenicGhgEmissions"}) {
    if (ask_o_star && !pcf.contains(key)) check.field(pcf, at, key, true, when);
    if (!released || std::string_view(key) != "pCfIncludingBiogenic") {
      check.decimal(pcf, at, key, false);
    }
  }
  if (ask_o_star && !pcf.contains("biogenicCarbonWithdrawal")) {
    check.field(pcf, at, "biogenicCarbonWithdrawal", true, when);
  }
  check.decimal(pcf, at, "biogenicCarbonWithdrawal", false, std::nullopt, 0.0);
  if (ask_o_star && !pcf.contains("primaryDataShare")) {
    check.field(pcf, at, "primaryDataShare", true, when);
  }
  check.decimal(pcf, at, "primaryDataShare", false, 0.0, 100.0);
  if (ask_o_star && !pcf.contains("dqi")) check.field(pcf, at, "dqi", true, when);
  if (const json* dqi = check.field(pcf, at, "dqi", false)) {
    if (!dqi->is_object()) {
      check.add(at + ".dqi", "wrong type: expected an object, got " + type_name(*dqi));
    } else {
      check.decimal(*dqi, at + ".dqi", "coveragePercent", false, 0.0, 100.0);
      for (const char* key : kDqrs) check.decimal(*dqi, at + ".dqi", key, false, 1.0, 3.0);
    }
  }
  if (!released) check.decimal(pcf, at, "productMassPerDeclaredUnit", false, 0.0);
  if (released) check_verification(check, pcf, at);
  if (const json* assurance = check.field(pcf, at, "assurance", false)) {
    if (!assurance->is_object()) {
      check.add(at + ".assurance", "wrong type: expected an object, got " + type_name(*assurance));
    } else {
      const std::string where = at + ".assurance";
      check.one_of(*assurance, where, "coverage", false,
                   std::vector<std::string>{"corporate level", "product line", "PCF system",
                                            "product level"});
      check.one_of(*assurance, where, "level", false,
                   std::vector<std::string>{"limited", "reasonable"});
      check.one_of(*assurance, where, "boundary", false,
                   std::vector<std::string>{"Gate-to-Gate", "Cradle-to-Gate"});
      check.datetime(*assurance, where, "completedAt", false);
      for (const char* key : {"providerName", "standardName", "comments"}) {
        check.string(*assurance, where, key, false);
      }
    }
  }
}

std::optional<double> decimal_of(const json& object, const char* key) {
  const auto found = object.find(key);
  if (found == object.end() || !found->is_string()) return std::nullopt;
  const std::string text = found->get<std::string>();
  double value = 0.0;
  if (std::from_chars(text.data(), text.data() + text.size(), value).ec != std::errc{}) {
    return std::nullopt;
  }
  return value;
}

std::string string_of(const json& object, const char* key) {
  const auto found = object.find(key);
  return found != object.end() && found->is_string() ? found->get<std::string>() : std::string();
}

/// `word` replaced by `by` where it stands as a whole name (not inside a longer one).
std::string replace_name(std::string text, const std::string& word, const std::string& by) {
  const auto is_name = [](char chr) {
    return std::isalnum(static_cast<unsigned char>(chr)) != 0 || chr == '_';
  };
  for (std::size_t at = text.find(word); at != std::string::npos; at = text.find(word, at)) {
    const bool starts = at == 0 || !is_name(text[at - 1]);
    const bool ends = at + word.size() == text.size() || !is_name(text[at + word.size()]);
    if (starts && ends) {
      text.replace(at, word.size(), by);
      at += by.size();
    } else {
      at += word.size();
    }
  }
  return text;
}

/// A pcf in the released 3.0.0 naming: checked in draft names with the released rules, each
/// problem then told in the names the document uses.
void check_released_pcf(Checker& check, const json& pcf) {
  for (const auto& rename : kPactRenames) {
    if (pcf.contains(rename.released) && pcf.contains(rename.draft)) {
      check.add(std::string("$.pcf.") + rename.released,
                std::string("gives both ") + rename.released + " (PACT 3.0.0) and " + rename.draft +
                    " (the 3.0.0 draft of 2024-12): keep one of them");
    }
  }
  const std::size_t first = check.problems.size();
  const json renamed = pact_to_draft_names(json{{"pcf", pcf}})["pcf"];
  check_pcf(check, renamed, "$.pcf", true);
  for (std::size_t index = first; index < check.problems.size(); ++index) {
    auto& problem = check.problems[index];
    for (const auto& rename : kPactRenames) {
      const std::string name = pact_name_in(pcf, rename.draft);
      problem.path = replace_name(problem.path, rename.draft, name);
      problem.message = replace_name(problem.message, rename.draft, name);
    }
  }
}

}  // namespace

std::vector<PactProblem> validate_pact(const json& document) {
  Checker check;
  if (!document.is_object()) {
    check.add("$", "a ProductFootprint is a JSON object, got " + type_name(document));
    return check.problems;
  }
  if (auto id = check.string(document, "$", "id", true)) {
    static const std::regex kUuid(
        R"(^[0-9a-fA-F]{8}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{12}$)");
    if (!std::regex_match(*id, kUuid)) check.add("$.id", "\"" + *id + "\" is not a UUID");
  }
  check.string(document, "$", "specVersion", true);
  check.datetime(document, "$", "created", true);
  check.one_of(document, "$", "status", true, std::vector<std::string>{"Active", "Deprecated"});
  check.string(document, "$", "companyName", true);
  check.urns(document, "$", "companyIds", true);
  check.string(document, "$", "productDescription", true);
  check.urns(document, "$", "productIds", true);
  check.string(document, "$", "productNameCompany", true);
  check.urns(document, "$", "productClassifications", false);
  check.datetime(document, "$", "validityPeriodStart", false);
  check.datetime(document, "$", "validityPeriodEnd", false);
  check.datetime(document, "$", "updated", false);
  check.string(document, "$", "comment", false);
  if (const json* pcf = check.field(document, "$", "pcf", true)) {
    if (!pcf->is_object()) {
      check.add("$.pcf", "wrong type: expected an object, got " + type_name(*pcf));
    } else if (pact_naming(document) == PactNaming::draft_2024_12) {
      check_pcf(check, *pcf, "$.pcf", false);
    } else {
      check_released_pcf(check, *pcf);
    }
  }
  return check.problems;
}

Result<footprint::SupplierFootprint> supplier_from_pact(const json& document,
                                                        const std::string& key,
                                                        const std::string& file,
                                                        Diagnostics& diagnostics) {
  const auto problems = validate_pact(document);
  for (const auto& problem : problems) {
    diagnostics.error(ErrorCode::pact_invalid, problem.path + ": " + problem.message,
                      {.file = file, .row = 0, .field = problem.path, .record = key});
  }
  if (!problems.empty()) {
    return fail(ErrorCode::pact_invalid,
                file + " is not a valid PACT footprint (" + std::to_string(problems.size()) +
                    " problem(s), first " + problems.front().path + ": " +
                    problems.front().message + ")",
                {.file = file, .row = 0, .field = problems.front().path, .record = key});
  }
  const json draft = pact_to_draft_names(document);
  const json& pcf = draft["pcf"];
  footprint::SupplierFootprint out;
  out.id = key;
  out.supplier = string_of(document, "companyName");
  out.company_id = document["companyIds"][0].get<std::string>();
  out.product_id = document["productIds"][0].get<std::string>();
  out.part = string_of(document, "productNameCompany");
  out.declared_unit = string_of(pcf, "declaredUnit");
  out.unitary_amount = decimal_of(pcf, "unitaryProductAmount").value_or(1.0);
  out.pcf_excluding_biogenic = decimal_of(pcf, "pCfExcludingBiogenic").value_or(0.0);
  out.pcf_including_biogenic = decimal_of(pcf, "pCfIncludingBiogenic");
  out.primary_data_share = decimal_of(pcf, "primaryDataShare");
  if (pcf.contains("dqi")) {
    const json& dqi = pcf["dqi"];
    // A DQR the document leaves out counts as the worst, 3 (conservative).
    out.dqr = footprint::Dqr{decimal_of(dqi, "technologicalDQR").value_or(3.0),
                             decimal_of(dqi, "temporalDQR").value_or(3.0),
                             decimal_of(dqi, "geographicalDQR").value_or(3.0),
                             decimal_of(dqi, "completenessDQR").value_or(3.0),
                             decimal_of(dqi, "reliabilityDQR").value_or(3.0)};
  }
  out.date = string_of(document, "created");
  out.reference_period_start = string_of(pcf, "referencePeriodStart");
  out.reference_period_end = string_of(pcf, "referencePeriodEnd");
  out.pact_id = string_of(document, "id");
  out.country = string_of(pcf, "geographyCountry");
  out.gwp = pcf["ipccCharacterizationFactorsSources"][0].get<std::string>();
  for (const auto& item : pcf["crossSectoralStandards"]) {
    out.standards.push_back(item.get<std::string>());
  }
  out.where = {.file = file, .row = 0, .field = "", .record = key};
  return out;
}

Result<PactResultFields> footprint_result_from_pact(const json& document, const std::string& file,
                                                    Diagnostics& diagnostics) {
  const auto problems = validate_pact(document);
  for (const auto& problem : problems) {
    diagnostics.error(ErrorCode::pact_invalid, problem.path + ": " + problem.message,
                      {.file = file, .row = 0, .field = problem.path, .record = ""});
  }
  if (!problems.empty()) {
    return fail(ErrorCode::pact_invalid,
                file + " is not a valid PACT footprint (first " + problems.front().path + ": " +
                    problems.front().message + ")",
                {.file = file, .row = 0, .field = problems.front().path, .record = ""});
  }
  const json draft = pact_to_draft_names(document);
  const json& pcf = draft["pcf"];
  PactResultFields out;
  out.declared_unit = string_of(pcf, "declaredUnit");
  out.unitary_amount = decimal_of(pcf, "unitaryProductAmount").value_or(1.0);
  const double amount = out.unitary_amount;
  out.result.total = decimal_of(pcf, "pCfExcludingBiogenic").value_or(0.0) / amount;
  out.result.biogenic_co2 = decimal_of(pcf, "otherBiogenicGhgEmissions").value_or(0.0) / amount;
  out.result.primary_data_share = decimal_of(pcf, "primaryDataShare").value_or(0.0);
  out.result.exempted_percent = decimal_of(pcf, "exemptedEmissionsPercent").value_or(0.0);
  if (pcf.contains("dqi")) {
    const json& dqi = pcf["dqi"];
    footprint::DataQuality quality;
    quality.coverage_percent = decimal_of(dqi, "coveragePercent").value_or(0.0);
    quality.dqr = footprint::Dqr{decimal_of(dqi, "technologicalDQR").value_or(3.0),
                                 decimal_of(dqi, "temporalDQR").value_or(3.0),
                                 decimal_of(dqi, "geographicalDQR").value_or(3.0),
                                 decimal_of(dqi, "completenessDQR").value_or(3.0),
                                 decimal_of(dqi, "reliabilityDQR").value_or(3.0)};
    out.result.quality = quality;
  }
  out.fossil_carbon_content = decimal_of(pcf, "fossilCarbonContent").value_or(0.0) / amount;
  out.biogenic_carbon_content = decimal_of(pcf, "biogenicCarbonContent").value_or(0.0) / amount;
  out.gwp = pcf["ipccCharacterizationFactorsSources"][0].get<std::string>();
  out.country = string_of(pcf, "geographyCountry");
  for (const auto& item : document.value("productClassifications", json::array())) {
    const std::string text = item.is_string() ? item.get<std::string>() : std::string();
    if (text.rfind("urn:cpc:", 0) == 0) {
      out.cpc = text.substr(8);
      break;
    }
  }
  return out;
}

Result<json> read_json_file(const std::string& path) {
  auto text = read_file(path);
  if (!text) return tl::unexpected(text.error());
  try {
    return json::parse(*text);
  } catch (const json::parse_error& error) {
    // nlohmann reports the byte offset; turn it into a line for the reader.
    const std::size_t offset = std::min(error.byte, text->size());
    const int line = 1 + static_cast<int>(std::count(
                             text->begin(), text->begin() + static_cast<long>(offset), '\n'));
    return fail(ErrorCode::parse_syntax,
                "not valid JSON: " + std::string(error.what()) + "; check the file near this line",
                {.file = path, .row = line, .field = "", .record = ""});
  }
}

Result<footprint::SupplierFootprint> read_pact_supplier(const std::string& path,
                                                        const std::string& key,
                                                        Diagnostics& diagnostics) {
  auto document = read_json_file(path);
  if (!document) return tl::unexpected(document.error());
  return supplier_from_pact(*document, key, path, diagnostics);
}

}  // namespace cl::io
