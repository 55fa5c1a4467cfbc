// Background-data import benchmark (issue 7, bench/footprint/README.md): an ecoinvent-sized
// openLCA JSON-LD package is generated from a fixed seed in a temporary folder (never committed),
// imported with io::read_jsonld in a fresh child process (so its peak RSS is the import's alone),
// and a cradle-to-gate study linking three of its products is computed on it
// (footprint::background_footprints + compute_footprint). The peer, /usr/bin/python3 with json +
// scipy (bench/footprint/baseline_olca_json.py), reads the same zip, builds the same matrices and
// solves them in the same run. The bench checks its answer: every linked product's footprint and
// the study total against the peer within 1e-9 relative (exit 1 otherwise).
//
//   footprint_bench [--processes 20000] [--seed 7] [--work DIR] [--keep] [--reuse] [--no-peer]
//   footprint_bench --import PACKAGE.zip          (the child: prints one JSON line)
//
// Sizes follow ecoinvent 3.9.1 cut-off as bench/lca/generate.py's EI-M preset does (21,238
// activities, A 267k and B 407k non-zeros, 4,718 elementary flows): per process about 12 product
// inputs (lognormal count) and 19 elementary exchanges, suppliers mostly upstream with a few
// loops, every input with its defaultProvider, one LCIA category of 250 factors.
#include <sys/resource.h>
#include <unistd.h>

#include <chrono>
#include <cmath>
#include <cstdio>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <nlohmann/json.hpp>
#include <random>
#include <sstream>
#include <string>
#include <thread>
#include <vector>

#include "core/footprint/compute.hpp"
#include "io/footprint_reader.hpp"
#include "io/jsonld_reader.hpp"
#include "io/jsonld_writer.hpp"
#include "io/package.hpp"

namespace {

using Clock = std::chrono::steady_clock;
using nlohmann::json;
namespace lca = cl::lca;
namespace fs = std::filesystem;

constexpr double kPeerTolerance = 1e-9;
constexpr int kElementaryFlows = 4718;
constexpr int kFactors = 250;

double seconds_since(Clock::time_point start) {
  return std::chrono::duration<double>(Clock::now() - start).count();
}

double cpu_seconds() {
  rusage usage{};
  getrusage(RUSAGE_SELF, &usage);
  return static_cast<double>(usage.ru_utime.tv_sec + usage.ru_stime.tv_sec) +
         static_cast<double>(usage.ru_utime.tv_usec + usage.ru_stime.tv_usec) / 1e6;
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
      model = line.substr(line.find(':') + 2);
      break;
    }
  }
  std::ifstream loadavg("/proc/loadavg");
  std::string one, five, fifteen;
  loadavg >> one >> five >> fifteen;
  return model + ", " + std::to_string(std::thread::hardware_concurrency()) + " cores, load " +
         one + " " + five + " " + fifteen;
}

std::string product_id(int index) {
  return cl::io::stable_uuid("bench/product/" + std::to_string(index));
}
std::string process_id(int index) {
  return cl::io::stable_uuid("bench/process/" + std::to_string(index));
}

