#include "core/common/assert.hpp"

#include <cstdio>
#include <cstdlib>

namespace cl::detail {

void assertion_failed(const char* condition, const char* file, int line) {
  // stderr is the one output core may touch: the process is about to abort on a bug.
  std::fprintf(stderr, "internal error: assertion failed: %s (%s:%d)\n", condition, file, line);
  std::abort();
}

}  // namespace cl::detail
