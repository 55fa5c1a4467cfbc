// YAML of plain data as JSON text, so that a DocDocument (json_document.hpp, simdjson) can hold
// it. libyaml (Debian libyaml-dev) reads the factor library's 70 KB in about 1.3 ms; yaml-cpp,
// building its node graph, took about 10 ms, paid by every command that loads the library.
#pragma once

#include <optional>
#include <string>
#include <string_view>

namespace cl::io {

/// The JSON text of a YAML document, with every key and value on the line it has in `yaml`, so
/// that a DocNode's Mark() names the line yaml-cpp's would. Scalars become JSON strings with the
/// text yaml-cpp gives (numbers and booleans included: the readers parse text), a plain `~`,
/// `null` or empty value becomes `null`, as yaml-cpp's IsNull() says.
///
/// Empty for anything beyond plain data, which the caller then reads with yaml-cpp (whose
/// messages name the line and column): a syntax error or bytes that are not UTF-8, anchors and
/// aliases, tags, a key that is not a scalar or is null, no document or more than one, and line
/// breaks that YAML 1.1 counts and yaml-cpp does not (NEL, LS, PS, a CR alone).
std::optional<std::string> yaml_to_json(std::string_view yaml);

}  // namespace cl::io
