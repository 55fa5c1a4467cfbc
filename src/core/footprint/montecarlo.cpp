#include "core/footprint/montecarlo.hpp"

#include <algorithm>
#include <cmath>
#include <numeric>

#include "core/common/random.hpp"
#include "core/common/statistics.hpp"
#include "core/footprint/background.hpp"
#include "core/lca/build.hpp"
#include "core/lca/monte_carlo.hpp"

namespace cl::footprint {
namespace {

/// FNV-1a: a line id → 64 bits, so a line's random stream follows its id, not its position.
std::uint64_t hash_id(std::string_view id) {
  std::uint64_t hash = 0xcbf29ce484222325ULL;
  for (const char c : id) {
    hash ^= static_cast<unsigned char>(c);
    hash *= 0x100000001b3ULL;
  }
  return hash;
}

Spread summarize(double nominal, std::vector<double> values) {
  Spread out;
  out.nominal = nominal;
  std::sort(values.begin(), values.end());
  if (values.front() == values.back()) {
    // A fixed value (a stage without uncertainty): exactly itself, SD 0, without the rounding
    // of a sum divided by n.
    out.mean = out.p2_5 = out.p5 = out.p50 = out.p95 = out.p97_5 = values.front();
    return out;
  }
  const auto n = static_cast<double>(values.size());
  double sum = 0.0;
  for (const double value : values) sum += value;
  out.mean = sum / n;
  double squares = 0.0;
  for (const double value : values) squares += (value - out.mean) * (value - out.mean);
  out.sd = values.size() > 1 ? std::sqrt(squares / (n - 1.0)) : 0.0;
  out.p2_5 = percentile(values, 0.025);
  out.p5 = percentile(values, 0.05);
  out.p50 = percentile(values, 0.5);
  out.p95 = percentile(values, 0.95);
  out.p97_5 = percentile(values, 0.975);
  return out;
}

/// What a draw needs of one line: E = a · k · f.
struct DrawnLine {
  std::string id;
  Stage stage = Stage::raw_materials;
  double amount = 0.0;  ///< a as written
  lca::Distribution amount_spread;
  double scale = 0.0;     ///< k
  double per_unit = 0.0;  ///< f, nominal
  lca::Distribution factor_spread;
  const std::vector<double>* background = nullptr;  ///< f per draw, for a process line
  std::uint64_t seed = 0;
};

void check_one(const std::optional<lca::Distribution>& spread, double nominal,
               const std::string& id, const std::string& field, const RecordRef& where,
               Diagnostics& diagnostics) {
  if (!spread) return;
  auto checked = lca::check_distribution(*spread, nominal);
  if (checked) return;
  RecordRef at = where;
  at.field = field;
  diagnostics.error(ErrorCode::footprint_invalid,
                    "line '" + id + "', " + field + ": " + checked.error().message, at);
}

template <class Line>
void check_line(const Line& line, Diagnostics& diagnostics) {
  check_one(line.uncertainty, line.amount, line.id, "uncertainty", line.where, diagnostics);
  if (line.factor) {
    check_one(line.factor->uncertainty, line.factor->kg_co2e_per_unit, line.id,
              "factor.uncertainty", line.where, diagnostics);
  }
}

/// The study with every amount set to 1: compute_footprint then gives k of each line.
Study unit_amounts(Study study) {
  for (auto& line : study.lines) line.amount = 1.0;
  for (auto& line : study.shared) line.amount = 1.0;
  return study;
}

}  // namespace

Result<BackgroundDraws> background_draws(const lca::Problem& problem, const std::string& method,
                                         const std::vector<std::string>& keys,
                                         const MonteCarloOptions& options,
                                         Diagnostics& diagnostics) {
  BackgroundDraws out;
  if (keys.empty()) return out;
  auto built = background_system(problem, method, diagnostics);
  if (!built) return tl::unexpected(built.error());
  const lca::MatrixSystem* system = &built->system;
  const std::size_t method_index = built->method;
  auto solver = lca::Solver::analyze(
      system->technosphere, [&system](std::size_t j) { return system->activity_label(j); });
  if (!solver) return tl::unexpected(solver.error());
  if (auto factorized = solver->factorize(); !factorized) {
    return tl::unexpected(factorized.error());
  }
  lca::MonteCarloOptions mc;
  mc.draws = options.draws;
  mc.seed = options.seed;
  mc.threads = options.threads;
  mc.keep_draws = true;
  mc.method = method_index;
  for (const auto& key : keys) {
    auto activity = system->find_activity(key);
    if (!activity) {
      return fail(ErrorCode::footprint_reference,
                  "background process '" + key + "': " + activity.error().message);
    }
    // One unit of the activity's product: its score is the footprint per unit, t_j.
    lca::Vector demand = lca::Vector::Zero(static_cast<Eigen::Index>(system->size()));
    demand[static_cast<Eigen::Index>(*activity)] = 1.0;
    auto result = lca::run_monte_carlo(*system, *solver, demand, mc);
    if (!result) {
      Error error = result.error();
      error.add_context("Monte Carlo of background process '" + key + "'");
      return tl::unexpected(std::move(error));
    }
    out[key] = std::move(result->methods.front().draws);
  }
  return out;
}

void check_uncertainty(const Study& study, Diagnostics& diagnostics) {
  for (const auto& line : study.lines) check_line(line, diagnostics);
  for (const auto& line : study.shared) check_line(line, diagnostics);
}

Result<FootprintMonteCarlo> montecarlo(const Study& study, const Profile& profile,
                                       const Background* background, const BackgroundDraws* drawn,
                                       const MonteCarloOptions& options, Diagnostics& diagnostics) {
  if (options.draws < 1 || options.draws > kMaxDraws) {
    return fail(ErrorCode::parse_bad_value, "the number of draws must be 1 to " +
                                                std::to_string(kMaxDraws) + ", not " +
                                                std::to_string(options.draws));
  }
  const std::size_t errors_before = diagnostics.error_count();
  check_uncertainty(study, diagnostics);
  auto nominal = compute_footprint(study, profile, background, diagnostics);
  if (diagnostics.error_count() > errors_before || !nominal) {
    for (const auto& item : diagnostics.items()) {
      if (item.severity == Severity::error) return fail(item.code, item.message, item.where);
    }
    return tl::unexpected(nominal.error());
  }
  Diagnostics unit_diagnostics;
  const auto unit = compute_footprint(unit_amounts(study), profile, background, unit_diagnostics);
  if (!unit || unit->lines.size() != nominal->lines.size()) {
    return fail(ErrorCode::internal, "the study's unit amounts could not be computed");
  }

  // compute_footprint lists the activity lines, then the shared lines, in the study's order.
  std::vector<DrawnLine> lines;
  const auto add = [&](const auto& line, const LineResult& result, const LineResult& per_one) {
    DrawnLine out;
    out.id = line.id;
    out.stage = line.stage;
    out.amount = line.amount;
    if (line.uncertainty) out.amount_spread = *line.uncertainty;
    out.scale = per_one.amount;
    out.per_unit = result.per_unit;
    if (line.factor && line.factor->uncertainty) out.factor_spread = *line.factor->uncertainty;
    if (line.process && drawn != nullptr) {
      const auto found = drawn->find(line.process->activity);
      if (found == drawn->end() || found->second.size() != options.draws) {
        return false;
      }
      out.background = &found->second;
    }
    out.seed = options.seed ^ hash_id(line.id);
    lines.push_back(std::move(out));
    return true;
  };
  std::size_t index = 0;
  for (const auto& line : study.lines) {
    if (!add(line, nominal->lines[index], unit->lines[index])) {
      return fail(ErrorCode::internal, "no background draws for line '" + line.id + "'s process " +
                                           line.process->activity);
    }
    ++index;
  }
  for (const auto& line : study.shared) {
    if (!add(line, nominal->lines[index], unit->lines[index])) {
      return fail(ErrorCode::internal, "no background draws for shared line '" + line.id + "'");
    }
    ++index;
  }
  // Summed in the order of the ids, so reordering the study's lines changes no bit of a draw.
  std::sort(lines.begin(), lines.end(),
            [](const DrawnLine& lhs, const DrawnLine& rhs) { return lhs.id < rhs.id; });

  FootprintMonteCarlo out;
  out.draws = options.draws;
  out.seed = options.seed;
  for (const auto& line : lines) {
    if (line.amount_spread.uncertain() || line.factor_spread.uncertain() ||
        line.background != nullptr) {
      ++out.uncertain_lines;
    }
  }
  const auto stages = boundary_stages(study.boundary);
  std::vector<double> totals(options.draws, 0.0);
  std::vector<std::vector<double>> stage_totals(stages.size(),
                                                std::vector<double>(options.draws, 0.0));
  std::vector<std::size_t> stage_of(lines.size(), 0);
  for (std::size_t i = 0; i < lines.size(); ++i) {
    stage_of[i] = static_cast<std::size_t>(std::find(stages.begin(), stages.end(), lines[i].stage) -
                                           stages.begin());
  }
  for (std::size_t draw = 0; draw < options.draws; ++draw) {
    double total = 0.0;
    for (std::size_t i = 0; i < lines.size(); ++i) {
      const DrawnLine& line = lines[i];
      auto stream = Xoshiro256::for_stream(line.seed, draw);
      lca::NormalSampler sampler(stream);
      const double amount = lca::sample(line.amount_spread, line.amount, sampler);
      const double factor = line.background != nullptr
                                ? (*line.background)[draw]
                                : lca::sample(line.factor_spread, line.per_unit, sampler);
      const double emissions = amount * line.scale * factor;
      total += emissions;
      stage_totals[stage_of[i]][draw] += emissions;
    }
    totals[draw] = total;
  }
  if (options.keep_draws) out.values = totals;
  out.total = summarize(nominal->total, std::move(totals));
  for (std::size_t s = 0; s < stages.size(); ++s) {
    double stage_nominal = 0.0;
    for (const auto& item : nominal->stages) {
      if (item.stage == stages[s]) stage_nominal = item.emissions;
    }
    out.stages.push_back({stages[s], summarize(stage_nominal, std::move(stage_totals[s]))});
  }
  return out;
}

}  // namespace cl::footprint
