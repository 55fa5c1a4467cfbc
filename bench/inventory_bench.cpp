// Inventory benchmark (docs/performance.md): reads a generated inventory (YAML + ~1,000,000 CSV
// activity records, bench/generate_inventory.py), computes it with every breakdown, and checks
// the answers against the pandas baseline's JSON (bench/baseline/inventory_pandas.py) within
// 1e-9 relative: total, scopes, categories, months, facilities, sources, gases, biogenic CO2
// and Montreal gases (--expect), or writes them as JSON for bench/compare_answers.py to check
// after the clock stops (--answers, the timed runs of bench/run_inventory_bench.sh). Any
// mismatch is printed and the exit status is 1, so a fast wrong answer never counts. The first
// pass is timed from main() to answers; further repetitions time reading (YAML + CSV) and
// computing apart and report min and median.
//
// A plain main rather than Google Benchmark: the figure that matters is one process from start
// to answers, compared with the pandas process in the same run (bench/run_inventory_bench.sh).
#include <sys/resource.h>
#include <time.h>

#include <algorithm>
#include <charconv>
#include <chrono>
#include <cmath>
#include <cstdio>
#include <cstdlib>
#include <fstream>
#include <future>
#include <nlohmann/json.hpp>
#include <string>
#include <string_view>
#include <unordered_set>
#include <vector>

#include "core/inventory/compute.hpp"
#include "io/factor_loader.hpp"
#include "io/file.hpp"
#include "io/heap.hpp"
#include "io/inventory_reader.hpp"

namespace {

using Clock = std::chrono::steady_clock;
constexpr double kTolerance = 1e-9;

double seconds_since(Clock::time_point start) {
  return std::chrono::duration<double>(Clock::now() - start).count();
}

/// CPU seconds of this process (all threads; the CSV reader uses two): unlike wall time, it
/// stays comparable when other jobs share the machine's cores.
double cpu_now() {
  timespec now{};
  clock_gettime(CLOCK_PROCESS_CPUTIME_ID, &now);
  return static_cast<double>(now.tv_sec) + static_cast<double>(now.tv_nsec) * 1e-9;
}

/// CPU seconds of the calling thread.
double thread_cpu_now() {
  timespec now{};
  clock_gettime(CLOCK_THREAD_CPUTIME_ID, &now);
  return static_cast<double>(now.tv_sec) + static_cast<double>(now.tv_nsec) * 1e-9;
}

/// Wall and CPU seconds of one phase.
class PhaseTimer {
 public:
  PhaseTimer() : wall_(Clock::now()), cpu_(cpu_now()) {}
  void stop(std::vector<double>& wall, std::vector<double>& cpu) const {
    wall.push_back(seconds_since(wall_));
    cpu.push_back(cpu_now() - cpu_);
  }

