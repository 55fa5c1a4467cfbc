// Reads a life-cycle problem file (JSON, docs/formats/lca-problem.md) into an lca::Problem.
// The reader checks the shape of the file: every field known, required ones present, values of
// the right type, amounts finite, uncertainty parameters sane (pedigree scores turned into a
// GSD). Each problem becomes a Diagnostic naming the file, line and JSON path
// (`processes[2].exchanges[0].amout`), and reading goes on so that one run lists them all.
// What the file means (flows that exist, providers, reference amounts, units, allocation) is
// checked later by lca::build_system, which names the records through the RecordRefs set here.
#pragma once

#include <string>

#include "core/common/diagnostic.hpp"
#include "core/lca/problem.hpp"

namespace cl::io {

/// Reads `path`. Every problem goes into `diagnostics` (warnings included); the result is the
/// problem when there is no error, else the first error, with the error count as context.
Result<lca::Problem> read_lca_problem(const std::string& path, Diagnostics& diagnostics);

/// The same from text already in memory (tests, fuzzing); `file` names it in diagnostics.
Result<lca::Problem> parse_lca_problem(const std::string& text, const std::string& file,
                                       Diagnostics& diagnostics);

}  // namespace cl::io
