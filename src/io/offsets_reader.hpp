// Reads the offset-project files (docs/formats/offset-project.md): the methods catalogue
// (data/offsets/methods.yaml), the scale limits (data/offsets/scale-limits.yaml), a project
// (JSON or YAML), published generation data for the grid factor, and a credit ledger. Each
// reader puts every shape problem in `diagnostics`, naming file, line and field, and returns the
// value only when there is no error. What the values mean (stages, scale, inclusion, sampling,
// credits) is checked by src/core/offsets.
#pragma once

#include <string>
#include <vector>

#include "core/common/diagnostic.hpp"
#include "core/offsets/grid_factor.hpp"
#include "core/offsets/ledger.hpp"
#include "core/offsets/method.hpp"
#include "core/offsets/project.hpp"

namespace cl::io {

Result<offsets::MethodCatalog> read_offset_methods(const std::string& path,
                                                   Diagnostics& diagnostics);
Result<offsets::ScaleLimits> read_scale_limits(const std::string& path, const std::string& scale,
                                               Diagnostics& diagnostics);
Result<offsets::Project> read_offset_project(const std::string& path, Diagnostics& diagnostics);
/// The same from text in memory (tests); `file` names it in diagnostics.
Result<offsets::Project> parse_offset_project(const std::string& text, const std::string& file,
                                              Diagnostics& diagnostics);
Result<offsets::GridData> read_grid_data(const std::string& path, Diagnostics& diagnostics);

/// One ledger event as written in the file, with where it is.
struct LedgerEvent {
  std::string action;  ///< issue, transfer, use, retire
  std::string project;
  std::string period;
  std::string from;
  std::string to;
  std::string holder;
  std::string purpose;
  std::string reference;
  offsets::Selection which;
  RecordRef where;
};

struct LedgerFile {
  std::vector<offsets::VerifiedReduction> verified;
  std::vector<RecordRef> verified_where;
  std::vector<LedgerEvent> events;
};

Result<LedgerFile> read_ledger(const std::string& path, Diagnostics& diagnostics);
/// Replays the file into a ledger; the first refused event is the error, naming its line.
Result<offsets::CreditLedger> replay_ledger(const LedgerFile& file);

/// The data folder's offsets files.
std::string offset_methods_path(const std::string& data_dir);
std::string scale_limits_path(const std::string& data_dir);

}  // namespace cl::io
