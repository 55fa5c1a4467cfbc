// Writes an lca::Problem as EcoSpold 2 activity datasets, one .spold file per process (named
// after its id), the inverse of ecospold_reader: the reference product as outputGroup 0, other
// outputs as outputGroup 2 (by-products) or 4 (to the environment), inputs as inputGroup 5 (from
// the technosphere) or 4 (from the environment), the provider as activityLinkId, waste flows with
// ecoinvent's negative amounts, uncertainty as <lognormal>/<normal>/<triangular>/<uniform>.
// EcoSpold 2 holds no LCIA methods, allocation factors or avoided flows: methods are left out, a
// process with allocation or an avoided exchange is refused (lca.allocation / parse.bad_value)
// rather than written wrong.
#pragma once

#include <string>
#include <utility>
#include <vector>

#include "core/common/result.hpp"
#include "core/lca/problem.hpp"

namespace cl::io {

/// One (file name, XML text) per process.
Result<std::vector<std::pair<std::string, std::string>>> ecospold_entries(
    const lca::Problem& problem);

/// Writes them as a zip at `path`, atomically.
Result<void> write_ecospold(const lca::Problem& problem, const std::string& path);

}  // namespace cl::io
