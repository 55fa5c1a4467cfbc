// Problem → MatrixSystem: units converted to each flow's unit, multi-output processes split by
// allocation, avoided products and wastes moved to their provider's row, inputs linked to their
// provider (named, default, or the only one). Every problem is reported at once, naming the
// process and flow, with the codes lca.unknown_flow, lca.reference, lca.no_provider,
// lca.ambiguous_provider, lca.allocation and unit.mismatch.
#pragma once

#include "core/common/diagnostic.hpp"
#include "core/lca/problem.hpp"
#include "core/lca/system.hpp"

namespace cl::lca {

/// The matrices of `problem`, or nothing when `diagnostics` has errors.
std::optional<MatrixSystem> build_system(const Problem& problem, Diagnostics& diagnostics);

/// The problem's own demand as (key, amount) pairs for make_demand.
std::vector<std::pair<std::string, double>> problem_demand(const Problem& problem);

}  // namespace cl::lca
