#include "server/json_writer.hpp"

#include <array>
#include <charconv>
#include <cmath>

#include <nlohmann/json.hpp>

namespace cl::server {
namespace {

constexpr int kIndent = 2;  // dump(2, ' ', …) in send_json

/// Bytes that dump() copies as they are with ensure_ascii off: printable ASCII (and DEL) except
/// the quote and the backslash. Everything else takes the serializer's path.
bool is_plain(std::string_view text) {
  for (const char chr : text) {
    const auto byte = static_cast<unsigned char>(chr);
    if (byte < 0x20 || byte > 0x7F || byte == '"' || byte == '\\') return false;
  }
  return true;
}

}  // namespace

void JsonWriter::newline_and_indent(std::size_t depth) {
  if (is_compact_) return;
  out_ += '\n';
  out_.append(depth * kIndent, ' ');
}

void JsonWriter::start_value() {
  if (frames_.empty() || frames_.back().is_object) return;  // top level, or after key()
  out_ += frames_.back().is_empty ? "" : ",";
  frames_.back().is_empty = false;
  newline_and_indent(frames_.size());
}

void JsonWriter::open(char bracket) {
  start_value();
  out_ += bracket;
  frames_.push_back({bracket == '{', true});
}

void JsonWriter::close(char bracket) {
  const bool was_empty = frames_.back().is_empty;
  frames_.pop_back();
  if (!was_empty) newline_and_indent(frames_.size());
  out_ += bracket;
}

void JsonWriter::key(std::string_view name) {
  auto& frame = frames_.back();
  if (!frame.is_empty) out_ += ',';
  frame.is_empty = false;
  newline_and_indent(frames_.size());
  // A member name is a string like any other; then dump()'s separator with indentation on.
  string(name);
  out_ += is_compact_ ? ":" : ": ";
}

void JsonWriter::string(std::string_view text) {
  start_value();
  if (is_plain(text)) {
    out_ += '"';
    out_ += text;
    out_ += '"';
    return;
  }
  out_ += nlohmann::json(std::string(text))
              .dump(-1, ' ', false, nlohmann::json::error_handler_t::replace);
}

void JsonWriter::integer(std::int64_t number) {
  start_value();
  std::array<char, 24> text{};
  const auto end = std::to_chars(text.data(), text.data() + text.size(), number).ptr;
  out_.append(text.data(), end);
}

void JsonWriter::real(double number) {
  start_value();
  if (!std::isfinite(number)) {
    out_ += "null";
    return;
  }
  std::array<char, 64> text{};  // the serializer's number_buffer size
  char* end = nlohmann::detail::to_chars(text.data(), text.data() + text.size(), number);
  out_.append(text.data(), end);
}

void JsonWriter::boolean(bool value) {
  start_value();
  out_ += value ? "true" : "false";
}

void JsonWriter::null() {
  start_value();
  out_ += "null";
}

}  // namespace cl::server
