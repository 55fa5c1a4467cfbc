// PACT product-footprint exchange (WBCSD PACT data model as in shared/reference/pact-v3.md):
// a study or a supplier's footprint → a ProductFootprint JSON document; a validator that lists
// every problem of a document with its JSON path; and the import of a footprint as a supplier's
// primary data. Numbers are written as Decimal strings, shortest round-trip form, so export →
// import gives back the same doubles. Ids and timestamps come from the caller (the core has no
// randomness or clock).
//
// Field names follow the shared reference (declaredUnit, unitaryProductAmount,
// pCfExcludingBiogenic, ipccCharacterizationFactorsSources, DQRs 1–3, packagingEmissionsIncluded),
// which is the data model of the PACT 3.0.0 draft of 2024-12-12, and export writes those. The
// 3.0.0 release renamed several of them (declaredUnitOfMeasurement, declaredUnitAmount,
// pcfExcludingBiogenicUptake, …): the validator and the import read both namings
// (io/pact_names.hpp).
#pragma once

#include <string>
#include <vector>

#include <nlohmann/json.hpp>

#include "core/common/diagnostic.hpp"
#include "core/footprint/compute.hpp"
#include "core/footprint/study.hpp"

namespace cl::io {

inline constexpr const char* kPactSpecVersion = "3.0.0";

/// What the caller supplies: the document id (UUID v4) and its creation time (ISO 8601).
struct PactMeta {
  std::string id;
  std::string created;
  std::string status = "Active";
};

/// A study's footprint as a ProductFootprint. The PCF is per `unitary_amount` declared units.
nlohmann::json pact_from_study(const footprint::Study& study, const footprint::Profile& profile,
                               const footprint::FootprintResult& result, const PactMeta& meta);

/// A supplier's footprint as a ProductFootprint (what a supplier shares with its customer).
nlohmann::json pact_from_supplier(const footprint::SupplierFootprint& supplier,
                                  const PactMeta& meta);

struct PactProblem {
  std::string path;  ///< JSONPath, e.g. "$.pcf.declaredUnit"
  std::string message;
};

/// Every problem of a document: a missing mandatory field, a wrong type (a number where PACT
/// wants a Decimal string), a value outside its choices (a declared unit of "kg"), a range.
std::vector<PactProblem> validate_pact(const nlohmann::json& document);

/// A ProductFootprint as supplier primary data; the validator's problems (pact.invalid, naming
/// `file` and the JSON path) go to `diagnostics` and nothing is returned when there is one.
/// `key` is the id the study gives the supplier.
Result<footprint::SupplierFootprint> supplier_from_pact(const nlohmann::json& document,
                                                        const std::string& key,
                                                        const std::string& file,
                                                        Diagnostics& diagnostics);

/// What a ProductFootprint carries of a study's result, read back: the inverse of pact_from_study
/// for these fields. Per declared unit as FootprintResult is (the document's values divided by
/// unitaryProductAmount); `result` holds total, biogenic_co2, primary_data_share,
/// exempted_percent and quality (when the document has dqi) and nothing else.
struct PactResultFields {
  std::string declared_unit;
  double unitary_amount = 1.0;
  footprint::FootprintResult result;
  double fossil_carbon_content = 0.0;  ///< kg C per declared unit
  double biogenic_carbon_content = 0.0;
  std::string gwp;      ///< first ipccCharacterizationFactorsSources entry
  std::string country;  ///< geographyCountry
  std::string cpc;      ///< from urn:cpc:… in productClassifications; empty when none
};

/// Imports the result fields of a valid document; pact.invalid (problems into `diagnostics`,
/// as supplier_from_pact) otherwise.
Result<PactResultFields> footprint_result_from_pact(const nlohmann::json& document,
                                                    const std::string& file,
                                                    Diagnostics& diagnostics);

/// Reads a PACT JSON file (io.*, parse.syntax) and imports it as above.
Result<footprint::SupplierFootprint> read_pact_supplier(const std::string& path,
                                                        const std::string& key,
                                                        Diagnostics& diagnostics);

/// Reads a JSON file for the validator; parse.syntax with the position on bad JSON.
Result<nlohmann::json> read_json_file(const std::string& path);

/// A decimal string in shortest round-trip form ("0.1", "2525", "1e-07" → "0.0000001").
std::string pact_decimal(double value);

}  // namespace cl::io
