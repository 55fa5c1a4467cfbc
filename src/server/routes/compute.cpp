// The stateless computations on the engines, one request in and the answer out, nothing
// stored: POST /api/v1/inventory/{validate,compute,register} take an inventory as JSON
// (docs/formats/inventory.md, activity inline: a request names no files on the server);
// POST /api/v1/lca/{solve,all-products} take a life-cycle problem (docs/formats/lca-problem.md).
// The factor library is the one loaded at start. The same io readers and writers as the CLI
// (src/cli/commands/inventory.cpp, lca.cpp), so both give the same numbers.
#include <charconv>

#include "core/inventory/compute.hpp"
#include "core/lca/build.hpp"
#include "core/lca/results.hpp"
#include "io/inventory_reader.hpp"
#include "io/lca_problem_reader.hpp"
#include "io/lca_writer.hpp"
#include "server/api.hpp"
#include "server/http_error.hpp"
#include "server/routes/common.hpp"
#include "server/routes/register_output.hpp"

namespace cl::server {
namespace {

constexpr const char* kBodyName = "body";

/// The Result's value, or a JSON error with the code's usual status (422 for engine failures).
template <class T>
T value_or_throw(Result<T> result) {
  if (!result) throw ApiError{status_of(result.error().code), result.error(), {}};
  if constexpr (!std::is_void_v<T>) return std::move(*result);
}

struct Computed {
  inventory::Inventory inventory;
  inventory::InventoryResult result;
};

io::ReadInventory read_body_inventory(const RequestContext& context) {
  json_body(context);  // 415 / 400 with line and column, before the reader sees it
  return io::parse_inventory(context.req.body, kBodyName, true);
}

Computed compute_inventory(ApiState& state, const RequestContext& context) {
  const auto gwp = query(context, "gwp", "", {"AR4", "AR5", "AR6"});
  auto read = read_body_inventory(context);
  const auto& library = state.library.library;
  if (!read.diagnostics.has_errors()) {
    read.diagnostics.append(
        inventory::validate(read.inventory, gwp.empty() ? read.inventory.gwp_set : gwp, library));
  }
  if (read.diagnostics.has_errors()) throw_diagnostics(read.diagnostics, "the inventory");
  inventory::ComputeOptions options;
  if (!gwp.empty()) options.gwp_set = gwp;
  Diagnostics validated = read.diagnostics;
  options.validated = &validated;
  auto result = value_or_throw(inventory::compute(read.inventory, library, options));
  return {std::move(read.inventory), std::move(result)};
}

void validate_route(ApiState& state, RequestContext& context) {
  auto read = read_body_inventory(context);
  if (!read.diagnostics.has_errors()) {
    read.diagnostics.append(inventory::validate(read.inventory, state.library.library));
  }
  send_json(context.res, 200,
            {{"valid", !read.diagnostics.has_errors()},
             {"errors", read.diagnostics.error_count()},
             {"warnings", read.diagnostics.items().size() - read.diagnostics.error_count()},
             {"sources", read.inventory.sources.size()},
             {"records", read.inventory.records.size()},
             {"diagnostics", diagnostics_json(read.diagnostics)}});
}

void compute_route(ApiState& state, RequestContext& context) {
  const auto format = query(context, "format", "json", {"json", "csv"});
  auto [inventory, result] = compute_inventory(state, context);
  send_inventory_result(state, context, inventory, result, format);
}

void register_route(ApiState& state, RequestContext& context) {
  auto [inventory, result] = compute_inventory(state, context);
  send_inventory_result(state, context, inventory, result, "xlsx");
}

struct LoadedProblem {
  lca::MatrixSystem system;
  lca::Problem problem;
};

LoadedProblem load_problem(const RequestContext& context) {
  json_body(context);
  Diagnostics diagnostics;
  auto problem = io::parse_lca_problem(context.req.body, kBodyName, diagnostics);
  if (!problem) {
    if (diagnostics.has_errors()) throw_diagnostics(diagnostics, "the problem");
    throw ApiError{422, problem.error(), {}};
  }
  auto system = lca::build_system(*problem, diagnostics);
  if (!system || diagnostics.has_errors()) throw_diagnostics(diagnostics, "the problem");
  return {std::move(*system), std::move(*problem)};
}

lca::Solver make_solver(const RequestContext& context, const lca::MatrixSystem& system) {
  const auto name = query(context, "solver", "auto", {"auto", "iterative", "klu", "dense"});
  lca::SolverOptions options;
  options.kind = lca::find_solver_kind(name).value_or(lca::SolverKind::automatic);
  return value_or_throw(lca::Solver::analyze(
      system.technosphere, [&system](std::size_t j) { return system.activity_label(j); }, options));
}

/// `demand=steel=1000` (repeatable, FLOW=AMOUNT or PROCESS/FLOW=AMOUNT), else the problem's.
lca::Vector demand_of(const RequestContext& context, const LoadedProblem& loaded) {
  std::vector<std::pair<std::string, double>> lines;
  const auto count = context.req.get_param_value_count("demand");
  for (std::size_t idx = 0; idx < count; ++idx) {
    const auto line = context.req.get_param_value("demand", idx);
    const auto equals = line.rfind('=');
    double amount = 0.0;
    const char* begin = line.data() + (equals == std::string::npos ? 0 : equals + 1);
    const auto parsed = std::from_chars(begin, line.data() + line.size(), amount);
    if (equals == std::string::npos || equals == 0 || parsed.ec != std::errc{} ||
        parsed.ptr != line.data() + line.size()) {
      throw_error(400, ErrorCode::parse_bad_value,
                  "query parameter 'demand' must be FLOW=AMOUNT or PROCESS/FLOW=AMOUNT",
                  {.field = "demand"});
    }
    lines.emplace_back(line.substr(0, equals), amount);
  }
  if (lines.empty()) lines = lca::problem_demand(loaded.problem);
  return value_or_throw(lca::make_demand(loaded.system, lines));
}

void solve_route(RequestContext& context) {
  const auto cutoff = query_number(context, "cutoff", 0.01, 0.0, 1.0);
  const auto loaded = load_problem(context);
  const auto demand = demand_of(context, loaded);
  const auto solver = make_solver(context, loaded.system);
  lca::LcaOptions options;
  options.cutoff = cutoff;
  const auto method = query(context, "method", "");
  if (!method.empty()) options.method = value_or_throw(loaded.system.find_method(method));
  const auto result = value_or_throw(lca::calculate(loaded.system, solver, demand, options));
  send_json(context.res, 200, io::lca_json(loaded.system, result));
}

void all_products_route(RequestContext& context) {
  const auto format = query(context, "format", "json", {"json", "csv"});
  const auto method_id = query(context, "method", "");
  if (method_id.empty()) {
    throw_error(400, ErrorCode::parse_missing_field,
                "query parameter 'method' names the impact method (e.g. ?method=gwp100)",
                {.field = "method"});
  }
  const auto loaded = load_problem(context);
  auto solver = make_solver(context, loaded.system);
  const auto method = value_or_throw(loaded.system.find_method(method_id));
  value_or_throw(solver.factorize());
  const auto result = value_or_throw(lca::all_products(loaded.system, solver, method));
  if (format == "csv") {
    context.res.status = 200;
    context.res.set_content(io::render_all_products_csv(loaded.system, result),
                            "text/csv; charset=utf-8");
    return;
  }
  send_json(context.res, 200, io::all_products_json(loaded.system, result));
}

}  // namespace

void add_inventory_routes(Router& router, ApiState& state) {
  router.add({"POST", "/api/v1/inventory/validate", Access::authenticated,
              "every problem of an inventory at once",
              [&state](RequestContext& context) { validate_route(state, context); }});
  router.add({"POST", "/api/v1/inventory/compute", Access::authenticated,
              "totals by scope, category, facility, source, gas and month (json or csv)",
              [&state](RequestContext& context) { compute_route(state, context); }});
  router.add({"POST", "/api/v1/inventory/register", Access::authenticated,
              "the MOENV inventory register as an .xlsx workbook",
              [&state](RequestContext& context) { register_route(state, context); }});
}

void add_lca_routes(Router& router, ApiState& /*state*/) {
  router.add({"POST", "/api/v1/lca/solve", Access::authenticated,
              "supply, inventory, scores, contributions and the Sankey graph of a problem",
              [](RequestContext& context) { solve_route(context); }});
  router.add({"POST", "/api/v1/lca/all-products", Access::authenticated,
              "the footprint of every product for one method (json or csv)",
              [](RequestContext& context) { all_products_route(context); }});
}

}  // namespace cl::server
