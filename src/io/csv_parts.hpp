// A large CSV body cut into parts of whole lines, for reading on several threads: each part is
// taken from the text in memory, or read from the file (pread) into memory its thread reuses.
// Both ways cut at the same places, so a file's parts do not depend on how it was read.
//
// Reading parts from the file rather than from a mapping of it: on the benchmark machine (a
// virtual machine) scanning 57 MB of a file's mapping took 40 ms, the same bytes read into
// memory 9 ms (every 4 KiB page of a mapping is a page walk of its own through the guest's and
// the host's tables, docs/performance.md). A part read into a buffer the thread reuses is also
// in the cache when it is scanned, and nothing is mapped or unmapped.
#pragma once

#include <cstddef>
#include <memory>
#include <optional>
#include <string_view>

#include "core/common/result.hpp"
#include "io/file.hpp"

namespace cl::io {

/// How a body of `size` bytes is cut into `count` parts: part i starts just after the first
/// '\n' at or after byte size / count * i (part 0 at 0) and ends where part i + 1 starts (the
/// last at the end). A part is whole lines; it is empty when a line spans all of it. A line
/// ending in "\r\n" is never cut between the two.
struct LineParts {
  std::size_t size = 0;
  std::size_t count = 1;

  /// Where part `idx` would start before it is moved to a line start (`count`: the end).
  std::size_t nominal(std::size_t idx) const { return idx >= count ? size : size / count * idx; }
};

/// Part `idx` of `body` (`parts.size` must be body.size()).
std::string_view line_part(std::string_view body, const LineParts& parts, std::size_t idx);

/// Memory a thread reuses for the parts it reads (grown when a part needs more).
class PartBuffer {
 public:
  char* data() { return data_.get(); }
  /// Room for `bytes`, keeping the first `keep` bytes.
  void reserve(std::size_t bytes, std::size_t keep);

 private:
  std::unique_ptr<char[]> data_;
  std::size_t capacity_ = 0;
};

/// How far past its nominal end a part read from a file looks for the end of its last line.
inline constexpr std::size_t kMaxLineOverrun = 8u << 20;

/// Part `idx` of the body that starts at byte `offset` of `file` (parts.size bytes long), read
/// into `buffer`: the view is valid until the buffer's next use. It reads the part and `slack`
/// bytes more in one call, usually enough for the line that crosses its end, and more when not.
/// Nullopt, with nothing more read, when that line runs on more than `max_overrun` bytes past
/// the part's nominal end (a file whose rows end in a lone '\r' has no '\n' to cut at): such a
/// file is better read whole than into a buffer as large as itself.
Result<std::optional<std::string_view>> read_line_part(const OpenFile& file, std::size_t offset,
                                                       const LineParts& parts, std::size_t idx,
                                                       PartBuffer& buffer, std::size_t slack = 4096,
                                                       std::size_t max_overrun = kMaxLineOverrun);

}  // namespace cl::io
