// What every sub-command shares: the global options and helpers that load the factor library
// and an inventory with their diagnostics printed the same way everywhere.
#pragma once

#include <iosfwd>
#include <memory>
#include <optional>
#include <string>

#include <CLI/CLI.hpp>

#include "core/common/diagnostic.hpp"
#include "core/inventory/model.hpp"
#include "io/factor_loader.hpp"
#include "io/inventory_reader.hpp"

namespace cl::cli {

/// Exit codes: 0 success, 1 problems in the user's data or files, 2 usage.
inline constexpr int kExitData = 1;

/// Thrown by commands to leave with an Error; caught once in main.cpp.
struct CommandError {
  Error error;
};

/// An inventory read and validated, with what validate() found (its warnings come with the
/// computed result; compute() reuses the findings instead of validating again).
struct LoadedInventory {
  inventory::Inventory inventory;
  Diagnostics validation;
};

struct Context {
  std::string data_dir;
  std::vector<std::string> factor_files;  ///< the user's own factor tables (--factors)
  std::ostream* out = nullptr;
  std::ostream* err = nullptr;

  /// Loads the library; prints warnings, throws CommandError on errors.
  io::LoadedLibrary load_library() const;
  /// Reads an inventory; prints reading problems and validation errors (validation warnings come
  /// with the computed result); throws CommandError if there is any error.
  LoadedInventory load_inventory(const std::string& path,
                                 const factors::FactorLibrary& library) const;
  /// The same with the records tallied while read, not kept (`inventory compute`): under
  /// `gwp_set` (empty: the file's). The library is loaded on another thread while the inventory
  /// file is read (it is first needed for the activity files); its problems, if any, are still
  /// the ones reported.
  std::unique_ptr<io::TalliedInventory> load_inventory_tallied(const std::string& path,
                                                               const std::string& gwp_set) const;
  /// Prints the reading problems and validation errors; throws CommandError if there is any.
  void stop_on_errors(const std::string& path, Diagnostics& reading,
                      const Diagnostics& validation) const;
  void print(const Diagnostics& diagnostics) const;
};

/// Throws CommandError from a failed Result, else returns its value.
template <class T>
T value_or_throw(Result<T> result) {
  if (!result) throw CommandError{result.error()};
  if constexpr (!std::is_void_v<T>) return std::move(*result);
}

/// Writes text to stdout, or atomically to `path` when given.
void emit(const Context& context, const std::string& text, const std::string& path);

void add_factors_commands(CLI::App& app, Context& context);
void add_inventory_commands(CLI::App& app, Context& context);
void add_lca_commands(CLI::App& app, Context& context);
void add_units_command(CLI::App& app, Context& context);
void add_store_commands(CLI::App& app, Context& context);
void add_serve_command(CLI::App& app, Context& context);
void add_demo_command(CLI::App& app, Context& context);
void add_cbam_commands(CLI::App& app, Context& context);
void add_program_commands(CLI::App& app, Context& context);
void add_offsets_commands(CLI::App& app, Context& context);
void add_footprint_commands(CLI::App& app, Context& context);
/// footprint import-background / export-background (commands/background.cpp).
void add_background_commands(CLI::App& footprint, Context& context);
void add_pact_commands(CLI::App& app, Context& context);

}  // namespace cl::cli
