// The solver ladder of reference/lca-engine.md, every answer checked by its residual:
//  1. block-triangular form (SuiteSparse BTF strong components): acyclic parts are solved by
//     substitution, only the loop blocks need more;
//  2. automatic one-off solves iterate on the loop blocks (Jacobi-preconditioned Neumann, then
//     GMRES) and fall back to LU when the iteration stalls or the diagonal has the wrong sign;
//  3. sparse LU (sparse_lu.hpp: KLU's BTF + AMD ordering, left-looking with a dense LAPACK tail
//     for the fill at the end of a loop block) kept and reused across demands, transposed
//     (adjoint) solves and as the preconditioner of Monte Carlo draws, which refactor (KLU) only
//     when that stalls;
//  4. dense LU (LAPACK dgetrf) when A is denser than `dense_threshold` (input-output tables).
// A structurally or numerically singular technosphere is lca.singular naming the activity and
// the loop (strong component) it sits in; a residual above tolerance is lca.ill_conditioned.
#pragma once

#include <functional>
#include <memory>
#include <optional>
#include <string>
#include <string_view>

#include <Eigen/Dense>

#include "core/common/result.hpp"
#include "core/lca/system.hpp"

namespace cl::lca {

enum class SolverKind { automatic, iterative, klu, dense };

/// "auto", "iterative", "klu", "dense".
std::string_view solver_kind_name(SolverKind kind);
std::optional<SolverKind> find_solver_kind(std::string_view name);

struct SolverOptions {
  SolverKind kind = SolverKind::automatic;
  double tolerance = 1e-12;  ///< relative residual ‖As − f‖∞ / ‖f‖∞ every answer must meet
  int max_iterations = 1000;      ///< for the iterative path before falling back
  double dense_threshold = 0.05;  ///< density of A above which `automatic` uses dense LU
};

/// How an answer was reached, for the report and the benchmark.
struct SolveReport {
  SolverKind used = SolverKind::automatic;
  int iterations = 0;
  double residual = 0.0;   ///< relative, as in SolverOptions::tolerance
  std::size_t blocks = 0;  ///< strong components of A (BTF blocks)
  std::size_t largest_block = 0;
  bool fell_back = false;   ///< the first choice did not converge or was not applicable
  bool refactored = false;  ///< Monte Carlo: this draw needed its own factorization
};

/// Names activity j in messages (MatrixSystem::activity_label).
using ActivityNamer = std::function<std::string(std::size_t)>;

/// Per-thread scratch space for solve_perturbed; reuse one per thread across draws.
struct PerturbedWorkspace;
struct PerturbedWorkspaceDeleter {
  void operator()(PerturbedWorkspace* workspace) const;
};
using PerturbedWorkspacePtr = std::unique_ptr<PerturbedWorkspace, PerturbedWorkspaceDeleter>;

class Solver {
 public:
  /// Analyses A (pattern, BTF blocks, density). Structural singularity is reported here.
  static Result<Solver> analyze(const SparseMatrix& technosphere, ActivityNamer namer,
                                SolverOptions options = {});

  Solver(Solver&&) noexcept;
  Solver& operator=(Solver&&) noexcept;
  ~Solver();

  /// Factorizes now (sparse LU, or dense LU above the density threshold) so later calls reuse it.
  Result<void> factorize();
  bool factorized() const;

  /// A s = f. Thread-safe once factorized.
  Result<Vector> solve(const Vector& demand, SolveReport* report = nullptr) const;
  /// Aᵀ x = b (the adjoint: all products' footprints from one solve). Thread-safe once factorized.
  Result<Vector> solve_transposed(const Vector& rhs, SolveReport* report = nullptr) const;
  /// Several right-hand sides (columns) at once, sharing one factorization.
  Result<Eigen::MatrixXd> solve_many(const Eigen::MatrixXd& demands) const;
  Result<Eigen::MatrixXd> solve_transposed_many(const Eigen::MatrixXd& rhs) const;

  /// A' s = f for a matrix A' with A's pattern and `values` (CSC order, nonZeros() of them):
  /// iterations preconditioned by the nominal factorization, falling back to refactoring A' in
  /// the workspace. Needs factorize() first; thread-safe with one workspace per thread.
  PerturbedWorkspacePtr make_workspace() const;
  Result<Vector> solve_perturbed(const double* values, const Vector& demand,
                                 PerturbedWorkspace& workspace,
                                 SolveReport* report = nullptr) const;

  const SparseMatrix& matrix() const;
  const SolverOptions& options() const;
  std::size_t block_count() const;
  std::size_t largest_block() const;

 private:
  struct Impl;
  explicit Solver(std::unique_ptr<Impl> impl);
  std::unique_ptr<Impl> impl_;
};

/// ‖A s − f‖∞ / max(‖f‖∞, tiny): the check every path applies.
double relative_residual(const SparseMatrix& matrix, const Vector& solution, const Vector& rhs);

}  // namespace cl::lca