/// The synthetic database: n processes, each making one product.
lca::Problem generate(int processes, std::uint64_t seed) {
  std::mt19937_64 rng(seed);
  std::uniform_real_distribution<double> unit(0.0, 1.0);
  std::lognormal_distribution<double> input_count(std::log(11.0), 0.9);
  std::lognormal_distribution<double> elementary_count(std::log(15.5), 0.7);
  std::lognormal_distribution<double> value(0.0, 2.0);
  const char* const units[] = {"kg", "MJ", "kWh", "item", "tkm", "m3"};
  lca::Problem problem;
  problem.name = "ecoinvent-sized synthetic (seed " + std::to_string(seed) + ")";
  for (int i = 0; i < processes; ++i) {
    problem.flows.push_back({product_id(i),
                             "product " + std::to_string(i),
                             lca::FlowKind::product,
                             units[i % 6],
                             "Products/synthetic",
                             {}});
  }
  for (int k = 0; k < kElementaryFlows; ++k) {
    problem.flows.push_back({cl::io::stable_uuid("bench/elementary/" + std::to_string(k)),
                             "emission " + std::to_string(k),
                             lca::FlowKind::elementary,
                             "kg",
                             "Elementary flows/Emission to air/unspecified",
                             {}});
  }
  // Zipf-like popularity: supplier j chosen with weight 1/(rank+1) among the upstream ones.
  auto pick_upstream = [&](int i) {
    const double u = unit(rng);
    return static_cast<int>(std::floor(std::pow(static_cast<double>(i), u))) % i;
  };
  auto pick_elementary = [&] {
    const double u = unit(rng);
    return static_cast<int>(std::floor(std::pow(static_cast<double>(kElementaryFlows), u))) %
           kElementaryFlows;
  };
  for (int i = 0; i < processes; ++i) {
    lca::Process process;
    process.id = process_id(i);
    process.name = "process " + std::to_string(i);
    process.reference = product_id(i);
    process.exchanges.push_back(
        {product_id(i), lca::Direction::output, 1.0, "", false, "", {}, 0.0, 0.0, {}});
    const int inputs = i == 0 ? 0 : std::min(60, static_cast<int>(input_count(rng)));
    std::vector<int> suppliers;
    for (int k = 0; k < inputs; ++k) {
      // 1 % of inputs come from anywhere (loops, as ecoinvent's markets make), the rest upstream.
      int j =
          unit(rng) < 0.01 ? static_cast<int>(unit(rng) * processes) % processes : pick_upstream(i);
      if (j == i || std::find(suppliers.begin(), suppliers.end(), j) != suppliers.end()) continue;
      suppliers.push_back(j);
    }
    std::vector<double> values;
    double sum = 0.0;
    for (std::size_t k = 0; k < suppliers.size(); ++k) {
      values.push_back(value(rng));
      sum += values.back();
    }
    const double column_sum = 0.05 + 0.9 * unit(rng);  // Σ inputs < 1: A = I − M is an M-matrix
    for (std::size_t k = 0; k < suppliers.size(); ++k) {
      process.exchanges.push_back({product_id(suppliers[k]),
                                   lca::Direction::input,
                                   values[k] / sum * column_sum,
                                   "",
                                   false,
                                   process_id(suppliers[k]),
                                   {},
                                   0.0,
                                   0.0,
                                   {}});
    }
    const int emissions = std::min(200, static_cast<int>(elementary_count(rng)));
    std::vector<int> seen;
    for (int k = 0; k < emissions; ++k) {
      const int e = pick_elementary();
      if (std::find(seen.begin(), seen.end(), e) != seen.end()) continue;
      seen.push_back(e);
      process.exchanges.push_back({cl::io::stable_uuid("bench/elementary/" + std::to_string(e)),
                                   lca::Direction::output,
                                   std::exp(-3.0 + 3.0 * (unit(rng) - 0.5) * 2.0),
                                   "",
                                   false,
                                   "",
                                   {},
                                   0.0,
                                   0.0,
                                   {}});
    }
    problem.processes.push_back(std::move(process));
  }
  lca::Method gwp{"gwp100", "GWP 100", "kg CO2 eq", {}, {}};
  for (int k = 0; k < kFactors; ++k) {
    gwp.factors.push_back({cl::io::stable_uuid("bench/elementary/" + std::to_string(k)),
                           k == 0 ? 1.0 : std::exp(3.0 * unit(rng)),
                           {}});
  }
  problem.methods.push_back(std::move(gwp));
  return problem;
}

/// The three background products the study links, and their lines' amounts per declared unit.
struct Link {
  int index;
  double amount;
};
std::vector<Link> links(int processes) {
  return {{processes - 1, 1.2}, {processes / 2, 0.35}, {processes / 3, 4.0}};
}

