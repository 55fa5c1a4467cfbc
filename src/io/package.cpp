// Zip and folder packages (package.hpp). The zip side follows xlsx_reader's Archive: every entry
// read in chunks and counted against the caps, whatever its header declares.
#include "io/package.hpp"

#include <zip.h>

#include <algorithm>
#include <filesystem>
#include <fstream>
#include <map>
#include <system_error>

#include <unistd.h>

namespace cl::io {
namespace {

struct ZipDiscard {
  void operator()(zip_t* archive) const { zip_discard(archive); }
};
struct ZipFileClose {
  void operator()(zip_file_t* entry) const { zip_fclose(entry); }
};

class ZipPackage : public Package {
 public:
  ZipPackage(std::string path, const PackageLimits& limits)
      : path_(std::move(path)), limits_(limits) {}

  Result<void> open() {
    int code = 0;
    zip_.reset(zip_open(path_.c_str(), ZIP_RDONLY | ZIP_CHECKCONS, &code));
    if (!zip_) {
      zip_error_t error;
      zip_error_init_with_code(&error, code);
      const std::string text = zip_error_strerror(&error);
      zip_error_fini(&error);
      if (code == ZIP_ER_NOZIP || code == ZIP_ER_INCONS || code == ZIP_ER_CRC) {
        return fail(ErrorCode::parse_syntax,
                    path_ + " is " +
                        (code == ZIP_ER_NOZIP ? std::string("not a zip archive")
                                              : "a damaged zip archive (" + text + ")") +
                        "; a background package is the zip that openLCA's Export → JSON-LD "
                        "writes, a folder of its files, or EcoSpold 2 .spold files: export it "
                        "again",
                    {.file = path_});
      }
      return fail(ErrorCode::io_read_failed, "cannot open " + path_ + ": " + text, {.file = path_});
    }
    const zip_int64_t count = zip_get_num_entries(zip_.get(), 0);
    if (count < 0 || static_cast<std::uint64_t>(count) > limits_.max_entries) {
      return fail(ErrorCode::io_too_large,
                  path_ + " has " + std::to_string(count) + " files, over the limit of " +
                      std::to_string(limits_.max_entries),
                  {.file = path_});
    }
    for (zip_uint64_t index = 0; index < static_cast<zip_uint64_t>(count); ++index) {
      const char* name = zip_get_name(zip_.get(), index, ZIP_FL_ENC_GUESS);
      if (name == nullptr) continue;
      std::string entry(name);
      if (entry.empty() || entry.back() == '/') continue;  // a folder entry
      if (index_.emplace(entry, index).second) names_.push_back(std::move(entry));
    }
    std::sort(names_.begin(), names_.end());
    return {};
  }

  const std::vector<std::string>& names() const override { return names_; }
  const std::string& path() const override { return path_; }

  Result<std::string> read(const std::string& name, std::size_t padding) override {
    const auto found = index_.find(name);
    if (found == index_.end()) {
      return fail(ErrorCode::io_not_found, "the package has no file " + name,
                  {.file = where(name)});
    }
    std::unique_ptr<zip_file_t, ZipFileClose> entry(zip_fopen_index(zip_.get(), found->second, 0));
    if (!entry) {
      return fail(ErrorCode::io_read_failed,
                  "cannot unpack " + name + ": " +
                      std::string(zip_error_strerror(zip_get_error(zip_.get()))) +
                      " (a password-protected or damaged archive: export it again)",
                  {.file = where(name)});
    }
    zip_stat_t stat;
    zip_stat_init(&stat);
    std::uint64_t expected = 0;
    if (zip_stat_index(zip_.get(), found->second, 0, &stat) == 0 &&
        (stat.valid & ZIP_STAT_SIZE) != 0) {
      expected = stat.size;
    }
    // Read into a buffer of the declared size (+1 to see the end), growing only when the entry
    // is longer than declared: a fixed 64 KiB chunk per entry was zero-filled for every one of a
    // database's small files (8 % of an import's time in memset).
    std::string out;
    out.reserve(static_cast<std::size_t>(std::min(expected, limits_.max_entry_bytes)) + padding +
                1);
    constexpr std::size_t kChunk = 64u << 10;
    for (;;) {
      const std::size_t at = out.size();
      std::size_t want = out.capacity() > at + padding ? out.capacity() - at - padding : 0;
      if (want == 0) want = kChunk;
      out.resize(at + want);
      const zip_int64_t got = zip_fread(entry.get(), out.data() + at, want);
      if (got < 0) {
        return fail(ErrorCode::io_read_failed,
                    "the file is damaged: " +
                        std::string(zip_error_strerror(zip_file_get_error(entry.get()))),
                    {.file = where(name)});
      }
      out.resize(at + static_cast<std::size_t>(got));
      if (got == 0) break;
      total_ += static_cast<std::uint64_t>(got);
      if (out.size() > limits_.max_entry_bytes || total_ > limits_.max_total_bytes) {
        return fail(ErrorCode::io_too_large,
                    "the file unpacks to more than the limit of " +
                        std::to_string(limits_.max_entry_bytes) + " bytes (" +
                        std::to_string(limits_.max_total_bytes) +
                        " for the whole package): a zip bomb, or not a background package",
                    {.file = where(name)});
      }
    }
    if (out.capacity() < out.size() + padding) out.reserve(out.size() + padding);
    return out;
  }

