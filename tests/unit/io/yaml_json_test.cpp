// YAML read through libyaml into a DocDocument (io/yaml_json.hpp) against yaml-cpp, the peer
// it stands in for: every YAML file of the repository (the factor library, examples, fixtures,
// the OpenAPI document) walked node by node in both, with kinds, texts, nulls, key order and
// lines compared; hand-written documents for escapes and lines; and the shapes it must leave to
// yaml-cpp. The factor library loaded both ways gives the same factors.
#include "io/yaml_json.hpp"

#include <gtest/gtest.h>
#include <yaml-cpp/yaml.h>

#include <unistd.h>

#include <algorithm>
#include <cmath>
#include <cstdio>
#include <filesystem>
#include <optional>
#include <string>
#include <vector>

#include "core/common/provenance.hpp"
#include "io/factor_loader.hpp"
#include "io/file.hpp"
#include "io/json_document.hpp"

namespace cl::io {
namespace {

namespace fs = std::filesystem;

DocDocument read(std::string_view yaml) {
  const auto json = yaml_to_json(yaml);
  EXPECT_TRUE(json.has_value()) << yaml;
  auto document = DocDocument::parse_json(json.value_or("null"));
  EXPECT_TRUE(document.has_value()) << json.value_or("");
  return document ? std::move(*document) : *DocDocument::parse_json("null");
}

/// Compares `doc` with yaml-cpp's `peer` and everything inside; `path` says where, for messages.
/// Returns the number of nodes compared.
int compare(const YAML::Node& peer, const DocNode& doc, const std::string& path) {
  EXPECT_EQ(doc.IsNull(), peer.IsNull()) << path;
  EXPECT_EQ(doc.IsScalar(), peer.IsScalar()) << path;
  EXPECT_EQ(doc.IsMap(), peer.IsMap()) << path;
  EXPECT_EQ(doc.IsSequence(), peer.IsSequence()) << path;
  EXPECT_EQ(doc.Mark().line, peer.Mark().line) << path;
  int nodes = 1;
  if (peer.IsScalar()) {
    EXPECT_EQ(doc.Scalar(), peer.Scalar()) << path;
  } else if (peer.IsSequence()) {
    EXPECT_EQ(doc.size(), peer.size()) << path;
    auto it = doc.begin();
    int idx = 0;
    for (const auto& item : peer) {
      if (it == doc.end()) break;
      nodes += compare(item, *it, path + "[" + std::to_string(idx++) + "]");
      ++it;
    }
  } else if (peer.IsMap()) {
    EXPECT_EQ(doc.size(), peer.size()) << path;
    auto it = doc.begin();
    for (const auto& entry : peer) {
      if (it == doc.end()) break;
      const auto mine = *it;
      const std::string key = entry.first.Scalar();
      EXPECT_EQ(mine.first.Scalar(), key) << path;
      EXPECT_EQ(mine.first.Mark().line, entry.first.Mark().line) << path << "." << key;
      nodes += compare(entry.second, mine.second, path + "." + key);
      ++it;
    }
  }
  return nodes;
}

std::vector<fs::path> repository_yaml() {
  std::vector<fs::path> out;
  for (const char* folder : {"data", "tests/fixtures", "tests/fuzz/corpus", "docs"}) {
    for (const auto& entry : fs::recursive_directory_iterator(fs::path(CL_SOURCE_DIR) / folder)) {
      if (entry.is_regular_file() && entry.path().extension() == ".yaml") {
        out.push_back(entry.path());
      }
    }
  }
  std::sort(out.begin(), out.end());
  return out;
}

TEST(YamlJson, EveryYamlFileReadsAsYamlCppReadsIt) {
  const auto files = repository_yaml();
  // data/ alone has 22; the fixtures and examples bring it well past 60.
  ASSERT_GE(files.size(), 60u);
  int converted = 0, left = 0, nodes = 0;
  for (const auto& file : files) {
    SCOPED_TRACE(file.string());
    const auto text = read_file(file.string());
    ASSERT_TRUE(text.has_value());
    const auto json = yaml_to_json(*text);
    YAML::Node peer;
    try {
      peer = YAML::Load(*text);
    } catch (const YAML::Exception&) {
      EXPECT_FALSE(json.has_value()) << "yaml-cpp rejects it";  // its message is the one given
      ++left;
      continue;
    }
    if (!json) {
      ++left;
      continue;
    }
    const auto document = DocDocument::parse_json(*json);
    ASSERT_TRUE(document.has_value()) << *json;
    nodes += compare(peer, document->root(), "");
    ++converted;
  }
  // Every file of the factor library converts (it is what this is for), and nearly all others.
  EXPECT_GE(converted, static_cast<int>(files.size()) - 8) << left << " left to yaml-cpp";
  EXPECT_GT(nodes, 10000);
}

TEST(YamlJson, EveryFactorLibraryFileConverts) {
  const fs::path data = fs::path(CL_SOURCE_DIR) / "data";
  for (const auto& entry : fs::recursive_directory_iterator(data)) {
    const auto& path = entry.path();
    const auto parent = path.parent_path().filename();
    const bool library = path.parent_path() == data || parent == "gwp" || parent == "factors";
    if (!entry.is_regular_file() || path.extension() != ".yaml" || !library) continue;
    const auto text = read_file(path.string());
    ASSERT_TRUE(text.has_value());
    EXPECT_TRUE(yaml_to_json(*text).has_value()) << path;
  }
}

TEST(YamlJson, ValuesKeepTheirLinesAndTexts) {
  // Lines (0-based, as YAML::Mark) counted by hand in the text below.
  const auto document = read(
      "# comment\n"                         // 0
      "table:\n"                            // 1
      "  id: tw-2024\n"                     // 2
      "  year: 2024\n"                      // 3
      "factors:\n"                          // 4
      "  - {id: a, value: 0.474}\n"         // 5
      "  - id: \"b \\\"q\\\" \\\\ \\t\"\n"  // 6
      "    note: |\n"                       // 7
      "      two\n"                         // 8
      "      lines\n"                       // 9
      "    empty:\n"                        // 10
      "    tilde: ~\n"                      // 11
      "    quoted: 'null'\n"                // 12
      "    name: 燃料油\n");                // 13
  const DocNode root = document.root();
  EXPECT_EQ(root["table"].Mark().line, 2);  // a block map starts at its first key
  EXPECT_EQ(root["table"]["year"].Scalar(), "2024");
  EXPECT_EQ(root["table"]["year"].Mark().line, 3);
  const DocNode factors = root["factors"];
  ASSERT_TRUE(factors.IsSequence());
  EXPECT_EQ(factors.size(), 2u);
  auto it = factors.begin();
  const DocNode first = *it;
  EXPECT_EQ(first.Mark().line, 5);
  EXPECT_EQ(first["value"].Scalar(), "0.474");
  EXPECT_DOUBLE_EQ(first["value"].as<double>(), 0.474);
  ++it;
  const DocNode second = *it;
  EXPECT_EQ(second["id"].Scalar(), "b \"q\" \\ \t");
  EXPECT_EQ(second["id"].Mark().line, 6);
  EXPECT_EQ(second["note"].Scalar(), "two\nlines\n");
  EXPECT_EQ(second["note"].Mark().line, 7);
  EXPECT_TRUE(second["empty"].IsNull());
  EXPECT_EQ(second["empty"].Mark().line, 10);
  EXPECT_TRUE(second["tilde"].IsNull());
  EXPECT_FALSE(second["quoted"].IsNull());
  EXPECT_EQ(second["quoted"].Scalar(), "null");
  EXPECT_EQ(second["name"].Scalar(), "燃料油");
  EXPECT_EQ(second["name"].Mark().line, 13);
}

TEST(YamlJson, ControlCharactersAreEscaped) {
  const auto document = read("a: \"bell\\a and \\x01\"\n");
  EXPECT_EQ(document.root()["a"].Scalar(), std::string("bell\a and \x01"));
}

TEST(YamlJson, ConversionsAreYamlCpps) {
  // as<double> and as<std::string> on every kind of value, against yaml-cpp on the same text:
  // numbers it takes or refuses (stream rules, .inf/.nan, hex, trailing space), null as "null".
  const std::vector<std::string> values = {"1",        "-2.5",   "1e-3",  "0x10", "nan",  "inf",
                                           "infinity", ".inf",   "-.inf", ".nan", "'1 '", "' 1'",
                                           "1.5.2",    "abc",    "true",  "~",    "",     "'0.1'",
                                           "\"12\"",   "[1, 2]", "{a: 1}"};
  for (const auto& value : values) {
    const std::string text = "v: " + value + "\n";
    SCOPED_TRACE(text);
    const YAML::Node peer = YAML::Load(text)["v"];
    const auto document = read(text);
    const DocNode mine = document.root()["v"];
    std::optional<double> peer_number, my_number;
    try {
      peer_number = peer.as<double>();
    } catch (const YAML::Exception&) {
    }
    try {
      my_number = mine.as<double>();
    } catch (const DocError&) {
    }
    ASSERT_EQ(my_number.has_value(), peer_number.has_value());
    if (peer_number && std::isnan(*peer_number)) {
      EXPECT_TRUE(std::isnan(*my_number));
    } else if (peer_number) {
      EXPECT_EQ(*my_number, *peer_number);
    }
    std::optional<std::string> peer_text, my_text;
    try {
      peer_text = peer.as<std::string>();
    } catch (const YAML::Exception&) {
    }
    try {
      my_text = mine.as<std::string>();
    } catch (const DocError&) {
    }
    EXPECT_EQ(my_text, peer_text);
    EXPECT_EQ(mine.as<std::string>("fallback"), peer.as<std::string>("fallback"));
  }
  // A map iterated as a sequence: yaml-cpp's message for the key that is not there.
  const auto document = read("values: [1, 2]\n");
  for (const auto& entry : document.root()["values"]) {
    try {
      (void)entry.first.as<std::string>();
      ADD_FAILURE() << "no error";
    } catch (const DocError& error) {
      EXPECT_EQ(error.msg, YAML::ErrorMsg::INVALID_NODE);
    }
  }
}

TEST(YamlJson, LeavesToYamlCppWhatIsNotPlainData) {
  for (const char* text : {
           "a: &x 1\nb: *x\n",               // anchor and alias
           "a: !!str 1\n",                   // a tag
           "--- 1\n--- 2\n",                 // two documents
           "",                               // no document
           "? [a, b]\n: 1\n",                // a key that is a list
           "~: 1\n",                         // a null key
           "%YAML 1.1\n---\na: 1\n",         // a directive
           "a: [1, 2\n",                     // a syntax error
           "a: \"\xff\"\n",                  // not UTF-8
           "a: 1\rb: 2\r",                   // CR line ends, which yaml-cpp does not take
           "a: \"x\xC2\x85y\"\n",            // NEL, a line break in YAML 1.1 only
           "a: \"x\xE2\x80\xA8y\"\nb: 1\n",  // LS, likewise (and PS)
       }) {
    EXPECT_FALSE(yaml_to_json(text).has_value()) << text;
  }
}

/// Everything the loaders put in a library, one line per item, numbers to the last digit.
std::vector<std::string> describe(const factors::FactorLibrary& library) {
  std::vector<std::string> out;
  const auto number = [](double value) {
    char text[32];
    std::snprintf(text, sizeof text, "%.17g", value);
    return std::string(text);
  };
  const auto source = [](const Provenance& p) {
    return p.to_string() + "|" + p.url + "|" + p.note + "|" +
           std::string(verification_id(p.verification));
  };
  for (const auto& gas : library.gases()) {
    out.push_back("gas " + gas.id + "|" + gas.formula + "|" + gas.name_en + "|" + gas.name_zh +
                  "|" + std::to_string(static_cast<int>(gas.group)));
  }
  for (const auto& set : library.gwp_sets()) {
    std::string line =
        "gwp " + set.id + "|" + set.name_en + "|" + set.name_zh + "|" + source(set.provenance);
    for (const auto& [gas, value] : set.values) line += "|" + gas + "=" + number(value);
    for (const auto& [gas, note] : set.notes) line += "|" + gas + ":" + note;
    out.push_back(line);
  }
  for (const auto& blend : library.blends()) {
    std::string line = "blend " + blend.id + "|" + blend.name_zh + "|" + source(blend.provenance);
    for (const auto& part : blend.components) line += "|" + part.gas + "=" + number(part.share);
    out.push_back(line);
  }
  for (const auto& range : library.leak_rates()) {
    out.push_back("leak " + range.id + "|" + range.name_zh + "|" + range.name_en + "|" +
                  number(range.min) + "|" + number(range.max) + "|" + number(range.default_rate) +
                  "|" + number(range.recovery) + "|" + source(range.provenance));
  }
  for (const auto& factor : library.factors()) {
    std::string line = "factor " + factor.id + "|" + factor.name_zh + "|" + factor.name_en + "|" +
                       factor.source_type + "|" + std::string(factor.per.symbol) + "|" +
                       std::to_string(static_cast<int>(factor.type)) + "|" + factor.region + "|" +
                       std::to_string(factor.year) + "|" + factor.code + "|" + factor.note + "|" +
                       factor.table_id + "|" + source(factor.provenance);
    for (const auto& word : factor.keywords) line += "|k:" + word;
    for (const auto& gas : factor.gases) line += "|" + gas.gas + "=" + number(gas.kg_per_unit);
    if (const auto& heat = factor.heating_value) {
      line += "|hv " + number(heat->value) + std::string(heat->energy_unit.symbol) + "/" +
              std::string(heat->per_unit.symbol) + " " + source(heat->provenance);
    }
    if (const auto& range = factor.uncertainty) {
      line += "|u " + number(range->lower) + " " + number(range->upper);
    }
    out.push_back(line);
  }
  return out;
}

TEST(YamlJson, TheFactorLibraryIsTheSameEitherWay) {
  // The library as loaded (libyaml) against the same files read by yaml-cpp: a copy of data/
  // with an anchor added to the top of every file, which sends each of them to yaml-cpp.
  const fs::path copy = fs::temp_directory_path() / ("cl_yaml_json_" + std::to_string(getpid()));
  fs::remove_all(copy);
  fs::copy(fs::path(CL_SOURCE_DIR) / "data", copy, fs::copy_options::recursive);
  int marked = 0;
  for (const auto& entry : fs::recursive_directory_iterator(copy)) {
    if (!entry.is_regular_file() || entry.path().extension() != ".yaml") continue;
    auto text = read_file(entry.path().string());
    ASSERT_TRUE(text.has_value());
    const std::string changed = "x-anchor: &unused 1\n" + *text;
    ASSERT_TRUE(write_file(entry.path().string(), changed).has_value());
    EXPECT_FALSE(yaml_to_json(changed).has_value());
    ++marked;
  }
  ASSERT_GT(marked, 10);
  const auto fast = load_library(CL_SOURCE_DIR "/data");
  const auto peer = load_library(copy.string());
  fs::remove_all(copy);
  EXPECT_FALSE(fast.diagnostics.has_errors());
  const auto mine = describe(fast.library);
  const auto theirs = describe(peer.library);
  ASSERT_GT(mine.size(), 100u);
  ASSERT_EQ(mine.size(), theirs.size());
  for (std::size_t idx = 0; idx < mine.size(); ++idx) EXPECT_EQ(mine[idx], theirs[idx]);
  // Diagnostics alike too, but for the warnings about the added `x-anchor` (files whose top
  // keys are checked) and the folder in file names.
  std::vector<std::string> peer_messages, fast_messages;
  for (const auto& item : peer.diagnostics.items()) {
    if (item.message.find("x-anchor") == std::string::npos) {
      // One line was added at the top of each file.
      const int row = item.where.row > 0 ? item.where.row - 1 : 0;
      peer_messages.push_back(item.message + "@" + std::to_string(row));
    }
  }
  for (const auto& item : fast.diagnostics.items()) {
    fast_messages.push_back(item.message + "@" + std::to_string(item.where.row));
  }
  EXPECT_EQ(fast_messages, peer_messages);
}

TEST(YamlJson, AFactorThatIsNotFiniteIsRefusedByEitherReader) {
  // yaml-cpp's conversion takes .inf and .nan; a factor must be a finite number. The same
  // table read through libyaml and, with an anchor added, through yaml-cpp.
  const fs::path dir = fs::temp_directory_path() / ("cl_finite_" + std::to_string(getpid()));
  fs::create_directories(dir);
  const std::string table =
      "factors:\n"
      "  - {id: t.inf, name_zh: 無限, source_type: stationary_combustion, per: L,\n"
      "     gases: {CO2: .inf}, source: {document: test}}\n"
      "  - {id: t.nan, name_zh: 非數, source_type: stationary_combustion, per: L,\n"
      "     gases: {CO2: .nan}, source: {document: test}}\n"
      "  - {id: t.ok, name_zh: 正常, source_type: stationary_combustion, per: L,\n"
      "     gases: {CO2: 2.5}, source: {document: test}}\n";
  for (const std::string prefix : {"", "x: &anchor 1\n"}) {
    SCOPED_TRACE(prefix.empty() ? "libyaml" : "yaml-cpp");
    EXPECT_EQ(yaml_to_json(prefix + table).has_value(), prefix.empty());
    const std::string path = (dir / "table.yaml").string();
    ASSERT_TRUE(write_file(path, prefix + table).has_value());
    factors::FactorLibrary library;
    Diagnostics diagnostics;
    load_factor_table(path, library, diagnostics);
    std::vector<std::string> refused;
    for (const auto& item : diagnostics.items()) {
      if (item.message == "gas 'CO2' must have a number (kg per unit)") {
        refused.push_back(item.where.record);
      }
    }
    EXPECT_EQ(refused, (std::vector<std::string>{"t.inf", "t.nan"}));
    // The refused values are not kept (the errors stop any command that loads the table).
    ASSERT_EQ(library.factors().size(), 3u);
    EXPECT_TRUE(library.factors()[0].gases.empty());
    EXPECT_TRUE(library.factors()[1].gases.empty());
    ASSERT_EQ(library.factors()[2].gases.size(), 1u);
    EXPECT_EQ(library.factors()[2].gases[0].kg_per_unit, 2.5);
  }
  fs::remove_all(dir);
}

}  // namespace
}  // namespace cl::io
