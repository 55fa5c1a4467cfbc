#include "io/json_document.hpp"

#include <simdjson.h>
#include <yaml-cpp/yaml.h>

#include <algorithm>
#include <cstring>

namespace cl::io {
namespace {

static_assert(kJsonPadding == simdjson::SIMDJSON_PADDING);

/// Whether `c` can be part of a JSON number (simdjson has checked its form).
bool in_number(char c) {
  return (c >= '0' && c <= '9') || c == '-' || c == '+' || c == '.' || c == 'e' || c == 'E';
}

/// At most the number of values in `text`: every value but the root follows a comma or is the
/// first inside a map or sequence. Counting these characters (inside strings too) is cheap and
/// lets the tree be allocated once; regrowing it faulted in about twice the pages.
std::size_t values_at_most(std::string_view text) {
  std::size_t count = 1;
  for (const char c : text) count += static_cast<std::size_t>(c == ',' || c == '[' || c == '{');
  return count;
}

class TreeBuilder {
 public:
  explicit TreeBuilder(DocTree& tree) : tree_(tree), base_(tree.text.data()) {}

  /// Appends `value` and everything inside it; `key` is its key's offset in a map.
  simdjson::error_code add(simdjson::ondemand::value value, std::uint32_t key) {
    const std::string_view token = value.raw_json_token();
    const auto index = static_cast<std::uint32_t>(tree_.values.size());
    tree_.values.push_back({offset(token.data()), key, 0});
    simdjson::ondemand::json_type type;
    if (auto error = value.type().get(type)) return error;
    if (auto error = add_inside(value, type, token)) return error;
    tree_.values[index].end = static_cast<std::uint32_t>(tree_.values.size());
    return simdjson::SUCCESS;
  }

 private:
  std::uint32_t offset(const char* where) const {
    return static_cast<std::uint32_t>(where - base_);
  }

  /// Reads the value of `type` as simdjson requires (which checks it) and appends its items.
  simdjson::error_code add_inside(simdjson::ondemand::value value,
                                  simdjson::ondemand::json_type type, std::string_view token) {
    switch (type) {
      case simdjson::ondemand::json_type::object: {
        simdjson::ondemand::object object;
        if (auto error = value.get_object().get(object)) return error;
        for (auto field : object) {
          simdjson::ondemand::raw_json_string raw;
          if (auto error = field.key().get(raw)) return error;
          const std::uint32_t key = offset(raw.raw());
          if (has_escape(raw.raw())) {
            std::string_view text;
            if (auto error = field.unescaped_key().get(text)) return error;
            tree_.unescaped.emplace_back(key, text);
          }
          simdjson::ondemand::value child;
          if (auto error = field.value().get(child)) return error;
          if (auto error = add(child, key)) return error;
        }
        return simdjson::SUCCESS;
      }
      case simdjson::ondemand::json_type::array: {
        simdjson::ondemand::array array;
        if (auto error = value.get_array().get(array)) return error;
        for (auto item : array) {
          simdjson::ondemand::value child;
          if (auto error = item.get(child)) return error;
          if (auto error = add(child, DocValue::kNoKey)) return error;
        }
        return simdjson::SUCCESS;
      }
      case simdjson::ondemand::json_type::string: {
        // Only a string with a backslash needs unescaping (which also checks its escapes): the
        // others are read from the text as they are, and simdjson's first pass has checked them.
        if (std::memchr(token.data(), '\\', token.size()) == nullptr) {
          simdjson::ondemand::raw_json_string raw;
          return value.get_raw_json_string().get(raw);
        }
        std::string_view text;
        if (auto error = value.get_string().get(text)) return error;
        tree_.unescaped.emplace_back(offset(token.data()) + 1, text);
        return simdjson::SUCCESS;
      }
      case simdjson::ondemand::json_type::number: {
        double checked = 0;
        return value.get_double().get(checked);
      }
      case simdjson::ondemand::json_type::boolean: {
        bool flag = false;
        return value.get_bool().get(flag);
      }
      case simdjson::ondemand::json_type::null: {
        bool is_null = false;
        if (auto error = value.is_null().get(is_null)) return error;
        return is_null ? simdjson::SUCCESS : simdjson::INCORRECT_TYPE;
      }
    }
    return simdjson::INCORRECT_TYPE;
  }

