#include "io/csv_parts.hpp"

#include <algorithm>
#include <cstring>

namespace cl::io {

namespace {

/// Just after the first '\n' at or after `at` in `text`, or text.size().
std::size_t after_line_end(std::string_view text, std::size_t at) {
  if (at >= text.size()) return text.size();
  const void* found = std::memchr(text.data() + at, '\n', text.size() - at);
  return found == nullptr
             ? text.size()
             : static_cast<std::size_t>(static_cast<const char*>(found) - text.data()) + 1;
}

}  // namespace

std::string_view line_part(std::string_view body, const LineParts& parts, std::size_t idx) {
  const std::size_t begin = idx == 0 ? 0 : after_line_end(body, parts.nominal(idx));
  const std::size_t end =
      idx + 1 >= parts.count ? body.size() : after_line_end(body, parts.nominal(idx + 1));
  return begin < end ? body.substr(begin, end - begin) : std::string_view();
}

void PartBuffer::reserve(std::size_t bytes, std::size_t keep) {
  if (bytes <= capacity_) return;
  const std::size_t capacity = std::max(bytes, capacity_ + capacity_ / 2);
  std::unique_ptr<char[]> grown(new char[capacity]);  // not cleared: every byte used is read in
  if (keep > 0) std::memcpy(grown.get(), data_.get(), keep);
  data_ = std::move(grown);
  capacity_ = capacity;
}

Result<std::optional<std::string_view>> read_line_part(const OpenFile& file, std::size_t offset,
                                                       const LineParts& parts, std::size_t idx,
                                                       PartBuffer& buffer, std::size_t slack,
                                                       std::size_t max_overrun) {
  const std::size_t from = parts.nominal(idx);
  const std::size_t to = parts.nominal(idx + 1);
  const bool last = idx + 1 >= parts.count;
  std::size_t have = 0;  // bytes of the body from `from` in the buffer
  // The body's bytes from `from` up to `want` of them (fewer at its end) in the buffer.
  const auto fill = [&](std::size_t want) -> Result<void> {
    want = std::min(want, parts.size - from);
    if (want <= have) return {};
    buffer.reserve(want, have);
    auto read = file.read_at(buffer.data() + have, want - have, offset + from + have);
    if (!read) return read;
    have = want;
    return {};
  };
  // As after_line_end, for the body position `at` (>= from), reading on until a '\n' or the end;
  // npos when there is none within `max_overrun` bytes past `to`.
  const std::size_t limit = std::min(parts.size - from, to - from + max_overrun);
  const auto line_end_after = [&](std::size_t at) -> Result<std::size_t> {
    std::size_t look = at - from;
    for (;;) {
      if (look < have) {
        if (const void* found = std::memchr(buffer.data() + look, '\n', have - look)) {
          return from + static_cast<std::size_t>(static_cast<const char*>(found) - buffer.data()) +
                 1;
        }
        look = have;
      }
      if (from + have >= parts.size) return parts.size;
      if (have >= limit) return std::string_view::npos;
      if (auto more = fill(std::min(limit, std::max(look + slack, have + have / 2 + 1))); !more) {
        return tl::unexpected(more.error());
      }
    }
  };
  if (auto read = fill(to - from + (last ? 0 : slack)); !read) return tl::unexpected(read.error());
  std::size_t begin = from;
  if (idx > 0) {
    // No '\n' before `to`: the line that crosses `from` also crosses `to`, so the part is
    // empty (and the file is not read on to find where that line ends).
    const void* found = to > from ? std::memchr(buffer.data(), '\n', to - from) : nullptr;
    if (found == nullptr) return std::string_view();
    begin = from + static_cast<std::size_t>(static_cast<const char*>(found) - buffer.data()) + 1;
  }
  std::size_t end = parts.size;
  if (!last) {
    auto found = line_end_after(to);
    if (!found) return tl::unexpected(found.error());
    if (*found == std::string_view::npos) return std::nullopt;
    end = *found;
  }
  if (begin >= end) return std::string_view();
  return std::string_view(buffer.data() + (begin - from), end - begin);
}

}  // namespace cl::io
