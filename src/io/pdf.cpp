#include "io/pdf.hpp"

#include <fcntl.h>
#include <signal.h>
#include <spawn.h>
#include <sys/wait.h>
#include <unistd.h>

#include <atomic>
#include <filesystem>
#include <semaphore>
#include <thread>
#include <vector>

#include <fmt/format.h>

#include "io/file.hpp"

extern char** environ;

namespace cl::io {
namespace {

namespace fs = std::filesystem;

std::atomic<unsigned> counter{0};

/// At most two Chromiums print at once (each takes a few hundred MB and a core for a second);
/// further requests wait for a slot, at most the timeout.
std::counting_semaphore<2> printing{2};

struct Slot {
  ~Slot() { printing.release(); }
};

/// Removes a file or folder when it goes out of scope.
struct Remove {
  fs::path path;
  ~Remove() {
    std::error_code ignored;
    fs::remove_all(path, ignored);
  }
};

Error pdf_error(const std::string& message) {
  return Error{ErrorCode::io_write_failed, message, {}, {}};
}

}  // namespace

Result<std::string> html_to_pdf(const std::string& html, const PdfOptions& options) {
  if (::access(options.chromium.c_str(), X_OK) != 0) {
    return tl::unexpected(pdf_error(
        fmt::format("cannot make the PDF: no Chromium at {} (install Debian's chromium package)",
                    options.chromium)));
  }
  if (!printing.try_acquire_for(options.timeout)) {
    return tl::unexpected(pdf_error(
        "cannot make the PDF now: other documents are being printed; try again in a minute"));
  }
  const Slot slot;
  const auto work =
      fs::path(options.scratch_dir) / fmt::format("pdf-{}-{}", ::getpid(), counter.fetch_add(1));
  std::error_code error;
  fs::create_directories(work / "profile", error);
  if (error) {
    return tl::unexpected(pdf_error("cannot make the PDF: cannot create " + work.string()));
  }
  Remove remove{work};
  const auto input = work / "document.html";
  const auto output = work / "document.pdf";
  if (auto written = write_file(input.string(), html); !written) {
    return tl::unexpected(written.error());
  }

  std::vector<std::string> args = {options.chromium,
                                   "--headless",
                                   "--disable-gpu",
                                   "--disable-extensions",
                                   "--no-first-run",
                                   "--no-pdf-header-footer",
                                   "--user-data-dir=" + (work / "profile").string(),
                                   "--print-to-pdf=" + output.string()};
  // Chromium refuses to start as root with its sandbox on (containers, CI).
  if (::geteuid() == 0) args.emplace_back("--no-sandbox");
  args.push_back("file://" + input.string());
  std::vector<char*> argv;
  for (auto& arg : args) argv.push_back(arg.data());
  argv.push_back(nullptr);

  posix_spawn_file_actions_t actions;
  posix_spawn_file_actions_init(&actions);
  posix_spawn_file_actions_addopen(&actions, STDIN_FILENO, "/dev/null", O_RDONLY, 0);
  posix_spawn_file_actions_addopen(&actions, STDOUT_FILENO, "/dev/null", O_WRONLY, 0);
  posix_spawn_file_actions_addopen(&actions, STDERR_FILENO, "/dev/null", O_WRONLY, 0);
  // Nothing else of the server (its listening socket, client connections, database files) is
  // open in Chromium.
  posix_spawn_file_actions_addclosefrom_np(&actions, 3);
  // Its own process group, so a timeout kills the renderer and helper processes too.
  posix_spawnattr_t attributes;
  posix_spawnattr_init(&attributes);
  posix_spawnattr_setflags(&attributes, POSIX_SPAWN_SETPGROUP);
  posix_spawnattr_setpgroup(&attributes, 0);
  pid_t pid = 0;
  const int spawned =
      ::posix_spawn(&pid, options.chromium.c_str(), &actions, &attributes, argv.data(), environ);
  posix_spawn_file_actions_destroy(&actions);
  posix_spawnattr_destroy(&attributes);
  if (spawned != 0) {
    return tl::unexpected(pdf_error(
        fmt::format("cannot make the PDF: cannot start {} (error {})", options.chromium, spawned)));
  }
  const auto deadline = std::chrono::steady_clock::now() + options.timeout;
  int status = 0;
  while (true) {
    const pid_t done = ::waitpid(pid, &status, WNOHANG);
    if (done == pid) break;
    if (done < 0)
      return tl::unexpected(pdf_error("cannot make the PDF: lost the Chromium process"));
    if (std::chrono::steady_clock::now() > deadline) {
      ::kill(-pid, SIGKILL);
      ::waitpid(pid, &status, 0);
      return tl::unexpected(pdf_error(fmt::format(
          "cannot make the PDF: Chromium took longer than {} s", options.timeout.count())));
    }
    std::this_thread::sleep_for(std::chrono::milliseconds(20));
  }
  ::kill(-pid, SIGKILL);  // helper processes Chromium left behind, if any
  if (!WIFEXITED(status) || WEXITSTATUS(status) != 0 || !fs::exists(output)) {
    return tl::unexpected(pdf_error(fmt::format(
        "cannot make the PDF: Chromium stopped with status {} and wrote no PDF", status)));
  }
  return read_file(output.string(), 256u << 20);
}

}  // namespace cl::io
