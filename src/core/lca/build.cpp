// Problem → MatrixSystem. Reading order: index flows and processes, split each process into one
// activity per co-product (allocation), choose providers, then write A, B and C as triplets and
// map the uncertain ones to their place in the compressed matrices.
#include "core/lca/build.hpp"

#include <algorithm>
#include <cmath>
#include <unordered_map>

#include "core/units/unit.hpp"

namespace cl::lca {
namespace {

constexpr double kShareTolerance = 1e-6;

struct Triplet {
  int row;
  int col;
  double value;
  Distribution distribution;  ///< already in matrix units (scaled by sign, share and unit)
};

RecordRef where_of(const Process& process, const Exchange* exchange = nullptr) {
  RecordRef where =
      exchange != nullptr && !exchange->where.empty() ? exchange->where : process.where;
  if (where.record.empty()) where.record = process.id;
  return where;
}

/// A distribution of x, turned into the distribution of factor·x.
Distribution scaled(Distribution distribution, double factor) {
  switch (distribution.kind) {
    case DistributionKind::none:
    case DistributionKind::lognormal:
      break;
    case DistributionKind::normal:
      distribution.sd *= std::abs(factor);
      break;
    case DistributionKind::triangular:
    case DistributionKind::uniform:
      distribution.min *= factor;
      distribution.mode *= factor;
      distribution.max *= factor;
      if (factor < 0) std::swap(distribution.min, distribution.max);
      break;
  }
  return distribution;
}

class Builder {
 public:
  Builder(const Problem& problem, Diagnostics& diagnostics)
      : problem_(problem), diagnostics_(diagnostics) {}

  std::optional<MatrixSystem> build() {
    index_flows();
    index_processes();
    for (std::size_t p = 0; p < problem_.processes.size(); ++p) split_process(p);
    choose_defaults();
    for (std::size_t c = 0; c < columns_.size(); ++c) write_column(c);
    write_methods();
    if (diagnostics_.has_errors()) return std::nullopt;
    return assemble();
  }

 private:
  struct Column {
    std::size_t process;
    std::size_t reference;  ///< exchange index of this column's co-product
    double share;
  };

  void error(ErrorCode code, std::string message, RecordRef where) {
    diagnostics_.error(code, std::move(message), std::move(where));
  }

  void index_flows() {
    for (std::size_t f = 0; f < problem_.flows.size(); ++f) {
      const auto& flow = problem_.flows[f];
      if (!flow_index_.emplace(flow.id, f).second) {
        error(ErrorCode::parse_bad_value,
              "flow id '" + flow.id + "' is used twice; ids must be unique", flow.where);
      }
      if (flow.kind == FlowKind::elementary) {
        elementary_row_.emplace(flow.id, static_cast<int>(elementary_.size()));
        elementary_.push_back(f);
      }
    }
  }

  void index_processes() {
    for (std::size_t p = 0; p < problem_.processes.size(); ++p) {
      const auto& process = problem_.processes[p];
      if (!process_index_.emplace(process.id, p).second) {
        error(ErrorCode::parse_bad_value,
              "process id '" + process.id + "' is used twice; ids must be unique", process.where);
      }
    }
  }

  const Flow* flow_of(const Process& process, const Exchange& exchange) {
    const auto found = flow_index_.find(exchange.flow);
    if (found == flow_index_.end()) {
      error(ErrorCode::lca_unknown_flow,
            "process '" + process.id + "' uses flow '" + exchange.flow +
                "', which is not among the problem's flows; add it to \"flows\" or fix the id",
            where_of(process, &exchange));
      return nullptr;
    }
    return &problem_.flows[found->second];
  }

