#include "io/file.hpp"

#include <cerrno>
#include <cstdio>
#include <cstring>
#include <filesystem>
#include <fstream>
#include <system_error>

#include <fcntl.h>
#include <sys/mman.h>
#include <sys/stat.h>
#include <unistd.h>

namespace cl::io {

namespace {

/// io.too_large for a file of `size` bytes where at most `max_bytes` may be.
tl::unexpected<Error> too_large(const std::string& path, std::uintmax_t size,
                                std::size_t max_bytes) {
  return fail(ErrorCode::io_too_large,
              path + " is " + std::to_string(size >> 20) + " MiB, more than the " +
                  std::to_string(max_bytes >> 20) +
                  " MiB this kind of file may have; put activity rows in a CSV file "
                  "(`activity_files:`) or split the file",
              {.file = path});
}

/// The size of the regular file at `path` when it is at most `max_bytes`; read_file's errors.
Result<std::size_t> readable_size(const std::string& path, std::size_t max_bytes) {
  std::error_code error;
  const auto status = std::filesystem::status(path, error);
  if (error || !std::filesystem::exists(status)) {
    return fail(ErrorCode::io_not_found, "file not found: " + path + "; check the path",
                {.file = path});
  }
  if (std::filesystem::is_directory(status)) {
    return fail(ErrorCode::io_read_failed, path + " is a folder, expected a file", {.file = path});
  }
  const auto size = std::filesystem::file_size(path, error);
  if (error) {
    return fail(ErrorCode::io_read_failed, "cannot read " + path + ": " + error.message(),
                {.file = path});
  }
  if (size > max_bytes) return too_large(path, size, max_bytes);
  return static_cast<std::size_t>(size);
}

}  // namespace

Result<std::string> read_file(const std::string& path, std::size_t max_bytes) {
  auto checked = readable_size(path, max_bytes);
  if (!checked) return tl::unexpected(checked.error());
  const std::size_t size = *checked;
  std::ifstream in(path, std::ios::binary);
  if (!in) {
    return fail(ErrorCode::io_read_failed, "cannot open " + path + ": " + std::strerror(errno),
                {.file = path});
  }
  std::string content(size, '\0');
  in.read(content.data(), static_cast<std::streamsize>(size));
  if (static_cast<std::size_t>(in.gcount()) != size) {
    return fail(ErrorCode::io_read_failed, "could not read all of " + path, {.file = path});
  }
  return content;
}

namespace {

/// A read-only private mapping of a file, unmapped with its last owner.
class Mapping {
 public:
  Mapping(void* address, std::size_t size) : address_(address), size_(size) {}
  Mapping(const Mapping&) = delete;
  Mapping& operator=(const Mapping&) = delete;
  ~Mapping() { munmap(address_, size_); }
  std::string_view text() const { return {static_cast<const char*>(address_), size_}; }

