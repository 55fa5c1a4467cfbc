// Background data import (docs/formats/background.md): the demo openLCA JSON-LD package
// (data/background/kettle-demo-olca, worked by hand in data/background/README.md) as a folder and
// as a zip, its units converted through the unit groups, its LCIA categories chosen by name; the
// kettle study computed on it gives kettle.yaml's 109.90679 kg CO2e; the JSON-LD and EcoSpold 2
// writers read back; and bad packages fail with the file inside the package and the field named,
// nothing imported.
#include <gtest/gtest.h>

#include <cmath>
#include <filesystem>
#include <fstream>

#include <unistd.h>

#include "core/footprint/compute.hpp"
#include "io/background_reader.hpp"
#include "io/ecospold_reader.hpp"
#include "io/ecospold_writer.hpp"
#include "io/footprint_reader.hpp"
#include "io/jsonld_reader.hpp"
#include "io/jsonld_writer.hpp"
#include "io/lca_problem_reader.hpp"
#include "io/package.hpp"

namespace cl::io {
namespace {

namespace fs = std::filesystem;

const std::string kDemo = CL_SOURCE_DIR "/data/background/kettle-demo-olca";
const std::string kExamples = CL_SOURCE_DIR "/data/examples/footprint/";
// The package's flow and process @ids (data/background/README.md).
const std::string kElectricity = "02088178-e05e-5782-8979-1f9672f1dfbd";
const std::string kSteel = "a02e83a6-0597-5812-bafe-cd2f5b7a4ae7";
const std::string kPolypropylene = "50abd834-d052-5f5c-9022-48baf08f67cf";
const std::string kCh4 = "f3e514f8-e913-5689-8556-2b9b2d8c6b17";
const std::string kGrid = "81192a96-1102-5c45-af2e-201aefff09e1";
const std::string kPpPlant = "72e4f255-333c-593a-8e40-45d98ff56cf1";

/// A fresh folder under the system's temp dir, removed with the object.
struct TempDir {
  fs::path path;
  TempDir() {
    path = fs::temp_directory_path() /
           ("cl-background-" + std::to_string(::getpid()) + "-" + std::to_string(counter()++));
    fs::create_directories(path);
  }
  ~TempDir() {
    std::error_code ignored;
    fs::remove_all(path, ignored);
  }
  static int& counter() {
    static int value = 0;
    return value;
  }
  std::string file(const std::string& name) const { return (path / name).string(); }
};

std::string slurp(const fs::path& path) {
  std::ifstream in(path, std::ios::binary);
  return {std::istreambuf_iterator<char>(in), std::istreambuf_iterator<char>()};
}

/// Every file of a folder as zip entries.
std::vector<std::pair<std::string, std::string>> folder_entries(const std::string& folder) {
  std::vector<std::pair<std::string, std::string>> out;
  for (const auto& entry : fs::recursive_directory_iterator(folder)) {
    if (entry.is_regular_file()) {
      out.emplace_back(fs::relative(entry.path(), folder).generic_string(), slurp(entry.path()));
    }
  }
  return out;
}

lca::Problem import_ok(const std::string& path, const LciaSelection& selection = {}) {
  Diagnostics diagnostics;
  auto problem = read_jsonld(path, selection, diagnostics);
  EXPECT_TRUE(problem) << (problem ? "" : problem.error().to_string());
  EXPECT_FALSE(diagnostics.has_errors());
  return problem ? *problem : lca::Problem{};
}

const lca::Process& process(const lca::Problem& problem, const std::string& id) {
  for (const auto& candidate : problem.processes) {
    if (candidate.id == id) return candidate;
  }
  ADD_FAILURE() << "no process " << id;
  static const lca::Process kNone;
  return kNone;
}

footprint::Background footprints(const lca::Problem& problem, const std::string& method) {
  Diagnostics diagnostics;
  auto values = footprint::background_footprints(
      problem, method, {kElectricity, kSteel, kPolypropylene}, diagnostics);
  EXPECT_TRUE(values) << (values ? "" : values.error().to_string());
  return values ? *values : footprint::Background{};
}

TEST(JsonldReader, DemoPackageUnitsConvertedThroughUnitGroups) {
  const auto problem = import_ok(kDemo);
  EXPECT_EQ(problem.processes.size(), 3u);
  EXPECT_EQ(problem.flows.size(), 6u);
  EXPECT_EQ(problem.methods.size(), 2u);
  for (const auto& flow : problem.flows) {
    // Electricity's reference flow property is Energy, whose reference unit is MJ.
    if (flow.id == kElectricity) {
      EXPECT_EQ(flow.unit, "MJ");
    }
    if (flow.id == kSteel) {
      EXPECT_EQ(flow.unit, "kg");
    }
  }
  // The polypropylene plant, per tonne in the file: 1 t → 1000 kg; 500 kWh × 3.6 = 1800 MJ;
  // CO2 1.6 t → 1600 kg; CH4 10 kg; the electricity input linked to the grid (defaultProvider).
  const auto& pp = process(problem, kPpPlant);
  EXPECT_EQ(pp.reference, kPolypropylene);
  ASSERT_EQ(pp.exchanges.size(), 4u);
  EXPECT_DOUBLE_EQ(pp.exchanges[0].amount, 1000.0);
  EXPECT_EQ(pp.exchanges[0].direction, lca::Direction::output);
  EXPECT_DOUBLE_EQ(pp.exchanges[1].amount, 1800.0);
  EXPECT_EQ(pp.exchanges[1].direction, lca::Direction::input);
  EXPECT_EQ(pp.exchanges[1].provider, kGrid);
  EXPECT_DOUBLE_EQ(pp.exchanges[2].amount, 1600.0);
  EXPECT_DOUBLE_EQ(pp.exchanges[3].amount, 10.0);
  EXPECT_EQ(pp.exchanges[3].where.file, kDemo + ":processes/" + kPpPlant + ".json");
  EXPECT_EQ(pp.exchanges[3].where.field, "exchanges[3]");
  // GWP 100's CH4 factor is written as 0.0298 kg CO2 eq per g: 0.0298 / 0.001 = 29.8 per kg.
  for (const auto& method : problem.methods) {
    if (method.name != "GWP 100") continue;
    EXPECT_EQ(method.unit, "kg CO2 eq");
    for (const auto& factor : method.factors) {
      if (factor.flow == kCh4) {
        EXPECT_NEAR(factor.value, 29.8, 1e-12);
      }
    }
  }
}

TEST(JsonldReader, DemoFootprintsPerUnitMatchTheHandCalculation) {
  const auto problem = import_ok(kDemo, {.method = "", .category = "GWP 100"});
  ASSERT_EQ(problem.methods.size(), 1u);
  const auto values = footprints(problem, "");
  // data/background/README.md: electricity 0.474 / 3.6 per MJ; steel 5 + 7.2 × 0.474 / 3.6 =
  // 5.948; polypropylene (1600 + 1800 × 0.474 / 3.6 + 10 × 29.8) / 1000 = 2.135 per kg.
  EXPECT_NEAR(values.at(kElectricity).kg_co2e_per_unit, 0.474 / 3.6, 1e-12);
  EXPECT_EQ(values.at(kElectricity).unit, "MJ");
  EXPECT_NEAR(values.at(kSteel).kg_co2e_per_unit, 5.948, 1e-12);
  EXPECT_NEAR(values.at(kPolypropylene).kg_co2e_per_unit, 2.135, 1e-12);
}

TEST(JsonldReader, CategoryAndMethodChosenByName) {
  // GWP 20 (only to show the choice): polypropylene (1600 + 237 + 10 × 82.5) / 1000 = 2.662.
  const auto gwp20 =
      import_ok(kDemo, {.method = "IPCC 2021 AR6 (demo subset)", .category = "gwp 20"});
  ASSERT_EQ(gwp20.methods.size(), 1u);
  EXPECT_NEAR(footprints(gwp20, "").at(kPolypropylene).kg_co2e_per_unit, 2.662, 1e-12);

  Diagnostics diagnostics;
  auto unknown = read_jsonld(kDemo, {.method = "ReCiPe 2016", .category = ""}, diagnostics);
  ASSERT_FALSE(unknown);
  EXPECT_EQ(unknown.error().code, ErrorCode::lca_unknown_method);
  EXPECT_NE(unknown.error().message.find("IPCC 2021 AR6 (demo subset)"), std::string::npos)
      << unknown.error().message;
}

TEST(JsonldReader, ZipReadsLikeTheFolder) {
  TempDir dir;
  const auto zip = dir.file("kettle-demo.zip");
  ASSERT_TRUE(write_zip(zip, folder_entries(kDemo)));
  const auto from_zip = import_ok(zip, {.method = "", .category = "GWP 100"});
  const auto from_folder = import_ok(kDemo, {.method = "", .category = "GWP 100"});
  ASSERT_EQ(from_zip.processes.size(), from_folder.processes.size());
  EXPECT_EQ(process(from_zip, kPpPlant).exchanges[1].amount, 1800.0);
  EXPECT_EQ(process(from_zip, kPpPlant).exchanges[1].where.file,
            zip + ":processes/" + kPpPlant + ".json");
  EXPECT_NEAR(footprints(from_zip, "").at(kSteel).kg_co2e_per_unit, 5.948, 1e-12);
}

TEST(JsonldReader, KettleStudyOnThePackageGivesTheWorkedTotal) {
  Diagnostics diagnostics;
  auto loaded = read_footprint_study(kExamples + "kettle-olca.yaml", diagnostics);
  ASSERT_TRUE(loaded) << loaded.error().to_string();
  ASSERT_TRUE(loaded->background);
  auto background =
      footprint::background_footprints(*loaded->background, loaded->background_method,
                                       footprint::process_keys(loaded->study), diagnostics);
  ASSERT_TRUE(background) << background.error().to_string();
  auto profiles =
      read_footprint_profiles(footprint_profiles_path(CL_SOURCE_DIR "/data"), diagnostics);
  ASSERT_TRUE(profiles);
  auto result = footprint::compute_footprint(
      loaded->study, find_profile(*profiles, loaded->study.profile, {}).value(), &*background,
      diagnostics);
  ASSERT_TRUE(result) << result.error().to_string();
  // docs/formats/footprint-study.md example 2: raw materials 0.6 × 5.948 + 0.35 × 2.135 + 0.275
  // = 4.59105; transport 0.033; manufacturing 1.44 kWh = 5.184 MJ × 0.474 / 3.6 = 0.68256;
  // distribution 0.03168; use 219 kWh = 788.4 MJ × 0.131667 = 103.806; end of life 0.7625.
  // Total 4.59105 + 0.033 + 0.68256 + 0.03168 + 103.806 + 0.7625 = 109.90679.
  EXPECT_NEAR(result->total, 109.90679, 1e-9);
  ASSERT_EQ(result->stages.size(), 6u);
  EXPECT_NEAR(result->stages[0].emissions, 4.59105, 1e-9);
  EXPECT_NEAR(result->stages[4].emissions, 103.806, 1e-9);
}

TEST(JsonldWriter, KettleBackgroundRoundTripKeepsTheFootprints) {
  Diagnostics diagnostics;
  auto original = read_lca_problem(kExamples + "kettle-background.json", diagnostics);
  ASSERT_TRUE(original);
  TempDir dir;
  const auto zip = dir.file("kettle.zip");
  ASSERT_TRUE(write_jsonld(*original, zip));
  const auto back = import_ok(zip);
  ASSERT_EQ(back.methods.size(), 1u);
  EXPECT_EQ(back.methods[0].id, "gwp100");
  Diagnostics more;
  auto values = footprint::background_footprints(
      back, "gwp100", {"steel_sheet", "polypropylene", "electricity"}, more);
  ASSERT_TRUE(values) << values.error().to_string();
  EXPECT_NEAR(values->at("steel_sheet").kg_co2e_per_unit, 5.948, 1e-12);
  EXPECT_NEAR(values->at("polypropylene").kg_co2e_per_unit, 2.135, 1e-12);
}

TEST(EcospoldWriter, KettleBackgroundRoundTripKeepsTheFootprints) {
  Diagnostics diagnostics;
  auto original = read_lca_problem(kExamples + "kettle-background.json", diagnostics);
  ASSERT_TRUE(original);
  TempDir dir;
  const auto zip = dir.file("kettle-spold.zip");
  ASSERT_TRUE(write_ecospold(*original, zip));
  auto back = read_ecospold(zip, diagnostics);
  ASSERT_TRUE(back) << back.error().to_string();
  EXPECT_EQ(back->processes.size(), 3u);
  EXPECT_TRUE(back->methods.empty());  // EcoSpold 2 holds no LCIA
  back->methods = original->methods;
  auto values = footprint::background_footprints(*back, "gwp100", {"steel_sheet", "polypropylene"},
                                                 diagnostics);
  ASSERT_TRUE(values) << values.error().to_string();
  EXPECT_NEAR(values->at("steel_sheet").kg_co2e_per_unit, 5.948, 1e-12);
  EXPECT_NEAR(values->at("polypropylene").kg_co2e_per_unit, 2.135, 1e-12);
}

// ------------------------------------------------------------------ bad input

/// The demo package's files with one file replaced (or removed when `text` is empty), zipped.
std::string broken_demo(const TempDir& dir, const std::string& name, const std::string& text) {
  auto entries = folder_entries(kDemo);
  std::erase_if(entries, [&](const auto& entry) { return entry.first == name; });
  if (!text.empty()) entries.emplace_back(name, text);
  const auto zip = dir.file("broken.zip");
  EXPECT_TRUE(write_zip(zip, entries));
  return zip;
}

/// A process of the demo with its JSON text edited.
std::string edited_process(const std::string& id, const std::string& from, const std::string& to) {
  auto text = slurp(kDemo + "/processes/" + id + ".json");
  const auto at = text.find(from);
  EXPECT_NE(at, std::string::npos) << from;
  return text.replace(at, from.size(), to);
}

TEST(JsonldBadInput, NotAZipArchive) {
  TempDir dir;
  const auto path = dir.file("database.zip");
  std::ofstream(path) << "PK\x03\x04 this is not really a zip archive";
  Diagnostics diagnostics;
  auto problem = read_jsonld(path, {}, diagnostics);
  ASSERT_FALSE(problem);
  EXPECT_EQ(problem.error().code, ErrorCode::parse_syntax);
  EXPECT_EQ(problem.error().where.file, path);
  EXPECT_NE(problem.error().message.find("zip archive"), std::string::npos)
      << problem.error().message;
}

TEST(JsonldBadInput, DanglingFlowNamesFileAndField) {
  TempDir dir;
  // The steel mill's electricity input names a flow the package does not have.
  const std::string steel_mill = "15b512f8-6d5a-5e12-b372-673578c4dfe3";
  const auto zip = broken_demo(dir, "processes/" + steel_mill + ".json",
                               edited_process(steel_mill, "\"@id\": \"" + kElectricity + "\"",
                                              "\"@id\": \"0000-missing-flow\""));
  Diagnostics diagnostics;
  auto problem = read_jsonld(zip, {}, diagnostics);
  ASSERT_FALSE(problem);
  EXPECT_EQ(problem.error().code, ErrorCode::lca_unknown_flow);
  EXPECT_EQ(problem.error().where.file, zip + ":processes/" + steel_mill + ".json");
  EXPECT_EQ(problem.error().where.field, "exchanges[1].flow.@id");
  EXPECT_NE(problem.error().message.find("0000-missing-flow"), std::string::npos);
  EXPECT_NE(problem.error().context.back().find("nothing was imported"), std::string::npos);
}

TEST(JsonldBadInput, DanglingUnitNamesFileAndField) {
  TempDir dir;
  // The polypropylene plant's reference amount in a unit (by @id and name) no group has.
  const std::string tonne_ref = "\"name\": \"t\"";
  auto text = edited_process(kPpPlant, tonne_ref, "\"name\": \"short ton\"");
  const auto unit_id_at = text.rfind("\"@id\"", text.find("\"name\": \"short ton\""));
  text.replace(unit_id_at, 5 + 2 + 38, "\"@id\": \"00000000-0000-0000-0000-000000000000\"");
  const auto zip = broken_demo(dir, "processes/" + kPpPlant + ".json", text);
  Diagnostics diagnostics;
  auto problem = read_jsonld(zip, {}, diagnostics);
  ASSERT_FALSE(problem);
  EXPECT_EQ(problem.error().code, ErrorCode::unit_unknown);
  EXPECT_EQ(problem.error().where.file, zip + ":processes/" + kPpPlant + ".json");
  EXPECT_EQ(problem.error().where.field, "exchanges[0].unit.@id");
  EXPECT_NE(problem.error().message.find("Units of mass"), std::string::npos)
      << problem.error().message;
}

TEST(JsonldBadInput, DamagedJsonAndMissingReferenceListedTogether) {
  TempDir dir;
  auto entries = folder_entries(kDemo);
  for (auto& [name, text] : entries) {
    if (name == "processes/" + kGrid + ".json") text = "{\"@type\": \"Process\", \"@id\": ";
    if (name == "processes/" + kPpPlant + ".json") {
      const std::string from = "\"isQuantitativeReference\": true";
      text.replace(text.find(from), from.size(), "\"isQuantitativeReference\": false");
    }
  }
  const auto zip = dir.file("two-problems.zip");
  ASSERT_TRUE(write_zip(zip, entries));
  Diagnostics diagnostics;
  auto problem = read_jsonld(zip, {}, diagnostics);
  ASSERT_FALSE(problem);
  ASSERT_EQ(diagnostics.error_count(), 2u);
  std::map<std::string, const Diagnostic*> by_file;
  for (const auto& item : diagnostics.items()) {
    // The steel mill and the plant also get a warning: their default provider (the grid) is gone.
    if (item.severity == Severity::error) by_file[item.where.file] = &item;
  }
  const auto* syntax = by_file.at(zip + ":processes/" + kGrid + ".json");
  EXPECT_EQ(syntax->code, ErrorCode::parse_syntax);
  const auto* reference = by_file.at(zip + ":processes/" + kPpPlant + ".json");
  EXPECT_EQ(reference->code, ErrorCode::lca_reference);
  EXPECT_EQ(reference->where.field, "exchanges[].isQuantitativeReference");
}

TEST(JsonldBadInput, NotAPackage) {
  TempDir dir;
  const auto zip = dir.file("photos.zip");
  ASSERT_TRUE(write_zip(zip, {{"holiday.jpg", "not json"}}));
  Diagnostics diagnostics;
  auto loaded = read_background(zip, {}, diagnostics);
  ASSERT_FALSE(loaded);
  EXPECT_EQ(loaded.error().code, ErrorCode::parse_missing_field);
  EXPECT_NE(loaded.error().message.find("neither an openLCA JSON-LD package"), std::string::npos);
}

const char* const kSpoldWithoutReference = R"(<?xml version="1.0" encoding="UTF-8"?>
<ecoSpold xmlns="http://www.EcoInvent.org/EcoSpold02">
  <activityDataset>
    <activityDescription>
      <activity id="a1" activityNameId="n1"><activityName xml:lang="en">steel mill</activityName></activity>
    </activityDescription>
    <flowData>
      <intermediateExchange id="e1" unitId="u1" amount="2" intermediateExchangeId="electricity">
        <name xml:lang="en">electricity</name><unitName xml:lang="en">kWh</unitName>
        <inputGroup>5</inputGroup>
      </intermediateExchange>
      <elementaryExchange id="e2" unitId="u2" amount="5" elementaryExchangeId="co2">
        <name xml:lang="en">Carbon dioxide, fossil</name><unitName xml:lang="en">kg</unitName>
        <compartment subcompartmentId="c1"><compartment xml:lang="en">air</compartment></compartment>
        <outputGroup>4</outputGroup>
      </elementaryExchange>
    </flowData>
  </activityDataset>
</ecoSpold>
)";

TEST(EcospoldBadInput, MissingReferenceProductNamesTheFile) {
  TempDir dir;
  const auto zip = dir.file("datasets.zip");
  ASSERT_TRUE(write_zip(zip, {{"a1_steel.spold", kSpoldWithoutReference}}));
  Diagnostics diagnostics;
  auto problem = read_ecospold(zip, diagnostics);
  ASSERT_FALSE(problem);
  EXPECT_EQ(problem.error().code, ErrorCode::lca_reference);
  EXPECT_EQ(problem.error().where.file, zip + ":a1_steel.spold");
  EXPECT_EQ(problem.error().where.field, "flowData/intermediateExchange/outputGroup");
  EXPECT_NE(problem.error().message.find("no reference product"), std::string::npos);
}

TEST(EcospoldBadInput, SingleFileAndDamagedXml) {
  TempDir dir;
  const auto spold = dir.file("broken.spold");
  std::ofstream(spold) << "<ecoSpold><activityDataset>";
  Diagnostics diagnostics;
  auto problem = read_ecospold(spold, diagnostics);
  ASSERT_FALSE(problem);
  EXPECT_EQ(problem.error().code, ErrorCode::parse_syntax);
  EXPECT_EQ(problem.error().where.file, spold);
}

TEST(EcospoldReader, WasteTreatmentWithNegativeReferenceAndActivityLinks) {
  // ecoinvent's convention: a treatment's reference product is −1 kg of the waste; a producer
  // lists its waste as a negative technosphere input, linked by activityLinkId.
  const std::string treatment =
      R"(<ecoSpold xmlns="http://www.EcoInvent.org/EcoSpold02"><activityDataset>
    <activityDescription><activity id="incinerator"><activityName>incineration</activityName></activity></activityDescription>
    <flowData>
      <intermediateExchange amount="-1" intermediateExchangeId="scrap"><name>scrap</name><unitName>kg</unitName><outputGroup>0</outputGroup></intermediateExchange>
      <elementaryExchange amount="0.8" elementaryExchangeId="co2"><name>CO2</name><unitName>kg</unitName><compartment><compartment>air</compartment><subcompartment>urban</subcompartment></compartment><outputGroup>4</outputGroup></elementaryExchange>
    </flowData></activityDataset></ecoSpold>)";
  const std::string producer =
      R"(<ecoSpold xmlns="http://www.EcoInvent.org/EcoSpold02"><activityDataset>
    <activityDescription><activity id="press"><activityName>pressing</activityName></activity></activityDescription>
    <flowData>
      <intermediateExchange amount="1" intermediateExchangeId="part"><name>part</name><unitName>kg</unitName><outputGroup>0</outputGroup></intermediateExchange>
      <intermediateExchange amount="-0.25" intermediateExchangeId="scrap" activityLinkId="incinerator"><name>scrap</name><unitName>kg</unitName><inputGroup>5</inputGroup></intermediateExchange>
    </flowData></activityDataset></ecoSpold>)";
  TempDir dir;
  const auto zip = dir.file("waste.zip");
  ASSERT_TRUE(write_zip(zip, {{"incinerator.spold", treatment}, {"press.spold", producer}}));
  Diagnostics diagnostics;
  auto problem = read_ecospold(zip, diagnostics);
  ASSERT_TRUE(problem) << problem.error().to_string();
  const auto& press = process(*problem, "press");
  ASSERT_EQ(press.exchanges.size(), 2u);
  EXPECT_EQ(press.exchanges[1].direction, lca::Direction::output);  // 0.25 kg scrap out
  EXPECT_DOUBLE_EQ(press.exchanges[1].amount, 0.25);
  EXPECT_EQ(press.exchanges[1].provider, "incinerator");
  const auto& incinerator = process(*problem, "incinerator");
  EXPECT_EQ(incinerator.exchanges[0].direction, lca::Direction::input);  // treats 1 kg
  // 1 kg of parts: 0.25 kg scrap incinerated × 0.8 kg CO2 = 0.2 kg CO2.
  problem->methods.push_back({"gwp", "gwp", "kg CO2e", {{"co2", 1.0, {}}}, {}});
  auto values = footprint::background_footprints(*problem, "gwp", {"part"}, diagnostics);
  ASSERT_TRUE(values) << values.error().to_string();
  EXPECT_NEAR(values->at("part").kg_co2e_per_unit, 0.2, 1e-12);
}

}  // namespace
}  // namespace cl::io
