#include "io/json_document.hpp"

#include <simdjson.h>

#include <algorithm>
#include <cstring>

namespace cl::io {
namespace {

const DocValue kEmptySequence{DocValue::Kind::sequence, 0, {}, {}};
const std::string kEmptyText;

/// Lines of byte offsets met in increasing order (a depth-first walk of the document).
class LineCounter {
 public:
  explicit LineCounter(const char* base) : base_(base), seen_(base) {}

  int line_at(const char* where) {
    if (where < seen_) {  // not in document order: count again from the start
      seen_ = base_;
      line_ = 0;
    }
    for (const char* cursor = seen_;
         (cursor = static_cast<const char*>(std::memchr(cursor, '\n', where - cursor))); ++cursor) {
      ++line_;
    }
    seen_ = where;
    return line_;
  }

 private:
  const char* base_;
  const char* seen_;
  int line_ = 0;
};

std::string_view trim_end(std::string_view token) {
  while (!token.empty() && (token.back() == ' ' || token.back() == '\t' || token.back() == '\n' ||
                            token.back() == '\r')) {
    token.remove_suffix(1);
  }
  return token;
}

simdjson::error_code build(simdjson::ondemand::value value, DocValue& out, LineCounter& lines) {
  const std::string_view token = value.raw_json_token();
  out.line = lines.line_at(token.data());
  simdjson::ondemand::json_type type;
  if (auto error = value.type().get(type)) return error;
  switch (type) {
    case simdjson::ondemand::json_type::object: {
      out.kind = DocValue::Kind::map;
      simdjson::ondemand::object object;
      if (auto error = value.get_object().get(object)) return error;
      for (auto field : object) {
        simdjson::ondemand::raw_json_string raw;
        if (auto error = field.key().get(raw)) return error;
        DocValue& key = out.items.emplace_back();
        key.kind = DocValue::Kind::scalar;
        key.line = lines.line_at(raw.raw());
        std::string_view text;
        if (auto error = field.unescaped_key().get(text)) return error;
        key.scalar.assign(text);
        simdjson::ondemand::value child;
        if (auto error = field.value().get(child)) return error;
        if (auto error = build(child, out.items.emplace_back(), lines)) return error;
      }
      return simdjson::SUCCESS;
    }
    case simdjson::ondemand::json_type::array: {
      out.kind = DocValue::Kind::sequence;
      simdjson::ondemand::array array;
      if (auto error = value.get_array().get(array)) return error;
      for (auto item : array) {
        simdjson::ondemand::value child;
        if (auto error = item.get(child)) return error;
        if (auto error = build(child, out.items.emplace_back(), lines)) return error;
      }
      return simdjson::SUCCESS;
    }
    case simdjson::ondemand::json_type::string: {
      out.kind = DocValue::Kind::scalar;
      std::string_view text;
      if (auto error = value.get_string().get(text)) return error;
      out.scalar.assign(text);
      return simdjson::SUCCESS;
    }
    case simdjson::ondemand::json_type::number: {
      // The number as written ("2024", "0.474"), as yaml-cpp keeps it; the readers convert.
      out.kind = DocValue::Kind::scalar;
      double checked = 0;
      if (auto error = value.get_double().get(checked)) return error;
      out.scalar.assign(trim_end(token));
      return simdjson::SUCCESS;
    }
    case simdjson::ondemand::json_type::boolean: {
      out.kind = DocValue::Kind::scalar;
      bool flag = false;
      if (auto error = value.get_bool().get(flag)) return error;
      out.scalar = flag ? "true" : "false";
      return simdjson::SUCCESS;
    }
    case simdjson::ondemand::json_type::null: {
      out.kind = DocValue::Kind::null;
      bool is_null = false;
      if (auto error = value.is_null().get(is_null)) return error;
      return is_null ? simdjson::SUCCESS : simdjson::INCORRECT_TYPE;
    }
  }
  return simdjson::INCORRECT_TYPE;
}

}  // namespace

const std::string& DocNode::Scalar() const {
  return IsScalar() ? value_->scalar : kEmptyText;
}

std::size_t DocNode::size() const {
  if (IsMap()) return value_->items.size() / 2;
  if (IsSequence()) return value_->items.size();
  return 0;
}

DocNode DocNode::operator[](std::string_view key) const {
  if (IsScalar()) {
    throw DocError("operator[] call on a scalar (key: \"" + std::string(key) + "\")", value_->line);
  }
  if (!IsMap()) return DocNode();
  for (std::size_t idx = 0; idx + 1 < value_->items.size(); idx += 2) {
    if (value_->items[idx].scalar == key) return DocNode(&value_->items[idx + 1]);
  }
  return DocNode();
}

template <>
std::string DocNode::as<std::string>() const {
  if (!IsScalar()) throw DocError("bad conversion", Mark().line);
  return value_->scalar;
}

template <>
std::string DocNode::as<std::string>(const std::string& fallback) const {
  return IsScalar() ? value_->scalar : fallback;
}

template <>
double DocNode::as<double>() const {
  if (IsScalar()) {
    try {
      std::size_t used = 0;
      const double parsed = std::stod(value_->scalar, &used);
      if (used == value_->scalar.size()) return parsed;
    } catch (const std::exception&) {
      // a bad conversion, below
    }
  }
  throw DocError("bad conversion", Mark().line);
}

DocNode::iterator DocNode::begin() const {
  return {IsMap() || IsSequence() ? value_ : nullptr, 0};
}

DocNode::iterator DocNode::end() const {
  if (!IsMap() && !IsSequence()) return {nullptr, 0};
  return {value_, value_->items.size()};
}

DocEntry DocNode::iterator::operator*() const {
  if (container_->kind == DocValue::Kind::map) {
    return DocEntry(DocNode(), DocNode(&container_->items[pos_]),
                    DocNode(&container_->items[pos_ + 1]));
  }
  return DocEntry(DocNode(&container_->items[pos_]), DocNode(), DocNode());
}

DocNode::iterator& DocNode::iterator::operator++() {
  pos_ += container_->kind == DocValue::Kind::map ? 2 : 1;
  return *this;
}

DocNode DocNode::empty_sequence() {
  return DocNode(&kEmptySequence);
}

std::optional<DocDocument> DocDocument::parse_json(const std::string& text) {
  const simdjson::padded_string padded(text);
  simdjson::ondemand::parser parser;
  simdjson::ondemand::document doc;
  if (parser.iterate(padded).get(doc)) return std::nullopt;
  simdjson::ondemand::value root;
  if (doc.get_value().get(root)) return std::nullopt;
  DocDocument out;
  out.root_ = std::make_unique<DocValue>();
  LineCounter lines(padded.data());
  if (build(root, *out.root_, lines)) return std::nullopt;
  // Anything after the root value is not JSON; yaml-cpp then says what is wrong.
  const char* rest = nullptr;
  if (!doc.current_location().get(rest)) return std::nullopt;
  return out;
}

}  // namespace cl::io
