// LCA matrix engine benchmark (reference/lca-engine.md §6, bench/lca/README.md): reads a system
// written by bench/lca/generate.py with the io reader, times the scenarios of the protocol and
// checks every answer against the SciPy peer's JSON (bench/lca/baseline_scipy.py, same run):
//
//   cold single LCA, automatic path (analyze + iterate or factorize + s, g, h), cold forced KLU,
//   warm solve (another demand, same factorization), all-products footprints for 1 method (one
//   transposed solve) and for 100 methods (multi-RHS; method vectors re-used, scaled, when the
//   system has fewer), 1,000 unit demands as one solve_many block, Monte Carlo with N draws
//   (σ = 0.2 lognormal on every off-diagonal A and every B entry), and a replay of the peer's P2
//   draws from the common random stream it wrote.
//
// Gates (any failure: exit 1): relative residual ≤ 1e-12; score vs the peer's P1 ≤ 1e-9
// relative; adjoint footprint of j vs a direct solve for j ≤ 1e-12 (the adjoint sample and the
// 1,000-demand block); Monte Carlo mean and sd within 5 standard errors of the peer's reference;
// replayed P2 draws ≤ 1e-9. Prints one side-by-side table (engine, peer, ratio, target) with the
// machine line and writes every figure as JSON (--out). Peak RSS comes from getrusage.
//
// A plain main rather than Google Benchmark, as bench/inventory_bench.cpp: the figures that count
// are whole scenarios compared with the peer process of the same run.
#include <sys/resource.h>

#include <algorithm>
#include <bit>
#include <chrono>
#include <cmath>
#include <cstdint>
#include <cstdio>
#include <cstdlib>
#include <fstream>
#include <nlohmann/json.hpp>
#include <optional>
#include <string>
#include <thread>
#include <vector>

#include "core/lca/monte_carlo.hpp"
#include "core/lca/results.hpp"
#include "core/lca/solver.hpp"
#include "io/lca_matrices.hpp"

