#include "core/lca/results.hpp"

#include <algorithm>
#include <cmath>

namespace cl::lca {
namespace {

Vector method_load(const MatrixSystem& system, std::size_t method) {
  // q = Bᵀc: the impact of one unit of each activity's own (direct) exchanges.
  return system.biosphere.transpose() * system.methods[method].factors;
}

ContributionGraph build_graph(const MatrixSystem& system, const Vector& demand,
                              const Vector& supply, const Vector& total_per_unit,
                              const std::vector<double>& upstream, double score, double cutoff) {
  const auto& a = system.technosphere;
  const auto n = static_cast<std::size_t>(a.cols());
  ContributionGraph graph;
  graph.cutoff = cutoff;
  std::vector<std::ptrdiff_t> node_of(n, -1);
  const double threshold = cutoff * std::abs(score);
  for (std::size_t j = 0; j < n; ++j) {
    const bool demanded = demand[static_cast<Eigen::Index>(j)] != 0.0;
    const bool relevant = upstream[j] != 0.0 && std::abs(upstream[j]) >= threshold;
    if (demanded || relevant) {
      node_of[j] = static_cast<std::ptrdiff_t>(graph.nodes.size());
      graph.nodes.push_back(j);
      graph.cut_off.push_back(0.0);
    }
  }
  for (const auto consumer : graph.nodes) {
    const double scale = supply[static_cast<Eigen::Index>(consumer)];
    if (scale == 0.0) continue;
    for (SparseMatrix::InnerIterator it(a, static_cast<Eigen::Index>(consumer)); it; ++it) {
      const auto provider = static_cast<std::size_t>(it.row());
      if (provider == consumer) continue;
      const double amount = -it.value() * scale;
      const double impact = total_per_unit[it.row()] * amount;
      if (node_of[provider] >= 0) {
        graph.edges.push_back({provider, consumer, amount, impact});
      } else {
        graph.cut_off[static_cast<std::size_t>(node_of[consumer])] += impact;
      }
    }
  }
  return graph;
}

}  // namespace

Result<LcaResult> calculate(const MatrixSystem& system, const Solver& solver, const Vector& demand,
                            const LcaOptions& options) {
  if (static_cast<std::size_t>(demand.size()) != system.size()) {
    return fail(ErrorCode::internal, "demand vector size does not match the system");
  }
  LcaResult result;
  result.demand = demand;
  auto supply = solver.solve(demand, &result.report);
  if (!supply) return tl::unexpected(supply.error());
  result.supply = std::move(*supply);
  result.inventory = system.biosphere * result.supply;
  std::vector<std::size_t> selected;
  if (options.method) {
    if (*options.method >= system.methods.size()) {
      return fail(ErrorCode::lca_unknown_method, "method index out of range");
    }
    selected.push_back(*options.method);
  } else {
    for (std::size_t k = 0; k < system.methods.size(); ++k) selected.push_back(k);
  }
  const auto& a = system.technosphere;
  for (const auto k : selected) {
    MethodResult out;
    out.method = k;
    out.score = system.methods[k].factors.dot(result.inventory);
    if (options.contributions) {
      const Vector load = method_load(system, k);
      auto per_unit = solver.solve_transposed(load);
      if (!per_unit) return tl::unexpected(per_unit.error());
      std::vector<double> upstream(system.size(), 0.0);
      for (std::size_t j = 0; j < system.size(); ++j) {
        const auto index = static_cast<Eigen::Index>(j);
        const double s = result.supply[index];
        if (s == 0.0) continue;
        upstream[j] = (*per_unit)[index] * a.coeff(index, index) * s;
        out.contributions.push_back({j, load[index] * s, upstream[j]});
      }
      std::stable_sort(out.contributions.begin(), out.contributions.end(),
                       [](const ProcessContribution& lhs, const ProcessContribution& rhs) {
                         return std::abs(lhs.upstream) > std::abs(rhs.upstream);
                       });
      out.graph = build_graph(system, demand, result.supply, *per_unit, upstream, out.score,
                              options.cutoff);
    }
    result.methods.push_back(std::move(out));
  }
  return result;
}

Result<AllProductsResult> all_products(const MatrixSystem& system, const Solver& solver,
                                       std::size_t method) {
  if (method >= system.methods.size()) {
    return fail(ErrorCode::lca_unknown_method, "method index out of range");
  }
  AllProductsResult result;
  result.method = method;
  auto footprints = solver.solve_transposed(method_load(system, method), &result.report);
  if (!footprints) return tl::unexpected(footprints.error());
  result.footprints = std::move(*footprints);
  return result;
}

}  // namespace cl::lca
