// Reads EcoSpold 2 activity datasets (.spold, the XML format of ecoinvent 3: a single file, a
// folder or a zip of them) into an lca::Problem, with pugixml. Each dataset is one process:
// <activity id> and <activityName>; each <intermediateExchange> (intermediateExchangeId) a product
// exchange, each <elementaryExchange> (elementaryExchangeId, <compartment>/<subcompartment>) an
// elementary one; <inputGroup> makes it an input, <outputGroup> an output, outputGroup 0 with a
// non-zero amount is the reference product; activityLinkId with the exchange's product names the
// provider. A reference product with a negative amount is a waste treatment (ecoinvent's
// convention): the flow becomes a waste, its exchanges are turned into positive amounts the other
// way round. Units are the exchanges' <unitName>; a flow met in another unit is converted by the
// engine. Problems name the file inside the package and the element; nothing is returned unless
// there is no error. EcoSpold 2 has no LCIA: characterization factors come from a JSON-LD method
// package (merge_methods).
#pragma once

#include <string>

#include "core/common/diagnostic.hpp"
#include "core/lca/problem.hpp"
#include "io/package.hpp"

namespace cl::io {

/// True when the package holds .spold files.
bool is_ecospold_package(const Package& package);

/// Reads every .spold file of `package`.
Result<lca::Problem> read_ecospold_package(Package& package, Diagnostics& diagnostics);

/// Reads one .spold file, a folder or a zip of them.
Result<lca::Problem> read_ecospold(const std::string& path, Diagnostics& diagnostics);

/// Adds `methods` (e.g. read from an openLCA LCIA method package) to `problem`, keeping the
/// factors of flows the problem has (matched by id: ecoinvent's elementaryExchangeId is the
/// flow's @id in openLCA's ecoinvent method packages). A factor whose flow unit differs from the
/// problem's is converted with the unit registry (unit.mismatch otherwise). Returns how many
/// factors were kept.
Result<std::size_t> merge_methods(lca::Problem& problem, const lca::Problem& methods,
                                  Diagnostics& diagnostics);

}  // namespace cl::io