namespace {

using Clock = std::chrono::steady_clock;
using nlohmann::json;
namespace lca = cl::lca;

constexpr double kResidualLimit = 1e-12;
constexpr double kPeerTolerance = 1e-9;
constexpr double kAdjointTolerance = 1e-12;
constexpr double kStandardErrors = 5.0;  // Monte Carlo statistics: about 1 false alarm in 10^6
constexpr double kSigma = 0.2;
constexpr std::size_t kManyMethods = 100;

double seconds_since(Clock::time_point start) {
  return std::chrono::duration<double>(Clock::now() - start).count();
}

double peak_rss_mb() {
  rusage usage{};
  getrusage(RUSAGE_SELF, &usage);
  return static_cast<double>(usage.ru_maxrss) / 1024.0;  // Linux: kilobytes
}

std::string machine_line() {
  std::string model = "unknown CPU";
  std::ifstream cpuinfo("/proc/cpuinfo");
  for (std::string line; std::getline(cpuinfo, line);) {
    if (line.rfind("model name", 0) == 0) {
      const auto colon = line.find(':');
      model = line.substr(colon + 2);
      break;
    }
  }
  std::ifstream loadavg("/proc/loadavg");
  std::string one, five, fifteen;
  loadavg >> one >> five >> fifteen;
  return model + ", " + std::to_string(std::thread::hardware_concurrency()) + " cores, load " +
         one + " " + five + " " + fifteen;
}

struct Options {
  std::string dir;
  std::string expect;  ///< peer JSON
  std::string out;     ///< results JSON
  int runs = 5;
  int warm_runs = 20;
  std::size_t mc_draws = 1000;
  std::uint64_t mc_seed = 1;
  unsigned threads = 0;
  double tolerance = kResidualLimit;
  bool check = true;
};

[[noreturn]] void usage_error(const std::string& message) {
  std::fprintf(stderr,
               "error: %s\nusage: lca_bench DIR --expect PEER.json [--out RESULTS.json] "
               "[--runs N] [--warm-runs N] [--mc-draws N] [--mc-seed S] [--threads T] "
               "[--tolerance X] [--quick] [--no-check]\n",
               message.c_str());
  std::exit(2);
}

Options parse_options(int argc, char** argv) {
  Options options;
  for (int idx = 1; idx < argc; ++idx) {
    const std::string arg = argv[idx];
    const auto value = [&]() -> std::string {
      if (idx + 1 >= argc) usage_error(arg + " needs a value");
      return argv[++idx];
    };
    if (arg == "--expect") {
      options.expect = value();
    } else if (arg == "--out") {
      options.out = value();
    } else if (arg == "--runs") {
      options.runs = std::stoi(value());
    } else if (arg == "--warm-runs") {
      options.warm_runs = std::stoi(value());
    } else if (arg == "--mc-draws") {
      options.mc_draws = std::stoul(value());
    } else if (arg == "--mc-seed") {
      options.mc_seed = std::stoull(value());
    } else if (arg == "--threads") {
      options.threads = static_cast<unsigned>(std::stoul(value()));
    } else if (arg == "--tolerance") {
      options.tolerance = std::stod(value());
    } else if (arg == "--quick") {  // the ctest: few runs and draws
      options.runs = 1;
      options.warm_runs = 3;
      options.mc_draws = 50;
    } else if (arg == "--no-check") {
      options.check = false;
    } else if (!arg.empty() && arg[0] != '-' && options.dir.empty()) {
      options.dir = arg;
    } else {
      usage_error("unknown argument '" + arg + "'");
    }
  }
  if (options.dir.empty()) usage_error("DIR is required");
  if (options.check && options.expect.empty()) usage_error("--expect is required (or --no-check)");
  if (options.runs < 1 || options.warm_runs < 1) usage_error("runs must be at least 1");
  return options;
}

[[noreturn]] void engine_error(const std::string& what, const cl::Error& error) {
  std::fprintf(stderr, "error: %s: %s\n", what.c_str(), error.to_string().c_str());
  std::exit(3);
}

template <class T>
T take(cl::Result<T> result, const std::string& what) {
  if (!result) engine_error(what, result.error());
  return std::move(*result);
}

json read_json(const std::string& path) {
  std::ifstream in(path);
  if (!in) {
    std::fprintf(stderr, "error: cannot read %s\n", path.c_str());
    std::exit(2);
  }
  return json::parse(in);
}

/// Median and minimum of a scenario's runs.
struct Timing {
  std::vector<double> runs;
  double median() const {
    auto sorted = runs;
    std::sort(sorted.begin(), sorted.end());
    const std::size_t mid = sorted.size() / 2;
    return sorted.size() % 2 == 1 ? sorted[mid] : (sorted[mid - 1] + sorted[mid]) / 2;
  }
  double min() const { return *std::min_element(runs.begin(), runs.end()); }
  json to_json() const { return {{"median", median()}, {"min", min()}, {"runs", runs}}; }
};

double relative_difference(double actual, double expected) {
  const double scale = std::max(std::abs(actual), std::abs(expected));
  return scale == 0.0 ? 0.0 : std::abs(actual - expected) / scale;
}

/// Every gate, printed and kept for the JSON; failures make the exit status 1.
class Checks {
 public:
  /// |actual − expected| ≤ tolerance × max(|actual|, |expected|).
  void relative(const std::string& name, double actual, double expected, double tolerance) {
    add(name, relative_difference(actual, expected), tolerance,
        {{"actual", actual}, {"expected", expected}});
  }
  /// value ≤ limit.
  void at_most(const std::string& name, double value, double limit) { add(name, value, limit, {}); }
  void fail(const std::string& name, const std::string& message) {
    ++failures_;
    std::fprintf(stderr, "CHECK FAILED %s: %s\n", name.c_str(), message.c_str());
    items_.push_back({{"name", name}, {"pass", false}, {"message", message}});
  }
  int failures() const { return failures_; }
  std::size_t count() const { return items_.size(); }
  const json& items() const { return items_; }

