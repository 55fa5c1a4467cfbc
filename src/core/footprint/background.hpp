// Internal to core/footprint: a study's background LCA problem as matrices with the method to use,
// shared by background_footprints (compute.cpp) and background_draws (montecarlo.cpp). Kept out of
// compute.hpp so that the study headers the server includes do not pull in Eigen.
#pragma once

#include <cstddef>
#include <string>

#include "core/common/diagnostic.hpp"
#include "core/common/result.hpp"
#include "core/lca/problem.hpp"
#include "core/lca/system.hpp"

namespace cl::footprint {

/// A background LCA problem as matrices and the index of the method to use: `method` by id, or
/// the problem's only method when empty. Shared by background_footprints and background_draws.
struct BackgroundSystem {
  lca::MatrixSystem system;
  std::size_t method = 0;
};
Result<BackgroundSystem> background_system(const lca::Problem& problem, const std::string& method,
                                           Diagnostics& diagnostics);

}  // namespace cl::footprint