  /// The exchange amount in the flow's own unit; nullopt (with an error) when units differ in
  /// dimension or are unknown.
  std::optional<double> amount_in_flow_unit(const Process& process, const Exchange& exchange,
                                            const Flow& flow) {
    if (!std::isfinite(exchange.amount)) {
      error(ErrorCode::parse_bad_value, "the amount of '" + flow.id + "' is not a finite number",
            where_of(process, &exchange));
      return std::nullopt;
    }
    if (exchange.unit.empty() || exchange.unit == flow.unit) return exchange.amount;
    const auto where = where_of(process, &exchange);
    auto from = units::find_unit(exchange.unit, where);
    auto to = units::find_unit(flow.unit, where);
    if (!from || !to) {
      error(ErrorCode::unit_mismatch,
            "process '" + process.id + "' gives '" + flow.id + "' in " + exchange.unit +
                " but the flow is measured in " + flow.unit +
                " and CarbonLedger cannot convert between them; give the amount in " + flow.unit,
            where);
      return std::nullopt;
    }
    auto converted = units::convert(exchange.amount, *from, *to, where);
    if (!converted) {
      error(ErrorCode::unit_mismatch,
            "process '" + process.id + "' gives '" + flow.id + "' in " + exchange.unit +
                " but the flow is measured in " + flow.unit + " (" +
                std::string(units::dimension_id(to->dimension)) + "); " +
                "use a unit of the same kind",
            where);
      return std::nullopt;
    }
    return *converted;
  }

  /// Provider flows (openLCA's term): product outputs and waste inputs that are not avoided.
  bool is_provider_flow(const Exchange& exchange, const Flow& flow) const {
    if (exchange.avoided) return false;
    return (flow.kind == FlowKind::product && exchange.direction == Direction::output) ||
           (flow.kind == FlowKind::waste && exchange.direction == Direction::input);
  }

  void split_process(std::size_t p) {
    const auto& process = problem_.processes[p];
    amounts_.emplace_back(process.exchanges.size(), 0.0);
    auto& amounts = amounts_.back();
    std::vector<std::size_t> co_products;
    bool ok = true;
    for (std::size_t e = 0; e < process.exchanges.size(); ++e) {
      const auto& exchange = process.exchanges[e];
      const Flow* flow = flow_of(process, exchange);
      if (flow == nullptr) {
        ok = false;
        continue;
      }
      const auto amount = amount_in_flow_unit(process, exchange, *flow);
      if (!amount) {
        ok = false;
        continue;
      }
      amounts[e] = *amount;
      if (auto checked = check_distribution(exchange.uncertainty, exchange.amount); !checked) {
        error(checked.error().code,
              "the uncertainty of '" + flow->id + "' in process '" + process.id +
                  "': " + checked.error().message,
              where_of(process, &exchange));
        ok = false;
      }
      if (exchange.avoided &&
          !(flow->kind == FlowKind::product && exchange.direction == Direction::output) &&
          !(flow->kind == FlowKind::waste && exchange.direction == Direction::input)) {
        error(ErrorCode::parse_bad_value,
              "only a product output (avoided product) or a waste input (avoided waste) can be "
              "avoided; '" +
                  flow->id + "' in process '" + process.id + "' cannot",
              where_of(process, &exchange));
        ok = false;
      }
      if (is_provider_flow(exchange, *flow)) co_products.push_back(e);
    }
    const auto reference = std::find_if(co_products.begin(), co_products.end(), [&](std::size_t e) {
      return process.exchanges[e].flow == process.reference;
    });
    if (reference == co_products.end()) {
      error(ErrorCode::lca_reference,
            "process '" + process.id + "' has no reference flow '" + process.reference +
                "' among its product outputs or waste inputs; the reference must be a product it "
                "makes (an output) or a waste it treats (an input)",
            where_of(process));
      return;
    }
    if (!ok) return;
    for (const auto e : co_products) {
      if (amounts[e] == 0.0) {
        error(ErrorCode::lca_reference,
              "process '" + process.id + "' makes 0 " + process.exchanges[e].flow +
                  "; a reference or co-product amount must not be zero",
              where_of(process, &process.exchanges[e]));
        return;
      }
    }
    if (co_products.size() == 1) {
      columns_.push_back({p, co_products.front(), 1.0});
      return;
    }
    const auto shares = allocation_shares(process, amounts, co_products);
    if (!shares) return;
    // The reference product first, so that a process's first column is its reference.
    const auto first = static_cast<std::size_t>(reference - co_products.begin());
    columns_.push_back({p, co_products[first], (*shares)[first]});
    for (std::size_t k = 0; k < co_products.size(); ++k) {
      if (k != first) columns_.push_back({p, co_products[k], (*shares)[k]});
    }
  }

