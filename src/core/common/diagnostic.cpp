#include "core/common/diagnostic.hpp"

#include <algorithm>

namespace cl {

std::string Diagnostic::to_string() const {
  std::string out;
  if (!where.empty()) out += where.to_string() + ": ";
  out += severity == Severity::error ? "error: " : "warning: ";
  out += code_id(code);
  out += ": ";
  out += message;
  return out;
}

void Diagnostics::error(ErrorCode code, std::string message, RecordRef where) {
  items_.push_back({Severity::error, code, std::move(message), std::move(where)});
}

void Diagnostics::warning(ErrorCode code, std::string message, RecordRef where) {
  items_.push_back({Severity::warning, code, std::move(message), std::move(where)});
}

void Diagnostics::add(Error error) {
  items_.push_back({Severity::error, error.code, std::move(error.message), std::move(error.where)});
}

void Diagnostics::append(const Diagnostics& other) {
  items_.insert(items_.end(), other.items_.begin(), other.items_.end());
}

bool Diagnostics::has_errors() const {
  return error_count() > 0;
}

std::size_t Diagnostics::error_count() const {
  return static_cast<std::size_t>(std::count_if(
      items_.begin(), items_.end(), [](const auto& d) { return d.severity == Severity::error; }));
}

}  // namespace cl
