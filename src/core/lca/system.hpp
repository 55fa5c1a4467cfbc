// The matrix form of a life-cycle problem: technosphere A (products × activities, square),
// biosphere B (elementary flows × activities) and one characterization row per method, with the
// labels that name every row and column. Built from a Problem (build.hpp) or read from plain
// matrices (io/lca_matrices.hpp); the solvers and results see only this.
//
// Sign convention (Heijungs & Suh): outputs positive, inputs negative. Rows of waste flows are
// negated, so a treatment process "produces" the service of treating its reference waste: its
// diagonal is positive, a process that emits waste has a negative entry there like any other
// input, and a demand for treating waste is positive. Row scaling does not change the supply s.
#pragma once

#include <cstdint>
#include <map>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include <Eigen/SparseCore>

#include "core/common/result.hpp"
#include "core/lca/distribution.hpp"

namespace cl::lca {

using SparseMatrix = Eigen::SparseMatrix<double, Eigen::ColMajor, int>;
using Vector = Eigen::VectorXd;

/// Column j of A is activity j; row j is its reference product (or treated waste).
struct Activity {
  std::string process;  ///< process id
  std::string process_name;
  std::string flow;  ///< reference product id
  std::string flow_name;
  std::string unit;
  bool waste = false;  ///< the row is a waste treated (sign flipped, see above)
  double share = 1.0;  ///< allocation share when the process has several products
};

struct ElementaryFlow {
  std::string id;
  std::string name;
  std::string unit;
  std::string category;
};

struct ImpactMethod {
  std::string id;
  std::string name;
  std::string unit;
  Vector factors;  ///< one per elementary flow (row of B); zero where the method has none
};

/// Where an uncertain value sits: its position in the matrix's value array (CSC order), its
/// nominal contribution there and its distribution. Several exchanges may add into one position.
struct UncertainEntry {
  std::int64_t position = 0;
  double nominal = 0.0;
  Distribution distribution;
};

struct MatrixSystem {
  std::vector<Activity> activities;
  std::vector<ElementaryFlow> flows;
  std::vector<ImpactMethod> methods;
  SparseMatrix technosphere;  ///< A, n × n
  SparseMatrix biosphere;     ///< B, m × n
  std::vector<UncertainEntry> technosphere_uncertainty;
  std::vector<UncertainEntry> biosphere_uncertainty;
  /// method index → (flow index, nominal, distribution) for uncertain characterization factors
  std::vector<std::vector<std::pair<std::size_t, UncertainEntry>>> method_uncertainty;
  /// Flow id → the activity chosen to provide it when several do (the problem's "providers").
  std::map<std::string, std::size_t, std::less<>> default_providers;

  std::size_t size() const { return activities.size(); }
  /// "process-id / flow-id (name)": how messages name activity j.
  std::string activity_label(std::size_t j) const;
  /// The activity that provides `flow` ("flow" or "process/flow"); an error says whether the
  /// flow is unknown, elementary (not a product) or has several providers without a default.
  Result<std::size_t> find_activity(std::string_view key) const;
  Result<std::size_t> find_method(std::string_view id) const;
};

/// A demand vector from (key, amount) pairs, keys as find_activity takes them.
Result<Vector> make_demand(const MatrixSystem& system,
                           const std::vector<std::pair<std::string, double>>& demand);

}  // namespace cl::lca
