// `carbonledger inventory validate|compute|explain|uncertainty|register|template|import-xlsx`.
#include <fmt/format.h>

#include <optional>
#include <ostream>

#include "cli/context.hpp"
#include "core/inventory/compute.hpp"
#include "core/inventory/explain.hpp"
#include "core/inventory/monte_carlo.hpp"
#include "io/activity_template.hpp"
#include "io/activity_xlsx.hpp"
#include "io/heap.hpp"
#include "io/inventory_reader.hpp"
#include "io/inventory_writer.hpp"
#include "io/register_xlsx.hpp"

namespace cl::cli {
namespace {

struct InventoryOptions {
  std::string file;
  std::string format = "table";
  std::string gwp;
  std::string output;
  std::string source;
  std::size_t draws = 10000;
  std::uint64_t seed = 1;
  bool keep_draws = false;
  bool simple = false;  ///< register --simple: the one-sheet simple register
  std::string sheet;
  std::string inventory;  ///< import-xlsx --inventory: check source ids against it
};

/// What every computing sub-command starts from: the inventory and its result.
struct Computed {
  inventory::Inventory inventory;
  inventory::InventoryResult result;
};

/// Loads the library and the inventory (validated once, while loading), computes it and prints
/// the computation's warnings; throws CommandError on any error.
Computed load_and_compute(const Context& context, const InventoryOptions& options) {
  auto loaded = context.load_library();
  auto [inventory, validation] = context.load_inventory(options.file, loaded.library);
  inventory::ComputeOptions compute_options;
  if (!options.gwp.empty()) compute_options.gwp_set = options.gwp;
  compute_options.validated = &validation;  // load_inventory validated it: do not validate twice
  auto result = value_or_throw(inventory::compute(inventory, loaded.library, compute_options));
  for (const auto& item : result.diagnostics.items()) *context.err << item.to_string() << '\n';
  return {std::move(inventory), std::move(result)};
}

void validate_command(const Context& context, const InventoryOptions& options) {
  auto loaded = context.load_library();
  auto read = io::read_inventory(options.file);
  if (!read.diagnostics.has_errors()) {
    read.diagnostics.append(inventory::validate(read.inventory, loaded.library));
  }
  if (options.format == "json") {
    nlohmann::json out = nlohmann::json::array();
    for (const auto& item : read.diagnostics.items()) {
      out.push_back({{"severity", item.severity == Severity::error ? "error" : "warning"},
                     {"code", code_id(item.code)},
                     {"message", item.message},
                     {"file", item.where.file},
                     {"row", item.where.row},
                     {"field", item.where.field},
                     {"record", item.where.record}});
    }
    *context.out << out.dump(2) << '\n';
  } else {
    for (const auto& item : read.diagnostics.items()) *context.out << item.to_string() << '\n';
    *context.out << fmt::format("{}: {} error(s), {} warning(s); {} source(s), {} record(s)\n",
                                options.file, read.diagnostics.error_count(),
                                read.diagnostics.items().size() - read.diagnostics.error_count(),
                                read.inventory.sources.size(), read.inventory.records.size());
  }
  if (read.diagnostics.has_errors()) {
    throw CommandError{Error{ErrorCode::parse_bad_value,
                             options.file + " is not valid; see the problems above",
                             {.file = options.file}}};
  }
}

/// `inventory import-xlsx`: every problem (errors and warnings) to stderr with its cell; the
/// rows as activity CSV only when there is no error, so nothing is written half.
void import_xlsx_command(const Context& context, const InventoryOptions& options) {
  io::ActivityXlsxOptions read_options;
  read_options.sheet = options.sheet;
  std::optional<io::ReadInventory> inventory;
  if (!options.inventory.empty()) {
    inventory = io::read_inventory(options.inventory);
    if (inventory->diagnostics.has_errors()) {
      for (const auto& item : inventory->diagnostics.items()) {
        *context.err << item.to_string() << '\n';
      }
      throw CommandError{Error{ErrorCode::parse_bad_value,
                               options.inventory + " is not valid; see the problems above",
                               {.file = options.inventory}}};
    }
    read_options.inventory = &inventory->inventory;
  }
  const auto read = io::read_activity_xlsx_file(options.file, read_options);
  for (const auto& item : read.diagnostics.items()) *context.err << item.to_string() << '\n';
  if (read.diagnostics.has_errors()) {
    throw CommandError{Error{ErrorCode::parse_bad_value,
                             fmt::format("{}: {} problem(s); nothing was imported, fix them and "
                                         "import again",
                                         options.file, read.diagnostics.error_count()),
                             {.file = options.file}}};
  }
  emit(context, io::activity_rows_to_csv(read.rows), options.output);
  if (!options.output.empty()) {
    *context.out << fmt::format("wrote {} ({} row(s) from sheet {})\n", options.output,
                                read.rows.size(), read.sheet);
  }
}

}  // namespace

void add_inventory_commands(CLI::App& app, Context& context) {
  auto* inv = app.add_subcommand("inventory", "organizational inventory (ISO 14064-1)");
  // Inventory commands are short and may touch a lot of fresh memory (a million-row CSV): the
  // heap is reserved on huge pages first (io/heap.hpp, docs/performance.md).
  inv->preparse_callback([](std::size_t) { io::use_huge_page_heap(); });
  inv->require_subcommand(1);
  auto options = std::make_shared<InventoryOptions>();
  const auto add_file = [&](CLI::App* command) {
    command->add_option("file", options->file, "inventory file (.yaml, .yml or .json)")->required();
  };

  auto* validate =
      inv->add_subcommand("validate", "report every problem of an inventory file at once");
  add_file(validate);
  validate->add_option("--format", options->format, "table or json")
      ->check(CLI::IsMember({"table", "json"}));
  validate->callback([&context, options] { validate_command(context, *options); });

  auto* compute =
      inv->add_subcommand("compute", "totals by scope, category, facility, source, gas and month");
  add_file(compute);
  compute
      ->add_option("--gwp", options->gwp,
                   "GWP set: AR4, AR5 or AR6 (default: the file's, else AR5)")
      ->check(CLI::IsMember({"AR4", "AR5", "AR6"}));
  compute->add_option("--format", options->format, "table, json or csv")
      ->check(CLI::IsMember({"table", "json", "csv"}));
  compute->add_option("-o,--output", options->output, "write to a file instead of the screen");
  compute->callback([&context, options] {
    // The records are tallied while read, not kept: a million-row CSV computes without holding
    // its rows (docs/performance.md); explain and the register below keep them for their lists.
    auto read = context.load_inventory_tallied(options->file, options->gwp);
    const auto& inventory = read->inventory;
    auto result = value_or_throw(
        inventory::compute_tallied(inventory, *read->plan, *read->tally, read->validation));
    for (const auto& item : result.diagnostics.items()) *context.err << item.to_string() << '\n';
    std::string text;
    if (options->format == "json") {
      text = io::to_json(inventory, result).dump(2) + "\n";
    } else if (options->format == "csv") {
      text = io::render_csv(inventory, result);
    } else {
      text = io::render_table(inventory, result);
    }
    emit(context, text, options->output);
  });

  auto* explain = inv->add_subcommand(
      "explain", "the records, factor, heating value and GWP behind one source");
  add_file(explain);
  explain->add_option("--source", options->source, "source id")->required();
  explain->add_option("--gwp", options->gwp, "GWP set")
      ->check(CLI::IsMember({"AR4", "AR5", "AR6"}));
  explain->add_option("--format", options->format, "table or json")
      ->check(CLI::IsMember({"table", "json"}));
  explain->callback([&context, options] {
    auto [inventory, result] = load_and_compute(context, *options);
    std::size_t index = inventory.sources.size();
    for (std::size_t idx = 0; idx < inventory.sources.size(); ++idx) {
      if (inventory.sources[idx].id == options->source) index = idx;
    }
    if (index == inventory.sources.size()) {
      throw CommandError{Error{ErrorCode::inventory_unknown_source,
                               "no source '" + options->source + "' in " + options->file,
                               {.file = options->file, .field = "sources"}}};
    }
    auto explanation = value_or_throw(inventory::explain_source(inventory, result, index));
    if (options->format == "json") {
      *context.out << io::explanation_json(inventory, result, explanation).dump(2) << '\n';
    } else {
      *context.out << io::render_explanation(inventory, result, explanation);
    }
  });

  auto* uncertainty = inv->add_subcommand(
      "uncertainty", "uncertainty of the total by Monte Carlo (IPCC Approach 2)");
  add_file(uncertainty);
  uncertainty->add_option("-n,--draws", options->draws, "number of draws")
      ->check(CLI::Range(1, 10000000));
  uncertainty->add_option("--seed", options->seed,
                          "random seed; the same seed gives the same result");
  uncertainty->add_flag("--keep-draws", options->keep_draws,
                        "include every draw in the JSON output");
  uncertainty->add_option("--format", options->format, "table or json")
      ->check(CLI::IsMember({"table", "json"}));
  uncertainty->callback([&context, options] {
    auto [inventory, result] = load_and_compute(context, *options);
    auto summary = inventory::run_monte_carlo(inventory, result, options->draws, options->seed,
                                              options->keep_draws);
    if (options->format == "json") {
      *context.out << io::monte_carlo_json(summary).dump(2) << '\n';
      return;
    }
    const double total = result.total_co2e_kg;
    *context.out << fmt::format(
        "Monte Carlo, {} draws, seed {}\n  mean   {:>14.3f} t CO2e\n  sd     {:>14.3f} t\n"
        "  2.5 %  {:>14.3f} t ({:+.2f} %)\n  50 %   {:>14.3f} t\n  97.5 % {:>14.3f} t ({:+.2f} %)\n"
        "Approach 1 (error propagation): -{:.2f} % / +{:.2f} %\n",
        summary.draws, summary.seed, summary.mean_kg / 1000, summary.sd_kg / 1000,
        summary.p2_5_kg / 1000, total == 0 ? 0.0 : 100 * (summary.p2_5_kg / total - 1),
        summary.p50_kg / 1000, summary.p97_5_kg / 1000,
        total == 0 ? 0.0 : 100 * (summary.p97_5_kg / total - 1), 100 * result.uncertainty.lower,
        100 * result.uncertainty.upper);
  });

  auto* reg =
      inv->add_subcommand("register", "write the MOENV inventory register (表一–表七) as .xlsx");
  add_file(reg);
  reg->add_option("-o,--output", options->output, "the .xlsx file to write")->required();
  reg->add_option("--gwp", options->gwp, "GWP set")->check(CLI::IsMember({"AR4", "AR5", "AR6"}));
  reg->add_flag("--simple", options->simple,
                "the simple register (簡易碳盤查清冊, one sheet) instead of the MOENV register");
  reg->callback([&context, options] {
    auto [inventory, result] = load_and_compute(context, *options);
    value_or_throw(options->simple
                       ? io::write_simple_register_xlsx(inventory, result, options->output)
                       : io::write_register_xlsx(inventory, result, options->output));
    *context.out << "wrote " << options->output << '\n';
  });

  auto* tmpl = inv->add_subcommand(
      "template", "write the activity-data Excel template (pre-filled from an inventory file)");
  tmpl->add_option("file", options->file, "inventory file whose sources are pre-filled");
  tmpl->add_option("-o,--output", options->output, "the .xlsx file to write")->required();
  tmpl->callback([&context, options] {
    io::ActivityTemplateOptions template_options;
    std::optional<io::ReadInventory> read;
    if (!options->file.empty()) {
      read = io::read_inventory(options->file);
      if (read->diagnostics.has_errors()) {
        for (const auto& item : read->diagnostics.items()) {
          *context.err << item.to_string() << '\n';
        }
        throw CommandError{Error{ErrorCode::parse_bad_value,
                                 options->file + " is not valid; see the problems above",
                                 {.file = options->file}}};
      }
      template_options.inventory = &read->inventory;
    }
    value_or_throw(io::write_activity_template(options->output, template_options));
    *context.out << "wrote " << options->output << '\n';
  });

  auto* import_xlsx = inv->add_subcommand(
      "import-xlsx", "read activity rows from a filled Excel template; print or write them as CSV");
  import_xlsx->add_option("file", options->file, "the .xlsx workbook")->required();
  import_xlsx->add_option("-o,--output", options->output,
                          "write the activity CSV to a file instead of the screen");
  import_xlsx->add_option("--sheet", options->sheet,
                          "the sheet to read (default: 活動數據, else activity, else the first)");
  import_xlsx->add_option("--inventory", options->inventory,
                          "inventory file: source ids must be among its sources");
  import_xlsx->callback([&context, options] { import_xlsx_command(context, *options); });
}

}  // namespace cl::cli
