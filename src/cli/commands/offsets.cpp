// `carbonledger offsets compute|sample-size|grid-factor|ledger|methods`: offset projects
// (抵換專案) from a project file (docs/formats/offset-project.md) to credits, the sample size of
// a monitoring survey, the combined-margin grid factor from generation data, and the credit
// ledger. The methods and the micro-scale limits come from the data folder (data/offsets/).
#include <fmt/format.h>

#include <ostream>

#include "cli/context.hpp"
#include "core/offsets/sampling.hpp"
#include "io/offsets_reader.hpp"
#include "io/offsets_writer.hpp"

namespace cl::cli {
namespace {

struct OffsetsOptions {
  std::string file;
  std::string format = "table";
  double confidence = 0.9;
  double precision = 0.1;
  double cv = 0.5;
  std::size_t population = 0;
};

/// Prints the reading problems and turns a failed read into a CommandError.
template <class T>
T read_or_throw(const Context& context, Result<T> result, const Diagnostics& diagnostics,
                const std::string& path) {
  context.print(diagnostics);
  if (result) return std::move(*result);
  if (diagnostics.error_count() > 1) {
    throw CommandError{Error{result.error().code,
                             path + " has " + std::to_string(diagnostics.error_count()) +
                                 " problem(s), listed above; fix them and run again",
                             {.file = path}}};
  }
  throw CommandError{result.error()};
}

offsets::MethodCatalog load_methods(const Context& context) {
  Diagnostics diagnostics;
  const auto path = io::offset_methods_path(context.data_dir);
  return read_or_throw(context, io::read_offset_methods(path, diagnostics), diagnostics, path);
}

void compute_command(const Context& context, const OffsetsOptions& options) {
  const auto methods = load_methods(context);
  Diagnostics diagnostics;
  auto project = read_or_throw(context, io::read_offset_project(options.file, diagnostics),
                               diagnostics, options.file);
  Diagnostics limit_diagnostics;
  const auto limits_path = io::scale_limits_path(context.data_dir);
  const auto limits =
      read_or_throw(context, io::read_scale_limits(limits_path, project.scale, limit_diagnostics),
                    limit_diagnostics, limits_path);
  auto result = offsets::compute_project(project, methods, limits);
  if (!result) {
    Error error = result.error();
    if (error.where.file.empty()) error.where.file = options.file;
    throw CommandError{error};
  }
  context.print(result->warnings);
  *context.out << (options.format == "json" ? io::offsets_json(project, *result).dump(2) + "\n"
                                            : io::render_offsets_table(project, *result));
}

void sample_size_command(const Context& context, const OffsetsOptions& options) {
  const auto n = value_or_throw(offsets::required_sample_size(options.confidence, options.precision,
                                                              options.cv, options.population));
  const double z = offsets::z_value(options.confidence);
  *context.out << fmt::format(
      "sample size 抽樣數 n = {} of N = {} for {:g}/{:g} confidence/precision, CV {:g}\n"
      "  n = z²·N·V² / ((N − 1)·e² + z²·V²), z = {:.4f} (CDM sampling standard, EB 65 annex 2; "
      "guideline CDM-EB67-A06-GUID v03.0)\n",
      n, options.population, options.confidence * 100, options.precision * 100, options.cv, z);
}

void grid_factor_command(const Context& context, const OffsetsOptions& options) {
  Diagnostics diagnostics;
  const auto data = read_or_throw(context, io::read_grid_data(options.file, diagnostics),
                                  diagnostics, options.file);
  auto factor = offsets::combined_margin(data);
  if (!factor) {
    Error error = factor.error();
    error.where.file = options.file;
    throw CommandError{error};
  }
  *context.out << (options.format == "json" ? io::grid_factor_json(*factor).dump(2) + "\n"
                                            : io::render_grid_factor_table(*factor));
}

void ledger_command(const Context& context, const OffsetsOptions& options) {
  Diagnostics diagnostics;
  const auto file =
      read_or_throw(context, io::read_ledger(options.file, diagnostics), diagnostics, options.file);
  const auto ledger = value_or_throw(io::replay_ledger(file));
  *context.out << (options.format == "json" ? io::ledger_json(ledger).dump(2) + "\n"
                                            : io::render_ledger_table(ledger));
}

void methods_command(const Context& context) {
  const auto methods = load_methods(context);
  std::string out;
  for (const auto& method : methods.methods()) {
    out += fmt::format("{} ({}, {}): {}\n  {}; version: {}\n", method.id,
                       offsets::kind_id(method.kind), offsets::category_id(method.category),
                       method.title, method.source.document, method.source.version);
    for (const auto& spec : method.parameters) {
      out += fmt::format("  - {} [{}] {}; source: {}; frequency: {}\n", spec.id, spec.unit,
                         spec.name, spec.source, spec.frequency);
    }
  }
  *context.out << out;
}

}  // namespace

void add_offsets_commands(CLI::App& app, Context& context) {
  auto* offsets = app.add_subcommand(
      "offsets", "offset projects (抵換專案): reductions, sampling, grid factor, credit ledger");
  offsets->require_subcommand(1);
  auto options = std::make_shared<OffsetsOptions>();
  const auto add_format = [&](CLI::App* command) {
    command->add_option("--format", options->format, "table or json")
        ->check(CLI::IsMember({"table", "json"}));
  };

  auto* compute = offsets->add_subcommand(
      "compute", "baseline − project − leakage and credits of every monitoring period");
  compute
      ->add_option("project", options->file,
                   "project file (.json or .yaml, docs/formats/offset-project.md)")
      ->required()
      ->check(CLI::ExistingFile);
  add_format(compute);
  compute->callback([&context, options] { compute_command(context, *options); });

  auto* sample = offsets->add_subcommand(
      "sample-size", "sample size for a confidence/precision (CDM sampling standard)");
  sample->add_option("--confidence", options->confidence, "confidence level (default 0.9)");
  sample->add_option("--precision", options->precision, "relative precision (default 0.1)");
  sample->add_option("--cv", options->cv, "coefficient of variation SD/mean (default 0.5)");
  sample->add_option("--population", options->population, "population size N")->required();
  sample->callback([&context, options] { sample_size_command(context, *options); });

  auto* grid = offsets->add_subcommand(
      "grid-factor", "operating, build and combined margin from generation data (CDM tool 07)");
  grid->add_option("data", options->file, "generation data (.yaml or .json)")
      ->required()
      ->check(CLI::ExistingFile);
  add_format(grid);
  grid->callback([&context, options] { grid_factor_command(context, *options); });

  auto* ledger = offsets->add_subcommand(
      "ledger", "replay a credit ledger: issue, transfer, use, retire; balances per holder");
  ledger->add_option("ledger", options->file, "ledger file (.yaml or .json)")
      ->required()
      ->check(CLI::ExistingFile);
  add_format(ledger);
  ledger->callback([&context, options] { ledger_command(context, *options); });

  auto* methods = offsets->add_subcommand("methods", "the reduction methods with their parameters");
  methods->callback([&context] { methods_command(context); });
}

}  // namespace cl::cli
