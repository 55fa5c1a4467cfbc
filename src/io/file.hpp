// Reading and writing whole files with clear errors and a size cap. Writes go to a temporary
// file in the same folder and are renamed into place, so a failed save never leaves half a file.
#pragma once

#include <cstddef>
#include <memory>
#include <string>
#include <string_view>

#include "core/common/result.hpp"

namespace cl::io {

inline constexpr std::size_t kMaxDocumentBytes = 64u << 20;  ///< YAML/JSON: 64 MiB
inline constexpr std::size_t kMaxTableBytes = 1024u << 20;   ///< CSV: 1 GiB

/// The whole file; io.not_found, io.read_failed, or io.too_large (with the size and the cap).
Result<std::string> read_file(const std::string& path, std::size_t max_bytes = kMaxDocumentBytes);

/// A whole file's bytes, shared: `owner` keeps them alive (views into `text` stay valid while a
/// copy of it lives).
struct SharedText {
  std::shared_ptr<const void> owner;
  std::string_view text;
};

/// The whole file, mapped into memory rather than copied where the system allows (a 57 MB CSV
/// file then costs no copy and no zeroed buffer); the same errors as read_file.
Result<SharedText> read_file_shared(const std::string& path, std::size_t max_bytes);

/// The same, with at least `padding` readable bytes after `text` (simdjson reads up to 64 bytes
/// past the end of a document; their values do not matter): the mapping itself when its last
/// page has that room, which it has for all but 1 in 64 files, else a copy.
Result<SharedText> read_file_padded(const std::string& path, std::size_t max_bytes,
                                    std::size_t padding);

/// A file open for reading at any offset (pread), closed with its last owner: a large file read
/// in parts by several threads, each part into memory the thread reuses (csv_parts.hpp), instead
/// of a mapping of the whole file.
class OpenFile {
 public:
  /// The same checks and errors as read_file (io.not_found, io.read_failed, io.too_large).
  static Result<OpenFile> open(const std::string& path, std::size_t max_bytes);

  std::size_t size() const { return size_; }
  const std::string& path() const { return path_; }
  /// Reads `count` bytes from byte `offset` into `out`: all of them, or io.read_failed naming
  /// the file (also when it ends sooner than its size said: it changed while being read).
  Result<void> read_at(char* out, std::size_t count, std::size_t offset) const;

 private:
  OpenFile(std::shared_ptr<const int> fd, std::size_t size, std::string path)
      : fd_(std::move(fd)), size_(size), path_(std::move(path)) {}
  std::shared_ptr<const int> fd_;  ///< closes the descriptor with its last copy
  std::size_t size_ = 0;
  std::string path_;
};

/// Writes atomically (temporary file + rename); io.write_failed naming the path.
Result<void> write_file(const std::string& path, std::string_view content);

/// Path of `relative` as seen from the folder of `base_file`; absolute paths pass through.
std::string resolve_beside(const std::string& base_file, const std::string& relative);

}  // namespace cl::io