  /// Whether the string whose characters start at `text` has an escape before its end.
  static bool has_escape(const char* text) {
    while (*text != '"' && *text != '\\') ++text;
    return *text == '\\';
  }

  DocTree& tree_;
  const char* base_;
};

/// Parses `tree.text` into `tree`; false when simdjson rejects it.
bool build(DocTree& tree) {
  // Offsets are 32 bits; simdjson reads at most 4 GiB anyway.
  if (tree.text.size() >= DocValue::kNoKey) return false;
  simdjson::ondemand::parser parser;
  simdjson::ondemand::document doc;
  const simdjson::padded_string_view padded(tree.text.data(), tree.text.size(),
                                            tree.text.size() + kJsonPadding);
  if (parser.iterate(padded).get(doc)) return false;
  simdjson::ondemand::value root;
  if (doc.get_value().get(root)) return false;
  tree.values.reserve(values_at_most(tree.text));
  if (TreeBuilder(tree).add(root, DocValue::kNoKey)) return false;
  // Anything after the root value is not JSON; yaml-cpp then says what is wrong.
  const char* rest = nullptr;
  if (!doc.current_location().get(rest)) return false;
  for (const char *cursor = tree.text.data(), *end = cursor + tree.text.size();
       (cursor = static_cast<const char*>(std::memchr(cursor, '\n', end - cursor))); ++cursor) {
    tree.newlines.push_back(static_cast<std::uint32_t>(cursor - tree.text.data()));
  }
  return true;
}

}  // namespace

std::string_view DocTree::string_at(std::uint32_t offset) const {
  const char* begin = text.data() + offset;
  const char* end = begin;
  while (*end != '"' && *end != '\\') ++end;
  if (*end == '"') return {begin, static_cast<std::size_t>(end - begin)};
  const auto found = std::lower_bound(
      unescaped.begin(), unescaped.end(), offset,
      [](const auto& entry, std::uint32_t wanted) { return entry.first < wanted; });
  return found->second;  // every string with an escape is there
}

int DocTree::line_of(std::uint32_t offset) const {
  return static_cast<int>(std::lower_bound(newlines.begin(), newlines.end(), offset) -
                          newlines.begin());
}

DocMark DocNode::Mark() const {
  if (tree_ == nullptr) return {};
  const DocValue& value = tree_->values[index_];
  return {tree_->line_of(key_ ? value.key : value.at)};
}

std::string_view DocNode::scalar_view() const {
  if (!IsScalar()) return {};
  const DocValue& value = tree_->values[index_];
  if (key_) return tree_->string_at(value.key);
  const char* begin = tree_->text.data() + value.at;
  switch (*begin) {
    case '"':
      return tree_->string_at(value.at + 1);
    case 't':
      return "true";
    case 'f':
      return "false";
    default: {  // a number, as written
      const char* end = begin;
      const char* text_end = tree_->text.data() + tree_->text.size();
      while (end != text_end && in_number(*end)) ++end;
      return {begin, static_cast<std::size_t>(end - begin)};
    }
  }
}

bool DocNode::key_is(std::string_view key) const {
  const std::uint32_t at = tree_->values[index_].key;
  const std::string_view text = tree_->text;
  // A key is compared without first finding its end: the same bytes followed by the closing
  // quote. Without escapes in the document, that is the answer; a match is also exact when
  // `key` has no quote or backslash (its bytes then hold no escape and no end of the key).
  const bool bytes_match = text.size() - at > key.size() && text[at + key.size()] == '"' &&
                           std::memcmp(text.data() + at, key.data(), key.size()) == 0;
  if (bytes_match &&
      std::none_of(key.begin(), key.end(), [](char c) { return c == '"' || c == '\\'; })) {
    return true;
  }
  if (!bytes_match && tree_->unescaped.empty()) return false;
  return tree_->string_at(at) == key;
}

std::size_t DocNode::size() const {
  if (!IsMap() && !IsSequence()) return 0;
  std::size_t count = 0;
  for (auto it = begin(); it != end(); ++it) ++count;
  return count;
}

DocNode DocNode::operator[](std::string_view key) const {
  if (IsScalar()) {
    throw DocError("operator[] call on a scalar (key: \"" + std::string(key) + "\")", Mark().line);
  }
  if (!IsMap()) return DocNode();
  const auto& values = tree_->values;
  for (std::uint32_t idx = index_ + 1; idx < values[index_].end; idx = values[idx].end) {
    const DocNode member(tree_, idx, false);
    if (member.key_is(key)) return member;
  }
  return DocNode();
}

// yaml-cpp's conversions (yaml-cpp/node/impl.h as_if, convert.h), with its messages: a null
// value reads as the text "null"; a value that is not there (a map iterated as a sequence, a
// missing key) is an invalid node.

template <>
std::string DocNode::as<std::string>() const {
  if (!IsDefined()) throw DocError(YAML::ErrorMsg::INVALID_NODE, -1);
  if (IsNull()) return "null";
  if (!IsScalar()) throw DocError(YAML::ErrorMsg::BAD_CONVERSION, Mark().line);
  return Scalar();
}

template <>
std::string DocNode::as<std::string>(const std::string& fallback) const {
  if (IsNull()) return "null";
  return IsScalar() ? Scalar() : fallback;
}

template <>
double DocNode::as<double>() const {
  if (!IsDefined()) throw DocError(YAML::ErrorMsg::INVALID_NODE, -1);
  // yaml-cpp's own conversion of the text (a stream read, trailing spaces allowed, .inf and
  // .nan), so that a number reads the same whichever reader read the file.
  double value = 0;
  if (IsScalar() && YAML::convert<double>::decode(YAML::Node(Scalar()), value)) return value;
  throw DocError(YAML::ErrorMsg::BAD_CONVERSION, Mark().line);
}

DocNode::iterator DocNode::begin() const {
  if (!IsMap() && !IsSequence()) return {nullptr, 0, false};
  return {tree_, index_ + 1, IsMap()};
}

DocNode::iterator DocNode::end() const {
  if (!IsMap() && !IsSequence()) return {nullptr, 0, false};
  return {tree_, tree_->values[index_].end, IsMap()};
}

DocEntry DocNode::iterator::operator*() const {
  if (map_) return DocEntry(DocNode(), DocNode(tree_, pos_, true), DocNode(tree_, pos_, false));
  return DocEntry(DocNode(tree_, pos_, false), DocNode(), DocNode());
}

DocNode DocNode::empty_sequence() {
  static const DocTree tree = [] {
    static const std::string text = "[]" + std::string(kJsonPadding, '\0');
    DocTree out;
    out.text = std::string_view(text).substr(0, 2);
    out.values.push_back({0, DocValue::kNoKey, 1});
    return out;
  }();
  return DocNode(&tree, 0, false);
}

std::optional<DocDocument> DocDocument::parse_json(std::string_view text) {
  auto padded = std::make_shared<std::string>(text.size() + kJsonPadding, '\0');
  std::memcpy(padded->data(), text.data(), text.size());
  const std::string_view view(padded->data(), text.size());
  return parse_padded_json(std::move(padded), view);
}

std::optional<DocDocument> DocDocument::parse_padded_json(std::shared_ptr<const void> owner,
                                                          std::string_view text) {
  auto tree = std::make_unique<DocTree>();
  tree->owner = std::move(owner);
  tree->text = text;
  if (!build(*tree)) return std::nullopt;
  DocDocument out;
  out.tree_ = std::move(tree);
  return out;
}

}  // namespace cl::io
