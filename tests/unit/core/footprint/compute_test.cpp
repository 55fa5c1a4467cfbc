// Worked footprint studies built in code, each number worked out by hand in the comments, and
// one test per refusal (the study's error codes). The example files of data/examples/footprint
// are checked through the reader in tests/unit/io/footprint_io_test.cpp and the golden CLI cases.
#include "core/footprint/compute.hpp"

#include <gtest/gtest.h>

namespace cl::footprint {
namespace {

Profile iso14067() {
  Profile profile;
  profile.id = "iso14067";
  profile.title = "ISO 14067:2018";
  profile.pact_standard = "ISO14067";
  profile.required_gate = {Stage::raw_materials, Stage::transport, Stage::manufacturing};
  profile.required_grave = {std::begin(kAllStages), std::end(kAllStages)};
  profile.stages_clause = {"6.3.4", "", Verification::unverified};
  profile.max_exempted_percent = 5.0;
  profile.cutoff_clause = {"6.3.4.3", "", Verification::unverified};
  profile.allocation_bases = {AllocationBasis::mass, AllocationBasis::hours, AllocationBasis::value,
                              AllocationBasis::shares};
  profile.needs_justification = {AllocationBasis::value, AllocationBasis::shares};
  profile.allocation_clause = {"6.4.6", "", Verification::unverified};
  return profile;
}

FactorLink factor(double value, const std::string& unit) {
  FactorLink out;
  out.kg_co2e_per_unit = value;
  out.unit = unit;
  out.source.document = "test";
  return out;
}

// A cradle-to-gate study of part p1: 1000 kg made in the period.
//   RM1 1100 kg of steel for the period × 2 kg CO2e/kg: 1.1 kg/kg × 2 = 2.2
//   TR1 0.05 tkm per kg, supplier S1 0.1 kg CO2e per tkm:            0.005
//   MF1 10,000 kWh shared by mass {p1 1000, p2 3000}: share 0.25,
//       2500 kWh / 1000 kg = 2.5 kWh/kg × 0.5:                      1.25
//   total 2.2 + 0.005 + 1.25 = 3.455
Study bolt_study() {
  Study study;
  study.id = "T1";
  study.product_key = "p1";
  study.product_name = "part";
  study.declared_unit = "kilogram";
  study.production = 1000;
  study.gwp = "AR6";
  study.profile = "iso14067";
  SupplierFootprint truck;
  truck.id = "S1";
  truck.supplier = "Truck Co.";
  truck.part = "road freight";
  truck.declared_unit = "ton kilometer";
  truck.pcf_excluding_biogenic = 0.1;
  study.suppliers.push_back(truck);
  ActivityLine steel;
  steel.id = "RM1";
  steel.stage = Stage::raw_materials;
  steel.amount = 1100;
  steel.unit = "kg";
  steel.factor = factor(2.0, "kg");
  steel.dqr = Dqr{2, 1, 1, 2, 3};
  study.lines.push_back(steel);
  ActivityLine freight;
  freight.id = "TR1";
  freight.stage = Stage::transport;
  freight.amount = 0.05;
  freight.unit = "tkm";
  freight.per_unit = true;
  freight.supplier = "S1";
  study.lines.push_back(freight);
  SharedLine power;
  power.id = "MF1";
  power.stage = Stage::manufacturing;
  power.amount = 10000;
  power.unit = "kWh";
  power.basis = AllocationBasis::mass;
  power.products = {{"p1", 1000}, {"p2", 3000}};
  power.factor = factor(0.5, "kWh");
  power.primary = true;
  power.dqr = Dqr{1, 1, 1, 1, 1};
  study.shared.push_back(power);
  return study;
}

Result<FootprintResult> run(const Study& study, Diagnostics& diagnostics,
                            const Background* background = nullptr) {
  return compute_footprint(study, iso14067(), background, diagnostics);
}

ErrorCode code_of(const Study& study) {
  Diagnostics diagnostics;
  auto result = run(study, diagnostics);
  EXPECT_FALSE(result);
  return result ? ErrorCode::internal : result.error().code;
}

TEST(FootprintCompute, WorkedCradleToGateStudy) {
  Diagnostics diagnostics;
  const auto result = run(bolt_study(), diagnostics);
  ASSERT_TRUE(result) << result.error().to_string();
  EXPECT_NEAR(result->total, 3.455, 1e-12);
  ASSERT_EQ(result->stages.size(), 3u);
  EXPECT_NEAR(result->stages[0].emissions, 2.2, 1e-12);
  EXPECT_NEAR(result->stages[1].emissions, 0.005, 1e-12);
  EXPECT_NEAR(result->stages[2].emissions, 1.25, 1e-12);
  ASSERT_EQ(result->lines.size(), 3u);
  EXPECT_NEAR(result->lines[0].amount, 1.1, 1e-12);  // 1100 kg / 1000 kg
  EXPECT_NEAR(result->lines[2].allocated_share, 0.25, 1e-12);
  EXPECT_NEAR(result->lines[2].amount, 2.5, 1e-12);
  // Hot spots (≥ 5 %): RM1 2.2/3.455 = 63.7 %, MF1 36.2 %; TR1 0.14 % is not one.
  ASSERT_EQ(result->hot_spots.size(), 2u);
  EXPECT_EQ(result->lines[result->hot_spots[0]].id, "RM1");
  EXPECT_EQ(result->lines[result->hot_spots[1]].id, "MF1");
  // Primary: MF1 (measured, 1.25) + TR1 (supplier data, 0.005) = 1.255 / 3.455 = 36.3242 %.
  EXPECT_NEAR(result->primary_data_share, 1.255 / 3.455 * 100.0, 1e-9);
  // DQR over RM1 and MF1 (TR1 is below 5 %): technological (2.2·2 + 1.25·1) / 3.45 = 1.637681,
  // reliability (2.2·3 + 1.25·1) / 3.45 = 2.275362; coverage 3.45 / 3.455 = 99.8553 %.
  ASSERT_TRUE(result->quality);
  EXPECT_NEAR(result->quality->dqr.technological, 5.65 / 3.45, 1e-12);
  EXPECT_NEAR(result->quality->dqr.reliability, 7.85 / 3.45, 1e-12);
  EXPECT_NEAR(result->quality->dqr.temporal, 1.0, 1e-12);
  EXPECT_NEAR(result->quality->coverage_percent, 3.45 / 3.455 * 100.0, 1e-9);
  // No factor splits its gases: everything is unspecified.
  EXPECT_TRUE(result->gases.empty());
  EXPECT_NEAR(result->gases_unspecified, 3.455, 1e-12);
  EXPECT_TRUE(result->warnings.empty());
}

TEST(FootprintCompute, GasSplitAndBiogenicCo2) {
  // RM1's factor split: CO2 1.9 + CH4 0.1 = 2 per kg → CO2 1.1 × 1.9 = 2.09, CH4 0.11; biogenic
  // 0.3 kg CO2/kg → 0.33 outside the total.
  Study study = bolt_study();
  study.lines[0].factor->gases = {{"CO2", 1.9}, {"CH4", 0.1}};
  study.lines[0].factor->biogenic_co2_per_unit = 0.3;
  Diagnostics diagnostics;
  const auto result = run(study, diagnostics);
  ASSERT_TRUE(result);
  EXPECT_NEAR(result->gases.at("CO2"), 2.09, 1e-12);
  EXPECT_NEAR(result->gases.at("CH4"), 0.11, 1e-12);
  EXPECT_NEAR(result->gases_unspecified, 1.255, 1e-12);
  EXPECT_NEAR(result->biogenic_co2, 0.33, 1e-12);
  EXPECT_NEAR(result->total, 3.455, 1e-12);
}

TEST(FootprintCompute, SupplierShareOfPrimaryDataAndUnitaryAmount) {
  // The supplier's PCF is 100 kg CO2e per 1000 tkm (0.1 per tkm) and 40 % of it primary:
  // TR1 = 0.005, primary 1.25 + 0.4 · 0.005 = 1.252.
  Study study = bolt_study();
  study.suppliers[0].unitary_amount = 1000;
  study.suppliers[0].pcf_excluding_biogenic = 100;
  study.suppliers[0].primary_data_share = 40;
  Diagnostics diagnostics;
  const auto result = run(study, diagnostics);
  ASSERT_TRUE(result);
  EXPECT_NEAR(result->lines[1].emissions, 0.005, 1e-12);
  EXPECT_NEAR(result->primary_data_share, 1.252 / 3.455 * 100.0, 1e-9);
}

TEST(FootprintCompute, BackgroundProcessOfTheLcaEngine) {
  // The textbook system of docs/formats/lca-problem.md: electricity 0.5 kg CO2 per kWh, steel
  // 2 kWh + 1.8 kg CO2 per kg, so one kg of steel is 1.8 + 2 · 0.5 = 2.8 kg CO2e. RM1 links it
  // with its amount in g: 1,100,000 g / 1000 kg = 1.1 kg/kg × 2.8 = 3.08.
  lca::Problem problem;
  problem.flows = {{"electricity", "", lca::FlowKind::product, "kWh", "", {}},
                   {"steel", "", lca::FlowKind::product, "kg", "", {}},
                   {"co2", "", lca::FlowKind::elementary, "kg", "air", {}}};
  lca::Process plant;
  plant.id = "power_plant";
  plant.reference = "electricity";
  plant.exchanges = {{"electricity", lca::Direction::output, 1, "", false, "", {}, 0, 0, {}},
                     {"co2", lca::Direction::output, 0.5, "", false, "", {}, 0, 0, {}}};
  lca::Process mill;
  mill.id = "steel_mill";
  mill.reference = "steel";
  mill.exchanges = {{"steel", lca::Direction::output, 1, "", false, "", {}, 0, 0, {}},
                    {"electricity", lca::Direction::input, 2, "", false, "", {}, 0, 0, {}},
                    {"co2", lca::Direction::output, 1.8, "", false, "", {}, 0, 0, {}}};
  problem.processes = {plant, mill};
  lca::Method gwp;
  gwp.id = "gwp100";
  gwp.unit = "kg CO2e";
  gwp.factors = {{"co2", 1.0, {}}};
  problem.methods = {gwp};

  Study study = bolt_study();
  study.lines[0].factor.reset();
  study.lines[0].process = ProcessLink{"steel"};
  study.lines[0].amount = 1100000;
  study.lines[0].unit = "g";
  Diagnostics diagnostics;
  auto background = background_footprints(problem, "", process_keys(study), diagnostics);
  ASSERT_TRUE(background) << background.error().to_string();
  EXPECT_NEAR(background->at("steel").kg_co2e_per_unit, 2.8, 1e-12);
  const auto result = run(study, diagnostics, &*background);
  ASSERT_TRUE(result) << result.error().to_string();
  EXPECT_NEAR(result->lines[0].emissions, 3.08, 1e-12);
  EXPECT_NEAR(result->total, 3.08 + 0.005 + 1.25, 1e-12);

  auto unknown = background_footprints(problem, "", {"aluminium"}, diagnostics);
  ASSERT_FALSE(unknown);
  EXPECT_EQ(unknown.error().code, ErrorCode::footprint_reference);
}

TEST(FootprintCompute, CradleToGraveNeedsAllSixStages) {
  Study study = bolt_study();
  study.boundary = Boundary::cradle_to_grave;
  Diagnostics diagnostics;
  EXPECT_FALSE(run(study, diagnostics));
  // distribution, use and end of life are missing: three errors, all reported at once.
  EXPECT_EQ(diagnostics.error_count(), 3u);
  for (const auto& item : diagnostics.items()) {
    EXPECT_EQ(item.code, ErrorCode::footprint_stage_missing);
  }
}

TEST(FootprintCompute, Refusals) {
  {  // transport stage missing
    Study study = bolt_study();
    study.lines.erase(study.lines.begin() + 1);
    EXPECT_EQ(code_of(study), ErrorCode::footprint_stage_missing);
  }
  {  // given shares sum to 0.9
    Study study = bolt_study();
    study.shared[0].basis = AllocationBasis::shares;
    study.shared[0].justification = "agreed";
    study.shared[0].products = {{"p1", 0.5}, {"p2", 0.4}};
    EXPECT_EQ(code_of(study), ErrorCode::footprint_shares);
  }
  {  // kg of freight where the supplier's unit is ton kilometer
    Study study = bolt_study();
    study.lines[1].unit = "kg";
    EXPECT_EQ(code_of(study), ErrorCode::footprint_supplier_unit);
  }
  {  // factor per kg for a line in kWh
    Study study = bolt_study();
    study.lines[0].unit = "kWh";
    EXPECT_EQ(code_of(study), ErrorCode::unit_mismatch);
  }
  {  // neither factor nor process nor supplier; then two links at once
    Study study = bolt_study();
    study.lines[0].factor.reset();
    EXPECT_EQ(code_of(study), ErrorCode::footprint_unlinked);
    study.lines[0].factor = factor(2.0, "kg");
    study.lines[0].supplier = "S1";
    EXPECT_EQ(code_of(study), ErrorCode::footprint_unlinked);
  }
  {  // an unknown supplier; a shared line without the study's product
    Study study = bolt_study();
    study.lines[1].supplier = "S9";
    EXPECT_EQ(code_of(study), ErrorCode::footprint_reference);
    study = bolt_study();
    study.shared[0].products = {{"p2", 1.0}, {"p3", 1.0}};
    EXPECT_EQ(code_of(study), ErrorCode::footprint_reference);
  }
  {  // 4 % + 2 % exempted, above 5 %
    Study study = bolt_study();
    study.exemptions = {{"a", 4.0}, {"b", 2.0}};
    EXPECT_EQ(code_of(study), ErrorCode::footprint_cutoff);
  }
  {  // value allocation without a reason; then a basis the profile does not list
    Study study = bolt_study();
    study.shared[0].basis = AllocationBasis::value;
    EXPECT_EQ(code_of(study), ErrorCode::footprint_allocation);
    Profile strict = iso14067();
    strict.allocation_bases = {AllocationBasis::mass};
    study.shared[0].justification = "no meters";
    Diagnostics diagnostics;
    auto result = compute_footprint(study, strict, nullptr, diagnostics);
    ASSERT_FALSE(result);
    EXPECT_EQ(result.error().code, ErrorCode::footprint_allocation);
  }
  {  // AR4, a DQR of 4, a use-stage line in a cradle-to-gate study, production 0
    Study study = bolt_study();
    study.gwp = "AR4";
    EXPECT_EQ(code_of(study), ErrorCode::footprint_invalid);
    study = bolt_study();
    study.lines[0].dqr = Dqr{4, 1, 1, 1, 1};
    EXPECT_EQ(code_of(study), ErrorCode::footprint_invalid);
    study = bolt_study();
    study.lines[0].stage = Stage::use;
    study.lines.push_back(study.lines[1]);
    study.lines.back().id = "RM2";
    study.lines.back().stage = Stage::raw_materials;
    EXPECT_EQ(code_of(study), ErrorCode::footprint_invalid);
    study = bolt_study();
    study.production = 0;
    EXPECT_EQ(code_of(study), ErrorCode::footprint_invalid);
  }
}

TEST(FootprintCompute, EveryProblemOfAStudyAtOnce) {
  Study study = bolt_study();
  study.lines[0].factor.reset();              // unlinked
  study.lines[1].unit = "kg";                 // supplier unit
  study.shared[0].products = {{"p1", -1.0}};  // negative basis quantity
  Diagnostics diagnostics;
  EXPECT_FALSE(run(study, diagnostics));
  ASSERT_EQ(diagnostics.error_count(), 3u);
  EXPECT_EQ(diagnostics.items()[0].code, ErrorCode::footprint_unlinked);
  EXPECT_EQ(diagnostics.items()[1].code, ErrorCode::footprint_supplier_unit);
  EXPECT_EQ(diagnostics.items()[2].code, ErrorCode::footprint_shares);
}

TEST(FootprintCompute, MaterialLineWithoutDqrIsAWarning) {
  Study study = bolt_study();
  study.lines[0].dqr.reset();
  Diagnostics diagnostics;
  const auto result = run(study, diagnostics);
  ASSERT_TRUE(result);
  ASSERT_EQ(result->warnings.items().size(), 1u);
  EXPECT_NE(result->warnings.items()[0].message.find("'RM1' is 63.6758 %"), std::string::npos)
      << result->warnings.items()[0].message;
  // Only MF1 is rated: coverage 1.25 / 3.455 = 36.1794 %, DQRs all 1.
  ASSERT_TRUE(result->quality);
  EXPECT_NEAR(result->quality->coverage_percent, 1.25 / 3.455 * 100.0, 1e-9);
  EXPECT_NEAR(result->quality->dqr.reliability, 1.0, 1e-12);
}

}  // namespace
}  // namespace cl::footprint

