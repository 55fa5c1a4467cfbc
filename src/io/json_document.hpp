// A parsed JSON document as a small tree with the line of every value, read with simdjson.
// yaml-cpp also reads JSON (JSON is YAML 1.2), but at 1–2.5 MB/s; a large inventory file
// (7,000 sources, 2 MB) took about a second. simdjson reads it in milliseconds.
//
// DocNode offers the part of YAML::Node's interface that BasicDocReader (yaml_reader.hpp)
// uses, with yaml-cpp's names, so the same field readers and diagnostics serve YAML and JSON.
// A line is found from the byte offset of each value and key while the tree is built.
#pragma once

#include <cstdint>
#include <memory>
#include <optional>
#include <stdexcept>
#include <string>
#include <string_view>
#include <vector>

namespace cl::io {

/// A structural problem met while reading a DocNode, e.g. a key looked up in a scalar; the
/// same message yaml-cpp gives, with the 0-based line.
class DocError : public std::runtime_error {
 public:
  DocError(const std::string& message, int at_line)
      : std::runtime_error(message), msg(message), line(at_line) {}
  std::string msg;
  int line;
};

struct DocValue {
  enum class Kind : std::uint8_t { null, scalar, map, sequence };
  Kind kind = Kind::null;
  int line = 0;  ///< 0-based, as YAML::Mark
  std::string scalar;
  std::vector<DocValue> items;  ///< a sequence's items; a map's keys and values, alternating
};

struct DocMark {
  int line = -1;  ///< 0-based; -1 for a missing node
};

class DocEntry;

/// A value of a DocDocument, or an undefined one (a missing key), like a YAML::Node.
class DocNode {
 public:
  DocNode() = default;
  explicit DocNode(const DocValue* value) : value_(value) {}

  explicit operator bool() const { return value_ != nullptr; }
  bool IsDefined() const { return value_ != nullptr; }
  bool IsNull() const { return value_ != nullptr && value_->kind == DocValue::Kind::null; }
  bool IsScalar() const { return value_ != nullptr && value_->kind == DocValue::Kind::scalar; }
  bool IsMap() const { return value_ != nullptr && value_->kind == DocValue::Kind::map; }
  bool IsSequence() const { return value_ != nullptr && value_->kind == DocValue::Kind::sequence; }
  const std::string& Scalar() const;
  DocMark Mark() const { return {value_ == nullptr ? -1 : value_->line}; }
  std::size_t size() const;

  /// The value of `key` in a map (the first, if repeated); undefined when absent or when this
  /// is not a map. Throws DocError on a scalar, as yaml-cpp does.
  DocNode operator[](std::string_view key) const;

  /// yaml-cpp's conversions that the readers use: a scalar as text or number.
  template <class T>
  T as() const;
  template <class T>
  T as(const T& fallback) const;

  class iterator;
  iterator begin() const;
  iterator end() const;

  /// An empty sequence, what a reader returns for an absent list.
  static DocNode empty_sequence();

 private:
  const DocValue* value_ = nullptr;
};

/// What iterating a DocNode gives: for a sequence the item itself, for a map `first` (key) and
/// `second` (value), like yaml-cpp's iterator_value.
class DocEntry : public DocNode {
 public:
  DocEntry() = default;
  DocEntry(DocNode self, DocNode key, DocNode value) : DocNode(self), first(key), second(value) {}
  DocNode first;
  DocNode second;
};

class DocNode::iterator {
 public:
  iterator(const DocValue* container, std::size_t pos) : container_(container), pos_(pos) {}
  DocEntry operator*() const;
  iterator& operator++();
  bool operator==(const iterator& other) const { return pos_ == other.pos_; }

 private:
  const DocValue* container_;
  std::size_t pos_;
};

template <>
std::string DocNode::as<std::string>() const;
template <>
double DocNode::as<double>() const;
template <>
std::string DocNode::as<std::string>(const std::string& fallback) const;

/// A JSON document: owns the tree its DocNodes point into.
class DocDocument {
 public:
  DocNode root() const { return DocNode(root_.get()); }

  /// Parses JSON text. Empty when simdjson rejects it (the caller then reads it with yaml-cpp,
  /// whose message names the line and column, and which accepts a few non-JSON forms).
  static std::optional<DocDocument> parse_json(const std::string& text);

 private:
  std::unique_ptr<DocValue> root_;
};

}  // namespace cl::io
