// CL_ASSERT is for programmer errors only, never for user input (DuckDB's D_ASSERT rule): it
// aborts with the condition and location in every build, because a broken invariant in a
// calculation must never yield a number.
#pragma once

namespace cl::detail {
[[noreturn]] void assertion_failed(const char* condition, const char* file, int line);
}

#define CL_ASSERT(condition)          \
  ((condition) ? static_cast<void>(0) \
               : ::cl::detail::assertion_failed(#condition, __FILE__, __LINE__))