 private:
  Clock::time_point wall_;
  double cpu_;
};

/// User + system CPU seconds of this process so far (from exec, so including loading).
double process_cpu_seconds() {
  rusage usage{};
  getrusage(RUSAGE_SELF, &usage);
  const auto secs = [](const timeval& tv) {
    return static_cast<double>(tv.tv_sec) + static_cast<double>(tv.tv_usec) * 1e-6;
  };
  return secs(usage.ru_utime) + secs(usage.ru_stime);
}

struct Options {
  std::string inventory = "bench/data/inventory.json";
  std::string expect;  ///< pandas JSON; empty = no check (only allowed with --no-check)
  /// Where to write the first pass's answers as JSON, in the baseline's shape (the timed runs
  /// write them, as pandas does, and bench/compare_answers.py checks them afterwards).
  std::string answers;
  std::string data_dir;
  int repetitions = 5;
  bool check = true;
  /// Keep the records (read_inventory + compute) instead of tallying them while reading, as
  /// `inventory explain` and the register do; for comparing the two paths.
  bool keep_records = false;
  /// Reserve the heap on huge pages first, as the CLI's inventory commands do.
  bool huge_pages = true;
};

[[noreturn]] void usage_error(const std::string& message) {
  std::fprintf(stderr,
               "error: %s\nusage: inventory_bench --inventory FILE.yaml --expect PANDAS.json "
               "[--data DIR] [--repetitions N] [--no-check] [--answers OUT.json] [--keep-records] "
               "[--small-pages]\n",
               message.c_str());
  std::exit(2);
}

Options parse_options(int argc, char** argv) {
  Options options;
  options.data_dir = cl::io::default_data_dir();
  for (int idx = 1; idx < argc; ++idx) {
    const std::string arg = argv[idx];
    const auto value = [&]() -> std::string {
      if (idx + 1 >= argc) usage_error(arg + " needs a value");
      return argv[++idx];
    };
    if (arg == "--inventory")
      options.inventory = value();
    else if (arg == "--expect")
      options.expect = value();
    else if (arg == "--answers")
      options.answers = value();
    else if (arg == "--data")
      options.data_dir = value();
    else if (arg == "--repetitions")
      options.repetitions = std::stoi(value());
    else if (arg == "--no-check")
      options.check = false;
    else if (arg == "--keep-records")
      options.keep_records = true;
    else if (arg == "--small-pages")
      options.huge_pages = false;
    else
      usage_error("unknown argument '" + arg + "'");
  }
  if (options.check && options.expect.empty()) usage_error("--expect is required (or --no-check)");
  if (options.repetitions < 1) usage_error("--repetitions must be at least 1");
  return options;
}

[[noreturn]] void fail(const std::string& what, const cl::Diagnostics& diagnostics) {
  std::fprintf(stderr, "error: %s\n", what.c_str());
  int shown = 0;
  for (const auto& item : diagnostics.items()) {
    if (item.severity != cl::Severity::error || ++shown > 10) continue;
    std::fprintf(stderr, "  %s\n", item.message.c_str());
  }
  std::exit(1);
}

/// Compares every breakdown with the baseline; returns the number of mismatches (each printed).
class AnswerCheck {
 public:
  explicit AnswerCheck(const nlohmann::json& expected) : expected_(expected) {}

  void value(const std::string& name, double actual, double expected) {
    ++compared_;
    const double scale = std::max(std::abs(actual), std::abs(expected));
    if (std::abs(actual - expected) <= kTolerance * scale) return;
    if (++mismatches_ <= 20) {
      std::fprintf(stderr, "MISMATCH %s: carbonledger %.17g, pandas %.17g (relative %.3g)\n",
                   name.c_str(), actual, expected, std::abs(actual - expected) / scale);
    }
  }

  template <std::size_t N>
  void array(const std::string& name, const std::array<double, N>& actual) {
    const auto& expected = expected_.at(name);
    if (expected.size() != N) {
      note(name + " has " + std::to_string(expected.size()) + " values in the baseline");
      return;
    }
    for (std::size_t idx = 0; idx < N; ++idx) {
      value(name + "[" + std::to_string(idx) + "]", actual[idx], expected[idx].get<double>());
    }
  }

  /// Keyed breakdowns (facility, source, gas): every key on either side; absent counts as 0.
  void keyed(const std::string& name, const std::vector<std::pair<std::string, double>>& actual) {
    const auto& expected = expected_.at(name);
    for (const auto& [key, number] : actual) {
      value(name + "[" + key + "]", number,
            expected.contains(key) ? expected.at(key).get<double>() : 0.0);
    }
    // A set of the keys, not a scan per key: 7,000 sources made that 24 M string compares.
    std::unordered_set<std::string_view> known_keys;
    for (const auto& pair : actual) known_keys.insert(pair.first);
    for (const auto& [key, number] : expected.items()) {
      if (!known_keys.contains(key))
        value(name + "[" + key + "] (missing in carbonledger)", 0.0, number.get<double>());
    }
  }

  void note(const std::string& message) {
    ++mismatches_;
    std::fprintf(stderr, "MISMATCH %s\n", message.c_str());
  }

  int mismatches() const { return mismatches_; }
  int compared() const { return compared_; }

