// A data package of many small files: a zip archive (libzip) or a folder, as openLCA writes a
// JSON-LD export and as ecoinvent ships EcoSpold 2 datasets. Entries are read one at a time under
// caps (a zip bomb stops with io.too_large naming the entry), so an import holds one file's text
// at a time. Writing builds a zip in a temporary file beside the target and renames it into place:
// a failed export leaves nothing half-written.
#pragma once

#include <cstdint>
#include <memory>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "core/common/result.hpp"

namespace cl::io {

struct PackageLimits {
  std::uint64_t max_entries = 2'000'000;        ///< files in the package
  std::uint64_t max_entry_bytes = 256u << 20;   ///< one file, uncompressed
  std::uint64_t max_total_bytes = 16ull << 30;  ///< all files, uncompressed
};

/// Read access to a package; `name` is the entry's path inside it ("processes/ab12.json").
class Package {
 public:
  virtual ~Package() = default;
  /// Every file, sorted by name ("/" separates folders, also for a folder package).
  virtual const std::vector<std::string>& names() const = 0;
  /// The entry's bytes with `padding` spare bytes of capacity (simdjson reads past the end);
  /// io.read_failed / io.too_large naming "<package>:<entry>".
  virtual Result<std::string> read(const std::string& name, std::size_t padding = 0) = 0;
  /// The package's path as given.
  virtual const std::string& path() const = 0;
  /// "<package>:<entry>", how messages name a file inside the package.
  virtual std::string where(std::string_view name) const {
    return path() + ":" + std::string(name);
  }
};

/// Opens a zip archive or a folder. A file that is not a zip archive is parse.syntax (with what
/// to do); a missing path io.not_found.
Result<std::unique_ptr<Package>> open_package(const std::string& path,
                                              const PackageLimits& limits = {});

/// Writes `entries` (name, bytes) as a zip archive at `path`, atomically (temporary file in the
/// same folder, then rename); io.write_failed naming the path.
Result<void> write_zip(const std::string& path,
                       const std::vector<std::pair<std::string, std::string>>& entries);

}  // namespace cl::io
