// The validator on the spec's recorded examples (tests/fixtures/pact/README.md): what it accepts
// in both namings (io/pact_names.hpp) and, for documents of other versions, exactly what it names.
#include <gtest/gtest.h>

#include <set>

#include "io/pact.hpp"
#include "io/pact_names.hpp"

namespace cl::io {
namespace {

const std::string kFixtures = CL_SOURCE_DIR "/tests/fixtures/pact/";

nlohmann::json load(const std::string& name) {
  return read_json_file(kFixtures + name).value();
}

std::set<std::string> paths(const std::vector<PactProblem>& problems) {
  std::set<std::string> out;
  for (const auto& problem : problems) out.insert(problem.path);
  return out;
}

TEST(PactFixturesTest, TheSpecsFootprintInTheDraftModelIsValid) {
  EXPECT_TRUE(validate_pact(load("spec-example-adapted-v3-draft.json")).empty());
}

TEST(PactFixturesTest, TheSpecs2xFootprintLacksOnlyCrossSectoralStandards) {
  const auto event = load("spec-pf-response-event.json");
  const auto problems = validate_pact(event["data"]["pfs"][0]);
  ASSERT_EQ(problems.size(), 1u);
  EXPECT_EQ(problems[0].path, "$.pcf.crossSectoralStandards");
  EXPECT_EQ(problems[0].message, "missing mandatory field crossSectoralStandards");
}

TEST(PactFixturesTest, TheRecordedListResponseInThe2025NamesIsValid) {
  // list-footprints-response.json (2deb5bb) names the CarbonFootprint as the 3.0.0 drafts of
  // 2025-02/03 did (declaredUnitOfMeasurement, declaredUnitAmount,
  // pcfExcludingBiogenicCO2Withdrawal, ipccCharacterizationFactors, no
  // packagingEmissionsIncluded): io/pact_names.hpp reads them.
  const auto list = load("spec-list-footprints-response.json");
  EXPECT_EQ(pact_naming(list["data"][0]), PactNaming::released_3_0);
  const auto problems = validate_pact(list["data"][0]);
  EXPECT_TRUE(problems.empty()) << problems.front().path << ": " << problems.front().message;
}

TEST(PactFixturesTest, TheReleasedGetResponseValidatesAndImports) {
  // get-footprint-response.json (73c1af0) in the names of the 3.0.0 release
  // (pcfExcludingBiogenicUptake …). The imported values are the document's, per declared unit
  // (declaredUnitAmount 1): 1.85 and 1.63 kg CO2e per liter; the two DQRs the document leaves
  // out (completeness, reliability) count as 3, the worst (supplier_from_pact).
  const auto document = load("spec-get-footprint-response-3.0.0.json")["data"];
  EXPECT_EQ(pact_naming(document), PactNaming::released_3_0);
  EXPECT_TRUE(validate_pact(document).empty());
  Diagnostics diagnostics;
  const auto supplier = supplier_from_pact(document, "S9", "get-footprint-response", diagnostics);
  ASSERT_TRUE(supplier.has_value()) << supplier.error().message;
  EXPECT_EQ(supplier->declared_unit, "liter");
  EXPECT_DOUBLE_EQ(supplier->unitary_amount, 1.0);
  EXPECT_DOUBLE_EQ(supplier->pcf_excluding_biogenic, 1.85);
  ASSERT_TRUE(supplier->pcf_including_biogenic.has_value());
  EXPECT_DOUBLE_EQ(*supplier->pcf_including_biogenic, 1.63);
  ASSERT_TRUE(supplier->primary_data_share.has_value());
  EXPECT_DOUBLE_EQ(*supplier->primary_data_share, 12.9);
  ASSERT_TRUE(supplier->dqr.has_value());
  EXPECT_DOUBLE_EQ(supplier->dqr->technological, 1.6);
  EXPECT_DOUBLE_EQ(supplier->dqr->temporal, 2.6);
  EXPECT_DOUBLE_EQ(supplier->dqr->geographical, 1.8);
  EXPECT_DOUBLE_EQ(supplier->dqr->completeness, 3.0);
  EXPECT_EQ(supplier->gwp, "AR6");
  EXPECT_EQ(supplier->standards, (std::vector<std::string>{"GHGP-Product", "ISO14067"}));
  const auto result = footprint_result_from_pact(document, "get-footprint-response", diagnostics);
  ASSERT_TRUE(result.has_value());
  EXPECT_DOUBLE_EQ(result->result.total, 1.85);
  EXPECT_DOUBLE_EQ(result->biogenic_carbon_content, 0.41);
}

TEST(PactFixturesTest, ProblemsOfAReleasedDocumentUseItsNames) {
  auto document = load("spec-get-footprint-response-3.0.0.json")["data"];
  document["pcf"].erase("declaredUnitAmount");
  document["pcf"]["pcfExcludingBiogenicUptake"] = 1.85;  // a number, not a Decimal string
  document["pcf"].erase("productMassPerDeclaredUnit");   // mandatory in the release
  document["pcf"]["ipccCharacterizationFactorsSources"] = {"AR6"};  // both names of one property
  const auto problems = validate_pact(document);
  EXPECT_EQ(paths(problems),
            (std::set<std::string>{"$.pcf.declaredUnitAmount", "$.pcf.pcfExcludingBiogenicUptake",
                                   "$.pcf.productMassPerDeclaredUnit",
                                   "$.pcf.ipccCharacterizationFactors"}));
  for (const auto& problem : problems) {
    if (problem.path == "$.pcf.declaredUnitAmount") {
      EXPECT_EQ(problem.message, "missing mandatory field declaredUnitAmount");
    }
    if (problem.path == "$.pcf.ipccCharacterizationFactors") {
      EXPECT_NE(problem.message.find("gives both ipccCharacterizationFactors (PACT 3.0.0) and "
                                     "ipccCharacterizationFactorsSources"),
                std::string::npos)
          << problem.message;
    }
  }
}

TEST(PactFixturesTest, OurFastenerDocumentsAreValid) {
  EXPECT_TRUE(validate_pact(load("fastener-m8.json")).empty());
  const auto second = load("fastener-m8-v2.json");
  EXPECT_TRUE(validate_pact(second).empty());
  EXPECT_EQ(second["precedingPfIds"][0], load("fastener-m8.json")["id"]);
}

}  // namespace
}  // namespace cl::io
