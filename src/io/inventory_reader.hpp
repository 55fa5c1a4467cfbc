// Reads an inventory file (YAML or JSON, docs/formats/inventory.md) and the CSV activity files
// it names. Reading reports every problem as a Diagnostic with file, line and field, and keeps
// going, so `inventory validate` can list them all at once.
#pragma once

#include <functional>
#include <memory>
#include <string>
#include <string_view>

#include "core/common/diagnostic.hpp"
#include "core/factors/library.hpp"
#include "core/inventory/model.hpp"
#include "core/inventory/tally.hpp"

namespace cl::io {

struct ReadInventory {
  inventory::Inventory inventory;
  Diagnostics diagnostics;
};

/// Reads `path` (.yaml, .yml or .json) and every file in its `activity_files:`.
ReadInventory read_inventory(const std::string& path);

/// An inventory read with its activity records checked and accumulated as they were read rather
/// than kept: what `inventory compute` and the benchmark need for a million records, without
/// holding them (about 120 bytes each). Not movable: the plan and the tally refer to `inventory`.
struct TalliedInventory {
  inventory::Inventory inventory;  ///< `records` holds only the rows of the file itself
  Diagnostics diagnostics;         ///< reading problems, as read_inventory() reports them
  /// validate()'s findings for the inventory and every record; empty when reading had errors.
  Diagnostics validation;
  std::unique_ptr<inventory::TallyPlan> plan;
  std::unique_ptr<inventory::RecordTally> tally;

  TalliedInventory() = default;
  TalliedInventory(const TalliedInventory&) = delete;
  TalliedInventory& operator=(const TalliedInventory&) = delete;
};

/// Reads `path` like read_inventory() and tallies its records under `gwp_set` (empty: the
/// file's); inventory::compute_tallied() then gives what compute() gives for read_inventory().
std::unique_ptr<TalliedInventory> read_inventory_tallied(const std::string& path,
                                                         const factors::FactorLibrary& library,
                                                         const std::string& gwp_set = {});

/// Gives the factor library when read_inventory_tallied first needs it: after the inventory
/// file is read, before its activity files. The library can meanwhile be loading on another
/// thread (e.g. a std::shared_future's get()); what it throws, read_inventory_tallied throws.
using LibrarySource = std::function<const factors::FactorLibrary&()>;

/// The same with the library from `library`, called once or more.
std::unique_ptr<TalliedInventory> read_inventory_tallied(const std::string& path,
                                                         const LibrarySource& library,
                                                         const std::string& gwp_set = {});

/// Reads an inventory from text in memory (a request body): JSON through simdjson when `is_json`
/// (what it rejects goes to yaml-cpp for a message with line and column), else YAML. `name`
/// stands for the file in diagnostics. `activity_files:` is refused (parse.unknown_field): text
/// from outside must not make the reader open files on this machine.
ReadInventory parse_inventory(const std::string& text, const std::string& name, bool is_json);

/// Reads activity rows from CSV text (header: source, period, amount, unit[, evidence, note,
/// id]) into `inventory.records`, naming `file` and the line in each record and diagnostic.
/// The inventory keeps the text, and the records' fields are views into it. A large file with
/// no quote character is read on two threads, with the same result as one.
void read_activity_csv(std::string text, const std::string& file, inventory::Inventory& inventory,
                       Diagnostics& diagnostics);
/// The same for text that `owner` keeps alive (a mapped file, io/file.hpp read_file_shared).
/// With a `tally`, each record is handed to it instead of being kept.
void read_activity_csv(std::shared_ptr<const void> owner, std::string_view text,
                       const std::string& file, inventory::Inventory& inventory,
                       Diagnostics& diagnostics, inventory::RecordTally* tally = nullptr);

/// Tallies the activity CSV file at `path` into `tally` as read_inventory_tallied reads each of
/// its activity files: a large file in parts read from the file on two threads, each part into
/// memory its thread reuses (io/csv_parts.hpp), so nothing of the file is kept; a small one, or
/// one with a quote character, whole. Problems (and a file that cannot be read) go to
/// `diagnostics`.
void tally_activity_csv_file(const std::string& path, inventory::Inventory& inventory,
                             Diagnostics& diagnostics, inventory::RecordTally& tally);

/// The same into a plain vector, for callers that want the diagnostics (tests, fuzzing): the
/// records' fields are views into `text`, which the caller keeps alive; a field that had ""
/// escapes stays valid until this thread's next call of this overload. Records name file 0.
void read_activity_csv(std::string_view text, const std::string& file,
                       std::vector<inventory::ActivityRecord>& out, Diagnostics& diagnostics);

/// Parses "2024-03" (a month) or "2024-01-15..2024-02-14" (a bill period, inclusive).
Result<inventory::Period> parse_period(std::string_view text, const RecordRef& where = {});

}  // namespace cl::io