  /// The share of each co-product (in co_products' order), or nullopt with an error.
  std::optional<std::vector<double>> allocation_shares(
      const Process& process, const std::vector<double>& amounts,
      const std::vector<std::size_t>& co_products) {
    std::vector<double> weights;
    std::string names;
    for (const auto e : co_products)
      names += (names.empty() ? "" : ", ") + process.exchanges[e].flow;
    const auto where = where_of(process);
    switch (process.allocation.method) {
      case AllocationMethod::none:
        error(ErrorCode::lca_allocation,
              "process '" + process.id + "' has " + std::to_string(co_products.size()) +
                  " products (" + names +
                  ") and no allocation; give \"allocation\" (physical, economic or factors) or "
                  "mark the by-products as avoided (system expansion)",
              where);
        return std::nullopt;
      case AllocationMethod::physical:
      case AllocationMethod::economic: {
        const bool physical = process.allocation.method == AllocationMethod::physical;
        for (const auto e : co_products) {
          const auto& exchange = process.exchanges[e];
          const double per_unit = physical ? exchange.physical : exchange.price;
          if (!(per_unit > 0.0) || !std::isfinite(per_unit)) {
            error(ErrorCode::lca_allocation,
                  std::string("process '") + process.id + "' allocates " +
                      (physical ? "physically" : "economically") + " but its product '" +
                      exchange.flow + "' has no positive \"" + (physical ? "physical" : "price") +
                      "\" value per unit; give one for every product",
                  where_of(process, &exchange));
            return std::nullopt;
          }
          weights.push_back(std::abs(amounts[e]) * per_unit);
        }
        break;
      }
      case AllocationMethod::factors: {
        for (const auto e : co_products) {
          const auto found = process.allocation.factors.find(process.exchanges[e].flow);
          if (found == process.allocation.factors.end()) {
            error(ErrorCode::lca_allocation,
                  "process '" + process.id +
                      "' gives allocation factors but none for its "
                      "product '" +
                      process.exchanges[e].flow + "'; give a share for each of: " + names,
                  where);
            return std::nullopt;
          }
          if (!(found->second >= 0.0) || !std::isfinite(found->second)) {
            error(ErrorCode::lca_allocation,
                  "the allocation share of '" + found->first + "' in process '" + process.id +
                      "' must be between 0 and 1",
                  where);
            return std::nullopt;
          }
          weights.push_back(found->second);
        }
        for (const auto& [flow, share] : process.allocation.factors) {
          // An init-capture: clang 14 (the fuzz build) cannot capture a structured binding.
          const bool used = std::any_of(
              co_products.begin(), co_products.end(),
              [&, &flow_id = flow](std::size_t e) { return process.exchanges[e].flow == flow_id; });
          if (!used) {
            error(ErrorCode::lca_allocation,
                  "process '" + process.id + "' gives an allocation share for '" + flow +
                      "', which is not one of its products (" + names + ")",
                  where);
            return std::nullopt;
          }
        }
        double sum = 0.0;
        for (const double weight : weights) sum += weight;
        if (std::abs(sum - 1.0) > kShareTolerance) {
          error(ErrorCode::lca_allocation,
                "the allocation shares of process '" + process.id + "' sum to " +
                    std::to_string(sum) + ", not 1; correct them so that they add up to 1",
                where);
          return std::nullopt;
        }
        return weights;
      }
    }
    double total = 0.0;
    for (const double weight : weights) total += weight;
    for (double& weight : weights) weight /= total;
    return weights;
  }

  void choose_defaults() {
    for (std::size_t c = 0; c < columns_.size(); ++c) {
      const auto& column = columns_[c];
      const auto& flow = problem_.processes[column.process].exchanges[column.reference].flow;
      providers_[flow].push_back(c);
    }
    for (const auto& [flow, process] : problem_.default_providers) {
      const auto list = providers_.find(flow);
      const auto chosen =
          list == providers_.end()
              ? std::vector<std::size_t>::const_iterator{}
              : std::find_if(list->second.begin(), list->second.end(),
                             [&, &process_id = process](std::size_t c) {
                               return problem_.processes[columns_[c].process].id == process_id;
                             });
      if (list == providers_.end() || chosen == list->second.end()) {
        error(ErrorCode::lca_no_provider,
              "\"providers\" chooses process '" + process + "' for '" + flow +
                  "', but that process does not provide it",
              RecordRef{{}, 0, "providers", flow});
        continue;
      }
      defaults_[flow] = *chosen;
    }
  }