 private:
  const nlohmann::json& expected_;
  int mismatches_ = 0;
  int compared_ = 0;
};

int check_answers(const cl::inventory::Inventory& inventory,
                  const cl::inventory::InventoryResult& result, const std::string& expect_path) {
  // The record count comes from the result: a tallying read keeps no records.
  auto text = cl::io::read_file(expect_path);
  if (!text) {
    std::fprintf(stderr, "error: %s\n", text.error().message.c_str());
    return 1;
  }
  const auto expected = nlohmann::json::parse(*text);
  AnswerCheck check(expected);
  if (expected.at("records").get<std::size_t>() != result.record_count) {
    check.note("records: carbonledger " + std::to_string(result.record_count) + ", pandas " +
               std::to_string(expected.at("records").get<std::size_t>()));
  }
  check.value("total_co2e_kg", result.total_co2e_kg, expected.at("total_co2e_kg"));
  check.array("scope_co2e_kg", result.scope_co2e_kg);
  check.array("category_co2e_kg", result.category_co2e_kg);
  check.array("month_co2e_kg", result.month_co2e_kg);
  check.value("biogenic_co2_kg", result.biogenic_co2_kg, expected.at("biogenic_co2_kg"));
  check.value("montreal_co2e_kg", result.montreal_co2e_kg, expected.at("montreal_co2e_kg"));

  std::vector<std::pair<std::string, double>> facilities, sources, gas_kg, gas_co2e;
  for (std::size_t idx = 0; idx < inventory.facilities.size(); ++idx) {
    facilities.emplace_back(inventory.facilities[idx].id, result.facility_co2e_kg[idx]);
  }
  for (std::size_t idx = 0; idx < inventory.sources.size(); ++idx) {
    sources.emplace_back(inventory.sources[idx].id, result.sources[idx].co2e_kg);
  }
  for (std::size_t idx = 0; idx < result.gases.size(); ++idx) {
    gas_kg.emplace_back(result.gases[idx], result.gas_kg[idx]);
    gas_co2e.emplace_back(result.gases[idx], result.gas_co2e_kg[idx]);
  }
  check.keyed("facility_co2e_kg", facilities);
  check.keyed("source_co2e_kg", sources);
  check.keyed("gas_kg", gas_kg);
  check.keyed("gas_co2e_kg", gas_co2e);
  if (check.mismatches() > 0) {
    std::fprintf(stderr, "FAILED: %d of %d answers differ from the pandas baseline\n",
                 check.mismatches(), check.compared());
    return 1;
  }
  std::printf("check: %d answers agree with the pandas baseline within %.0e relative\n",
              check.compared(), kTolerance);
  return 0;
}

/// The answers as JSON in the pandas baseline's shape, written directly into one string, as a
/// program would write its results, rather than through a JSON library's tree.
void write_answers(const cl::inventory::Inventory& inventory,
                   const cl::inventory::InventoryResult& result, const std::string& path) {
  std::string out;
  out.reserve(std::size_t{256} << 10);
  char number[64];
  const auto add_number = [&](double value) {
    // The shortest text that reads back as the same double (std::to_chars; Python's repr,
    // which pandas' json.dump writes, is the same rule).
    const auto written = std::to_chars(number, number + sizeof number, value);
    out.append(number, written.ptr);
  };
  const auto add_key = [&](std::string_view key) {
    out += '"';
    out += key;  // ids and gas names: no character that JSON escapes
    out += "\": ";
  };
  const auto add_list = [&](std::string_view key, const auto& values) {
    add_key(key);
    out += '[';
    for (std::size_t idx = 0; idx < values.size(); ++idx) {
      if (idx > 0) out += ", ";
      add_number(values[idx]);
    }
    out += "],\n";
  };
  const auto add_map = [&](std::string_view key, std::size_t count, const auto& key_of,
                           const auto& value_of, bool last = false) {
    add_key(key);
    out += '{';
    for (std::size_t idx = 0; idx < count; ++idx) {
      if (idx > 0) out += ", ";
      add_key(key_of(idx));
      add_number(value_of(idx));
    }
    out += last ? "}\n" : "},\n";
  };
  out += "{\n\"records\": " + std::to_string(result.record_count) + ",\n";
  add_key("total_co2e_kg");
  add_number(result.total_co2e_kg);
  out += ",\n";
  add_key("biogenic_co2_kg");
  add_number(result.biogenic_co2_kg);
  out += ",\n";
  add_key("montreal_co2e_kg");
  add_number(result.montreal_co2e_kg);
  out += ",\n";
  add_list("scope_co2e_kg", result.scope_co2e_kg);
  add_list("category_co2e_kg", result.category_co2e_kg);
  add_list("month_co2e_kg", result.month_co2e_kg);
  add_map(
      "facility_co2e_kg", inventory.facilities.size(),
      [&](std::size_t idx) -> std::string_view { return inventory.facilities[idx].id; },
      [&](std::size_t idx) { return result.facility_co2e_kg[idx]; });
  add_map(
      "source_co2e_kg", inventory.sources.size(),
      [&](std::size_t idx) -> std::string_view { return inventory.sources[idx].id; },
      [&](std::size_t idx) { return result.sources[idx].co2e_kg; });
  add_map(
      "gas_kg", result.gases.size(),
      [&](std::size_t idx) -> std::string_view { return result.gases[idx]; },
      [&](std::size_t idx) { return result.gas_kg[idx]; });
  add_map(
      "gas_co2e_kg", result.gases.size(),
      [&](std::size_t idx) -> std::string_view { return result.gases[idx]; },
      [&](std::size_t idx) { return result.gas_co2e_kg[idx]; }, true);
  out += "}\n";
  if (auto written = cl::io::write_file(path, out); !written) {
    std::fprintf(stderr, "error: %s\n", written.error().message.c_str());
    std::exit(1);
  }
}

struct Stats {
  double min = 0.0;
  double median = 0.0;
};

Stats stats_of(std::vector<double> values) {
  std::sort(values.begin(), values.end());
  const std::size_t mid = values.size() / 2;
  const double median = values.size() % 2 == 1 ? values[mid] : (values[mid - 1] + values[mid]) / 2;
  return {values.front(), median};
}

/// One read and computation of the inventory, either way; `read_s`/`compute_s` get its phases.
struct Pass {
  cl::inventory::Inventory inventory;  ///< only for keep_records; the tallied read owns its own
  std::unique_ptr<cl::io::TalliedInventory> tallied;
  cl::inventory::InventoryResult result;