 private:
  void* address_;
  std::size_t size_;
};

std::shared_ptr<const Mapping> map_whole_file(const std::string& path, std::size_t max_bytes) {
  const int fd = open(path.c_str(), O_RDONLY | O_CLOEXEC);
  if (fd < 0) return nullptr;
  struct stat info {};
  std::shared_ptr<const Mapping> out;
  if (fstat(fd, &info) == 0 && S_ISREG(info.st_mode) && info.st_size > 0 &&
      static_cast<std::size_t>(info.st_size) <= max_bytes) {
    const auto size = static_cast<std::size_t>(info.st_size);
    void* address = mmap(nullptr, size, PROT_READ, MAP_PRIVATE | MAP_POPULATE, fd, 0);
    if (address != MAP_FAILED) out = std::make_shared<const Mapping>(address, size);
  }
  close(fd);
  return out;
}

}  // namespace

Result<SharedText> read_file_shared(const std::string& path, std::size_t max_bytes) {
  if (auto mapping = map_whole_file(path, max_bytes)) {
    const std::string_view text = mapping->text();
    return SharedText{std::move(mapping), text};
  }
  // Empty, special or too large files, or no mmap: read_file, with its errors.
  auto text = read_file(path, max_bytes);
  if (!text) return tl::unexpected(text.error());
  auto owned = std::make_shared<const std::string>(std::move(*text));
  const std::string_view view = *owned;
  return SharedText{std::move(owned), view};
}

Result<OpenFile> OpenFile::open(const std::string& path, std::size_t max_bytes) {
  // read_file's errors first; the size itself is taken from what was opened, below.
  if (auto checked = readable_size(path, max_bytes); !checked) {
    return tl::unexpected(checked.error());
  }
  const int fd = ::open(path.c_str(), O_RDONLY | O_CLOEXEC);
  if (fd < 0) {
    return fail(ErrorCode::io_read_failed, "cannot open " + path + ": " + std::strerror(errno),
                {.file = path});
  }
  auto owner = std::shared_ptr<const int>(new int(fd), [](const int* held) {
    close(*held);
    delete held;
  });
  // The size of what was opened: the path may name another file by now (a file replaced by a
  // rename, as write_file does), and parts are cut by this size.
  struct stat info {};
  if (fstat(fd, &info) != 0 || !S_ISREG(info.st_mode)) {
    return fail(ErrorCode::io_read_failed, "cannot read " + path + ": not a regular file",
                {.file = path});
  }
  if (static_cast<std::uintmax_t>(info.st_size) > max_bytes) {
    return too_large(path, static_cast<std::uintmax_t>(info.st_size), max_bytes);
  }
  return OpenFile(std::move(owner), static_cast<std::size_t>(info.st_size), path);
}

Result<void> OpenFile::read_at(char* out, std::size_t count, std::size_t offset) const {
  while (count > 0) {
    const ssize_t got = pread(*fd_, out, count, static_cast<off_t>(offset));
    if (got < 0 && errno == EINTR) continue;
    if (got <= 0) {
      return fail(ErrorCode::io_read_failed,
                  got < 0 ? "reading " + path_ + " failed: " + std::strerror(errno)
                          : path_ + " ended before the " + std::to_string(size_) +
                                " bytes it had when opened: it changed while being read; read "
                                "it again when nothing writes to it",
                  {.file = path_});
    }
    out += got;
    count -= static_cast<std::size_t>(got);
    offset += static_cast<std::size_t>(got);
  }
  return {};
}

Result<SharedText> read_file_padded(const std::string& path, std::size_t max_bytes,
                                    std::size_t padding) {
  if (auto mapping = map_whole_file(path, max_bytes)) {
    const std::string_view text = mapping->text();
    const auto page = static_cast<std::size_t>(sysconf(_SC_PAGESIZE));
    // The rest of the last page is mapped and reads as zeros; a file filling its last page
    // (or nearly) has no such room.
    const std::size_t room = text.size() % page == 0 ? 0 : page - text.size() % page;
    if (room >= padding) return SharedText{std::move(mapping), text};
  }
  auto text = read_file(path, max_bytes);
  if (!text) return tl::unexpected(text.error());
  const std::size_t size = text->size();
  text->append(padding, '\0');
  auto owned = std::make_shared<const std::string>(std::move(*text));
  return SharedText{owned, std::string_view(*owned).substr(0, size)};
}

Result<void> write_file(const std::string& path, std::string_view content) {
  const std::string temporary = path + ".tmp-carbonledger";
  {
    std::ofstream out(temporary, std::ios::binary | std::ios::trunc);
    if (!out) {
      return fail(ErrorCode::io_write_failed,
                  "cannot write " + path + ": " + std::strerror(errno) +
                      "; check that the folder exists and is writable",
                  {.file = path});
    }
    out.write(content.data(), static_cast<std::streamsize>(content.size()));
    if (!out.flush()) {
      std::remove(temporary.c_str());
      return fail(ErrorCode::io_write_failed, "writing " + path + " failed (disk full?)",
                  {.file = path});
    }
  }
  std::error_code error;
  std::filesystem::rename(temporary, path, error);
  if (error) {
    std::remove(temporary.c_str());
    return fail(ErrorCode::io_write_failed, "cannot replace " + path + ": " + error.message(),
                {.file = path});
  }
  return {};
}

std::string resolve_beside(const std::string& base_file, const std::string& relative) {
  const std::filesystem::path rel(relative);
  if (rel.is_absolute()) return relative;
  return (std::filesystem::path(base_file).parent_path() / rel).lexically_normal().string();
}

}  // namespace cl::io
