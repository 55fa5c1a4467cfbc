// What one life-cycle calculation gives: supply s = A⁻¹f, inventory g = B s, a score h = c·g per
// method, the direct and upstream contribution of every activity, and the contribution graph a
// Sankey diagram draws. Upstream totals use the adjoint t = A⁻ᵀBᵀc (t_j is the footprint of one
// unit of activity j's product): upstream_j = t_j · A_jj · s_j, as openLCA's "upstream total"
// (in loops an activity's upstream includes itself, so upstream shares may sum to more than 1).
#pragma once

#include <optional>
#include <vector>

#include "core/lca/solver.hpp"
#include "core/lca/system.hpp"

namespace cl::lca {

struct ProcessContribution {
  std::size_t activity = 0;
  double direct = 0.0;    ///< c · B[:, j] · s_j
  double upstream = 0.0;  ///< t_j · A_jj · s_j
};

/// One link of the graph: `amount` of the provider's product flows into the consumer, carrying
/// `impact` = t_provider · amount.
struct ContributionEdge {
  std::size_t provider = 0;
  std::size_t consumer = 0;
  double amount = 0.0;
  double impact = 0.0;
};

/// Nodes are the activities whose |upstream| is at least `cutoff` × |score| (always including
/// the demanded ones); edges join kept nodes. The impact a node takes in from providers that were
/// cut is `cut_off[k]` for nodes[k], so a Sankey diagram can draw an "other" band.
struct ContributionGraph {
  double cutoff = 0.0;
  std::vector<std::size_t> nodes;
  std::vector<double> cut_off;
  std::vector<ContributionEdge> edges;
};

struct MethodResult {
  std::size_t method = 0;
  double score = 0.0;
  std::vector<ProcessContribution> contributions;  ///< every activity with s_j ≠ 0, by |upstream|
  ContributionGraph graph;
};

struct LcaResult {
  Vector demand;
  Vector supply;
  Vector inventory;  ///< g, one per elementary flow
  std::vector<MethodResult> methods;
  SolveReport report;
};

struct LcaOptions {
  std::optional<std::size_t> method;  ///< one method, or all when empty
  bool contributions = true;          ///< direct/upstream per process and the graph
  double cutoff = 0.01;               ///< graph cut-off share of the score
};

Result<LcaResult> calculate(const MatrixSystem& system, const Solver& solver, const Vector& demand,
                            const LcaOptions& options = {});

/// The footprint of one unit of every activity's product for one method, from one transposed
/// solve: t = A⁻ᵀ Bᵀ c.
struct AllProductsResult {
  std::size_t method = 0;
  Vector footprints;
  SolveReport report;
};

Result<AllProductsResult> all_products(const MatrixSystem& system, const Solver& solver,
                                       std::size_t method);

}  // namespace cl::lca
