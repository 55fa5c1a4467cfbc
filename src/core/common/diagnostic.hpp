// Problems in user data are a list of Diagnostic values, each naming its record, so validation
// reports every problem at once (beancount's (entries, errors)). Warnings do not stop a
// computation; errors do.
#pragma once

#include <string>
#include <vector>

#include "core/common/error_code.hpp"
#include "core/common/record_ref.hpp"
#include "core/common/result.hpp"

namespace cl {

enum class Severity { error, warning };

struct Diagnostic {
  Severity severity = Severity::error;
  ErrorCode code = ErrorCode::internal;
  std::string message;
  RecordRef where;

  std::string to_string() const;
};

class Diagnostics {
 public:
  void error(ErrorCode code, std::string message, RecordRef where = {});
  void warning(ErrorCode code, std::string message, RecordRef where = {});
  void add(Error error);
  void append(const Diagnostics& other);

  bool has_errors() const;
  std::size_t error_count() const;
  const std::vector<Diagnostic>& items() const { return items_; }
  bool empty() const { return items_.empty(); }

 private:
  std::vector<Diagnostic> items_;
};

}  // namespace cl
