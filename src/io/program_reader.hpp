// Readers of the program files (docs/formats/program.md): a program definition (YAML), its
// applications and a review meeting (JSON, read as YAML 1.2 so every value keeps its line).
// Every problem becomes a Diagnostic naming the file, the line and the full key path
// ("services[2].quota"), what was expected, and reading goes on so one run reports them all.
// Unknown keys in a definition are errors: a misspelt `qouta` must not drop a quota silently.
#pragma once

#include <string>
#include <vector>

#include "core/common/diagnostic.hpp"
#include "core/program/application.hpp"
#include "core/program/definition.hpp"
#include "core/program/review.hpp"

namespace cl::io {

/// Reads and validates a definition (program::validate_program included). Fails with the
/// file's own error (not found, too large, syntax); field problems go to `diagnostics`.
Result<program::Program> read_program(const std::string& path, Diagnostics& diagnostics);

/// Reads one application (an object) or several ({"applications": [...]}).
Result<std::vector<program::Application>> read_applications(const std::string& path,
                                                            Diagnostics& diagnostics);

/// Reads one application from text (JSON or YAML) named `label` in diagnostics: the server's
/// stored application documents.
Result<program::Application> parse_application(const std::string& text, const std::string& label,
                                               Diagnostics& diagnostics);

/// Reads a review meeting: meeting, applications, scores, lots.
Result<program::Meeting> read_meeting(const std::string& path, Diagnostics& diagnostics);

}  // namespace cl::io
