// `carbonledger footprint import-background|export-background`: a free background database
// brought in as an openLCA JSON-LD package or EcoSpold 2 datasets, checked by building its
// matrices, summarised and saved as an lca-problem/1 file a study's `background:` names; and the
// way back, a problem file written as a JSON-LD or EcoSpold 2 package (docs/formats/background.md).
// Nothing is written unless the whole import succeeds (atomic write after every check).
#include <filesystem>
#include <ostream>

#include "cli/context.hpp"
#include "core/lca/build.hpp"
#include "io/background_reader.hpp"
#include "io/ecospold_writer.hpp"
#include "io/file.hpp"
#include "io/jsonld_writer.hpp"
#include "io/lca_problem_reader.hpp"
#include "io/lca_problem_writer.hpp"

namespace cl::cli {
namespace {

struct BackgroundCliOptions {
  std::string input;
  std::string method;
  std::string category;
  std::string methods_from;
  std::string output;
  std::string format = "jsonld";
};

[[noreturn]] void throw_all(const Context& context, const Diagnostics& diagnostics, Error first,
                            const std::string& path) {
  if (diagnostics.error_count() > 1) {
    context.print(diagnostics);
    throw CommandError{Error{first.code,
                             path + " has " + std::to_string(diagnostics.error_count()) +
                                 " problem(s), listed above; nothing was imported",
                             {.file = path, .row = 0, .field = "", .record = ""},
                             {}}};
  }
  Diagnostics warnings;
  for (const auto& item : diagnostics.items()) {
    if (item.severity == Severity::warning) warnings.warning(item.code, item.message, item.where);
  }
  context.print(warnings);
  throw CommandError{first};
}

void print_summary(const Context& context, const std::string& path, io::BackgroundKind kind,
                   const lca::Problem& problem) {
  std::size_t products = 0, wastes = 0, elementary = 0, exchanges = 0;
  for (const auto& flow : problem.flows) {
    products += flow.kind == lca::FlowKind::product ? 1u : 0u;
    wastes += flow.kind == lca::FlowKind::waste ? 1u : 0u;
    elementary += flow.kind == lca::FlowKind::elementary ? 1u : 0u;
  }
  for (const auto& process : problem.processes) exchanges += process.exchanges.size();
  auto& out = *context.out;
  out << "background 背景資料 " << path << " (" << io::background_kind_name(kind) << ")\n"
      << "  " << problem.processes.size() << " processes, " << exchanges << " exchanges; "
      << problem.flows.size() << " flows (" << products << " products, " << wastes << " wastes, "
      << elementary << " elementary)\n";
  out << "methods 衝擊評估方法 (" << problem.methods.size() << ")\n";
  for (const auto& method : problem.methods) {
    out << "  " << method.id << "  " << method.name << " [" << method.unit << "], "
        << method.factors.size() << " factors\n";
  }
  constexpr std::size_t kListed = 20;
  out << "products 產品 (activity keys for a study's `process:`";
  if (problem.processes.size() > kListed) out << ", first " << kListed;
  out << ")\n";
  std::map<std::string, const lca::Flow*> flows;
  for (const auto& flow : problem.flows) flows.emplace(flow.id, &flow);
  std::size_t listed = 0;
  for (const auto& process : problem.processes) {
    if (listed++ == kListed) break;
    const auto flow = flows.find(process.reference);
    out << "  " << process.id << "/" << process.reference << "  " << process.name;
    if (flow != flows.end())
      out << " → " << flow->second->name << " [" << flow->second->unit << "]";
    out << "\n";
  }
}

void import_command(const Context& context, const BackgroundCliOptions& options) {
  Diagnostics diagnostics;
  io::BackgroundOptions background{{options.method, options.category}, options.methods_from};
  auto loaded = io::read_background(options.input, background, diagnostics);
  if (!loaded) throw_all(context, diagnostics, loaded.error(), options.input);
  // The engine's own checks (providers, references, units, allocation) before anything is saved.
  auto system = lca::build_system(loaded->problem, diagnostics);
  if (!system || diagnostics.has_errors()) {
    for (const auto& item : diagnostics.items()) {
      if (item.severity == Severity::error) {
        throw_all(context, diagnostics, Error{item.code, item.message, item.where, {}},
                  options.input);
      }
    }
  }
  context.print(diagnostics);  // warnings
  print_summary(context, options.input, loaded->kind, loaded->problem);
  if (options.output.empty()) return;
  const std::string description = "Imported by `carbonledger footprint import-background` from " +
                                  options.input + " (" +
                                  std::string(io::background_kind_name(loaded->kind)) +
                                  "); the data's own license and "
                                  "sources apply.";
  value_or_throw(io::write_file(options.output,
                                io::lca_problem_json(loaded->problem, description).dump(1) + "\n"));
  *context.out << "wrote " << options.output << "\n";
}

void export_command(const Context& context, const BackgroundCliOptions& options) {
  Diagnostics diagnostics;
  auto problem = io::read_lca_problem(options.input, diagnostics);
  if (!problem) throw_all(context, diagnostics, problem.error(), options.input);
  context.print(diagnostics);
  value_or_throw(options.format == "ecospold" ? io::write_ecospold(*problem, options.output)
                                              : io::write_jsonld(*problem, options.output));
  *context.out << "wrote " << options.output << " ("
               << (options.format == "ecospold" ? "EcoSpold 2" : "openLCA JSON-LD") << ", "
               << problem->processes.size() << " processes)\n";
}

}  // namespace

void add_background_commands(CLI::App& footprint, Context& context) {
  auto options = std::make_shared<BackgroundCliOptions>();
  auto* import = footprint.add_subcommand("import-background",
                                          "read an openLCA JSON-LD package or EcoSpold 2 datasets "
                                          "as a study's background 匯入背景資料");
  import
      ->add_option("package", options->input,
                   "JSON-LD zip or folder, .spold file, zip or folder of .spold files")
      ->required();
  import->add_option("--method", options->method,
                     "only the categories of this LCIA method (name or @id)");
  import->add_option("--category", options->category,
                     "only this LCIA category (name or @id), e.g. \"GWP 100\"");
  import->add_option("--methods-from", options->methods_from,
                     "EcoSpold 2: take LCIA methods from this JSON-LD package");
  import->add_option("-o,--output", options->output,
                     "save as an lca-problem/1 file for a study's background:");
  import->callback([&context, options] { import_command(context, *options);
});

auto* exp = footprint.add_subcommand(
    "export-background", "write an lca-problem/1 file as a JSON-LD or EcoSpold 2 package (zip)");
exp->add_option("problem", options->input, "lca-problem/1 file")
    ->required()
    ->check(CLI::ExistingFile);
exp->add_option("-o,--output", options->output, "the zip to write")->required();
exp->add_option("--format", options->format, "jsonld (default) or ecospold")
    ->check(CLI::IsMember({"jsonld", "ecospold"}));
exp->callback([&context, options] { export_command(context, *options); });
}  // namespace cl::cli

}  // namespace cl::cli
