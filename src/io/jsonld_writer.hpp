// Writes an lca::Problem as an openLCA JSON-LD package (olca-schema 2), the inverse of
// jsonld_reader: one unit group and flow property per flow unit (its only, reference unit), each
// flow with that property, each process with its exchanges (amounts in the flow's unit; exchange
// units are converted with the CarbonLedger unit registry), the quantitative reference, providers
// (named or default) as defaultProvider, avoided flows as openLCA keeps them, allocation as
// factors of the default method, uncertainty; every method as an ImpactCategory of one
// ImpactMethod named after the problem. The demand has no place in a JSON-LD package and is left
// out. openLCA imports the result (File → Import → JSON-LD) and jsonld_reader reads it back equal.
#pragma once

#include <string>
#include <utility>
#include <vector>

#include "core/common/result.hpp"
#include "core/lca/problem.hpp"

namespace cl::io {

/// The package's files (name, JSON text), sorted by name; unit.* errors for an exchange unit
/// that cannot be converted to its flow's unit, lca.* for a reference the problem lacks.
Result<std::vector<std::pair<std::string, std::string>>> jsonld_entries(
    const lca::Problem& problem);

/// Writes the package as a zip at `path`, atomically.
Result<void> write_jsonld(const lca::Problem& problem, const std::string& path);

/// A stable UUID-shaped id for `key` (two FNV-1a hashes), for the writers' own data sets.
std::string stable_uuid(std::string_view key);

}  // namespace cl::io
