// Writes an lca::Problem as a life-cycle problem file (`lca-problem/1`,
// docs/formats/lca-problem.md), the inverse of lca_problem_reader: what `footprint
// import-background` saves after reading a JSON-LD package or EcoSpold 2 datasets, so a study's
// `background:` can name it. Doubles are written in their shortest round-trip form.
#pragma once

#include <string>

#include <nlohmann/json.hpp>

#include "core/lca/problem.hpp"

namespace cl::io {

nlohmann::ordered_json lca_problem_json(const lca::Problem& problem,
                                        const std::string& description);

}  // namespace cl::io
