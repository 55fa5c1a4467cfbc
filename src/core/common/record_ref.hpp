// RecordRef names the record a problem is about: a file, a row (1-based, 0 = none), a field,
// and optionally the record's own id (a source id, a factor id). Every Diagnostic and Error
// carries one so the user can find the offending cell.
#pragma once

#include <string>

namespace cl {

struct RecordRef {
  std::string file;
  int row = 0;  ///< 1-based line/row number in `file`; 0 when not applicable
  std::string field;
  std::string record;  ///< the record's own id, e.g. a source id "S01"

  bool empty() const { return file.empty() && row == 0 && field.empty() && record.empty(); }
  /// "activity.csv:12: field 'unit' (record S01)" — the form printed by the CLI.
  std::string to_string() const;
};

}  // namespace cl
