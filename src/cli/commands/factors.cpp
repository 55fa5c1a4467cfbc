// `carbonledger factors list|search|show|gwp`: browse the factor library with provenance.
#include <fmt/format.h>

#include <ostream>

#include "cli/context.hpp"
#include "io/inventory_writer.hpp"

namespace cl::cli {
namespace {

struct FactorOptions {
  std::string format = "table";
  std::string table;
  std::string source_type;
  std::vector<std::string> words;
  std::string id;
  std::string gwp_set;
};

std::string gases_text(const factors::EmissionFactor& factor) {
  std::string out;
  for (const auto& gas : factor.gases)
    out += fmt::format("{}{} {:g}", out.empty() ? "" : ", ", gas.gas, gas.kg_per_unit);
  return out;
}

void print_list(const Context& context, const std::vector<const factors::EmissionFactor*>& list,
                const std::string& format) {
  if (format == "json") {
    nlohmann::json out = nlohmann::json::array();
    for (const auto* factor : list) out.push_back(io::factor_json(*factor));
    *context.out << out.dump(2) << '\n';
    return;
  }
  for (const auto* factor : list) {
    *context.out << fmt::format("{:<44} {:<8} kg/{:<6} {}  — {}\n", factor->id,
                                factors::factor_type_id(factor->type), factor->per.symbol,
                                gases_text(*factor), factor->name_zh);
  }
  *context.out << fmt::format("{} factor(s)\n", list.size());
}

void show(const Context& context, const factors::EmissionFactor& factor,
          const std::string& format) {
  if (format == "json") {
    *context.out << io::factor_json(factor).dump(2) << '\n';
    return;
  }
  auto& out = *context.out;
  out << fmt::format("{}\n  {} / {}\n  for: {}\n  per {}: {}\n", factor.id, factor.name_zh,
                     factor.name_en, factor.source_type, factor.per.symbol, gases_text(factor));
  if (factor.heating_value) {
    const auto& hv = *factor.heating_value;
    out << fmt::format("  heating value: {:g} {} per {} — {} [{}]\n", hv.value,
                       hv.energy_unit.symbol, hv.per_unit.symbol, hv.provenance.to_string(),
                       verification_id(hv.provenance.verification));
  }
  if (factor.uncertainty) {
    out << fmt::format("  uncertainty (95 %): -{:g} % / +{:g} %\n", 100 * factor.uncertainty->lower,
                       100 * factor.uncertainty->upper);
  }
  out << fmt::format("  type: {} (A3 grade {})  region: {}  year: {}\n",
                     factors::factor_type_id(factor.type), factors::a3_grade(factor.type),
                     factor.region, factor.year);
  out << fmt::format("  source: {} [{}]\n", factor.provenance.to_string(),
                     verification_id(factor.provenance.verification));
  if (!factor.provenance.url.empty()) out << "  url: " << factor.provenance.url << '\n';
  if (!factor.note.empty()) out << "  note: " << factor.note << '\n';
}

void print_gwp(const Context& context, const factors::FactorLibrary& library,
               const std::string& id) {
  const auto* set = value_or_throw(library.find_gwp_set(id));
  auto& out = *context.out;
  out << fmt::format("{} — {}\n  source: {} [{}]\n", set->id, set->name_en,
                     set->provenance.to_string(), verification_id(set->provenance.verification));
  for (const auto& [gas, value] : set->values) {
    auto note = set->notes.find(gas);
    out << fmt::format("  {:<16} {:>10g}{}\n", gas, value,
                       note == set->notes.end() ? "" : "  (" + note->second + ")");
  }
  out << "Refrigerants (GWP = Σ share × component GWP):\n";
  for (const auto& blend : library.blends()) {
    auto gwp = library.blend_gwp(blend, *set);
    if (!gwp) continue;
    std::string parts;
    for (const auto& [component, value] : gwp->components) {
      parts += fmt::format("{}{:g}×{} {:g}", parts.empty() ? "" : " + ", component.share,
                           component.gas, value);
    }
    out << fmt::format("  {:<10} {:>10.1f} = {}\n", blend.id, gwp->gwp, parts);
  }
}

}  // namespace

void add_factors_commands(CLI::App& app, Context& context) {
  auto* factors =
      app.add_subcommand("factors", "browse emission factors, GWP sets and refrigerants");
  factors->require_subcommand(1);
  auto options = std::make_shared<FactorOptions>();
  const auto add_format = [&](CLI::App* command) {
    command->add_option("--format", options->format, "table or json")
        ->check(CLI::IsMember({"table", "json"}));
  };

  auto* list =
      factors->add_subcommand("list", "list factors, optionally of one table or source type");
  list->add_option("--table", options->table, "table id, e.g. tw-moenv-2024");
  list->add_option("--type", options->source_type, "source type, e.g. stationary_combustion");
  add_format(list);
  list->callback([&context, options] {
    auto loaded = context.load_library();
    std::vector<const factors::EmissionFactor*> selected;
    for (const auto& factor : loaded.library.factors()) {
      if (!options->table.empty() && factor.table_id != options->table) continue;
      if (!options->source_type.empty() && factor.source_type != options->source_type) continue;
      selected.push_back(&factor);
    }
    print_list(context, selected, options->format);
  });

  auto* search =
      factors->add_subcommand("search", "search by Chinese or English name, code, gas or source");
  search->add_option("words", options->words, "search terms; all must match")->required();
  add_format(search);
  search->callback([&context, options] {
    auto loaded = context.load_library();
    std::string query;
    for (const auto& word : options->words) query += word + " ";
    print_list(context, loaded.library.search(query), options->format);
  });

  auto* show_cmd = factors->add_subcommand("show", "one factor with its provenance");
  show_cmd->add_option("id", options->id, "factor id")->required();
  add_format(show_cmd);
  show_cmd->callback([&context, options] {
    auto loaded = context.load_library();
    show(context, *value_or_throw(loaded.library.find_factor(options->id)), options->format);
  });

  auto* gwp =
      factors->add_subcommand("gwp", "a GWP set and the GWP of every refrigerant computed from it");
  gwp->add_option("--set", options->gwp_set, "AR4, AR5 or AR6")->default_val("AR5");
  gwp->callback([&context, options] {
    auto loaded = context.load_library();
    print_gwp(context, loaded.library, options->gwp_set);
  });
}

}  // namespace cl::cli