 private:
  void add(const std::string& name, double value, double limit, json extra) {
    const bool pass = std::isfinite(value) && value <= limit;
    if (!pass) {
      ++failures_;
      std::fprintf(stderr, "CHECK FAILED %s: %.3g > %.3g %s\n", name.c_str(), value, limit,
                   extra.empty() ? "" : extra.dump().c_str());
    }
    extra["name"] = name;
    extra["value"] = value;
    extra["limit"] = limit;
    extra["pass"] = pass;
    items_.push_back(std::move(extra));
  }
  json items_ = json::array();
  int failures_ = 0;
};

/// Positions of A's off-diagonal entries in CSC order (the order of the peer's random stream).
/// Empty when A is not compressed with sorted rows, since the order would then differ.
std::vector<std::int64_t> offdiagonal_positions(const lca::SparseMatrix& a) {
  std::vector<std::int64_t> positions;
  if (!a.isCompressed()) return positions;
  positions.reserve(static_cast<std::size_t>(a.nonZeros()));
  const int* outer = a.outerIndexPtr();
  const int* inner = a.innerIndexPtr();
  for (int col = 0; col < a.outerSize(); ++col) {
    for (int pos = outer[col]; pos < outer[col + 1]; ++pos) {
      if (pos > outer[col] && inner[pos] <= inner[pos - 1]) return {};
      if (inner[pos] != col) positions.push_back(pos);
    }
  }
  return positions;
}

lca::Vector unit_vector(Eigen::Index size, Eigen::Index index) {
  lca::Vector vector = lca::Vector::Zero(size);
  vector(index) = 1.0;
  return vector;
}

}  // namespace

