// Cross-checks of a program definition after reading (the reader checks each key's type): every
// id a definition refers to exists, ids are unique, rubrics of modes sum to 100 points and the
// satellite-count item carries the satellite points' maximum, anchored duties have dates.
// Diagnostics name the key path in the file (code program.definition).
#pragma once

#include "core/common/diagnostic.hpp"
#include "core/program/definition.hpp"

namespace cl::program {

void validate_program(const Program& program, const std::string& file, Diagnostics& diagnostics);

}  // namespace cl::program
