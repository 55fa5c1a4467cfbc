#include "io/yaml_json.hpp"

#include <cstdio>
#include <vector>

#include <yaml.h>

namespace cl::io {
namespace {

/// yaml-cpp's null scalars (IsNullString): a plain `~`, `null`, `Null`, `NULL` or nothing.
bool is_null_plain(std::string_view text) {
  return text.empty() || text == "~" || text == "null" || text == "Null" || text == "NULL";
}

/// Writes `text` as the inside of a JSON string.
void append_escaped(std::string& out, std::string_view text) {
  std::size_t plain = 0;  // start of the bytes not yet copied
  for (std::size_t idx = 0; idx < text.size(); ++idx) {
    const auto byte = static_cast<unsigned char>(text[idx]);
    if (byte >= 0x20 && byte != '"' && byte != '\\') continue;
    out.append(text, plain, idx - plain);
    plain = idx + 1;
    switch (byte) {
      case '"':
        out += "\\\"";
        break;
      case '\\':
        out += "\\\\";
        break;
      case '\n':
        out += "\\n";
        break;
      case '\t':
        out += "\\t";
        break;
      default: {
        char code[8];
        std::snprintf(code, sizeof code, "\\u%04x", byte);
        out += code;
      }
    }
  }
  out.append(text, plain, text.size() - plain);
}

/// Where the next value goes: in a sequence, a map (as key or as value) or at the top.
struct Open {
  bool map = false;
  bool empty = true;     ///< nothing written inside yet
  bool want_key = true;  ///< a map's next scalar is a key
};

/// The libyaml parser, freed on every way out.
class Parser {
 public:
  explicit Parser(std::string_view text) {
    yaml_parser_initialize(&parser_);
    yaml_parser_set_input_string(&parser_, reinterpret_cast<const unsigned char*>(text.data()),
                                 text.size());
  }
  ~Parser() { yaml_parser_delete(&parser_); }
  Parser(const Parser&) = delete;
  Parser& operator=(const Parser&) = delete;

  /// The next event into `event` (which the caller deletes); false on a syntax error.
  bool next(yaml_event_t& event) { return yaml_parser_parse(&parser_, &event) != 0; }

 private:
  yaml_parser_t parser_;
};

class Event {
 public:
  ~Event() {
    if (filled) yaml_event_delete(&event);
  }
  yaml_event_t event{};
  bool filled = false;
};

/// Whether `text` has a line break that YAML 1.1 (libyaml) counts and yaml-cpp does not: NEL,
/// LS, PS, or a CR not followed by LF. Lines would then be counted differently.
bool has_other_line_breaks(std::string_view text) {
  for (const std::string_view mark : {"\xC2\x85", "\xE2\x80\xA8", "\xE2\x80\xA9"}) {
    if (text.find(mark) != std::string_view::npos) return true;
  }
  for (std::size_t at = text.find('\r'); at != std::string_view::npos;
       at = text.find('\r', at + 1)) {
    if (at + 1 == text.size() || text[at + 1] != '\n') return true;
  }
  return false;
}

}  // namespace

std::optional<std::string> yaml_to_json(std::string_view yaml) {
  if (has_other_line_breaks(yaml)) return std::nullopt;
  Parser parser(yaml);
  std::string out;
  out.reserve(yaml.size() + yaml.size() / 4);
  std::size_t line = 0;  // the line `out` ends on
  std::vector<Open> open;
  int documents = 0;
  bool root_written = false;

  // Brings `out` to the YAML line of the value about to be written, then writes the separator
  // its container needs; false when that line is already passed (not expected from libyaml).
  const auto place = [&](std::size_t at_line, bool is_key) {
    if (at_line < line) return false;
    if (!open.empty()) {
      Open& inside = open.back();
      if (inside.map && inside.want_key != is_key) return false;
      if (!inside.map || is_key) {
        if (!inside.empty) out += ',';
      } else {
        out += ':';
      }
      inside.empty = false;
      if (inside.map) inside.want_key = !is_key;
    } else if (root_written) {
      return false;
    }
    out.append(at_line - line, '\n');
    line = at_line;
    return true;
  };

  for (;;) {
    Event next;
    if (!parser.next(next.event)) return std::nullopt;
    next.filled = true;
    const yaml_event_t& event = next.event;
    const std::size_t at_line = event.start_mark.line;
    const bool key = !open.empty() && open.back().map && open.back().want_key;
    switch (event.type) {
      case YAML_STREAM_START_EVENT:
        break;
      case YAML_STREAM_END_EVENT:
        if (documents != 1) return std::nullopt;
        return out;
      case YAML_DOCUMENT_START_EVENT:
        if (++documents > 1 || event.data.document_start.version_directive != nullptr ||
            event.data.document_start.tag_directives.start !=
                event.data.document_start.tag_directives.end) {
          return std::nullopt;
        }
        break;
      case YAML_DOCUMENT_END_EVENT:
        break;
      case YAML_ALIAS_EVENT:
        return std::nullopt;
      case YAML_SCALAR_EVENT: {
        const auto& scalar = event.data.scalar;
        if (scalar.anchor != nullptr || scalar.tag != nullptr) return std::nullopt;
        const std::string_view text(reinterpret_cast<const char*>(scalar.value), scalar.length);
        const bool null = scalar.style == YAML_PLAIN_SCALAR_STYLE && is_null_plain(text);
        if (key && null) return std::nullopt;
        if (!place(at_line, key)) return std::nullopt;
        if (null) {
          out += "null";
        } else {
          out += '"';
          append_escaped(out, text);
          out += '"';
        }
        if (open.empty()) root_written = true;
        break;
      }
      case YAML_SEQUENCE_START_EVENT:
      case YAML_MAPPING_START_EVENT: {
        const bool map = event.type == YAML_MAPPING_START_EVENT;
        const auto& start = event.data.mapping_start;  // same layout as sequence_start
        const yaml_char_t* anchor = map ? start.anchor : event.data.sequence_start.anchor;
        const yaml_char_t* tag = map ? start.tag : event.data.sequence_start.tag;
        if (key || anchor != nullptr || tag != nullptr) return std::nullopt;
        if (!place(at_line, false)) return std::nullopt;
        out += map ? '{' : '[';
        if (open.empty()) root_written = true;
        open.push_back({.map = map});
        break;
      }
      case YAML_SEQUENCE_END_EVENT:
      case YAML_MAPPING_END_EVENT:
        if (open.empty()) return std::nullopt;
        out += open.back().map ? '}' : ']';
        open.pop_back();
        break;
      case YAML_NO_EVENT:
        return std::nullopt;
    }
  }
}

}  // namespace cl::io
