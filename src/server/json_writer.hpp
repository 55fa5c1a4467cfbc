// A streaming JSON writer for the answers of hot list routes: it appends to one std::string the
// exact bytes `nlohmann::json::dump(2, ' ', false, error_handler_t::replace)` prints for the same
// document (or dump(-1, …) with Layout::compact, the access log's lines), without building the
// nlohmann tree (a std::map node and a heap string per member, which cost ~15 % of a server busy
// with activity lists).
//
// Byte identity rests on three rules:
// - the caller gives an object's members in nlohmann::json's order, which is std::map's:
//   byte-wise ascending keys ("amount" before "code" before "id" …);
// - numbers: integers in decimal; doubles through nlohmann's own to_chars (Grisu2, "1.0" for a
//   whole number, "1e+20" style exponents), NaN and infinities as null, as dump() does;
// - strings: plain printable ASCII is copied between quotes; anything else (escapes, control
//   characters, UTF-8, invalid bytes) goes through nlohmann's serializer.
// tests/unit/server/json_writer_test.cpp compares the writer with dump() for every kind of value.
#pragma once

#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

namespace cl::server {

class JsonWriter {
 public:
  enum class Layout {
    indented,  ///< dump(2): the API's answers (send_json)
    compact,   ///< dump(-1): one line
  };

  /// Appends to `out`, which the writer does not own.
  explicit JsonWriter(std::string& out, Layout layout = Layout::indented)
      : out_(out), is_compact_(layout == Layout::compact) {}

  void begin_object() { open('{'); }
  void end_object() { close('}'); }
  void begin_array() { open('['); }
  void end_array() { close(']'); }

  /// The next member's name; keys must come in ascending byte order (see above).
  void key(std::string_view name);

  void string(std::string_view text);
  void integer(std::int64_t number);
  void real(double number);
  void boolean(bool value);
  void null();

 private:
  struct Frame {
    bool is_object = false;
    bool is_empty = true;
  };

  /// Starts a value: inside an array, the separator and the indentation (an object member's
  /// were written by key()).
  void start_value();
  void open(char bracket);
  void close(char bracket);
  void newline_and_indent(std::size_t depth);

  std::string& out_;
  bool is_compact_ = false;
  std::vector<Frame> frames_;
};

}  // namespace cl::server
