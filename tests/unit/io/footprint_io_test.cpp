// The study reader on the example files (each stage total checked by hand in
// docs/formats/footprint-study.md), the PACT export of a study, the validator's problems with
// their JSON paths, and the import of a supplier's PACT document.
#include <gtest/gtest.h>

#include "core/footprint/compute.hpp"
#include "io/footprint_reader.hpp"
#include "io/pact.hpp"

namespace cl::io {
namespace {

const std::string kExamples = CL_SOURCE_DIR "/data/examples/footprint/";
const std::string kFixtures = CL_SOURCE_DIR "/tests/fixtures/footprint/";

footprint::Profile profile(const std::string& id) {
  Diagnostics diagnostics;
  auto profiles =
      read_footprint_profiles(footprint_profiles_path(CL_SOURCE_DIR "/data"), diagnostics);
  EXPECT_TRUE(profiles) << profiles.error().to_string();
  return find_profile(*profiles, id, {}).value();
}

struct Computed {
  LoadedStudy loaded;
  footprint::FootprintResult result;
};

Computed compute_file(const std::string& path) {
  Diagnostics diagnostics;
  auto loaded = read_footprint_study(path, diagnostics);
  EXPECT_TRUE(loaded) << loaded.error().to_string();
  std::optional<footprint::Background> background;
  if (loaded->background) {
    background =
        footprint::background_footprints(*loaded->background, loaded->background_method,
                                         footprint::process_keys(loaded->study), diagnostics)
            .value();
  }
  auto result = footprint::compute_footprint(loaded->study, profile(loaded->study.profile),
                                             background ? &*background : nullptr, diagnostics);
  EXPECT_TRUE(result) << result.error().to_string();
  return {std::move(*loaded), std::move(*result)};
}

TEST(FootprintIo, ProfilesOfTheThreeStandards) {
  const auto iso = profile("iso14067");
  EXPECT_EQ(iso.pact_standard, "ISO14067");
  EXPECT_EQ(iso.required_grave.size(), 6u);
  const auto print = profile("iso16759");
  EXPECT_EQ(print.required_grave.size(), 5u);  // no use stage for print media
  EXPECT_EQ(print.sector_rules, std::vector<std::string>{"ISO 16759:2013"});
  EXPECT_EQ(profile("pas2050").pact_standard, "PAS2050");
}

TEST(FootprintIo, FastenerStudyWithFiveSuppliers) {
  const auto computed = compute_file(kExamples + "fastener-m8.yaml");
  const auto& study = computed.loaded.study;
  ASSERT_EQ(study.suppliers.size(), 5u);
  // S1 came from its PACT document: 2100 kg CO2e per 1000 kg, DQRs and 85 % primary.
  EXPECT_EQ(study.suppliers[0].pcf_excluding_biogenic, 2100);
  EXPECT_EQ(study.suppliers[0].unitary_amount, 1000);
  EXPECT_EQ(study.suppliers[0].primary_data_share, 85);
  const auto& r = computed.result;
  // raw materials 1.08 × 2.1 + 0.004 × 3.1 + 0.04 × 0.45 = 2.268 + 0.0124 + 0.018 = 2.2984
  EXPECT_NEAR(r.stages[0].emissions, 2.2984, 1e-12);
  // transport 0.0378 tkm × 0.11 = 0.004158
  EXPECT_NEAR(r.stages[1].emissions, 0.004158, 1e-12);
  // manufacturing 1 kWh × 0.474 + 489,200 × 0.25 / 1,820,370 m3 × 2.05202 + 1 × 0.12
  EXPECT_NEAR(r.stages[2].emissions, 0.474 + 489200.0 * 0.25 / 1820370.0 * 2.05202 + 0.12, 1e-12);
  EXPECT_NEAR(r.total, 3.0344212, 1e-7);
  EXPECT_NEAR(r.primary_data_share, 88.551, 1e-3);
}

TEST(FootprintIo, KettleStudyCradleToGrave) {
  const auto computed = compute_file(kExamples + "kettle.yaml");
  const auto& r = computed.result;
  ASSERT_EQ(r.stages.size(), 6u);
  const double expected[] = {4.59105, 0.033, 0.68256, 0.03168, 103.806, 0.7625};
  for (std::size_t index = 0; index < 6; ++index) {
    EXPECT_NEAR(r.stages[index].emissions, expected[index], 1e-9) << index;
  }
  EXPECT_NEAR(r.total, 109.90679, 1e-9);
  EXPECT_NEAR(r.biogenic_co2, 0.35, 1e-12);
}

TEST(FootprintIo, PactExportOfTheFastenerStudy) {
  const auto computed = compute_file(kExamples + "fastener-m8.yaml");
  const auto document =
      pact_from_study(computed.loaded.study, profile("iso14067"), computed.result,
                      {"6a1e3c2d-4b5f-4a6e-9d7c-8b9a0f1e2d3c", "2025-03-01T00:00:00Z", "Active"});
  EXPECT_TRUE(validate_pact(document).empty()) << document.dump(2);
  const auto& pcf = document["pcf"];
  EXPECT_EQ(pcf["declaredUnit"], "kilogram");
  EXPECT_EQ(pcf["unitaryProductAmount"], "1");
  EXPECT_NEAR(std::stod(pcf["pCfExcludingBiogenic"].get<std::string>()), 3.0344212, 1e-7);
  EXPECT_EQ(pcf["referencePeriodStart"], "2024-01-01T00:00:00Z");
  EXPECT_EQ(pcf["referencePeriodEnd"], "2025-01-01T00:00:00Z");
  EXPECT_EQ(pcf["ipccCharacterizationFactorsSources"], nlohmann::json::array({"AR5"}));
  EXPECT_EQ(pcf["crossSectoralStandards"], nlohmann::json::array({"ISO14067"}));
  EXPECT_EQ(document["productClassifications"], nlohmann::json::array({"urn:cpc:42999"}));
  EXPECT_EQ(pcf["exemptedEmissionsPercent"], "0.5");
}

TEST(FootprintIo, PactPeriodEndIsTheDayAfter) {
  auto computed = compute_file(kExamples + "fastener-m8.yaml");
  computed.loaded.study.period_end = "2024-02-28";  // leap year: → 02-29
  auto document = pact_from_study(computed.loaded.study, profile("iso14067"), computed.result,
                                  {"6a1e3c2d-4b5f-4a6e-9d7c-8b9a0f1e2d3c", "2025-03-01T00:00:00Z"});
  EXPECT_EQ(document["pcf"]["referencePeriodEnd"], "2024-02-29T00:00:00Z");
  computed.loaded.study.period_end = "2023-02-28";  // not a leap year: → 03-01
  document = pact_from_study(computed.loaded.study, profile("iso14067"), computed.result,
                             {"6a1e3c2d-4b5f-4a6e-9d7c-8b9a0f1e2d3c", "2025-03-01T00:00:00Z"});
  EXPECT_EQ(document["pcf"]["referencePeriodEnd"], "2023-03-01T00:00:00Z");
}

TEST(FootprintIo, PactDecimals) {
  EXPECT_EQ(pact_decimal(0.1), "0.1");
  EXPECT_EQ(pact_decimal(2525), "2525");
  EXPECT_EQ(pact_decimal(1e-7), "0.0000001");
  EXPECT_EQ(pact_decimal(-2.5), "-2.5");
  EXPECT_EQ(pact_decimal(-0.0), "0");
}

TEST(FootprintIo, ValidatorNamesEveryProblemByPath) {
  const auto document = read_json_file(kFixtures + "pact-wrong-units.json").value();
  std::vector<std::string> paths;
  for (const auto& problem : validate_pact(document)) paths.push_back(problem.path);
  const std::vector<std::string> expected = {"$.pcf.declaredUnit",
                                             "$.pcf.unitaryProductAmount",
                                             "$.pcf.crossSectoralStandards[0]",
                                             "$.pcf.referencePeriodStart",
                                             "$.pcf.geographyCountry",
                                             "$.pcf.exemptedEmissionsPercent",
                                             "$.pcf.packagingEmissionsIncluded",
                                             "$.pcf.dqi.technologicalDQR",
                                             "$.pcf.dqi.temporalDQR"};
  EXPECT_EQ(paths, expected);
  EXPECT_EQ(validate_pact(nlohmann::json::array()).size(), 1u);
}

TEST(FootprintIo, ImportOfAnInvalidPactDocumentImportsNothing) {
  Diagnostics diagnostics;
  auto supplier = read_pact_supplier(kFixtures + "pact-missing-fields.json", "S9", diagnostics);
  ASSERT_FALSE(supplier);
  EXPECT_EQ(supplier.error().code, ErrorCode::pact_invalid);
  EXPECT_EQ(diagnostics.error_count(), 19u);
  EXPECT_EQ(diagnostics.items()[1].where.field, "$.created");
}

TEST(FootprintIo, StudyWithAnInvalidSupplierDocumentIsRefused) {
  // The same study text, with S1 pointing at a PACT document with wrong units.
  Diagnostics diagnostics;
  const std::string text = R"(format: footprint-study/1
id: T
product: {key: p, name: p}
declared_unit: kilogram
period: {start: 2024-01-01, end: 2024-12-31}
country: TW
profile: iso14067
boundary: cradle-to-gate
gwp: AR6
suppliers:
  - {id: S1, pact: pact-wrong-units.json}
)";
  auto loaded = parse_footprint_study(text, kFixtures + "study.yaml", diagnostics);
  ASSERT_FALSE(loaded);
  EXPECT_EQ(loaded.error().code, ErrorCode::pact_invalid);
  EXPECT_EQ(diagnostics.error_count(), 9u);
}

}  // namespace
}  // namespace cl::io
