// The two namings of a PACT 3.0.0 CarbonFootprint that CarbonLedger reads (issue 7).
//
// Our documents follow shared/reference/pact-v3.md, the 3.0.0 draft of 2024-12-12 (`declaredUnit`,
// `unitaryProductAmount`, `pCfExcludingBiogenic`, …); export stays in that naming (see
// io/README.md). The released 3.0.0 renamed properties of the CarbonFootprint. A document in the
// released naming is read by renaming its properties to the draft's (pact_to_draft_names) and
// validating that with the released rules where they differ (io/pact_validate.cpp); problems are
// reported under the names the document uses.
//
// Released → draft (sources: wbcsd/data-exchange-protocol spec/v3/index.md, Appendix B
// Changelog, versions 3.0.0-20250207 (items 2, 3, 8, 9), 3.0.0-20250211 (item 3: ADR-36) and
// 3.0.0-20250217 ("Properties added/removed/renamed"); the released names as in
// spec/v3/examples/get-footprint-response.json at commit
// 73c1af08537ee4fbbd6e407f7742c2c7a008ec5b and the v3.0 JSON schema of
// wbcsd/pact-conformance-service, v3_0_schema.ts, CarbonFootprint):
//
//   declaredUnitOfMeasurement          → declaredUnit
//   declaredUnitAmount                 → unitaryProductAmount
//   pcfExcludingBiogenicUptake         → pCfExcludingBiogenic  (3.0.0 release)
//   pcfExcludingBiogenicCO2Withdrawal  → pCfExcludingBiogenic  (drafts of 2025-02/03; the
//                                        recorded list-footprints-response.json at 2deb5bb)
//   pcfIncludingBiogenicUptake         → pCfIncludingBiogenic
//   pcfIncludingBiogenicCO2Withdrawal  → pCfIncludingBiogenic
//   ipccCharacterizationFactors        → ipccCharacterizationFactorsSources
//   biogenicCO2Withdrawal              → biogenicCarbonWithdrawal
//   verification (Verification)        ↔ assurance (Assurance): checked as its own object
//
// Rules of the released naming that differ from the draft's: packagingEmissionsIncluded is gone
// (20250207 item 8); biogenicCarbonContent and a geography are optional (a global footprint has
// none); productMassPerDeclaredUnit and pcfIncludingBiogenicUptake are mandatory; the draft's
// land-use O* properties (dLucGhgEmissions, landManagementGhgEmissions,
// otherBiogenicGhgEmissions) were removed, so not asked for; exemptedEmissionsPercent has no
// upper bound. DQRs stay checked 1–3 (the release allows up to 5; our footprint core's data
// quality is PACT's 1–3 scale, so a 4 or 5 is refused with its path rather than imported wrong).
#pragma once

#include <string>
#include <string_view>

#include <nlohmann/json.hpp>

namespace cl::io {

enum class PactNaming { draft_2024_12, released_3_0 };

struct PactRename {
  const char* released;
  const char* draft;
};

/// The renamed CarbonFootprint properties, released (or 2025 pre-release) name first.
inline constexpr PactRename kPactRenames[] = {
    {"declaredUnitOfMeasurement", "declaredUnit"},
    {"declaredUnitAmount", "unitaryProductAmount"},
    {"pcfExcludingBiogenicUptake", "pCfExcludingBiogenic"},
    {"pcfExcludingBiogenicCO2Withdrawal", "pCfExcludingBiogenic"},
    {"pcfIncludingBiogenicUptake", "pCfIncludingBiogenic"},
    {"pcfIncludingBiogenicCO2Withdrawal", "pCfIncludingBiogenic"},
    {"ipccCharacterizationFactors", "ipccCharacterizationFactorsSources"},
    {"biogenicCO2Withdrawal", "biogenicCarbonWithdrawal"},
};

/// released_3_0 when the document's `pcf` has any released name; draft_2024_12 otherwise.
PactNaming pact_naming(const nlohmann::json& document);

/// The document with its pcf's released names replaced by the draft's (a copy; a document
/// already in draft naming comes back unchanged). A pcf giving both names of one property keeps
/// the draft one (the validator reports the pair).
nlohmann::json pact_to_draft_names(const nlohmann::json& document);

/// The name a property has in the document's naming: the draft name itself, or for a released
/// document the released name it used (or the 3.0.0 release name when absent).
std::string pact_name_in(const nlohmann::json& pcf, std::string_view draft_name);

}  // namespace cl::io
