// A life-cycle system as plain matrices in a directory (docs/formats/lca-matrices.md): Matrix
// Market files for A, B and C, CSV files for their labels, and optional uncertainty, demand and
// meta files. This is how ecoinvent-size databases and the benchmarks load without JSON: the
// reader maps the files and parses them with std::from_chars (about 700,000 entries in a few
// tens of milliseconds). Every error names the file and the line.
#pragma once

#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "core/common/result.hpp"
#include "core/lca/system.hpp"

namespace cl::io {

/// Demand lines as (key, amount); keys as MatrixSystem::find_activity takes them.
using LcaDemand = std::vector<std::pair<std::string, double>>;

struct LcaMatrices {
  lca::MatrixSystem system;
  /// demand.csv, empty when absent. A 1-based activity index in the file becomes the key
  /// "process/flow" of that activity; other keys are kept as written (make_demand checks them).
  LcaDemand demand;
  std::string meta;  ///< meta.json as written, empty when absent; informational only
};

/// Reads the directory. Errors: io.not_found for a missing required file; parse.syntax for a bad
/// Matrix Market header, size line or CSV header and for too few or too many entries;
/// parse.bad_value for a size that disagrees with the label files, an index out of range, a
/// value that is not a finite number, or an uncertainty that does not fit its entry.
/// `system.method_uncertainty` always has one list per method; `share` is 1 for every activity.
Result<LcaMatrices> read_lca_matrices(const std::string& dir);

/// Writes `system` into `dir` (created if needed), each file atomically, numbers in the shortest
/// form that reads back to the same double. demand.csv and meta.json are written when given;
/// characterization.mtx when there are methods, uncertainty.csv when there are uncertain entries.
/// Optional files that are not written are removed, so the directory holds exactly `system`.
/// Fails with io.write_failed when a matrix position holds several uncertain contributions, or
/// one that is not the whole entry: the plain format has one distribution per entry.
Result<void> write_lca_matrices(const lca::MatrixSystem& system, const std::string& dir,
                                const LcaDemand& demand = {}, std::string_view meta = {});

}  // namespace cl::io