namespace cl::footprint {
namespace {

TEST(FootprintCompute, CentralSatelliteNeedsFiveTaiwaneseSuppliers) {
  // DEM-2: the bolt study uses one supplier (S1, Truck Co.): 1 < 5.
  Study study = bolt_study();
  study.mode = SupplyChainMode::central_satellite;
  study.suppliers[0].country = "TW";
  Diagnostics diagnostics;
  auto result = compute_footprint(study, iso14067(), nullptr, diagnostics);
  ASSERT_FALSE(result);
  EXPECT_EQ(result.error().code, ErrorCode::footprint_invalid);
  EXPECT_NE(result.error().message.find("this one uses 1"), std::string::npos);
  // Five Taiwanese suppliers in use, each with a line of 0.001 tkm: accepted.
  for (int index = 2; index <= 5; ++index) {
    SupplierFootprint supplier = study.suppliers[0];
    supplier.id = "S" + std::to_string(index);
    study.suppliers.push_back(supplier);
    ActivityLine line = study.lines[1];
    line.id = "TR" + std::to_string(index);
    line.supplier = supplier.id;
    study.lines.push_back(line);
  }
  Diagnostics again;
  EXPECT_TRUE(compute_footprint(study, iso14067(), nullptr, again));
  // One of them abroad: 4 < 5.
  study.suppliers[4].country = "JP";
  Diagnostics abroad;
  EXPECT_FALSE(compute_footprint(study, iso14067(), nullptr, abroad));
}

}  // namespace
}  // namespace cl::footprint