  const cl::inventory::Inventory& read_inventory() const {
    return tallied ? tallied->inventory : inventory;
  }
};

Pass run_pass(const Options& options, const cl::io::LibrarySource& library,
              std::vector<double>& read_s, std::vector<double>& read_cpu,
              std::vector<double>& compute_s, std::vector<double>& compute_cpu) {
  Pass pass;
  cl::Result<cl::inventory::InventoryResult> result = cl::fail(cl::ErrorCode::parse_bad_value, "");
  if (options.keep_records) {
    PhaseTimer read_timer;
    auto read = cl::io::read_inventory(options.inventory);
    read_timer.stop(read_s, read_cpu);
    if (read.diagnostics.has_errors()) fail("the inventory has errors", read.diagnostics);
    pass.inventory = std::move(read.inventory);
    PhaseTimer compute_timer;
    result = cl::inventory::compute(pass.inventory, library());
    compute_timer.stop(compute_s, compute_cpu);
  } else {
    // Reading checks and accumulates every record (the tally); computing aggregates the cells.
    PhaseTimer read_timer;
    pass.tallied = cl::io::read_inventory_tallied(options.inventory, library);
    read_timer.stop(read_s, read_cpu);
    if (pass.tallied->diagnostics.has_errors()) {
      fail("the inventory has errors", pass.tallied->diagnostics);
    }
    PhaseTimer compute_timer;
    result = cl::inventory::compute_tallied(pass.tallied->inventory, *pass.tallied->plan,
                                            *pass.tallied->tally, pass.tallied->validation);
    compute_timer.stop(compute_s, compute_cpu);
  }
  if (!result) {
    std::fprintf(stderr, "error: %s: %s\n", std::string(cl::code_id(result.error().code)).c_str(),
                 result.error().message.c_str());
    std::exit(1);
  }
  pass.result = std::move(*result);
  return pass;
}

}  // namespace

