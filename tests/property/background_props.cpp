// Export → import → equal (beancount's assertRoundTrip) for background data:
//  - openLCA JSON-LD: any problem of products, wastes with their treatments, elementary flows,
//    explicit providers, avoided products, allocation factors, every uncertainty kind and LCIA
//    methods written by jsonld_writer reads back equal through jsonld_reader (every double
//    bit for bit: nlohmann writes the shortest round-trip form, and every conversion factor is 1);
//  - EcoSpold 2: the same without what the format cannot hold (methods, avoided flows,
//    allocation) reads back equal through ecospold_reader, lognormal GSDs and normal SDs within
//    1e-12 relative (they travel as variances: exp(√(ln² gsd)) and √(sd²) round once).
// Files and flows come back sorted by id, so problems are compared as maps by id.
#include <gtest/gtest.h>
#include <rapidcheck.h>
#include <rapidcheck/gtest.h>

#include <cmath>
#include <map>

#include "io/ecospold_reader.hpp"
#include "io/ecospold_writer.hpp"
#include "io/jsonld_reader.hpp"
#include "io/jsonld_writer.hpp"
#include "io/package.hpp"

namespace cl::io {
namespace {

const char* const kUnits[] = {"kg", "kWh", "MJ", "m3", "item", "tkm", "L"};
const char* const kCategories[] = {"", "air", "air/urban", "water/river", "soil/agricultural/x"};

std::string any_name(const std::string& prefix) {
  const auto suffix = *rc::gen::container<std::string>(
      rc::gen::element('a', 'Z', '7', ' ', '-', ',', '&', '<', '"', '\''));
  const bool cjk = *rc::gen::arbitrary<bool>();
  return prefix + suffix + (cjk ? "電力 (台灣)" : "");
}

double any_amount() {
  return *rc::gen::inRange(1, 100000) / 997.0;
}

lca::Distribution any_distribution(double amount, bool allow_lognormal) {
  lca::Distribution d;
  switch (*rc::gen::inRange(0, allow_lognormal ? 5 : 4)) {
    case 1:
      d.kind = lca::DistributionKind::normal;
      d.sd = *rc::gen::inRange(1, 1000) / 311.0;
      break;
    case 2:
      d.kind = lca::DistributionKind::triangular;
      d.min = amount * 0.8;
      d.mode = amount;
      d.max = amount * 1.3;
      if (d.min > d.max) std::swap(d.min, d.max);
      break;
    case 3:
      d.kind = lca::DistributionKind::uniform;
      d.min = amount - 0.5;
      d.max = amount + 0.25;
      break;
    case 4:
      d.kind = lca::DistributionKind::lognormal;
      d.gsd = 1.0 + *rc::gen::inRange(1, 2000) / 1000.0;
      break;
    default:
      break;
  }
  return d;
}

struct Options {
  bool jsonld = true;  ///< false: only what EcoSpold 2 can hold
};

/// A random problem whose every flow is used; products and wastes each have one provider.
lca::Problem any_problem(const Options& options) {
  lca::Problem problem;
  problem.name = any_name("db ");
  const int products = *rc::gen::inRange(1, 7);
  const int wastes = *rc::gen::inRange(0, 3);
  const int elementary = *rc::gen::inRange(1, 5);
  auto unit = [] {
    return std::string(
        *rc::gen::elementOf(std::vector<std::string>(std::begin(kUnits), std::end(kUnits))));
  };
  for (int i = 0; i < products; ++i) {
    problem.flows.push_back(
        {"p" + std::to_string(i), any_name("product "), lca::FlowKind::product, unit(), "", {}});
  }
  for (int i = 0; i < wastes; ++i) {
    problem.flows.push_back(
        {"w" + std::to_string(i), any_name("waste "), lca::FlowKind::waste, "kg", "", {}});
  }
  for (int i = 0; i < elementary; ++i) {
    problem.flows.push_back({"e" + std::to_string(i),
                             any_name("emission "),
                             lca::FlowKind::elementary,
                             unit(),
                             *rc::gen::elementOf(std::vector<std::string>(std::begin(kCategories),
                                                                          std::end(kCategories))),
                             {}});
  }
  auto exchange = [&](const std::string& flow, lca::Direction direction, bool lognormal_ok) {
    lca::Exchange e;
    e.flow = flow;
    e.direction = direction;
    e.amount = any_amount();
    e.uncertainty = any_distribution(e.amount, lognormal_ok);
    return e;
  };
  auto process_for = [&](const std::string& id, const std::string& reference, bool waste) {
    lca::Process process;
    process.id = id;
    process.name = any_name("process ");
    process.reference = reference;
    auto ref = exchange(reference, waste ? lca::Direction::input : lca::Direction::output, false);
    ref.uncertainty = {};
    process.exchanges.push_back(ref);
    return process;
  };
  for (int i = 0; i < products; ++i) {
    problem.processes.push_back(
        process_for("make_p" + std::to_string(i), "p" + std::to_string(i), false));
  }
  for (int i = 0; i < wastes; ++i) {
    problem.processes.push_back(
        process_for("treat_w" + std::to_string(i), "w" + std::to_string(i), true));
  }
  // Every process draws on other products, emits wastes and elementary flows.
  for (auto& process : problem.processes) {
    for (int i = 0; i < products; ++i) {
      const std::string flow = "p" + std::to_string(i);
      if (flow == process.reference || !*rc::gen::arbitrary<bool>()) continue;
      auto input = exchange(flow, lca::Direction::input, true);
      input.provider = "make_" + flow;
      if (options.jsonld && *rc::gen::inRange(0, 5) == 0) {  // an avoided product instead
        input.direction = lca::Direction::output;
        input.avoided = true;
      }
      process.exchanges.push_back(input);
    }
    for (int i = 0; i < wastes; ++i) {
      const std::string flow = "w" + std::to_string(i);
      if (flow == process.reference || !*rc::gen::arbitrary<bool>()) continue;
      auto output = exchange(flow, lca::Direction::output, true);
      output.provider = "treat_" + flow;
      process.exchanges.push_back(output);
    }
    for (int i = 0; i < elementary; ++i) {
      if (!*rc::gen::arbitrary<bool>()) continue;
      process.exchanges.push_back(exchange(
          "e" + std::to_string(i),
          *rc::gen::arbitrary<bool>() ? lca::Direction::output : lca::Direction::input, true));
    }
  }
  // Elementary flows no process uses would not survive EcoSpold 2 (it has no flow list).
  std::map<std::string, bool> used;
  for (const auto& process : problem.processes) {
    for (const auto& e : process.exchanges) used[e.flow] = true;
  }
  std::erase_if(problem.flows, [&](const lca::Flow& flow) { return !used[flow.id]; });
  if (options.jsonld) {
    // A co-product with allocation factors on the first process.
    if (products >= 2 && *rc::gen::arbitrary<bool>()) {
      auto& first = problem.processes.front();
      const std::string co = "p1";
      std::erase_if(first.exchanges, [&](const lca::Exchange& e) { return e.flow == co; });
      auto out = exchange(co, lca::Direction::output, true);
      first.exchanges.push_back(out);
      const double share = *rc::gen::inRange(1, 99) / 100.0;
      first.allocation.method = lca::AllocationMethod::factors;
      first.allocation.factors = {{first.reference, share}, {co, 1.0 - share}};
    }
    const int methods = *rc::gen::inRange(0, 3);
    for (int m = 0; m < methods; ++m) {
      lca::Method method{"m" + std::to_string(m), any_name("category "), "kg CO2 eq", {}, {}};
      for (const auto& flow : problem.flows) {
        if (flow.kind != lca::FlowKind::elementary || !*rc::gen::arbitrary<bool>()) continue;
        const double value = any_amount();
        method.factors.push_back({flow.id, value, any_distribution(value, true)});
      }
      problem.methods.push_back(method);
    }
  }
  return problem;
}

bool same_distribution(const lca::Distribution& a, const lca::Distribution& b, double tolerance) {
  auto near = [&](double x, double y) {
    return x == y || std::abs(x - y) <= tolerance * std::max(std::abs(x), std::abs(y));
  };
  return a.kind == b.kind && near(a.gsd, b.gsd) && near(a.sd, b.sd) && a.min == b.min &&
         a.mode == b.mode && a.max == b.max;
}

void check_equal(const lca::Problem& original, const lca::Problem& back, double tolerance,
                 bool with_methods) {
  std::map<std::string, const lca::Flow*> flows;
  for (const auto& flow : back.flows) flows[flow.id] = &flow;
  RC_ASSERT(back.flows.size() == original.flows.size());
  for (const auto& flow : original.flows) {
    RC_ASSERT(flows.count(flow.id) == 1u);
    const auto& other = *flows[flow.id];
    RC_ASSERT(other.name == flow.name);
    RC_ASSERT(other.kind == flow.kind);
    RC_ASSERT(other.unit == flow.unit);
    RC_ASSERT(other.category == flow.category);
  }
  std::map<std::string, const lca::Process*> processes;
  for (const auto& process : back.processes) processes[process.id] = &process;
  RC_ASSERT(back.processes.size() == original.processes.size());
  for (const auto& process : original.processes) {
    RC_ASSERT(processes.count(process.id) == 1u);
    const auto& other = *processes[process.id];
    RC_ASSERT(other.name == process.name);
    RC_ASSERT(other.reference == process.reference);
    RC_ASSERT(other.allocation.method == process.allocation.method);
    RC_ASSERT(other.allocation.factors == process.allocation.factors);
    RC_ASSERT(other.exchanges.size() == process.exchanges.size());
    for (std::size_t e = 0; e < process.exchanges.size(); ++e) {
      const auto& a = process.exchanges[e];
      const auto& b = other.exchanges[e];
      RC_ASSERT(b.flow == a.flow);
      RC_ASSERT(b.direction == a.direction);
      RC_ASSERT(b.amount == a.amount);
      RC_ASSERT(b.avoided == a.avoided);
      RC_ASSERT(b.provider == a.provider);
      RC_ASSERT(b.unit == a.unit);
      RC_ASSERT(same_distribution(a.uncertainty, b.uncertainty, tolerance));
    }
  }
  if (!with_methods) return;
  std::map<std::string, const lca::Method*> methods;
  for (const auto& method : back.methods) methods[method.id] = &method;
  RC_ASSERT(back.methods.size() == original.methods.size());
  for (const auto& method : original.methods) {
    RC_ASSERT(methods.count(method.id) == 1u);
    const auto& other = *methods[method.id];
    RC_ASSERT(other.name == method.name);
    RC_ASSERT(other.unit == method.unit);
    RC_ASSERT(other.factors.size() == method.factors.size());
    for (std::size_t f = 0; f < method.factors.size(); ++f) {
      RC_ASSERT(other.factors[f].flow == method.factors[f].flow);
      RC_ASSERT(other.factors[f].value == method.factors[f].value);
      RC_ASSERT(
          same_distribution(method.factors[f].uncertainty, other.factors[f].uncertainty, 0.0));
    }
  }
}

/// A package held in memory (the writers' entries), read without touching the disk.
class MemoryPackage : public Package {
 public:
  explicit MemoryPackage(std::vector<std::pair<std::string, std::string>> entries)
      : entries_(entries.begin(), entries.end()) {
    for (const auto& [name, text] : entries_) names_.push_back(name);
  }
  const std::vector<std::string>& names() const override { return names_; }
  const std::string& path() const override { return path_; }
  Result<std::string> read(const std::string& name, std::size_t padding) override {
    std::string text = entries_.at(name);
    text.reserve(text.size() + padding);
    return text;
  }

