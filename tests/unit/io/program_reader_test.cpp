// Reading program definitions, applications and review meetings: both shipped definitions read
// clean, and every kind of mistake is reported with the file, the line and the full key path.
#include "io/program_reader.hpp"

#include <gtest/gtest.h>
#include <unistd.h>

#include <filesystem>
#include <fstream>

namespace cl::io {
namespace {

namespace fs = std::filesystem;

class ProgramReaderTest : public ::testing::Test {
 protected:
  void SetUp() override {
    dir_ = fs::temp_directory_path() /
           ("carbonledger-program-" + std::to_string(::getpid()) + "-" +
            ::testing::UnitTest::GetInstance()->current_test_info()->name());
    fs::create_directories(dir_);
  }
  void TearDown() override { fs::remove_all(dir_); }
  std::string write(const std::string& name, const std::string& text) {
    const auto path = (dir_ / name).string();
    std::ofstream(path) << text;
    return path;
  }
  fs::path dir_;
};

std::string dump(const Diagnostics& diagnostics) {
  std::string out;
  for (const auto& item : diagnostics.items()) out += item.to_string() + "\n";
  return out;
}

TEST(ProgramReader, BothShippedDefinitionsReadClean) {
  for (const char* name : {"2023-sme-low-carbon.yaml", "2014-cfp-demonstration.yaml"}) {
    Diagnostics diagnostics;
    const auto program =
        read_program(std::string(CL_SOURCE_DIR) + "/data/programs/" + name, diagnostics);
    ASSERT_TRUE(program) << name;
    EXPECT_TRUE(diagnostics.empty()) << name << "\n" << dump(diagnostics);
  }
}

TEST(ProgramReader, The2014DefinitionCarriesTheSeedsNumbers) {
  Diagnostics diagnostics;
  const auto program = read_program(
      std::string(CL_SOURCE_DIR) + "/data/programs/2014-cfp-demonstration.yaml", diagnostics);
  ASSERT_TRUE(program);
  // 004 貳.五: 35 萬 7 千 / 25 萬 2 千; 23 萬 1 千 / 21 萬; 陸.三.3.(2): 3 萬 3 千 6 百.
  EXPECT_EQ(program->find_mode("central_satellite")->funding.government_ntd, 357000);
  EXPECT_EQ(program->find_mode("central_satellite")->funding.own_min_ntd, 252000);
  EXPECT_EQ(program->find_mode("central_satellite")->funding.deduction_per_dropped, 33600);
  EXPECT_EQ(program->find_mode("single_factory")->funding.government_ntd, 231000);
  EXPECT_EQ(program->find_mode("single_factory")->funding.own_min_ntd, 210000);
  // Rubrics: 13 and 14 items of 100 points each (柒.二.(二).2.(7) i and ii).
  EXPECT_EQ(program->find_rubric("central_satellite")->items.size(), 13u);
  EXPECT_EQ(program->find_rubric("single_factory")->items.size(), 14u);
  EXPECT_EQ(program->find_rubric("single_factory")->total(), 100);
  EXPECT_EQ(program->application_deadline->at.to_string(), "2014-02-20T17:00");
}

TEST_F(ProgramReaderTest, MistakesAreReportedWithTheirKeyPath) {
  const auto path = write("bad.yaml", R"(carbonledger: program/1
id: next-year
name: Next year
year: 2025
source: a notice
services:
  - id: inventory
    name: 碳盤查輔導
    qouta: 180
    quota: many
    cite: notice 1
eligibility:
  - id: r1
    rule: registered_manufacturor
    cite: notice 2
)");
  Diagnostics diagnostics;
  const auto program = read_program(path, diagnostics);
  ASSERT_TRUE(program);
  const std::string text = dump(diagnostics);
  EXPECT_NE(text.find("bad.yaml:9: field 'services[0].qouta': error: parse.unknown_field: unknown "
                      "field 'qouta'"),
            std::string::npos)
      << text;
  EXPECT_NE(
      text.find("bad.yaml:10: field 'services[0].quota': error: parse.bad_value: expected a whole "
                "number ≥ 1, got 'many'"),
      std::string::npos)
      << text;
  EXPECT_NE(
      text.find("bad.yaml:14: field 'eligibility[0].rule': error: parse.bad_value: unknown rule "
                "'registered_manufacturor'; known rules: registered_manufacturer,"),
      std::string::npos)
      << text;
}

TEST_F(ProgramReaderTest, CrossReferencesAreChecked) {
  const auto path = write("refs.yaml", R"(carbonledger: program/1
id: refs
name: Refs
year: 2025
source: a notice
modes:
  - id: single
    name: 個廠
    forms: [form9]
    funding: {government_ntd: 1, own_min_ntd: 1, cite: x}
    cite: x
review:
  pass_score: 70
  quorum_cite: q
  qualify_cite: q
  order_cite: o
  rubrics:
    - mode: single
      cite: r
      items:
        - {id: a, group: g, name: A, max: 60}
        - {id: b, group: g, name: B, max: 30}
eligibility:
  - {id: r1, rule: min_satellites, scope: [central], cite: x}
)");
  Diagnostics diagnostics;
  ASSERT_TRUE(read_program(path, diagnostics));
  const std::string text = dump(diagnostics);
  EXPECT_NE(
      text.find(
          "field 'modes[0].forms[0]': error: program.definition: form 'form9' is not defined"),
      std::string::npos)
      << text;
  EXPECT_NE(text.find("the items of the single rubric add up to 90 points, not 100"),
            std::string::npos)
      << text;
  EXPECT_NE(text.find("'central' is neither a service nor a mode"), std::string::npos) << text;
  for (const auto& item : diagnostics.items()) EXPECT_EQ(item.code, ErrorCode::program_definition);
}

TEST_F(ProgramReaderTest, ApplicationsKeepEveryValueUnderItsPath) {
  const auto path = write("apps.json", R"({"applications": [
  {"id": "A-1", "submitted": "2023-03-01", "services": ["inventory_guidance"],
   "factory": {"name": "X", "ubn": "04595257", "manufacturer": true,
               "earlier": [{"year": 2013, "role": "satellite", "product": "P"}]},
   "form": {"employees": 85, "products": [{"name": "螺絲", "output": 1200, "unit": "t"}]},
   "consents": {"personal_data": true}},
  {"id": "A-2", "submitted": "2023-13-01", "factory": {"manufacturer": "yes"}}
]})");
  Diagnostics diagnostics;
  const auto applications = read_applications(path, diagnostics);
  ASSERT_TRUE(applications);
  ASSERT_EQ(applications->size(), 2u);
  const auto& first = (*applications)[0];
  EXPECT_EQ(first.factory.ubn, "04595257");
  EXPECT_EQ(first.factory.earlier[0].role, "satellite");
  EXPECT_EQ(first.fields.at("form.employees").kind, program::FieldValue::Kind::number);
  EXPECT_EQ(first.fields.at("form.products").size, 1u);
  EXPECT_EQ(first.fields.at("form.products.0.unit").text, "t");
  EXPECT_EQ(first.fields.at("factory.ubn").kind, program::FieldValue::Kind::text);
  EXPECT_TRUE(first.consents.at("personal_data"));
  const std::string text = dump(diagnostics);
  EXPECT_NE(text.find("apps.json:7: field 'applications[1].submitted': error: parse.bad_value: "
                      "expected a date"),
            std::string::npos)
      << text;
  EXPECT_NE(text.find("field 'applications[1].factory.manufacturer': error: parse.bad_value: "
                      "expected true or false"),
            std::string::npos)
      << text;
}

TEST_F(ProgramReaderTest, AMissingOrBrokenFileFailsWithItsOwnError) {
  Diagnostics diagnostics;
  EXPECT_EQ(read_program((dir_ / "none.yaml").string(), diagnostics).error().code,
            ErrorCode::io_not_found);
  const auto broken = write("broken.json", "{\"meeting\": [1, 2");
  EXPECT_EQ(read_meeting(broken, diagnostics).error().code, ErrorCode::parse_syntax);
}

}  // namespace
}  // namespace cl::io
