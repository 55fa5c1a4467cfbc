// `carbonledger footprint compute|montecarlo|pact|validate-pact`: a product footprint study
// (docs/formats/footprint-study.md) under its standard profile (data/footprint/profiles.yaml),
// its PACT ProductFootprint, and the check of a PACT document received from someone else.
#include <ostream>

#include "cli/context.hpp"
#include "core/footprint/compute.hpp"
#include "core/footprint/montecarlo.hpp"
#include "io/footprint_montecarlo_writer.hpp"
#include "io/footprint_reader.hpp"
#include "io/footprint_writer.hpp"
#include "io/pact.hpp"

namespace cl::cli {
namespace {

struct FootprintOptions {
  std::string file;
  std::string format = "table";
  std::string id;
  std::string created;
  std::string output;
  std::size_t draws = 1000;
  std::uint64_t seed = 1;
  bool keep_draws = false;
};

struct ComputedStudy {
  io::LoadedStudy loaded;
  footprint::Profile profile;
  footprint::FootprintResult result;
};

/// Prints every problem and throws one error that counts them.
[[noreturn]] void throw_problems(const Context& context, const Diagnostics& diagnostics,
                                 Error first, const std::string& path) {
  if (diagnostics.error_count() > 1) {
    context.print(diagnostics);
    throw CommandError{Error{first.code,
                             path + " has " + std::to_string(diagnostics.error_count()) +
                                 " problem(s), listed above; fix them and run again",
                             {.file = path, .row = 0, .field = "", .record = ""},
                             {}}};
  }
  Diagnostics warnings;  // the one error is printed by main; print only the warnings here
  for (const auto& item : diagnostics.items()) {
    if (item.severity == Severity::warning) warnings.warning(item.code, item.message, item.where);
  }
  context.print(warnings);
  if (first.where.file.empty()) first.where.file = path;
  throw CommandError{first};
}

ComputedStudy compute(const Context& context, const std::string& path) {
  Diagnostics profile_diagnostics;
  const auto profiles_path = io::footprint_profiles_path(context.data_dir);
  auto profiles = io::read_footprint_profiles(profiles_path, profile_diagnostics);
  if (!profiles) throw_problems(context, profile_diagnostics, profiles.error(), profiles_path);
  Diagnostics diagnostics;
  auto loaded = io::read_footprint_study(path, diagnostics);
  if (!loaded) throw_problems(context, diagnostics, loaded.error(), path);
  context.print(diagnostics);  // warnings (unknown keys)
  auto profile = io::find_profile(*profiles, loaded->study.profile,
                                  {.file = path, .row = 0, .field = "profile", .record = ""});
  if (!profile) throw CommandError{profile.error()};
  std::optional<footprint::Background> background;
  const auto keys = footprint::process_keys(loaded->study);
  if (loaded->background && !keys.empty()) {
    Diagnostics lca_diagnostics;
    auto values = footprint::background_footprints(*loaded->background, loaded->background_method,
                                                   keys, lca_diagnostics);
    if (!values) throw_problems(context, lca_diagnostics, values.error(), path);
    background = std::move(*values);
  }
  Diagnostics study_diagnostics;
  auto result = footprint::compute_footprint(
      loaded->study, *profile, background ? &*background : nullptr, study_diagnostics);
  if (!result) throw_problems(context, study_diagnostics, result.error(), path);
  return {std::move(*loaded), std::move(*profile), std::move(*result)};
}

void compute_command(const Context& context, const FootprintOptions& options) {
  const auto computed = compute(context, options.file);
  context.print(computed.result.warnings);
  const auto& study = computed.loaded.study;
  *context.out << (options.format == "json"
                       ? io::footprint_json(study, computed.profile, computed.result).dump(2) + "\n"
                       : io::render_footprint_table(study, computed.profile, computed.result));
}

/// `footprint montecarlo`: the study's uncertainty; the background's draws come from the LCA
/// engine's Monte Carlo (same seed), the lines' from their `uncertainty`.
void montecarlo_command(const Context& context, const FootprintOptions& options) {
  const auto computed = compute(context, options.file);
  const auto& loaded = computed.loaded;
  footprint::MonteCarloOptions mc;
  mc.draws = options.draws;
  mc.seed = options.seed;
  mc.keep_draws = options.keep_draws;
  std::optional<footprint::Background> background;
  std::optional<footprint::BackgroundDraws> drawn;
  const auto keys = footprint::process_keys(loaded.study);
  if (loaded.background && !keys.empty()) {
    Diagnostics lca_diagnostics;
    auto values = footprint::background_footprints(*loaded.background, loaded.background_method,
                                                   keys, lca_diagnostics);
    if (!values) throw_problems(context, lca_diagnostics, values.error(), options.file);
    background = std::move(*values);
    auto draws = footprint::background_draws(*loaded.background, loaded.background_method, keys, mc,
                                             lca_diagnostics);
    if (!draws) throw_problems(context, lca_diagnostics, draws.error(), options.file);
    drawn = std::move(*draws);
  }
  Diagnostics diagnostics;
  auto result =
      footprint::montecarlo(loaded.study, computed.profile, background ? &*background : nullptr,
                            drawn ? &*drawn : nullptr, mc, diagnostics);
  if (!result) throw_problems(context, diagnostics, result.error(), options.file);
  *context.out << (options.format == "json"
                       ? io::footprint_montecarlo_json(loaded.study, *result).dump(2) + "\n"
                       : io::render_footprint_montecarlo_table(loaded.study, *result));
}

void print_problems(const Context& context, const std::string& path,
                    const std::vector<io::PactProblem>& problems) {
  for (const auto& problem : problems) {
    *context.err << "error: pact.invalid: " << problem.path << ": " << problem.message << "\n  at "
                 << path << "\n";
  }
}

void pact_command(const Context& context, const FootprintOptions& options) {
  const auto computed = compute(context, options.file);
  context.print(computed.result.warnings);
  const auto document = io::pact_from_study(computed.loaded.study, computed.profile,
                                            computed.result, {options.id, options.created});
  const auto problems = io::validate_pact(document);
  if (!problems.empty()) {
    print_problems(context, options.file, problems);
    throw CommandError{Error{ErrorCode::pact_invalid,
                             "the PACT document of " + options.file + " would have " +
                                 std::to_string(problems.size()) +
                                 " problem(s), listed above; fix the study or the options",
                             {.file = options.file, .row = 0, .field = "", .record = ""},
                             {}}};
  }
  emit(context, document.dump(2) + "\n", options.output);
}

void validate_command(const Context& context, const FootprintOptions& options) {
  const auto document = value_or_throw(io::read_json_file(options.file));
  const auto problems = io::validate_pact(document);
  if (problems.empty()) {
    *context.out << options.file << ": a valid PACT ProductFootprint (data model of "
                 << "shared/reference/pact-v3.md)\n";
    return;
  }
  print_problems(context, options.file, problems);
  throw CommandError{
      Error{ErrorCode::pact_invalid,
            options.file + " has " + std::to_string(problems.size()) + " problem(s), listed above",
            {.file = options.file, .row = 0, .field = "", .record = ""},
            {}}};
}

}  // namespace

void add_footprint_commands(CLI::App& app, Context& context) {
  auto* footprint = app.add_subcommand(
      "footprint", "product carbon footprints 產品碳足跡: studies, PACT export and validation");
  footprint->require_subcommand(1);
  auto options = std::make_shared<FootprintOptions>();

  auto* compute_cmd = footprint->add_subcommand(
      "compute", "footprint per declared unit, per stage, line and gas; hot spots; data quality");
  compute_cmd
      ->add_option("study", options->file,
                   "study file (.yaml or .json, docs/formats/footprint-study.md)")
      ->required()
      ->check(CLI::ExistingFile);
  compute_cmd->add_option("--format", options->format, "table or json")
      ->check(CLI::IsMember({"table", "json"}));
  compute_cmd->callback([&context, options] { compute_command(context, *options); });

  auto* mc = footprint->add_subcommand(
      "montecarlo", "uncertainty by Monte Carlo: mean, SD, percentiles, per stage");
  mc->add_option("study", options->file, "study file")->required()->check(CLI::ExistingFile);
  mc->add_option("-n,--draws", options->draws, "number of draws (1 to 1000000)")
      ->check(CLI::Range(std::size_t{1}, footprint::kMaxDraws));
  mc->add_option("--seed", options->seed, "random seed: the same seed gives the same result");
  mc->add_option("--format", options->format, "table or json")
      ->check(CLI::IsMember({"table", "json"}));
  mc->add_flag("--keep-draws", options->keep_draws, "list every draw's total (json)");
  mc->callback([&context, options] { montecarlo_command(context, *options); });

  auto* pact = footprint->add_subcommand("pact", "the study as a PACT ProductFootprint (JSON)");
  pact->add_option("study", options->file, "study file")->required()->check(CLI::ExistingFile);
  pact->add_option("--id", options->id, "the document's id, a UUID v4")->required();
  pact->add_option("--created", options->created,
                   "when the document is created, ISO 8601 (2025-03-01T00:00:00Z)")
      ->required();
  pact->add_option("-o,--output", options->output, "write to this file instead of stdout");
  pact->callback([&context, options] { pact_command(context, *options); });

  auto* validate = footprint->add_subcommand(
      "validate-pact", "list every problem of a PACT ProductFootprint with its JSON path");
  validate->add_option("file", options->file, "PACT JSON file")
      ->required()
      ->check(CLI::ExistingFile);
  validate->callback([&context, options] { validate_command(context, *options); });

  add_background_commands(*footprint, context);
}

}  // namespace cl::cli
