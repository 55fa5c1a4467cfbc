// JsonWriter must print exactly what nlohmann::json::dump(2, ' ', false, replace) prints (the
// API's answers are compared byte for byte by tests/api). The reference here is dump() itself:
// each document is built as a nlohmann tree, written through the writer by walking the tree
// (nlohmann iterates an object in its own key order), and the two texts must be equal.
#include "server/json_writer.hpp"

#include <gtest/gtest.h>

#include <bit>
#include <cmath>
#include <cstring>
#include <limits>
#include <random>

#include "server/routes/activity_json.hpp"

namespace cl::server {
namespace {

using nlohmann::json;

void write_tree(JsonWriter& out, const json& value) {
  switch (value.type()) {
    case json::value_t::object:
      out.begin_object();
      for (const auto& [name, member] : value.items()) {
        out.key(name);
        write_tree(out, member);
      }
      out.end_object();
      return;
    case json::value_t::array:
      out.begin_array();
      for (const auto& item : value) write_tree(out, item);
      out.end_array();
      return;
    case json::value_t::string:
      out.string(value.get_ref<const std::string&>());
      return;
    case json::value_t::number_integer:
      out.integer(value.get<std::int64_t>());
      return;
    case json::value_t::number_float:
      out.real(value.get<double>());
      return;
    case json::value_t::boolean:
      out.boolean(value.get<bool>());
      return;
    default:
      out.null();
      return;
  }
}

std::string dumped(const json& value, int indent = 2) {
  return value.dump(indent, ' ', false, json::error_handler_t::replace);
}

std::string streamed(const json& value, JsonWriter::Layout layout = JsonWriter::Layout::indented) {
  std::string text;
  JsonWriter out(text, layout);
  write_tree(out, value);
  return text;
}

TEST(JsonWriterTest, NestingAndEmptyContainersAsDump) {
  const json document = {
      {"items", json::array({json::object(), json::array(), json::array({1, 2}),
                             json{{"b", json::array({json::object()})}, {"a", nullptr}}})},
      {"empty", json::object()},
      {"flag", true},
      {"off", false},
      {"none", nullptr}};
  EXPECT_EQ(streamed(document), dumped(document));
  EXPECT_EQ(streamed(json::array()), "[]");
  EXPECT_EQ(streamed(json::object()), "{}");
  EXPECT_EQ(streamed(json{{"a", 1}}), "{\n  \"a\": 1\n}");
}

TEST(JsonWriterTest, CompactLayoutAsDumpMinusOne) {
  // The access log's line: dump(-1) puts no space after ':' or ','.
  const json line = {{"bytes", 1234},     {"id", "9f2c4e1a0b3d5f67"},
                     {"ip", "127.0.0.1"}, {"method", "GET"},
                     {"ms", 0.213},       {"path", "/api/v1/x"},
                     {"status", 200},     {"time", "2026-12-06T13:00:00.000Z"},
                     {"user", nullptr},   {"nested", {{"a", json::array({1, json::object()})}}}};
  EXPECT_EQ(streamed(line, JsonWriter::Layout::compact), dumped(line, -1));
}

TEST(JsonWriterTest, StringsAsDump) {
  // Quote, backslash, every control character (\b \f \n \r \t and \u00xx), DEL, slash,
  // UTF-8 (Traditional Chinese, an emoji), and invalid UTF-8 (replaced by U+FFFD).
  std::vector<std::string> texts = {"",
                                    "plain S01 2024-03",
                                    "a \"quoted\" \\ word / slash",
                                    "tab\there\nnew line\r\f\b",
                                    std::string("nul\0byte", 8),
                                    "\x7f del",
                                    "柴油 發電機 🚚",
                                    "bad \xff\xfe byte",
                                    "cut \xe6\x9f"};
  for (int byte = 0; byte < 0x20; ++byte) texts.push_back(std::string(1, static_cast<char>(byte)));
  json document = json::object();
  for (const auto& text : texts) document[text] = text;  // as keys and as values
  document["list"] = texts;
  EXPECT_EQ(streamed(document), dumped(document));
}

TEST(JsonWriterTest, IntegersAsDump) {
  const json document = json::array({0, 1, -1, 42, std::numeric_limits<std::int64_t>::max(),
                                     std::numeric_limits<std::int64_t>::min()});
  EXPECT_EQ(streamed(document), dumped(document));
}

TEST(JsonWriterTest, DoublesAsDump) {
  // Whole numbers keep ".0", exponents are "1e+20"/"1e-07" style, NaN and infinities are null.
  std::vector<double> values = {0.0,
                                -0.0,
                                1.0,
                                -1.0,
                                0.1,
                                1.5,
                                1234.5,
                                1e15,
                                1e16,
                                1e20,
                                1e-5,
                                1e-7,
                                123456789012345680.0,
                                std::numeric_limits<double>::max(),
                                std::numeric_limits<double>::min(),
                                std::numeric_limits<double>::denorm_min(),
                                std::numeric_limits<double>::quiet_NaN(),
                                std::numeric_limits<double>::infinity(),
                                -std::numeric_limits<double>::infinity()};
  std::mt19937_64 bits(20261206);  // any fixed seed: random bit patterns, every exponent
  for (int idx = 0; idx < 20000; ++idx) values.push_back(std::bit_cast<double>(bits()));
  std::uniform_real_distribution<double> amounts(0.0, 100000.0);
  for (int idx = 0; idx < 20000; ++idx) {
    values.push_back(std::round(amounts(bits) * 1000.0) / 1000.0);  // amounts as typed
  }
  for (const double value : values) {
    const json document = json::array({value});
    ASSERT_EQ(streamed(document), dumped(document)) << std::hexfloat << value;
  }
}

TEST(JsonWriterTest, ActivityRecordAsTheTreeTheOtherRoutesSend) {
  store::ActivityRow row;
  row.id = 812;
  row.source_id = 9;
  row.code = "R-\"7\"";
  row.period = "2024-01-15..2024-02-14";
  row.amount = 1200.0;
  row.unit = "kWh";
  row.evidence = "台電 帳單 2024-01.pdf";
  row.note = "line\nbreak";
  row.created_at = "2024-05-01T08:30:00.123Z";
  const SourceCodes codes = {{9, "S09"}};
  for (int variant = 0; variant < 3; ++variant) {
    if (variant == 1) row.evidence_id = 4;
    if (variant == 2) row.source_id = 10;  // a source not in the map: "source": ""
    std::string text;
    JsonWriter out(text);
    const auto code = codes.find(row.source_id);
    write_record(out, row, 3, code == codes.end() ? std::string_view() : code->second);
    EXPECT_EQ(text, dumped(record_json(row, 3, codes))) << "variant " << variant;
  }
}

}  // namespace
}  // namespace cl::server
