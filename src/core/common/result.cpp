#include "core/common/result.hpp"

namespace cl {

std::string Error::to_string() const {
  std::string out = "error: ";
  out += code_id(code);
  out += ": ";
  out += message;
  if (!where.empty()) out += "\n  at " + where.to_string();
  for (auto it = context.rbegin(); it != context.rend(); ++it) out += "\n  " + *it;
  return out;
}

}  // namespace cl