 private:
  std::map<std::string, std::string> entries_;
  std::vector<std::string> names_;
  std::string path_ = "memory.zip";
};

RC_GTEST_PROP(BackgroundProps, JsonldExportImportIsEqual, ()) {
  const auto problem = any_problem({.jsonld = true});
  auto entries = jsonld_entries(problem);
  RC_ASSERT(entries.has_value());
  MemoryPackage package(*entries);
  Diagnostics diagnostics;
  auto back = read_jsonld_package(package, {}, diagnostics);
  if (!back) RC_FAIL(back.error().to_string());
  RC_ASSERT(!diagnostics.has_errors());
  check_equal(problem, *back, 0.0, true);
}

RC_GTEST_PROP(BackgroundProps, EcospoldExportImportIsEqual, ()) {
  const auto problem = any_problem({.jsonld = false});
  auto entries = ecospold_entries(problem);
  if (!entries) RC_FAIL(entries.error().to_string());
  MemoryPackage package(*entries);
  Diagnostics diagnostics;
  auto back = read_ecospold_package(package, diagnostics);
  if (!back) RC_FAIL(back.error().to_string());
  RC_ASSERT(!diagnostics.has_errors());
  check_equal(problem, *back, 1e-12, false);
}

}  // namespace
}  // namespace cl::io