  /// The column that provides `flow` for `exchange` of `process`, or nullopt with an error.
  std::optional<std::size_t> provider_for(const Process& process, const Exchange& exchange) {
    const auto where = where_of(process, &exchange);
    const auto list = providers_.find(exchange.flow);
    if (list == providers_.end()) {
      error(ErrorCode::lca_no_provider,
            "nothing provides '" + exchange.flow + "' used by process '" + process.id +
                "'; add a process whose reference flow is '" + exchange.flow +
                "' (a treatment for a waste), or model it as an elementary flow",
            where);
      return std::nullopt;
    }
    if (!exchange.provider.empty()) {
      for (const auto c : list->second) {
        if (problem_.processes[columns_[c].process].id == exchange.provider) return c;
      }
      error(ErrorCode::lca_no_provider,
            "process '" + process.id + "' takes '" + exchange.flow + "' from '" +
                exchange.provider + "', which does not provide it",
            where);
      return std::nullopt;
    }
    if (const auto chosen = defaults_.find(exchange.flow); chosen != defaults_.end()) {
      return chosen->second;
    }
    if (list->second.size() == 1) return list->second.front();
    std::string names;
    for (const auto c : list->second) {
      names += (names.empty() ? "" : ", ") + problem_.processes[columns_[c].process].id;
    }
    error(ErrorCode::lca_ambiguous_provider,
          "'" + exchange.flow + "' used by process '" + process.id + "' is provided by " + names +
              "; choose one with \"provider\" on the exchange or in \"providers\"",
          where);
    return std::nullopt;
  }

  void write_column(std::size_t c) {
    const auto& column = columns_[c];
    const auto& process = problem_.processes[column.process];
    const auto& amounts = amounts_[column.process];
    const auto col = static_cast<int>(c);
    for (std::size_t e = 0; e < process.exchanges.size(); ++e) {
      const auto& exchange = process.exchanges[e];
      const auto& flow = problem_.flows[flow_index_.at(exchange.flow)];
      const double amount = amounts[e];
      if (e == column.reference) {
        // A product output stands as it is (+a); a treated waste input (−a) is negated with its
        // row, so the diagonal is +a either way.
        technosphere_.push_back({col, col, amount, exchange.uncertainty});
        continue;
      }
      if (is_provider_flow(exchange, flow)) continue;  // the reference of its own column
      const double share = column.share;
      if (flow.kind == FlowKind::elementary) {
        const int row = elementary_row_.at(flow.id);
        auto [direction, inserted] = elementary_direction_.emplace(flow.id, exchange.direction);
        const double sign = direction->second == exchange.direction ? 1.0 : -1.0;
        biosphere_.push_back(
            {row, col, sign * share * amount, scaled(exchange.uncertainty, sign * share)});
        continue;
      }
      const auto provider = provider_for(process, exchange);
      if (!provider) continue;
      // After the waste-row flip: product inputs and waste outputs take from their provider
      // (−a); avoided products and avoided wastes give to it (+a).
      const double sign = exchange.avoided ? 1.0 : -1.0;
      technosphere_.push_back({static_cast<int>(*provider), col, sign * share * amount,
                               scaled(exchange.uncertainty, sign * share)});
    }
  }

  void write_methods() {
    for (const auto& method : problem_.methods) {
      ImpactMethod out{method.id, method.name, method.unit,
                       Vector::Zero(static_cast<Eigen::Index>(elementary_.size()))};
      std::vector<std::pair<std::size_t, UncertainEntry>> uncertain;
      for (const auto& factor : method.factors) {
        const auto row = elementary_row_.find(factor.flow);
        if (row == elementary_row_.end()) {
          if (flow_index_.count(factor.flow) != 0) {
            error(ErrorCode::lca_not_product,
                  "method '" + method.id + "' characterizes '" + factor.flow +
                      "', which is a product or waste, not an elementary flow",
                  method.where);
          }
          continue;  // methods cover more flows than a system uses
        }
        if (!std::isfinite(factor.value)) {
          error(ErrorCode::parse_bad_value,
                "method '" + method.id + "' has a factor for '" + factor.flow +
                    "' that is not a finite number",
                method.where);
          continue;
        }
        if (auto checked = check_distribution(factor.uncertainty, factor.value); !checked) {
          error(checked.error().code,
                "the uncertainty of the factor for '" + factor.flow + "' in method '" + method.id +
                    "': " + checked.error().message,
                method.where);
          continue;
        }
        out.factors[row->second] += factor.value;
        if (factor.uncertainty.uncertain()) {
          uncertain.push_back({static_cast<std::size_t>(row->second),
                               UncertainEntry{-1, factor.value, factor.uncertainty}});
        }
      }
      methods_.push_back(std::move(out));
      method_uncertainty_.push_back(std::move(uncertain));
    }
  }

