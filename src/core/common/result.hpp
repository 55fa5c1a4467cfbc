// Expected failures are values: cl::Result<T> is tl::expected<T, cl::Error> (std::expected is not
// available with g++ 12 in C++20). An Error has a stable code, a message that says what was
// expected and what to do, the record it is about, and a context chain added as it travels out
// (ledger's add_error_context without macros).
#pragma once

#include <string>
#include <utility>
#include <vector>

#include <tl/expected.hpp>

#include "core/common/error_code.hpp"
#include "core/common/record_ref.hpp"

namespace cl {

struct Error {
  ErrorCode code = ErrorCode::internal;
  std::string message;
  RecordRef where;
  std::vector<std::string> context;

  /// Adds an outer context line ("while reading inventory.yaml") and returns *this.
  Error& add_context(std::string line) {
    context.push_back(std::move(line));
    return *this;
  }
  /// "error: unit.mismatch: <message>" plus the record, as the CLI prints it.
  std::string to_string() const;
};

template <class T>
using Result = tl::expected<T, Error>;

/// Builds the unexpected value: `return fail(ErrorCode::unit_unknown, "…", where);`.
inline tl::unexpected<Error> fail(ErrorCode code, std::string message, RecordRef where = {}) {
  return tl::unexpected<Error>(Error{code, std::move(message), std::move(where), {}});
}

}  // namespace cl