/// The child: import, footprint the linked products, compute the study; one JSON line.
int run_import(const std::string& package, int processes) {
  json out;
  const auto start = Clock::now();
  cl::Diagnostics diagnostics;
  auto problem = cl::io::read_jsonld(package, {.method = "", .category = "GWP 100"}, diagnostics);
  if (!problem) {
    std::fprintf(stderr, "import failed: %s\n", problem.error().to_string().c_str());
    return 1;
  }
  out["import_s"] = seconds_since(start);
  out["import_cpu_s"] = cpu_seconds();
  out["import_rss_mb"] = peak_rss_mb();
  std::size_t exchanges = 0;
  for (const auto& process : problem->processes) exchanges += process.exchanges.size();
  out["processes"] = problem->processes.size();
  out["flows"] = problem->flows.size();
  out["exchanges"] = exchanges;

  cl::footprint::Study study;
  study.id = "BENCH";
  study.product_name = "assembled part";
  study.product_key = "part";
  study.declared_unit = "piece";
  study.production = 1.0;
  study.period_start = "2025-01-01";
  study.period_end = "2025-12-31";
  study.country = "TW";
  study.profile = "iso14067";
  study.boundary = cl::footprint::Boundary::cradle_to_gate;
  study.gwp = "AR6";
  const cl::footprint::Stage stages[] = {cl::footprint::Stage::raw_materials,
                                         cl::footprint::Stage::transport,
                                         cl::footprint::Stage::manufacturing};
  const char* const units[] = {"kg", "MJ", "kWh", "item", "tkm", "m3"};
  int line = 0;
  for (const auto& link : links(processes)) {
    cl::footprint::ActivityLine activity;
    activity.id = "L" + std::to_string(line + 1);
    activity.stage = stages[line++];
    activity.amount = link.amount;
    activity.unit = units[link.index % 6];
    activity.per_unit = true;
    activity.process = cl::footprint::ProcessLink{product_id(link.index)};
    study.lines.push_back(activity);
  }
  const auto solve_start = Clock::now();
  auto background = cl::footprint::background_footprints(
      *problem, "", cl::footprint::process_keys(study), diagnostics);
  if (!background) {
    std::fprintf(stderr, "background failed: %s\n", background.error().to_string().c_str());
    return 1;
  }
  out["footprints_s"] = seconds_since(solve_start);
  auto profiles = cl::io::read_footprint_profiles(
      cl::io::footprint_profiles_path(CL_SOURCE_DIR "/data"), diagnostics);
  if (!profiles) return 1;
  auto profile = cl::io::find_profile(*profiles, "iso14067", {});
  auto result = cl::footprint::compute_footprint(study, *profile, &*background, diagnostics);
  if (!result) {
    std::fprintf(stderr, "study failed: %s\n", result.error().to_string().c_str());
    return 1;
  }
  out["study_s"] = seconds_since(solve_start);
  out["total_s"] = seconds_since(start);
  out["total"] = result->total;
  for (const auto& link : links(processes)) {
    out["footprints"][product_id(link.index)] =
        background->at(product_id(link.index)).kg_co2e_per_unit;
  }
  out["peak_rss_mb"] = peak_rss_mb();
  std::printf("%s\n", out.dump().c_str());
  return 0;
}

json run_json(const std::string& command) {
  FILE* pipe = popen(command.c_str(), "r");
  if (pipe == nullptr) return {};
  std::string text;
  char buffer[4096];
  while (std::fgets(buffer, sizeof buffer, pipe) != nullptr) text += buffer;
  if (pclose(pipe) != 0) return {};
  // The last line that is a JSON object is the answer; anything before it is progress.
  std::istringstream lines(text);
  std::string answer;
  for (std::string line; std::getline(lines, line);) {
    if (!line.empty() && line.front() == '{') answer = line;
  }
  return answer.empty() ? json{} : json::parse(answer, nullptr, false);
}

std::string quoted(const std::string& text) {
  return "'" + text + "'";
}

bool near(double a, double b) {
  return std::abs(a - b) <= kPeerTolerance * std::max(std::abs(a), std::abs(b));
}

}  // namespace

