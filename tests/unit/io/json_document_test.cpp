// The JSON tree behind DocReader (io/json_document.hpp) and the JSON inventory path: scalars
// read back as written, lines counted from byte offsets (0-based, as YAML::Mark), keys found
// and iterated in order, escapes unescaped, yaml-cpp's messages for a key looked up in a scalar,
// and the padded file read (a file that fills its last page is copied, the rest parsed where
// they are mapped). Expected values are read off the JSON texts in each test by hand.
#include "io/json_document.hpp"

#include <gtest/gtest.h>
#include <unistd.h>

#include <filesystem>
#include <fstream>
#include <string>
#include <vector>

#include "io/file.hpp"
#include "io/inventory_reader.hpp"

namespace cl::io {
namespace {

namespace fs = std::filesystem;

DocDocument parse(const std::string& text) {
  auto document = DocDocument::parse_json(text);
  EXPECT_TRUE(document.has_value()) << text;
  return document ? std::move(*document) : *DocDocument::parse_json("null");
}

TEST(DocDocument, ScalarsAsWrittenWithTheirLines) {
  const auto document = parse(
      "{\n"
      "  \"year\": 2024,\n"
      "  \"factor\": 0.474, \"big\": -1.5E+3,\n"
      "  \"name\": \"測試\",\n"
      "  \"monthly\": true, \"off\": false,\n"
      "  \"note\": null\n"
      "}\n");
  const DocNode root = document.root();
  ASSERT_TRUE(root.IsMap());
  EXPECT_EQ(root.Mark().line, 0);
  EXPECT_EQ(root.size(), 7u);
  EXPECT_EQ(root["year"].Scalar(), "2024");
  EXPECT_EQ(root["year"].Mark().line, 1);
  EXPECT_EQ(root["factor"].Scalar(), "0.474");
  EXPECT_EQ(root["big"].Scalar(), "-1.5E+3");
  EXPECT_DOUBLE_EQ(root["big"].as<double>(), -1500.0);
  EXPECT_EQ(root["big"].Mark().line, 2);
  EXPECT_EQ(root["name"].Scalar(), "測試");
  EXPECT_EQ(root["monthly"].Scalar(), "true");
  EXPECT_EQ(root["off"].Scalar(), "false");
  EXPECT_TRUE(root["note"].IsDefined());
  EXPECT_TRUE(root["note"].IsNull());
  EXPECT_FALSE(root["note"].IsScalar());
  EXPECT_EQ(root["note"].Scalar(), "");
  EXPECT_EQ(root["note"].Mark().line, 5);
  EXPECT_FALSE(root["missing"].IsDefined());
  EXPECT_EQ(root["missing"].Mark().line, -1);
  EXPECT_EQ(root["name"].as<std::string>("fallback"), "測試");
  // As yaml-cpp 0.7 (node/impl.h, as_if<std::string, S>): a null reads as "null", the fallback
  // is for a value that is neither null nor a scalar (or not there).
  EXPECT_EQ(root["note"].as<std::string>("fallback"), "null");
  EXPECT_EQ(root["missing"].as<std::string>("fallback"), "fallback");
}

TEST(DocDocument, KeysAndValuesInOrderWithTheirOwnLines) {
  // A key and its value on different lines; a repeated key; nested maps and sequences.
  const auto document = parse(
      "{\"a\": [1, {\"b\": []}, \"x\"],\n"
      " \"c\"\n"
      "   :\n"
      "   {\"d\": 1, \"d\": 2},\n"
      " \"e\": {}}");
  const DocNode root = document.root();
  std::vector<std::string> keys;
  std::vector<int> key_lines, value_lines;
  for (const auto& entry : root) {
    keys.push_back(entry.first.Scalar());
    key_lines.push_back(entry.first.Mark().line);
    value_lines.push_back(entry.second.Mark().line);
  }
  EXPECT_EQ(keys, (std::vector<std::string>{"a", "c", "e"}));
  EXPECT_EQ(key_lines, (std::vector<int>{0, 1, 4}));
  EXPECT_EQ(value_lines, (std::vector<int>{0, 3, 4}));

  const DocNode list = root["a"];
  ASSERT_TRUE(list.IsSequence());
  EXPECT_EQ(list.size(), 3u);
  std::vector<std::string> items;
  for (const auto& item : list) {
    EXPECT_FALSE(item.first.IsDefined());
    items.push_back(item.IsMap() ? "map" : item.Scalar());
  }
  EXPECT_EQ(items, (std::vector<std::string>{"1", "map", "x"}));
  EXPECT_EQ(root["c"]["d"].Scalar(), "1");  // the first of a repeated key, as yaml-cpp
  EXPECT_EQ(root["c"].size(), 2u);
  EXPECT_EQ(root["e"].size(), 0u);
  EXPECT_TRUE(root["e"].begin() == root["e"].end());
  EXPECT_FALSE(list["b"].IsDefined());  // a key in a sequence: undefined, no throw
}

TEST(DocDocument, EscapedKeysAndStringsAreUnescaped) {
  const auto document =
      parse(R"({"na\u006de": "tab\there", "q\"k": "\u6e2c", "plain": "a\\b", "name2": "x"})");
  const DocNode root = document.root();
  EXPECT_EQ(root["name"].Scalar(), "tab\there");
  EXPECT_EQ(root["q\"k"].Scalar(), "測");
  EXPECT_EQ(root["plain"].Scalar(), "a\\b");
  EXPECT_EQ(root["name2"].Scalar(), "x");
  EXPECT_FALSE(root["na\\u006de"].IsDefined());  // keys compare unescaped
  std::vector<std::string> keys;
  for (const auto& entry : root) keys.push_back(entry.first.Scalar());
  EXPECT_EQ(keys, (std::vector<std::string>{"name", "q\"k", "plain", "name2"}));
}

TEST(DocDocument, KeyInAScalarThrowsYamlCppsMessage) {
  const auto document = parse("{\"a\":\n  5}");
  try {
    (void)document.root()["a"]["b"];
    FAIL() << "no DocError";
  } catch (const DocError& error) {
    EXPECT_EQ(error.msg, "operator[] call on a scalar (key: \"b\")");
    EXPECT_EQ(error.line, 1);
  }
  try {
    (void)document.root().as<std::string>();
    FAIL() << "no DocError";
  } catch (const DocError& error) {
    EXPECT_EQ(error.msg, "bad conversion");
    EXPECT_EQ(error.line, 0);
  }
}

TEST(DocDocument, RejectsWhatIsNotJson) {
  // yaml-cpp then reads these and names the problem (or accepts YAML that is not JSON).
  for (const std::string text : {"", "{", "{\"a\": 1} {\"b\": 2}", R"({"a": "\q"})", "[1,]",
                                 "{a: 1}", "[1e400]", "\"\xff\xfe\""}) {
    EXPECT_FALSE(DocDocument::parse_json(text).has_value()) << text;
  }
  EXPECT_TRUE(DocDocument::parse_json(" [1] \n\n").has_value());
}

TEST(DocDocument, EmptySequenceIsAnEmptyList) {
  const DocNode empty = DocNode::empty_sequence();
  EXPECT_TRUE(empty.IsSequence());
  EXPECT_EQ(empty.size(), 0u);
  EXPECT_TRUE(empty.begin() == empty.end());
}

class JsonFileTest : public ::testing::Test {
 protected:
  void SetUp() override {
    dir_ = fs::temp_directory_path() /
           ("carbonledger-json-" + std::to_string(::getpid()) + "-" +
            ::testing::UnitTest::GetInstance()->current_test_info()->name());
    fs::create_directories(dir_);
  }
  void TearDown() override { fs::remove_all(dir_); }
  std::string write(const std::string& name, const std::string& text) {
    const auto path = (dir_ / name).string();
    std::ofstream(path, std::ios::binary) << text;
    return path;
  }
  /// `text` followed by spaces up to `size` bytes.
  std::string write_sized(const std::string& name, const std::string& text, std::size_t size) {
    return write(name, text + std::string(size - text.size(), ' '));
  }
  fs::path dir_;
};

TEST_F(JsonFileTest, PaddedReadLeavesRoomAfterTheTextAtEverySize) {
  const auto page = static_cast<std::size_t>(sysconf(_SC_PAGESIZE));
  const std::string json = R"({"year": 2024})";
  // Room in the last page, just enough, too little, none (a full page), and two pages.
  for (const std::size_t size :
       {page - 100, page - kJsonPadding, page - kJsonPadding + 1, page - 1, page, 2 * page}) {
    const auto path = write_sized("sized.json", json, size);
    auto text = read_file_padded(path, kMaxDocumentBytes, kJsonPadding);
    ASSERT_TRUE(text.has_value());
    ASSERT_EQ(text->text.size(), size);
    EXPECT_EQ(text->text.substr(0, json.size()), json);
    // The padding must be readable (AddressSanitizer or a fault would say otherwise).
    volatile char last = text->text.data()[size + kJsonPadding - 1];
    (void)last;
    auto document = DocDocument::parse_padded_json(text->owner, text->text);
    ASSERT_TRUE(document.has_value()) << size;
    EXPECT_EQ(document->root()["year"].Scalar(), "2024");
  }
  EXPECT_FALSE(read_file_padded((dir_ / "absent.json").string(), kMaxDocumentBytes, kJsonPadding));
}

TEST_F(JsonFileTest, InventoryTheSameWhetherMappedOrCopied) {
  const std::string json =
      "{\"organization\": {\"name\": \"Acme\"}, \"year\": 2024,\n"
      " \"facilities\": [{\"id\": \"F1\", \"name\": \"Plant\"}],\n"
      " \"sources\": [\n"
      "  {\"id\": \"S1\", \"facility\": \"F1\", \"name\": \"Boiler\", \"type\": "
      "\"stationary_combustion\",\n"
      "   \"factor\": \"f\", \"heating_value\": {\"value\": 8000, \"unit\": \"kcal\", \"per\": "
      "\"L\"}}]}\n";
  const auto page = static_cast<std::size_t>(sysconf(_SC_PAGESIZE));
  for (const std::size_t size : {json.size(), page}) {  // mapped; a full page is copied
    const auto read = read_inventory(write_sized("inventory.json", json, size));
    EXPECT_TRUE(read.diagnostics.empty()) << read.diagnostics.items().front().to_string();
    ASSERT_EQ(read.inventory.sources.size(), 1u);
    const auto& source = read.inventory.sources[0];
    EXPECT_EQ(source.id, "S1");
    EXPECT_EQ(source.where.row, 4);
    ASSERT_TRUE(source.heating_value.has_value());
    EXPECT_EQ(source.heating_value->value, 8000.0);
    EXPECT_EQ(source.heating_value->per_unit.symbol, "L");
    EXPECT_EQ(read.inventory.facilities.at(0).where.row, 2);
  }
}

TEST_F(JsonFileTest, NumbersReadAsStrtodDoes) {
  // Numbers given as text: a leading space or "+" and hex are what strtod accepts; an
  // underflow to a subnormal is an error, as std::stod throws for it.
  const auto path = write("numbers.json", R"({"organization": {"name": "Acme"}, "year": 2024,
 "facilities": [{"id": "F1", "name": "Plant"}],
 "sources": [
  {"id": "S1", "facility": "F1", "name": "a", "type": "process", "factor": "f",
   "uncertainty": {"lower": " 0.25", "upper": "+0.5"}},
  {"id": "S2", "facility": "F1", "name": "b", "type": "process", "factor": "f",
   "uncertainty": {"lower": "0x1p-2", "upper": 0}},
  {"id": "S3", "facility": "F1", "name": "c", "type": "process", "factor": "f",
   "uncertainty": {"lower": 1e-310, "upper": "0.1x"}}]})");
  const auto read = read_inventory(path);
  const auto& sources = read.inventory.sources;
  ASSERT_EQ(sources.size(), 3u);
  EXPECT_EQ(sources[0].activity_uncertainty.lower, 0.25);
  EXPECT_EQ(sources[0].activity_uncertainty.upper, 0.5);
  EXPECT_EQ(sources[1].activity_uncertainty.lower, 0.25);
  EXPECT_EQ(sources[1].activity_uncertainty.upper, 0.0);
  std::vector<std::string> messages;
  for (const auto& item : read.diagnostics.items()) {
    messages.push_back(item.message + " @" + std::to_string(item.where.row));
  }
  EXPECT_EQ(messages, (std::vector<std::string>{"field 'lower' must be a number, got '1e-310' @9",
                                                "field 'upper' must be a number, got '0.1x' @9"}));
}

