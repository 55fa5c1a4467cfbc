// `carbonledger lca solve|all-products|montecarlo|check|export`: the life-cycle matrix engine
// on a JSON problem (docs/formats/lca-problem.md) or a folder of plain matrices
// (docs/formats/lca-matrices.md).
#include <fmt/format.h>

#include <charconv>
#include <filesystem>
#include <ostream>

#include "cli/context.hpp"
#include "core/lca/build.hpp"
#include "core/lca/monte_carlo.hpp"
#include "core/lca/results.hpp"
#include "io/lca_matrices.hpp"
#include "io/lca_problem_reader.hpp"
#include "io/lca_writer.hpp"

namespace cl::cli {
namespace {

struct LcaOptions {
  std::string problem;
  std::vector<std::string> demand;
  std::string method;
  std::string format = "table";
  std::string solver = "auto";
  std::string output;
  std::string directory;
  double cutoff = 0.01;
  std::size_t draws = 1000;
  std::uint64_t seed = 1;
  unsigned threads = 0;
  bool keep_draws = false;
};

struct LoadedSystem {
  lca::MatrixSystem system;
  io::LcaDemand demand;
};

[[noreturn]] void throw_first(const Diagnostics& diagnostics, const std::string& path) {
  ErrorCode first = ErrorCode::parse_bad_value;
  for (const auto& item : diagnostics.items()) {
    if (item.severity == Severity::error) {
      first = item.code;
      break;
    }
  }
  throw CommandError{Error{first,
                           path + " has " + std::to_string(diagnostics.error_count()) +
                               " problem(s), listed above; fix them and run again",
                           {.file = path}}};
}

/// A problem file is read and built into matrices; a folder is read as plain matrices.
LoadedSystem load_system(const Context& context, const std::string& path) {
  std::error_code ignored;
  if (std::filesystem::is_directory(path, ignored)) {
    auto read = value_or_throw(io::read_lca_matrices(path));
    return {std::move(read.system), std::move(read.demand)};
  }
  Diagnostics diagnostics;
  auto problem = io::read_lca_problem(path, diagnostics);
  if (!problem) {
    if (diagnostics.has_errors()) {
      context.print(diagnostics);
      throw_first(diagnostics, path);
    }
    throw CommandError{problem.error()};
  }
  auto system = lca::build_system(*problem, diagnostics);
  context.print(diagnostics);
  if (!system || diagnostics.has_errors()) throw_first(diagnostics, path);
  return {std::move(*system), lca::problem_demand(*problem)};
}

io::LcaDemand parse_demand(const std::vector<std::string>& lines) {
  io::LcaDemand out;
  for (const auto& line : lines) {
    const auto equals = line.rfind('=');
    double amount = 0.0;
    const char* begin = line.data() + (equals == std::string::npos ? 0 : equals + 1);
    const char* end = line.data() + line.size();
    const auto parsed = std::from_chars(begin, end, amount);
    if (equals == std::string::npos || equals == 0 || parsed.ec != std::errc{} ||
        parsed.ptr != end) {
      throw CommandError{
          Error{ErrorCode::parse_bad_value,
                "--demand '" + line + "' must be FLOW=AMOUNT or PROCESS/FLOW=AMOUNT, e.g. steel=1",
                {.field = "--demand"}}};
    }
    out.emplace_back(line.substr(0, equals), amount);
  }
  return out;
}

lca::Vector demand_of(const LoadedSystem& loaded, const LcaOptions& options) {
  const auto lines = options.demand.empty() ? loaded.demand : parse_demand(options.demand);
  return value_or_throw(lca::make_demand(loaded.system, lines));
}

lca::Solver make_solver(const lca::MatrixSystem& system, const LcaOptions& options) {
  lca::SolverOptions solver_options;
  solver_options.kind = lca::find_solver_kind(options.solver).value_or(lca::SolverKind::automatic);
  return value_or_throw(lca::Solver::analyze(
      system.technosphere, [&system](std::size_t j) { return system.activity_label(j); },
      solver_options));
}

std::optional<std::size_t> method_of(const lca::MatrixSystem& system, const LcaOptions& options) {
  if (options.method.empty()) return std::nullopt;
  return value_or_throw(system.find_method(options.method));
}

void solve_command(const Context& context, const LcaOptions& options) {
  const auto loaded = load_system(context, options.problem);
  const auto demand = demand_of(loaded, options);
  const auto solver = make_solver(loaded.system, options);
  lca::LcaOptions lca_options;
  lca_options.method = method_of(loaded.system, options);
  lca_options.cutoff = options.cutoff;
  const auto result = value_or_throw(lca::calculate(loaded.system, solver, demand, lca_options));
  emit(context,
       options.format == "json" ? io::lca_json(loaded.system, result).dump(2) + "\n"
                                : io::render_lca_table(loaded.system, result),
       options.output);
}

void all_products_command(const Context& context, const LcaOptions& options) {
  const auto loaded = load_system(context, options.problem);
  auto solver = make_solver(loaded.system, options);
  const auto method = value_or_throw(loaded.system.find_method(options.method));
  value_or_throw(solver.factorize());
  const auto result = value_or_throw(lca::all_products(loaded.system, solver, method));
  std::string text;
  if (options.format == "json") {
    text = io::all_products_json(loaded.system, result).dump(2) + "\n";
  } else if (options.format == "csv") {
    text = io::render_all_products_csv(loaded.system, result);
  } else {
    text = io::render_all_products_table(loaded.system, result);
  }
  emit(context, text, options.output);
}

void monte_carlo_command(const Context& context, const LcaOptions& options) {
  const auto loaded = load_system(context, options.problem);
  const auto demand = demand_of(loaded, options);
  auto solver = make_solver(loaded.system, options);
  value_or_throw(solver.factorize());
  lca::MonteCarloOptions mc;
  mc.draws = options.draws;
  mc.seed = options.seed;
  mc.threads = options.threads;
  mc.keep_draws = options.keep_draws;
  mc.method = method_of(loaded.system, options);
  const auto result = value_or_throw(lca::run_monte_carlo(loaded.system, solver, demand, mc));
  emit(context,
       options.format == "json" ? io::lca_monte_carlo_json(loaded.system, result).dump(2) + "\n"
                                : io::render_lca_monte_carlo_table(loaded.system, result),
       options.output);
}

void check_command(const Context& context, const LcaOptions& options) {
  const auto loaded = load_system(context, options.problem);
  const auto& system = loaded.system;
  const auto solver = make_solver(system, options);
  std::size_t uncertain =
      system.technosphere_uncertainty.size() + system.biosphere_uncertainty.size();
  for (const auto& list : system.method_uncertainty) uncertain += list.size();
  const auto n = static_cast<double>(system.size());
  *context.out << fmt::format(
      "{}: {} activities, technosphere {} non-zeros ({:.3f} % dense), {} loop block(s) in {} "
      "block(s), largest {}; {} elementary flows, biosphere {} non-zeros; {} method(s); {} "
      "uncertain value(s); demand {} line(s)\n",
      options.problem, system.size(), system.technosphere.nonZeros(),
      n == 0 ? 0.0 : 100.0 * static_cast<double>(system.technosphere.nonZeros()) / (n * n),
      solver.block_count() == system.size() ? 0 : 1, solver.block_count(), solver.largest_block(),
      system.flows.size(), system.biosphere.nonZeros(), system.methods.size(), uncertain,
      loaded.demand.size());
}

void export_command(const Context& context, const LcaOptions& options) {
  const auto loaded = load_system(context, options.problem);
  value_or_throw(io::write_lca_matrices(loaded.system, options.directory, loaded.demand));
  *context.out << fmt::format("wrote {} activities, {} elementary flows, {} method(s) to {}\n",
                              loaded.system.size(), loaded.system.flows.size(),
                              loaded.system.methods.size(), options.directory);
}

}  // namespace

void add_lca_commands(CLI::App& app, Context& context) {
  auto* lca = app.add_subcommand("lca", "life-cycle matrix engine (product footprints, ISO 14067)");
  lca->require_subcommand(1);
  auto options = std::make_shared<LcaOptions>();
  const auto add_problem = [&](CLI::App* command) {
    command
        ->add_option("problem", options->problem,
                     "problem file (.json, docs/formats/lca-problem.md) or a folder of plain "
                     "matrices (docs/formats/lca-matrices.md)")
        ->required()
        ->check(CLI::ExistingPath);
  };
  const auto add_demand = [&](CLI::App* command) {
    command->add_option("--demand", options->demand,
                        "FLOW=AMOUNT or PROCESS/FLOW=AMOUNT; repeatable (default: the problem's)");
  };
  const auto add_solver = [&](CLI::App* command) {
    command->add_option("--solver", options->solver, "auto, iterative, klu or dense (default auto)")
        ->check(CLI::IsMember({"auto", "iterative", "klu", "dense"}));
  };
  const auto add_output = [&](CLI::App* command) {
    command->add_option("-o,--output", options->output, "write to a file instead of the screen");
  };

  auto* solve = lca->add_subcommand(
      "solve", "supply, inventory, score per method, contributions and the Sankey graph");
  add_problem(solve);
  add_demand(solve);
  solve->add_option("--method", options->method, "one impact method id (default: all)");
  solve->add_option("--format", options->format, "table or json")
      ->check(CLI::IsMember({"table", "json"}));
  solve
      ->add_option("--cutoff", options->cutoff,
                   "graph cut-off: keep processes with at least this share of the score")
      ->check(CLI::Range(0.0, 1.0));
  add_solver(solve);
  add_output(solve);
  solve->callback([&context, options] { solve_command(context, *options); });

  auto* all = lca->add_subcommand("all-products",
                                  "the footprint of every product from one transposed solve");
  add_problem(all);
  all->add_option("--method", options->method, "impact method id")->required();
  all->add_option("--format", options->format, "table, json or csv")
      ->check(CLI::IsMember({"table", "json", "csv"}));
  add_solver(all);
  add_output(all);
  all->callback([&context, options] { all_products_command(context, *options); });

  auto* mc = lca->add_subcommand("montecarlo", "uncertainty of the scores by Monte Carlo");
  add_problem(mc);
  add_demand(mc);
  mc->add_option("-n,--draws", options->draws, "number of draws (default 1000)")
      ->check(CLI::Range(1, 10000000));
  mc->add_option("--seed", options->seed, "random seed; the same seed gives the same result");
  mc->add_option("--method", options->method, "one impact method id (default: all)");
  mc->add_option("--threads", options->threads, "threads (default: all cores)")
      ->check(CLI::Range(0, 1024));
  mc->add_flag("--keep-draws", options->keep_draws, "include every draw in the JSON output");
  mc->add_option("--format", options->format, "table or json")
      ->check(CLI::IsMember({"table", "json"}));
  add_output(mc);
  mc->callback([&context, options] { monte_carlo_command(context, *options); });

  auto* check = lca->add_subcommand(
      "check", "read and build a problem, report its problems, sizes and loop structure");
  add_problem(check);
  check->callback([&context, options] { check_command(context, *options); });

  auto* exported =
      lca->add_subcommand("export", "write a problem as plain matrices (Matrix Market + CSV)");
  add_problem(exported);
  exported->add_option("directory", options->directory, "the folder to write")->required();
  exported->callback([&context, options] { export_command(context, *options); });
}

}  // namespace cl::cli
