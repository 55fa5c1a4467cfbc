// libFuzzer target for the inventory reader: the input is written to a temporary .yaml file
// and read with io::read_inventory (yaml-cpp, every field reader, activity_files resolved
// beside the file). When it reads without errors, the inventory is validated and computed
// against the real factor library in data/, loaded once. Nothing may crash or throw.
#include <unistd.h>

#include <cstddef>
#include <cstdint>
#include <cstdio>
#include <cstdlib>
#include <filesystem>
#include <string>

#include "core/inventory/compute.hpp"
#include "io/factor_loader.hpp"
#include "io/file.hpp"
#include "io/inventory_reader.hpp"

namespace {

const cl::factors::FactorLibrary& library() {
  static const cl::io::LoadedLibrary loaded = [] {
    auto out = cl::io::load_library(CL_FUZZ_DATA_DIR);
    if (out.diagnostics.has_errors()) {
      std::fprintf(stderr, "cannot load the factor data in %s\n", CL_FUZZ_DATA_DIR);
      std::abort();
    }
    return out;
  }();
  return loaded.library;
}

/// One scratch folder per process, so parallel fuzzing jobs do not share files; removed at exit.
/// It holds a copy of the demo's activity.csv, so inputs naming `activity_files: [activity.csv]`
/// (the demo inventory in the seed corpus) reach the CSV reader and the computation.
std::filesystem::path make_scratch_folder() {
  auto path =
      std::filesystem::temp_directory_path() / ("carbonledger-fuzz-" + std::to_string(::getpid()));
  std::filesystem::create_directories(path);
  std::error_code ignored;
  std::filesystem::copy_file(std::string(CL_FUZZ_DATA_DIR) + "/demo/activity.csv",
                             path / "activity.csv",
                             std::filesystem::copy_options::overwrite_existing, ignored);
  return path;
}

const std::filesystem::path& scratch_folder();

void remove_scratch_folder() {
  std::error_code ignored;
  std::filesystem::remove_all(scratch_folder(), ignored);
}

const std::filesystem::path& scratch_folder() {
  static const std::filesystem::path folder = make_scratch_folder();
  // Registered after `folder` is built, so it runs before `folder` is destroyed.
  [[maybe_unused]] static const bool cleanup = std::atexit(remove_scratch_folder) == 0;
  return folder;
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  if (size > 64 * 1024) return -1;
  const auto& lib = library();
  static const std::string path = (scratch_folder() / "inventory.yaml").string();
  if (!cl::io::write_file(path, std::string_view(reinterpret_cast<const char*>(data), size))) {
    return 0;
  }
  auto read = cl::io::read_inventory(path);
  if (read.diagnostics.has_errors()) return 0;
  auto problems = cl::inventory::validate(read.inventory, lib);
  if (problems.has_errors()) return 0;
  auto result = cl::inventory::compute(read.inventory, lib, {});
  (void)result;
  return 0;
}