  static SparseMatrix compress(int rows, int cols, const std::vector<Triplet>& triplets,
                               std::vector<UncertainEntry>& uncertain) {
    std::vector<Eigen::Triplet<double, int>> list;
    list.reserve(triplets.size());
    for (const auto& t : triplets) list.emplace_back(t.row, t.col, t.value);
    SparseMatrix matrix(rows, cols);
    matrix.setFromTriplets(list.begin(), list.end());
    matrix.makeCompressed();
    for (const auto& t : triplets) {
      if (!t.distribution.uncertain()) continue;
      const int* begin = matrix.innerIndexPtr() + matrix.outerIndexPtr()[t.col];
      const int* end = matrix.innerIndexPtr() + matrix.outerIndexPtr()[t.col + 1];
      const int* at = std::lower_bound(begin, end, t.row);
      uncertain.push_back({at - matrix.innerIndexPtr(), t.value, t.distribution});
    }
    return matrix;
  }

  MatrixSystem assemble() {
    MatrixSystem system;
    for (const auto& column : columns_) {
      const auto& process = problem_.processes[column.process];
      const auto& flow = problem_.flows[flow_index_.at(process.exchanges[column.reference].flow)];
      system.activities.push_back({process.id, process.name, flow.id, flow.name, flow.unit,
                                   flow.kind == FlowKind::waste, column.share});
    }
    for (const auto f : elementary_) {
      const auto& flow = problem_.flows[f];
      system.flows.push_back({flow.id, flow.name, flow.unit, flow.category});
    }
    const auto n = static_cast<int>(columns_.size());
    system.technosphere = compress(n, n, technosphere_, system.technosphere_uncertainty);
    system.biosphere =
        compress(static_cast<int>(elementary_.size()), n, biosphere_, system.biosphere_uncertainty);
    system.methods = std::move(methods_);
    system.method_uncertainty = std::move(method_uncertainty_);
    for (const auto& [flow, column] : defaults_) system.default_providers.emplace(flow, column);
    return system;
  }

  const Problem& problem_;
  Diagnostics& diagnostics_;
  std::unordered_map<std::string, std::size_t> flow_index_;
  std::unordered_map<std::string, std::size_t> process_index_;
  std::unordered_map<std::string, int> elementary_row_;
  std::unordered_map<std::string, Direction> elementary_direction_;
  std::vector<std::size_t> elementary_;
  std::vector<std::vector<double>> amounts_;  ///< per process, per exchange, in the flow's unit
  std::vector<Column> columns_;
  std::unordered_map<std::string, std::vector<std::size_t>> providers_;
  std::map<std::string, std::size_t> defaults_;
  std::vector<Triplet> technosphere_;
  std::vector<Triplet> biosphere_;
  std::vector<ImpactMethod> methods_;
  std::vector<std::vector<std::pair<std::size_t, UncertainEntry>>> method_uncertainty_;
};

}  // namespace

std::optional<MatrixSystem> build_system(const Problem& problem, Diagnostics& diagnostics) {
  if (problem.processes.empty()) {
    diagnostics.error(ErrorCode::lca_reference,
                      "the problem has no processes; describe at least one process with a "
                      "reference flow");
    return std::nullopt;
  }
  return Builder(problem, diagnostics).build();
}

std::vector<std::pair<std::string, double>> problem_demand(const Problem& problem) {
  std::vector<std::pair<std::string, double>> out;
  for (const auto& line : problem.demand) {
    out.emplace_back(line.provider.empty() ? line.flow : line.provider + "/" + line.flow,
                     line.amount);
  }
  return out;
}

}  // namespace cl::lca