int main(int argc, char** argv) {
  const auto process_start = Clock::now();
  const Options options = parse_options(argc, argv);
  // As `carbonledger inventory ...` does before reading (io/heap.hpp); --small-pages leaves the
  // heap as it is, to measure the difference.
  const bool huge_pages = options.huge_pages && cl::io::use_huge_page_heap();

  // First pass: one process from start to answers, as a user runs `inventory compute`: the
  // factor library loads on another thread while the inventory file is read, as there
  // (cli/context.cpp), and is timed on that thread.
  std::vector<double> library_s, library_cpu, read_s, read_cpu, compute_s, compute_cpu;
  double library_wall = 0, library_thread_cpu = 0;
  const std::shared_future<cl::io::LoadedLibrary> library =
      std::async(std::launch::async, [&] {
        const auto start = Clock::now();
        const double cpu = thread_cpu_now();
        auto loaded = cl::io::load_library(options.data_dir);
        library_wall = seconds_since(start);
        library_thread_cpu = thread_cpu_now() - cpu;
        return loaded;
      }).share();
  const cl::io::LibrarySource library_source = [&]() -> const cl::factors::FactorLibrary& {
    const auto& loaded = library.get();
    if (loaded.diagnostics.has_errors()) fail("the factor library has errors", loaded.diagnostics);
    return loaded.library;
  };

  const Pass first = run_pass(options, library_source, read_s, read_cpu, compute_s, compute_cpu);
  library_s.push_back(library_wall);
  library_cpu.push_back(library_thread_cpu);
  const cl::factors::FactorLibrary& loaded_library = library_source();
  const double first_pass_s = seconds_since(process_start);
  const double first_pass_cpu_s = process_cpu_seconds();

  if (!options.answers.empty())
    write_answers(first.read_inventory(), first.result, options.answers);
  if (options.check && check_answers(first.read_inventory(), first.result, options.expect) != 0)
    return 1;

  // Further repetitions of reading and computing, each phase timed apart.
  for (int rep = 1; rep < options.repetitions; ++rep) {
    const Pass again = run_pass(options, library_source, read_s, read_cpu, compute_s, compute_cpu);
    if (again.result.total_co2e_kg != first.result.total_co2e_kg) {
      std::fprintf(stderr, "error: repetition %d gave another total\n", rep);
      return 1;
    }
  }
  // The CSV part of reading alone (file read + parse, and the tally unless --keep-records): the
  // inventory file's share is the rest of reading. Skipped in a single pass, so that pass stays
  // one plain read + compute.
  std::vector<double> csv_s, csv_cpu;
  const std::string csv_path = cl::io::resolve_beside(options.inventory, "activity.csv");
  for (int rep = 0; rep < options.repetitions && options.repetitions > 1; ++rep) {
    cl::inventory::Inventory records;
    records.sources = first.read_inventory().sources;  // as read_inventory has them
    records.year = first.read_inventory().year;
    const cl::inventory::TallyPlan plan(records, loaded_library, "AR5");
    cl::inventory::RecordTally tally(plan, false);
    PhaseTimer csv_timer;
    cl::Diagnostics diagnostics;
    if (options.keep_records) {
      auto text = cl::io::read_file_shared(csv_path, cl::io::kMaxTableBytes);
      if (text) cl::io::read_activity_csv(text->owner, text->text, csv_path, records, diagnostics);
    } else {
      cl::io::tally_activity_csv_file(csv_path, records, diagnostics, tally);
    }
    csv_timer.stop(csv_s, csv_cpu);
  }

  const auto print = [](const char* name, const std::vector<double>& wall,
                        const std::vector<double>& cpu) {
    if (wall.empty()) return;
    const auto wall_stats = stats_of(wall);
    const auto cpu_stats = stats_of(cpu);
    std::printf("%s_min_s=%.4f %s_median_s=%.4f %s_cpu_min_s=%.4f %s_cpu_median_s=%.4f\n", name,
                wall_stats.min, name, wall_stats.median, name, cpu_stats.min, name,
                cpu_stats.median);
  };
  std::printf(
      "records=%zu sources=%zu facilities=%zu repetitions=%d keep_records=%d huge_pages=%d\n",
      first.result.record_count, first.read_inventory().sources.size(),
      first.read_inventory().facilities.size(), options.repetitions, options.keep_records ? 1 : 0,
      huge_pages ? 1 : 0);
  std::printf("first_pass_s=%.4f first_pass_cpu_s=%.4f\n", first_pass_s, first_pass_cpu_s);
  print("library", library_s, library_cpu);
  print("read", read_s, read_cpu);
  print("csv", csv_s, csv_cpu);
  print("compute", compute_s, compute_cpu);
  // Leave without destroying the inventory and the result: freeing a million records and
  // unmapping their pages cost about 5 % of a run, and the kernel takes them back anyway. The
  // bench is never built into the tests, so the sanitizer builds see no leak from this.
  std::fflush(stdout);
  std::_Exit(0);
}
