// `carbonledger cbam compute|export` (the operator's CBAM communication, docs/formats/cbam.md)
// and `carbonledger carbonfee estimate` (Taiwan's carbon fee at each rate, with a what-if).
#include <fmt/format.h>

#include <charconv>
#include <filesystem>
#include <ostream>

#include "cli/context.hpp"
#include "core/carbonfee/estimate.hpp"
#include "core/cbam/compute.hpp"
#include "core/cbam/from_inventory.hpp"
#include "core/inventory/compute.hpp"
#include "io/carbonfee_io.hpp"
#include "io/cbam_reader.hpp"
#include "io/cbam_writer.hpp"
#include "io/file.hpp"

namespace cl::cli {
namespace {

struct CbamOptions {
  std::string input;
  std::string format = "table";
  std::string xlsx;
  std::string json;
};

struct CarbonFeeOptions {
  std::string inventory;
  double emissions = -1;
  int year = 0;
  bool is_high_leakage = false;
  std::vector<std::string> reductions;
  double domestic_credits = 0;
  double foreign_credits = 0;
  std::string rules;
  std::string format = "table";
};

/// Leaves with the problems of `diagnostics`: one error is printed once (as the error line,
/// after the warnings); several are listed and summed up in the error line.
[[noreturn]] void throw_problems(const Context& context, const Diagnostics& diagnostics,
                                 const Error& first, const std::string& path) {
  if (diagnostics.error_count() <= 1) {
    for (const auto& item : diagnostics.items()) {
      if (item.severity == Severity::warning) *context.err << item.to_string() << '\n';
    }
    throw CommandError{first};
  }
  context.print(diagnostics);
  throw CommandError{Error{first.code,
                           path + " has " + std::to_string(diagnostics.error_count()) +
                               " problem(s), listed above; fix them and run again",
                           {.file = path},
                           {}}};
}

/// Computes an inventory for its sources (the CBAM input's `inventory`), printing its warnings.
std::vector<cbam::SourceEmissions> inventory_sources(const Context& context,
                                                     const std::string& path, int year) {
  auto loaded = context.load_library();
  auto [inventory, validation] = context.load_inventory(path, loaded.library);
  inventory::ComputeOptions options;
  options.validated = &validation;
  const auto result = value_or_throw(inventory::compute(inventory, loaded.library, options));
  context.print(result.diagnostics);
  if (year != 0 && inventory.year != year) {
    *context.err << fmt::format(
        "warning: {}: the inventory covers {} but the reporting period ends in {}\n", path,
        inventory.year, year);
  }
  return cbam::sources_from_inventory(inventory, result);
}

struct Computed {
  cbam::Communication communication;
  cbam::GoodsCatalogue catalogue;
  cbam::CommunicationResult result;
};

Computed compute_cbam(const Context& context, const std::string& path) {
  Diagnostics diagnostics;
  const std::string folder = context.data_dir + "/cbam";
  auto catalogue = io::read_cbam_goods(folder + "/goods.yaml", diagnostics);
  auto defaults = io::read_cbam_defaults(folder + "/default-values.yaml", diagnostics);
  if (!catalogue || !defaults) {
    throw_problems(context, diagnostics, catalogue ? defaults.error() : catalogue.error(), folder);
  }
  auto input = io::read_cbam_input(path, diagnostics);
  if (!input) throw_problems(context, diagnostics, input.error(), path);
  context.print(diagnostics);
  Computed out{std::move(input->communication), std::move(*catalogue), {}};
  if (!input->inventory_path.empty()) {
    auto sources = inventory_sources(context, input->inventory_path, out.communication.period.year);
    // Sources listed in the input itself come after (and may add to) the inventory's.
    sources.insert(sources.end(), out.communication.sources.begin(),
                   out.communication.sources.end());
    out.communication.sources = std::move(sources);
  }
  Diagnostics found;
  auto result = cbam::compute(out.communication, out.catalogue, *defaults, found);
  if (!result) throw_problems(context, found, result.error(), path);
  context.print(found);
  out.result = std::move(*result);
  return out;
}

void compute_command(const Context& context, const CbamOptions& options) {
  const auto computed = compute_cbam(context, options.input);
  if (options.format == "json") {
    *context.out
        << io::cbam_json(computed.communication, computed.result, computed.catalogue).dump(2)
        << '\n';
  } else {
    *context.out << io::render_cbam_table(computed.communication, computed.result);
  }
}

void export_command(const Context& context, const CbamOptions& options) {
  const auto computed = compute_cbam(context, options.input);
  value_or_throw(io::write_cbam_xlsx(computed.communication, computed.result, computed.catalogue,
                                     options.xlsx));
  *context.out << "wrote " << options.xlsx << '\n';
  if (!options.json.empty()) {
    value_or_throw(io::write_file(
        options.json,
        io::cbam_json(computed.communication, computed.result, computed.catalogue).dump(2) + "\n"));
    *context.out << "wrote " << options.json << '\n';
  }
}

carbonfee::Reduction parse_reduction(const std::string& text) {
  const auto equals = text.rfind('=');
  double tonnes = 0.0;
  const char* begin = text.data() + (equals == std::string::npos ? 0 : equals + 1);
  const char* end = text.data() + text.size();
  const auto parsed = std::from_chars(begin, end, tonnes);
  if (equals == std::string::npos || equals == 0 || parsed.ec != std::errc{} || parsed.ptr != end) {
    throw CommandError{
        Error{ErrorCode::carbonfee_input,
              "--reduction '" + text + "' must be NAME=TONNES a year, e.g. \"LED lighting=120\"",
              {.field = "--reduction"},
              {}}};
  }
  return {text.substr(0, equals), tonnes};
}

void estimate_command(const Context& context, const CarbonFeeOptions& options) {
  carbonfee::Input input;
  input.year = options.year;
  input.is_high_leakage = options.is_high_leakage;
  input.domestic_credits_t = options.domestic_credits;
  input.foreign_credits_t = options.foreign_credits;
  for (const auto& text : options.reductions) input.reductions.push_back(parse_reduction(text));
  if (!options.inventory.empty()) {
    auto loaded = context.load_library();
    auto [inventory, validation] = context.load_inventory(options.inventory, loaded.library);
    inventory::ComputeOptions compute_options;
    compute_options.validated = &validation;
    const auto result =
        value_or_throw(inventory::compute(inventory, loaded.library, compute_options));
    context.print(result.diagnostics);
    // Direct (scope 1) plus electricity and other imported energy (scope 2, location-based).
    input.emissions_t = (result.scope_co2e_kg[0] + result.scope_co2e_kg[1]) / 1000.0;
    if (input.year == 0) input.year = inventory.year;
  }
  if (options.emissions >= 0) input.emissions_t = options.emissions;
  if (options.inventory.empty() && options.emissions < 0) {
    throw CommandError{Error{ErrorCode::carbonfee_input,
                             "give the plant's emissions: an inventory file or --emissions TONNES",
                             {.field = "--emissions"},
                             {}}};
  }
  Diagnostics diagnostics;
  const std::string rules_path =
      options.rules.empty() ? context.data_dir + "/carbon-fee/taiwan.yaml" : options.rules;
  auto rules = io::read_carbonfee_rules(rules_path, diagnostics);
  if (!rules) throw_problems(context, diagnostics, rules.error(), rules_path);
  context.print(diagnostics);
  const auto estimate = value_or_throw(carbonfee::estimate(input, *rules));
  if (options.format == "json") {
    *context.out << io::carbonfee_json(estimate, input).dump(2) << '\n';
  } else {
    *context.out << io::render_carbonfee_table(estimate, input);
  }
}

}  // namespace

void add_cbam_commands(CLI::App& app, Context& context) {
  auto* cbam = app.add_subcommand(
      "cbam", "EU CBAM: embedded emissions of exported goods, the operator's communication");
  cbam->require_subcommand(1);
  auto options = std::make_shared<CbamOptions>();
  const auto add_input = [&](CLI::App* command) {
    command->add_option("input", options->input, "CBAM input (.json, docs/formats/cbam.md)")
        ->required()
        ->check(CLI::ExistingFile);
  };
  auto* compute = cbam->add_subcommand(
      "compute", "specific embedded emissions of every good, per production process");
  add_input(compute);
  compute->add_option("--format", options->format, "table or json")
      ->check(CLI::IsMember({"table", "json"}));
  compute->callback([&context, options] { compute_command(context, *options); });

  auto* exported = cbam->add_subcommand(
      "export", "the communication to EU importers as the Commission template (xlsx) and JSON");
  add_input(exported);
  exported->add_option("--xlsx", options->xlsx, "the workbook to write")->required();
  exported->add_option("--json", options->json, "also write the communication as JSON");
  exported->callback([&context, options] { export_command(context, *options); });

  auto* fee = app.add_subcommand("carbonfee", "Taiwan carbon fee (碳費) estimate");
  fee->require_subcommand(1);
  auto fee_options = std::make_shared<CarbonFeeOptions>();
  auto* estimate = fee->add_subcommand(
      "estimate", "the fee at the general and preferential rates, with a what-if");
  estimate
      ->add_option("inventory", fee_options->inventory,
                   "an inventory file: emissions = scope 1 + scope 2 (location-based)")
      ->check(CLI::ExistingFile);
  estimate
      ->add_option("--emissions", fee_options->emissions,
                   "the plant's emissions in t CO2e (direct + electricity indirect)")
      ->check(CLI::NonNegativeNumber);
  estimate->add_option("--year", fee_options->year, "the emission year (default: the inventory's)")
      ->check(CLI::Range(1990, 2100));
  estimate->add_flag("--high-leakage", fee_options->is_high_leakage,
                     "recognized as at high carbon-leakage risk (approved plan needed)");
  estimate->add_option("--reduction", fee_options->reductions,
                       "NAME=TONNES of a planned reduction a year; repeatable");
  estimate
      ->add_option("--domestic-credits", fee_options->domestic_credits,
                   "domestic offset credits available, t CO2e")
      ->check(CLI::NonNegativeNumber);
  estimate
      ->add_option("--foreign-credits", fee_options->foreign_credits,
                   "foreign offset credits available, t CO2e")
      ->check(CLI::NonNegativeNumber);
  estimate
      ->add_option("--rules", fee_options->rules,
                   "rules file (default: data/carbon-fee/taiwan.yaml)")
      ->check(CLI::ExistingFile);
  estimate->add_option("--format", fee_options->format, "table or json")
      ->check(CLI::IsMember({"table", "json"}));
  estimate->callback([&context, fee_options] { estimate_command(context, *fee_options); });
}

}  // namespace cl::cli