 private:
  std::string path_;
  PackageLimits limits_;
  std::unique_ptr<zip_t, ZipDiscard> zip_;
  std::map<std::string, zip_uint64_t> index_;
  std::vector<std::string> names_;
  std::uint64_t total_ = 0;
};

class FolderPackage : public Package {
 public:
  FolderPackage(std::string path, const PackageLimits& limits)
      : path_(std::move(path)), limits_(limits) {}

  Result<void> open() {
    namespace fs = std::filesystem;
    std::error_code error;
    for (fs::recursive_directory_iterator it(path_, error), end; !error && it != end;
         it.increment(error)) {
      if (!it->is_regular_file(error)) continue;
      names_.push_back(fs::relative(it->path(), path_, error).generic_string());
      if (names_.size() > limits_.max_entries) {
        return fail(ErrorCode::io_too_large,
                    path_ + " has more than " + std::to_string(limits_.max_entries) + " files",
                    {.file = path_});
      }
    }
    if (error) {
      return fail(ErrorCode::io_read_failed, "cannot list " + path_ + ": " + error.message(),
                  {.file = path_});
    }
    std::sort(names_.begin(), names_.end());
    return {};
  }

  const std::vector<std::string>& names() const override { return names_; }
  const std::string& path() const override { return path_; }

  Result<std::string> read(const std::string& name, std::size_t padding) override {
    const std::string file = (std::filesystem::path(path_) / name).string();
    std::error_code error;
    const auto size = std::filesystem::file_size(file, error);
    if (error) {
      return fail(ErrorCode::io_not_found, "the package has no file " + name,
                  {.file = where(name)});
    }
    if (size > limits_.max_entry_bytes) {
      return fail(ErrorCode::io_too_large,
                  "the file is " + std::to_string(size) + " bytes, over the limit of " +
                      std::to_string(limits_.max_entry_bytes),
                  {.file = where(name)});
    }
    std::ifstream in(file, std::ios::binary);
    std::string out;
    out.reserve(static_cast<std::size_t>(size) + padding);
    out.resize(static_cast<std::size_t>(size));
    in.read(out.data(), static_cast<std::streamsize>(size));
    if (!in || static_cast<std::uint64_t>(in.gcount()) != size) {
      return fail(ErrorCode::io_read_failed, "could not read all of the file",
                  {.file = where(name)});
    }
    return out;
  }

 private:
  std::string path_;
  PackageLimits limits_;
  std::vector<std::string> names_;
};

}  // namespace

Result<std::unique_ptr<Package>> open_package(const std::string& path,
                                              const PackageLimits& limits) {
  std::error_code error;
  const auto status = std::filesystem::status(path, error);
  if (error || !std::filesystem::exists(status)) {
    return fail(ErrorCode::io_not_found, "file not found: " + path + "; check the path",
                {.file = path});
  }
  if (std::filesystem::is_directory(status)) {
    auto folder = std::make_unique<FolderPackage>(path, limits);
    if (auto opened = folder->open(); !opened) return tl::unexpected(opened.error());
    return std::unique_ptr<Package>(std::move(folder));
  }
  auto zip = std::make_unique<ZipPackage>(path, limits);
  if (auto opened = zip->open(); !opened) return tl::unexpected(opened.error());
  return std::unique_ptr<Package>(std::move(zip));
}

Result<void> write_zip(const std::string& path,
                       const std::vector<std::pair<std::string, std::string>>& entries) {
  const std::string temp = path + ".tmp-" + std::to_string(::getpid());
  auto failed = [&](const std::string& what) -> Result<void> {
    std::error_code ignored;
    std::filesystem::remove(temp, ignored);
    return fail(ErrorCode::io_write_failed, "cannot write " + path + ": " + what, {.file = path});
  };
  int code = 0;
  zip_t* archive = zip_open(temp.c_str(), ZIP_CREATE | ZIP_TRUNCATE, &code);
  if (archive == nullptr)
    return failed("cannot create the archive (error " + std::to_string(code) + ")");
  for (const auto& [name, bytes] : entries) {
    zip_source_t* source = zip_source_buffer(archive, bytes.data(), bytes.size(), 0);
    if (source == nullptr ||
        zip_file_add(archive, name.c_str(), source, ZIP_FL_ENC_UTF_8 | ZIP_FL_OVERWRITE) < 0) {
      if (source != nullptr) zip_source_free(source);
      const std::string text = zip_strerror(archive);
      zip_discard(archive);
      return failed(name + ": " + text);
    }
  }
  if (zip_close(archive) != 0) {
    const std::string text = zip_strerror(archive);
    zip_discard(archive);
    return failed(text);
  }
  std::error_code error;
  std::filesystem::rename(temp, path, error);
  if (error) return failed(error.message());
  return {};
}

}  // namespace cl::io
