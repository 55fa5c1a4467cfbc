#include "core/common/record_ref.hpp"

namespace cl {

std::string RecordRef::to_string() const {
  std::string out = file;
  if (row > 0) out += (out.empty() ? "row " : ":") + std::to_string(row);
  if (!field.empty()) out += (out.empty() ? "" : ": ") + std::string("field '") + field + "'";
  if (!record.empty()) out += (out.empty() ? "" : " ") + std::string("(record ") + record + ")";
  return out;
}

}  // namespace cl