int main(int argc, char** argv) {
  static_assert(std::endian::native == std::endian::little, "the P2 draws file is little-endian");
  const Options options = parse_options(argc, argv);
  const json meta = read_json(options.dir + "/meta.json");
  const json peer = options.check ? read_json(options.expect) : json::object();
  Checks checks;
  json results = json::object();

  // Reading is not a scenario (the peer does not time it either), but it is reported.
  const auto read_start = Clock::now();
  auto read = cl::io::read_lca_matrices(options.dir);
  if (!read) engine_error("reading " + options.dir, read.error());
  lca::MatrixSystem system = std::move(read->system);
  const double read_s = seconds_since(read_start);
  const double rss_after_read = peak_rss_mb();

  const lca::SparseMatrix& a = system.technosphere;
  const lca::SparseMatrix& b = system.biosphere;
  const auto n = static_cast<Eigen::Index>(system.size());
  if (system.methods.empty()) {
    std::fprintf(stderr, "error: %s has no characterization method\n", options.dir.c_str());
    return 2;
  }
  const lca::Vector& c0 = system.methods[0].factors;
  const lca::Vector q0 = b.transpose() * c0;  // direct footprint per activity, method 1
  const json& bench = meta.at("bench");
  // demand.csv as the reader gives it; meta.json's copy when the file is absent.
  const lca::Vector f = read->demand.empty()
                            ? unit_vector(n, bench.at("demand").get<Eigen::Index>() - 1)
                            : take(lca::make_demand(system, read->demand), "demand.csv");
  const lca::Vector f_warm = unit_vector(n, bench.at("warm_demand").get<Eigen::Index>() - 1);
  std::vector<Eigen::Index> block;
  for (const auto& j : bench.at("block_demands")) block.push_back(j.get<Eigen::Index>() - 1);
  const lca::ActivityNamer namer = [&system](std::size_t j) { return system.activity_label(j); };
  lca::LcaOptions one_method;
  one_method.method = 0;
  one_method.contributions = false;
  std::printf("%s: n=%td A nnz=%td m=%td B nnz=%td methods=%zu, read in %.2f s\n",
              meta.value("preset", "?").c_str(), n, a.nonZeros(), b.rows(), b.nonZeros(),
              system.methods.size(), read_s);

  // 1. Cold single LCA, automatic path: analyze, then iterate or factorize, s, g, h.
  lca::SolverOptions auto_options;
  auto_options.kind = lca::SolverKind::automatic;
  auto_options.tolerance = options.tolerance;
  Timing cold_auto;
  lca::LcaResult auto_result;
  for (int run = 0; run < options.runs; ++run) {
    const auto start = Clock::now();
    auto solver = take(lca::Solver::analyze(a, namer, auto_options), "analyze (auto)");
    auto_result = take(lca::calculate(system, solver, f, one_method), "cold LCA (auto)");
    cold_auto.runs.push_back(seconds_since(start));
  }
  const double auto_score = auto_result.methods.at(0).score;

  // 2. Cold single LCA, forced factorization (solver "klu": our sparse LU on KLU's ordering):
  //    analyze + factorize + s, g, h. The last solver stays.
  lca::SolverOptions klu_options = auto_options;
  klu_options.kind = lca::SolverKind::klu;
  Timing cold_klu;
  std::optional<lca::Solver> solver;
  lca::LcaResult klu_result;
  for (int run = 0; run < options.runs; ++run) {
    solver.reset();
    const auto start = Clock::now();
    solver.emplace(take(lca::Solver::analyze(a, namer, klu_options), "analyze (klu)"));
    const auto factorized = solver->factorize();
    if (!factorized) engine_error("factorize (klu)", factorized.error());
    klu_result = take(lca::calculate(system, *solver, f, one_method), "cold LCA (klu)");
    cold_klu.runs.push_back(seconds_since(start));
  }
  const double klu_score = klu_result.methods.at(0).score;

  // 3. Warm: another demand on the same factorization.
  Timing warm;
  lca::LcaResult warm_result;
  for (int run = 0; run < options.warm_runs; ++run) {
    const auto start = Clock::now();
    warm_result = take(lca::calculate(system, *solver, f_warm, one_method), "warm LCA");
    warm.runs.push_back(seconds_since(start));
  }
  const double warm_score = warm_result.methods.at(0).score;

  // 4. All products, one method: one transposed solve.
  Timing all_one;
  lca::AllProductsResult adjoint;
  for (int run = 0; run < options.warm_runs; ++run) {
    const auto start = Clock::now();
    adjoint = take(lca::all_products(system, *solver, 0), "all products");
    all_one.runs.push_back(seconds_since(start));
  }
  const lca::Vector& t = adjoint.footprints;
  const double rss_core = peak_rss_mb();

  // 5. All products, 100 methods: Q = Bᵀ Cᵀ, then one multi-RHS transposed solve. Method k is
  // method (k mod K) scaled by 1 + k / K, so the answer is known from the one-method results.
  const std::size_t k_methods = system.methods.size();
  Eigen::MatrixXd c_many(static_cast<Eigen::Index>(kManyMethods), b.rows());
  std::vector<double> scale_of(kManyMethods);
  for (std::size_t k = 0; k < kManyMethods; ++k) {
    scale_of[k] = 1.0 + static_cast<double>(k / k_methods);
    c_many.row(static_cast<Eigen::Index>(k)) =
        scale_of[k] * system.methods[k % k_methods].factors.transpose();
  }
  Timing all_many;
  Eigen::MatrixXd t_many;
  for (int run = 0; run < options.runs; ++run) {
    const auto start = Clock::now();
    const Eigen::MatrixXd q_many = b.transpose() * c_many.transpose();
    t_many = take(solver->solve_transposed_many(q_many), "all products, 100 methods");
    all_many.runs.push_back(seconds_since(start));
  }

  // 6. 1,000 unit demands as one block, scores h = q·s.
  Timing block_timing;
  Eigen::RowVectorXd block_scores;
  for (int run = 0; run < options.runs; ++run) {
    const auto start = Clock::now();
    Eigen::MatrixXd demands = Eigen::MatrixXd::Zero(n, static_cast<Eigen::Index>(block.size()));
    for (std::size_t col = 0; col < block.size(); ++col) {
      demands(block[col], static_cast<Eigen::Index>(col)) = 1.0;
    }
    const Eigen::MatrixXd supplies = take(solver->solve_many(demands), "1,000 demands");
    block_scores = q0.transpose() * supplies;
    block_timing.runs.push_back(seconds_since(start));
  }

  // 7. Monte Carlo: σ = 0.2 lognormal on every off-diagonal A entry and every B entry.
  const auto positions = offdiagonal_positions(a);
  const lca::Distribution lognormal{lca::DistributionKind::lognormal, std::exp(kSigma)};
  system.technosphere_uncertainty.clear();
  for (const auto pos : positions) {
    system.technosphere_uncertainty.push_back({pos, a.valuePtr()[pos], lognormal});
  }
  system.biosphere_uncertainty.clear();
  for (std::int64_t pos = 0; pos < b.nonZeros(); ++pos) {
    system.biosphere_uncertainty.push_back({pos, b.valuePtr()[pos], lognormal});
  }
  lca::MonteCarloOptions mc_options;
  mc_options.draws = options.mc_draws;
  mc_options.seed = options.mc_seed;
  mc_options.threads = options.threads;
  mc_options.method = 0;
  const auto mc_start = Clock::now();
  const auto mc = take(lca::run_monte_carlo(system, *solver, f, mc_options), "Monte Carlo");
  const double mc_s = seconds_since(mc_start);
  const auto& mc_stats = mc.methods.at(0);

  // 8. Replay of the peer's P2 draws (same multipliers, read from its file): solve_perturbed.
  Timing replay;
  std::vector<double> replay_scores;
  if (options.check && peer.at("monte_carlo").at("p2_draws").get<std::size_t>() > 0) {
    const json& p2 = peer.at("monte_carlo");
    const auto per_draw =
        p2.at("n_offdiagonal").get<std::size_t>() + p2.at("nnz_biosphere").get<std::size_t>();
    const auto draws = p2.at("p2_draws").get<std::size_t>();
    std::vector<double> multipliers(per_draw * draws);
    std::ifstream in(p2.at("draws_file").get<std::string>(), std::ios::binary);
    in.read(reinterpret_cast<char*>(multipliers.data()),
            static_cast<std::streamsize>(multipliers.size() * sizeof(double)));
    if (!in || positions.size() != p2.at("n_offdiagonal").get<std::size_t>() ||
        static_cast<std::size_t>(b.nonZeros()) != p2.at("nnz_biosphere").get<std::size_t>()) {
      checks.fail("p2_replay", "the P2 draws file or the matrices' CSC order do not match");
    } else {
      auto workspace = solver->make_workspace();
      std::vector<double> a_values(static_cast<std::size_t>(a.nonZeros()));
      lca::SparseMatrix b_draw = b;
      for (std::size_t draw = 0; draw < draws; ++draw) {
        const double* mult = multipliers.data() + draw * per_draw;
        const auto start = Clock::now();
        std::copy(a.valuePtr(), a.valuePtr() + a.nonZeros(), a_values.begin());
        for (std::size_t idx = 0; idx < positions.size(); ++idx) {
          a_values[static_cast<std::size_t>(positions[idx])] *= mult[idx];
        }
        for (Eigen::Index pos = 0; pos < b.nonZeros(); ++pos) {
          b_draw.valuePtr()[pos] = b.valuePtr()[pos] * mult[positions.size() + pos];
        }
        const auto s = take(solver->solve_perturbed(a_values.data(), f, *workspace),
                            "P2 replay draw " + std::to_string(draw));
        replay_scores.push_back(c0.dot(b_draw * s));
        replay.runs.push_back(seconds_since(start));
      }
    }
  }

  // Gates.
  checks.at_most("residual_cold_auto", lca::relative_residual(a, auto_result.supply, f),
                 kResidualLimit);
  checks.at_most("residual_cold_klu", lca::relative_residual(a, klu_result.supply, f),
                 kResidualLimit);
  checks.at_most("residual_warm", lca::relative_residual(a, warm_result.supply, f_warm),
                 kResidualLimit);
  // The 1,000-demand block against the adjoint: score of unit demand j is t_j.
  double block_vs_adjoint = 0.0;
  for (std::size_t col = 0; col < block.size(); ++col) {
    block_vs_adjoint =
        std::max(block_vs_adjoint,
                 relative_difference(block_scores(static_cast<Eigen::Index>(col)), t(block[col])));
  }
  checks.at_most("adjoint_vs_block_1000", block_vs_adjoint, kAdjointTolerance);
  for (const auto& j : bench.at("adjoint_sample")) {
    const auto index = j.get<Eigen::Index>() - 1;
    const auto direct = take(solver->solve(unit_vector(n, index)), "direct solve");
    checks.relative("adjoint_vs_direct[" + std::to_string(index + 1) + "]", t(index),
                    q0.dot(direct), kAdjointTolerance);
  }
  double many_vs_one = 0.0;
  if (k_methods == 1) {
    for (std::size_t k = 0; k < kManyMethods; ++k) {
      const auto col = t_many.col(static_cast<Eigen::Index>(k));
      many_vs_one = std::max(many_vs_one, (col - scale_of[k] * t).lpNorm<Eigen::Infinity>() /
                                              (scale_of[k] * t.lpNorm<Eigen::Infinity>()));
    }
    checks.at_most("all_products_100_vs_1", many_vs_one, kAdjointTolerance);
  }
  if (options.check) {
    const json& scores = peer.at("scores");
    checks.relative("score_cold_auto_vs_p1", auto_score, scores.at("p1"), kPeerTolerance);
    checks.relative("score_cold_klu_vs_p1", klu_score, scores.at("p1"), kPeerTolerance);
    checks.relative("score_warm_vs_p1", warm_score, scores.at("warm"), kPeerTolerance);
    checks.relative("mc_nominal_vs_p1", mc_stats.nominal, scores.at("p1"), kPeerTolerance);
    const json& peer_adjoint = peer.at("adjoint");
    checks.relative("adjoint_sum_vs_p1", t.sum(), peer_adjoint.at("sum"), kPeerTolerance);
    for (const auto& entry : peer_adjoint.at("sample")) {
      const auto index = entry.at(0).get<Eigen::Index>() - 1;
      checks.relative("adjoint[" + std::to_string(index + 1) + "]_vs_p1", t(index),
                      entry.at(1).get<double>(), kPeerTolerance);
    }
    const json& peer_block = peer.at("block").at("scores");
    double block_vs_peer = 0.0;
    for (std::size_t col = 0; col < block.size() && col < peer_block.size(); ++col) {
      block_vs_peer =
          std::max(block_vs_peer, relative_difference(block_scores(static_cast<Eigen::Index>(col)),
                                                      peer_block.at(col).get<double>()));
    }
    checks.at_most("block_1000_vs_p1", block_vs_peer, kPeerTolerance);
    const json& p2_scores = peer.at("monte_carlo").at("p2_scores");
    for (std::size_t draw = 0; draw < replay_scores.size(); ++draw) {
      checks.relative("p2_replay_draw_" + std::to_string(draw), replay_scores[draw],
                      p2_scores.at(draw).get<double>(), kPeerTolerance);
    }
    // Monte Carlo statistics against the peer's reference draws (other random streams): the
    // mean within 5 standard errors of the difference; the sd likewise, its standard error
    // sd·√((κ − 1) / 4N) with the peer's kurtosis κ.
    const json& reference = peer.at("monte_carlo").at("reference");
    const auto n_peer = reference.at("draws").get<double>();
    const auto n_engine = static_cast<double>(mc.draws);
    const double sd_peer = reference.at("sd");
    const double kurtosis = reference.at("kurtosis");
    const double mean_se =
        std::sqrt(mc_stats.sd * mc_stats.sd / n_engine + sd_peer * sd_peer / n_peer);
    checks.at_most("mc_mean_vs_reference_in_se",
                   std::abs(mc_stats.mean - reference.at("mean").get<double>()) / mean_se,
                   kStandardErrors);
    const double sd_se =
        std::sqrt((kurtosis - 1.0) / 4.0 *
                  (mc_stats.sd * mc_stats.sd / n_engine + sd_peer * sd_peer / n_peer));
    checks.at_most("mc_sd_vs_reference_in_se", std::abs(mc_stats.sd - sd_peer) / sd_se,
                   kStandardErrors);
  }
  const double rss_end = peak_rss_mb();

  // Table: engine, peer, peer / engine, target (the targets are for EI-M, §6).
  const json& pt = options.check ? peer.at("timings_s") : json::object();
  const auto peer_time = [&pt](const char* key) -> std::optional<double> {
    if (pt.contains(key)) return pt.at(key).get<double>();
    return std::nullopt;
  };
  const double mc_per_draw = mc_s / static_cast<double>(std::max<std::size_t>(mc.draws, 1));
  struct Row {
    std::string name;
    double engine;
    std::optional<double> peer;
    std::string peer_name;
    std::string target;
  };
  const std::vector<Row> rows = {
      {"cold single LCA, auto", cold_auto.median(), peer_time("p0_spsolve_cold"), "P0 spsolve",
       "<= 0.1 s"},
      {"cold single LCA, auto vs Neumann", cold_auto.median(), peer_time("neumann_cold"), "Neumann",
       ""},
      {"cold single LCA, sparse LU", cold_klu.median(), peer_time("p1_cold"), "P1 splu",
       "<= 3 s, >= 5x P1"},
      {"warm solve", warm.median(), peer_time("p1_warm_solve"), "P1 solve", "<= 10 ms"},
      {"all products, 1 method", all_one.median(), peer_time("p1_all_products_1"), "P1 adjoint",
       "<= 50 ms"},
      {"all products, 1 method, cold", cold_klu.median() + all_one.median(),
       [&]() -> std::optional<double> {
         if (!pt.contains("p1_cold")) return std::nullopt;
         return pt.at("p1_cold").get<double>() + pt.at("p1_all_products_1").get<double>();
       }(),
       "P1", "<= 3.1 s"},
      {"all products, 100 methods", all_many.median(), std::nullopt, "", "<= 2 s"},
      {"1,000 demands", block_timing.median(), peer_time("p1_block"), "P1 block", "<= 4 s"},
      {"Monte Carlo, per draw", mc_per_draw, peer_time("p2_per_draw"), "P2 refactor", ""},
      {"Monte Carlo, per draw vs Neumann", mc_per_draw, peer_time("mc_neumann_per_draw"), "Neumann",
       ""},
      {"Monte Carlo, N = 1000" + std::string(mc.draws == 1000 ? "" : " (extrapolated)"),
       mc_per_draw * 1000.0, peer_time("p2_extrapolated_1000"), "P2 (extrap.)", "<= 60 s"},
      {"P2 draw replayed (solve_perturbed)", replay.runs.empty() ? 0.0 : replay.median(),
       peer_time("p2_per_draw"), "P2 refactor", ""},
  };
  std::printf("\nmachine: %s\n", machine_line().c_str());
  if (options.check) {
    std::printf("peer machine: %s; threads %s\n",
                peer.at("machine").at("line").get<std::string>().c_str(),
                peer.at("threads").dump().c_str());
  }
  std::printf("runs: %d (fast scenarios %d), Monte Carlo draws: %zu on %u threads\n", options.runs,
              options.warm_runs, mc.draws, mc.threads);
  std::printf("%-38s %12s %12s %-13s %9s  %s\n", "scenario (median)", "engine s", "peer s", "peer",
              "peer/eng", "target (EI-M)");
  json table = json::array();
  for (const auto& row : rows) {
    char peer_text[32] = "-";
    char ratio_text[32] = "-";
    if (row.peer) {
      std::snprintf(peer_text, sizeof peer_text, "%.4g", *row.peer);
      if (row.engine > 0)
        std::snprintf(ratio_text, sizeof ratio_text, "%.1fx", *row.peer / row.engine);
    }
    std::printf("%-38s %12.4g %12s %-13s %9s  %s\n", row.name.c_str(), row.engine, peer_text,
                row.peer_name.c_str(), ratio_text, row.target.c_str());
    table.push_back({{"scenario", row.name},
                     {"engine_s", row.engine},
                     {"peer_s", row.peer ? json(*row.peer) : json(nullptr)},
                     {"peer", row.peer_name},
                     {"target", row.target}});
  }
  std::printf("%-38s %12.1f %12s %-13s %9s  %s\n", "peak RSS after core scenarios, MB", rss_core,
              "-", "", "", "<= 200 MB");
  std::printf("%-38s %12.1f\n", "peak RSS overall, MB", rss_end);
  std::printf(
      "solver: auto used %s (%d iterations, residual %.2g, fell back %d), %zu blocks, largest "
      "%zu; Monte Carlo %zu refactorizations, %.1f iterations per draw\n",
      std::string(lca::solver_kind_name(auto_result.report.used)).c_str(),
      auto_result.report.iterations, auto_result.report.residual,
      auto_result.report.fell_back ? 1 : 0, solver->block_count(), solver->largest_block(),
      mc.refactorizations, mc.mean_iterations);
  std::printf(
      "Monte Carlo: mean %.6g sd %.6g (peer reference of %s draws: mean %s sd %s)\n", mc_stats.mean,
      mc_stats.sd,
      options.check ? peer.at("monte_carlo").at("reference").at("draws").dump().c_str() : "0",
      options.check ? peer.at("monte_carlo").at("reference").at("mean").dump().c_str() : "-",
      options.check ? peer.at("monte_carlo").at("reference").at("sd").dump().c_str() : "-");

  results["preset"] = meta.value("preset", "");
  results["dir"] = options.dir;
  results["machine"] = machine_line();
  results["sizes"] = {{"n", n},
                      {"technosphere_nnz", a.nonZeros()},
                      {"flows", b.rows()},
                      {"biosphere_nnz", b.nonZeros()},
                      {"methods", k_methods}};
  results["read_s"] = read_s;
  results["timings_s"] = {{"cold_auto", cold_auto.to_json()},
                          {"cold_klu", cold_klu.to_json()},
                          {"warm_solve", warm.to_json()},
                          {"all_products_1", all_one.to_json()},
                          {"all_products_100", all_many.to_json()},
                          {"block_1000", block_timing.to_json()},
                          {"monte_carlo_total", mc_s},
                          {"monte_carlo_per_draw", mc_per_draw}};
  if (!replay.runs.empty()) results["timings_s"]["p2_replay_per_draw"] = replay.to_json();
  results["table"] = table;
  results["scores"] = {{"cold_auto", auto_score}, {"cold_klu", klu_score}, {"warm", warm_score}};
  results["solver"] = {{"auto_used", lca::solver_kind_name(auto_result.report.used)},
                       {"auto_iterations", auto_result.report.iterations},
                       {"auto_fell_back", auto_result.report.fell_back},
                       {"blocks", solver->block_count()},
                       {"largest_block", solver->largest_block()}};
  results["adjoint"] = {{"sum", t.sum()}, {"block_vs_adjoint", block_vs_adjoint}};
  results["monte_carlo"] = {{"draws", mc.draws},
                            {"seed", mc.seed},
                            {"threads", mc.threads},
                            {"refactorizations", mc.refactorizations},
                            {"mean_iterations", mc.mean_iterations},
                            {"nominal", mc_stats.nominal},
                            {"mean", mc_stats.mean},
                            {"sd", mc_stats.sd},
                            {"p2_5", mc_stats.p2_5},
                            {"p50", mc_stats.p50},
                            {"p97_5", mc_stats.p97_5},
                            {"replayed_scores", replay_scores}};
  results["peak_rss_mb"] = {
      {"after_read", rss_after_read}, {"after_core", rss_core}, {"overall", rss_end}};
  results["checks"] = checks.items();
  results["failures"] = checks.failures();
  if (!options.out.empty()) {
    std::ofstream out(options.out);
    out << results.dump(1) << "\n";
  }
  if (checks.failures() > 0) {
    std::fprintf(stderr, "FAILED: %d of %zu checks\n", checks.failures(), checks.count());
    return 1;
  }
  std::printf(
      "checks: %zu passed (residual <= %.0e, vs peer <= %.0e, adjoint <= %.0e, Monte "
      "Carlo within %.0f standard errors)\n",
      checks.count(), kResidualLimit, kPeerTolerance, kAdjointTolerance, kStandardErrors);
  return 0;
}
