// Renders life-cycle results: a readable table (the score per method, the processes that matter
// most, the inventory's largest flows), or JSON with everything, including the contribution graph
// a Sankey diagram draws (nodes, links with amounts and impacts, the cut-off "other" per node).
#pragma once

#include <string>

#include <nlohmann/json.hpp>

#include "core/lca/monte_carlo.hpp"
#include "core/lca/results.hpp"
#include "core/lca/system.hpp"

namespace cl::io {

std::string render_lca_table(const lca::MatrixSystem& system, const lca::LcaResult& result,
                             std::size_t top = 10);
nlohmann::json lca_json(const lca::MatrixSystem& system, const lca::LcaResult& result);

std::string render_all_products_table(const lca::MatrixSystem& system,
                                      const lca::AllProductsResult& result);
nlohmann::json all_products_json(const lca::MatrixSystem& system,
                                 const lca::AllProductsResult& result);
/// activity,process,flow,unit,footprint,method_unit — one row per product.
std::string render_all_products_csv(const lca::MatrixSystem& system,
                                    const lca::AllProductsResult& result);

std::string render_lca_monte_carlo_table(const lca::MatrixSystem& system,
                                         const lca::MonteCarloResult& result);
nlohmann::json lca_monte_carlo_json(const lca::MatrixSystem& system,
                                    const lca::MonteCarloResult& result);

nlohmann::json solve_report_json(const lca::SolveReport& report);

}  // namespace cl::io
