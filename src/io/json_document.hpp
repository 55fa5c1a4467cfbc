// A parsed JSON document with the line of every value, read with simdjson. yaml-cpp also reads
// JSON (JSON is YAML 1.2), but at 1–2.5 MB/s; a large inventory file (7,000 sources, 2 MB) took
// about a second. simdjson reads it in milliseconds.
//
// DocNode offers the part of YAML::Node's interface that BasicDocReader (yaml_reader.hpp)
// uses, with yaml-cpp's names, so the same field readers and diagnostics serve YAML and JSON.
//
// The tree is small on purpose: a value is three byte offsets into the JSON text (12 bytes),
// not a node with its own strings. A large inventory has 110,000 values; at 64 bytes each plus
// strings, building the tree cost more than parsing, mostly in fresh pages faulted in. A scalar's
// text is read from the document when asked for (strings with escapes are unescaped while
// parsing and kept aside), and a line is counted from the offset only when a reader asks.
#pragma once

#include <cstdint>
#include <memory>
#include <optional>
#include <stdexcept>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

namespace cl::io {

/// Bytes simdjson may read past the end of a text (SIMDJSON_PADDING); they need not be zero.
inline constexpr std::size_t kJsonPadding = 64;

/// A structural problem met while reading a DocNode, e.g. a key looked up in a scalar; the
/// same message yaml-cpp gives, with the 0-based line.
class DocError : public std::runtime_error {
 public:
  DocError(const std::string& message, int at_line)
      : std::runtime_error(message), msg(message), line(at_line) {}
  std::string msg;
  int line;
};

/// One value of a DocTree. Values are stored in document order, so the values inside a map or
/// sequence follow it, up to `end`; its kind is the first character of its text.
struct DocValue {
  static constexpr std::uint32_t kNoKey = UINT32_MAX;
  std::uint32_t at = 0;        ///< byte offset of the value's first character in the text
  std::uint32_t key = kNoKey;  ///< a map member's key: byte offset after its opening quote
  std::uint32_t end = 0;       ///< index one past the last value inside this one
};

/// The values of a JSON text and the text they point into.
struct DocTree {
  std::shared_ptr<const void> owner;    ///< keeps `text` alive
  std::string_view text;                ///< followed by kJsonPadding readable bytes
  std::vector<DocValue> values;         ///< values[0] is the root
  std::vector<std::uint32_t> newlines;  ///< byte offsets of the text's line ends, increasing
  /// The unescaped text of strings (keys and values) written with a backslash escape, by the
  /// byte offset after their opening quote, increasing. Most documents have none.
  std::vector<std::pair<std::uint32_t, std::string>> unescaped;

  /// The text of the string whose characters start at `offset` (after its opening quote).
  std::string_view string_at(std::uint32_t offset) const;
  /// 0-based line of a byte offset.
  int line_of(std::uint32_t offset) const;
};

struct DocMark {
  int line = -1;  ///< 0-based; -1 for a missing node
};

class DocEntry;

/// A value of a DocDocument, a map member's key, or an undefined value (a missing key), like a
/// YAML::Node.
class DocNode {
 public:
  DocNode() = default;

  explicit operator bool() const { return tree_ != nullptr; }
  bool IsDefined() const { return tree_ != nullptr; }
  bool IsNull() const { return tree_ != nullptr && !key_ && first() == 'n'; }
  bool IsScalar() const {
    if (tree_ == nullptr) return false;
    if (key_) return true;
    const char c = first();
    return c != '{' && c != '[' && c != 'n';
  }
  bool IsMap() const { return tree_ != nullptr && !key_ && first() == '{'; }
  bool IsSequence() const { return tree_ != nullptr && !key_ && first() == '['; }
  /// The text of a scalar, as written for numbers ("2024", "0.474"); empty for anything else.
  /// A copy, as yaml-cpp's reference would be copied by every reader anyway.
  std::string Scalar() const { return std::string(scalar_view()); }
  /// The same text without a copy, valid as long as the document.
  std::string_view scalar_view() const;
  DocMark Mark() const;
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
  friend class DocDocument;
  DocNode(const DocTree* tree, std::uint32_t index, bool key)
      : tree_(tree), index_(index), key_(key) {}

  char first() const { return tree_->text[tree_->values[index_].at]; }
  /// Whether this map member's key is `key`.
  bool key_is(std::string_view key) const;

  const DocTree* tree_ = nullptr;
  std::uint32_t index_ = 0;
  bool key_ = false;  ///< the key of values[index_], not the value
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
  iterator(const DocTree* tree, std::uint32_t pos, bool map) : tree_(tree), pos_(pos), map_(map) {}
  DocEntry operator*() const;
  iterator& operator++() {
    pos_ = tree_->values[pos_].end;
    return *this;
  }
  bool operator==(const iterator& other) const { return pos_ == other.pos_; }

 private:
  const DocTree* tree_;
  std::uint32_t pos_;
  bool map_;
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
  DocNode root() const { return DocNode(tree_.get(), 0, false); }

  /// Parses JSON text (copied). Empty when simdjson rejects it (the caller then reads it with
  /// yaml-cpp, whose message names the line and column, and which accepts a few non-JSON forms).
  static std::optional<DocDocument> parse_json(std::string_view text);
  /// The same without a copy, for text followed by at least kJsonPadding readable bytes (e.g.
  /// io/file.hpp read_file_padded) that `owner` keeps alive.
  static std::optional<DocDocument> parse_padded_json(std::shared_ptr<const void> owner,
                                                      std::string_view text);

 private:
  std::unique_ptr<DocTree> tree_;  ///< DocNodes point to it: it must not move with the document
};

}  // namespace cl::io