int main(int argc, char** argv) {
  int processes = 20000;
  std::uint64_t seed = 7;
  std::string work;
  std::string import_path;
  bool keep = false;
  bool peer = true;
  bool reuse = false;
  for (int a = 1; a < argc; ++a) {
    const std::string arg = argv[a];
    auto next = [&]() -> std::string { return a + 1 < argc ? argv[++a] : ""; };
    if (arg == "--processes") {
      processes = std::atoi(next().c_str());
    } else if (arg == "--seed") {
      seed = std::strtoull(next().c_str(), nullptr, 10);
    } else if (arg == "--work") {
      work = next();
    } else if (arg == "--import") {
      import_path = next();
    } else if (arg == "--keep") {
      keep = true;
    } else if (arg == "--reuse") {
      reuse = true;
    } else if (arg == "--no-peer") {
      peer = false;
    } else {
      std::fprintf(stderr,
                   "usage: footprint_bench [--processes N] [--seed S] [--work DIR] [--keep] "
                   "[--reuse] [--no-peer]\n");
      return 2;
    }
  }
  if (!import_path.empty()) return run_import(import_path, processes);

  if (work.empty()) {
    char pattern[] = "/tmp/cl-footprint-bench-XXXXXX";
    work = mkdtemp(pattern);
  }
  fs::create_directories(work);
  const std::string package = (fs::path(work) / "synthetic-olca.zip").string();
  std::printf("machine: %s\n", machine_line().c_str());
  if (reuse && fs::exists(package)) {
    // --reuse with --keep/--work: the package of an earlier run with the same --processes/--seed.
    std::printf("reusing %s (%.1f MB)\n", package.c_str(),
                static_cast<double>(fs::file_size(package)) / 1e6);
  } else {
    auto start = Clock::now();
    const auto problem = generate(processes, seed);
    const double generate_s = seconds_since(start);
    start = Clock::now();
    if (auto written = cl::io::write_jsonld(problem, package); !written) {
      std::fprintf(stderr, "%s\n", written.error().to_string().c_str());
      return 1;
    }
    const double export_s = seconds_since(start);
    std::printf("generated %d processes (seed %llu) in %.2f s; wrote %s (%.1f MB) in %.2f s\n",
                processes, static_cast<unsigned long long>(seed), generate_s, package.c_str(),
                static_cast<double>(fs::file_size(package)) / 1e6, export_s);
  }
  std::fflush(stdout);

  const std::string self = fs::canonical("/proc/self/exe").string();
  const json engine = run_json(quoted(self) + " --import " + quoted(package) + " --processes " +
                               std::to_string(processes));
  if (engine.is_discarded() || engine.empty()) {
    std::fprintf(stderr, "the engine's import run failed\n");
    return 1;
  }
  json baseline;
  if (peer) {
    std::string keys;
    for (const auto& link : links(processes)) {
      keys += " --link " + product_id(link.index) + "=" + std::to_string(link.amount);
    }
    baseline = run_json("/usr/bin/python3 " +
                        quoted(CL_SOURCE_DIR "/bench/footprint/baseline_olca_json.py") + " " +
                        quoted(package) + keys);
    if (baseline.is_discarded() || baseline.empty()) {
      std::fprintf(stderr, "the peer failed\n");
      return 1;
    }
  }
  std::printf("\n%-44s %12s %12s\n", "scenario", "CarbonLedger", "python peer");
  auto row = [&](const char* name, const json& ours, const char* theirs_key, const char* unit) {
    const double mine = ours.get<double>();
    if (peer && baseline.contains(theirs_key)) {
      std::printf("%-44s %10.2f %s %10.2f %s\n", name, mine, unit,
                  baseline[theirs_key].get<double>(), unit);
    } else {
      std::printf("%-44s %10.2f %s %12s\n", name, mine, unit, "–");
    }
  };
  std::printf("package: %llu processes, %llu flows, %llu exchanges",
              engine["processes"].get<unsigned long long>(),
              engine["flows"].get<unsigned long long>(),
              engine["exchanges"].get<unsigned long long>());
  if (peer) {
    std::printf(" (A %lld, B %lld non-zeros)", baseline["nnz_a"].get<long long>(),
                baseline["nnz_b"].get<long long>());
  }
  std::printf("\n");
  row("import (read zip, parse, convert units), wall", engine["import_s"], "import_s", "s ");
  row("import, CPU time (user + system)", engine["import_cpu_s"], "import_cpu_s", "s ");
  row("footprints of the linked products (solve)", engine["footprints_s"], "solve_s", "s ");
  row("import + study, end to end", engine["total_s"], "total_s", "s ");
  row("peak RSS after import", engine["import_rss_mb"], "import_rss_mb", "MB");
  row("peak RSS, whole run", engine["peak_rss_mb"], "peak_rss_mb", "MB");

  int failures = 0;
  if (!std::isfinite(engine["total"].get<double>()) || engine["total"].get<double>() <= 0.0) {
    std::printf("FAIL: study total %g is not a positive number\n", engine["total"].get<double>());
    ++failures;
  }
  if (peer) {
    for (const auto& link : links(processes)) {
      const std::string key = product_id(link.index);
      const double mine = engine["footprints"][key].get<double>();
      const double theirs = baseline["footprints"][key].get<double>();
      if (!near(mine, theirs)) {
        std::printf("FAIL: footprint of %s: %.17g here, %.17g peer\n", key.c_str(), mine, theirs);
        ++failures;
      }
    }
    if (!near(engine["total"].get<double>(), baseline["total"].get<double>())) {
      std::printf("FAIL: study total %.17g here, %.17g peer\n", engine["total"].get<double>(),
                  baseline["total"].get<double>());
      ++failures;
    }
  }
  std::printf("study total %.10g kg CO2 eq per piece; %s\n", engine["total"].get<double>(),
              failures == 0
                  ? (peer ? "footprints and total match the peer within 1e-9" : "checks passed")
                  : "CHECKS FAILED");
  if (!keep) fs::remove_all(work);
  return failures == 0 ? 0 : 1;
}
