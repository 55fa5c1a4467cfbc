// Chooses the reader for a background source (background_reader.hpp).
#include "io/background_reader.hpp"

#include <filesystem>

#include "io/ecospold_reader.hpp"
#include "io/lca_problem_reader.hpp"
#include "io/package.hpp"

namespace cl::io {
namespace {

bool ends_with(const std::string& text, std::string_view suffix) {
  return text.size() >= suffix.size() &&
         text.compare(text.size() - suffix.size(), suffix.size(), suffix) == 0;
}

Result<lca::Problem> add_methods(lca::Problem problem, const BackgroundOptions& options,
                                 Diagnostics& diagnostics) {
  if (options.methods_from.empty()) return problem;
  auto methods = read_jsonld(options.methods_from, options.selection, diagnostics);
  if (!methods) return tl::unexpected(methods.error());
  auto kept = merge_methods(problem, *methods, diagnostics);
  if (!kept) return tl::unexpected(kept.error());
  return problem;
}

}  // namespace

std::string_view background_kind_name(BackgroundKind kind) {
  switch (kind) {
    case BackgroundKind::jsonld:
      return "openLCA JSON-LD";
    case BackgroundKind::ecospold:
      return "EcoSpold 2";
    case BackgroundKind::lca_problem:
      break;
  }
  return "lca-problem/1";
}

Result<LoadedBackground> read_background(const std::string& path, const BackgroundOptions& options,
                                         Diagnostics& diagnostics) {
  LoadedBackground out;
  if (ends_with(path, ".spold")) {
    auto problem = read_ecospold(path, diagnostics);
    if (!problem) return tl::unexpected(problem.error());
    auto merged = add_methods(std::move(*problem), options, diagnostics);
    if (!merged) return tl::unexpected(merged.error());
    return LoadedBackground{std::move(*merged), BackgroundKind::ecospold};
  }
  std::error_code error;
  if (!std::filesystem::is_directory(path, error) && !ends_with(path, ".zip")) {
    auto problem = read_lca_problem(path, diagnostics);
    if (!problem) return tl::unexpected(problem.error());
    return LoadedBackground{std::move(*problem), BackgroundKind::lca_problem};
  }
  auto package = open_package(path);
  if (!package) return tl::unexpected(package.error());
  if (is_jsonld_package(**package)) {
    auto problem = read_jsonld_package(**package, options.selection, diagnostics);
    if (!problem) return tl::unexpected(problem.error());
    return LoadedBackground{std::move(*problem), BackgroundKind::jsonld};
  }
  if (is_ecospold_package(**package)) {
    auto problem = read_ecospold_package(**package, diagnostics);
    if (!problem) return tl::unexpected(problem.error());
    auto merged = add_methods(std::move(*problem), options, diagnostics);
    if (!merged) return tl::unexpected(merged.error());
    return LoadedBackground{std::move(*merged), BackgroundKind::ecospold};
  }
  return fail(ErrorCode::parse_missing_field,
              path +
                  " is neither an openLCA JSON-LD package (olca-schema.json, processes/*.json) "
                  "nor EcoSpold 2 datasets (*.spold); export the database again in one of them",
              {.file = path, .row = 0, .field = "", .record = ""});
}

}  // namespace cl::io