TEST_F(JsonFileTest, WrongShapeStopsWithoutHalfASource) {
  // heating_value is a number: reading its fields is yaml-cpp's "operator[] call on a scalar".
  const auto path = write("shape.json", R"({"organization": {"name": "Acme"}, "year": 2024,
 "facilities": [{"id": "F1", "name": "Plant"}],
 "sources": [
  {"id": "S1", "facility": "F1", "name": "a", "type": "process", "factor": "f"},
  {"id": "S2", "facility": "F1", "name": "b", "type": "process", "factor": "f",
   "heating_value":
     5}]})");
  const auto read = read_inventory(path);
  ASSERT_EQ(read.inventory.sources.size(), 1u);
  EXPECT_EQ(read.inventory.sources[0].id, "S1");
  ASSERT_EQ(read.diagnostics.items().size(), 1u);
  const auto& problem = read.diagnostics.items()[0];
  EXPECT_EQ(problem.message, "unexpected structure: operator[] call on a scalar (key: \"value\")");
  EXPECT_EQ(problem.where.row, 7);
}

TEST_F(JsonFileTest, UnknownTypeAndUnitNameTheirLines) {
  const auto path = write("bad.json", R"({"organization": {"name": "Acme"}, "year": 2024,
 "facilities": [{"id": "F1", "name": "Plant"}],
 "sources": [
  {"id": "S1", "facility": "F1", "name": "a", "factor": "f",
   "type": "boiler",
   "heating_value": {"value": 1, "unit": "kcal",
                     "per": "furlong"}}]})");
  const auto read = read_inventory(path);
  ASSERT_EQ(read.diagnostics.items().size(), 2u);
  const auto& type = read.diagnostics.items()[0];
  EXPECT_EQ(type.code, ErrorCode::inventory_source_type);
  EXPECT_EQ(type.where.row, 5);
  EXPECT_EQ(type.where.field, "type");
  EXPECT_EQ(type.where.record, "S1");
  const auto& unit = read.diagnostics.items()[1];
  EXPECT_EQ(unit.code, ErrorCode::unit_unknown);
  EXPECT_EQ(unit.where.row, 7);
  EXPECT_EQ(unit.where.field, "heating_value.per");
}

}  // namespace
}  // namespace cl::io
