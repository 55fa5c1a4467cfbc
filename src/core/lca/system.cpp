#include "core/lca/system.hpp"

#include <cmath>

namespace cl::lca {

std::string MatrixSystem::activity_label(std::size_t j) const {
  if (j >= activities.size()) return "activity #" + std::to_string(j + 1);
  const auto& activity = activities[j];
  std::string label = activity.process + " / " + activity.flow;
  if (!activity.process_name.empty()) label += " (" + activity.process_name + ")";
  return label;
}

Result<std::size_t> MatrixSystem::find_activity(std::string_view key) const {
  const auto slash = key.find('/');
  if (slash != std::string_view::npos) {
    const auto process = key.substr(0, slash);
    const auto flow = key.substr(slash + 1);
    for (std::size_t j = 0; j < activities.size(); ++j) {
      if (activities[j].process == process && activities[j].flow == flow) return j;
    }
    return fail(ErrorCode::lca_unknown_process,
                "no process '" + std::string(process) + "' provides '" + std::string(flow) +
                    "'; write the demand as FLOW=AMOUNT or PROCESS/FLOW=AMOUNT with ids from the "
                    "problem file");
  }
  if (const auto chosen = default_providers.find(key); chosen != default_providers.end()) {
    return chosen->second;
  }
  std::vector<std::size_t> found;
  for (std::size_t j = 0; j < activities.size(); ++j) {
    if (activities[j].flow == key) found.push_back(j);
  }
  if (found.size() == 1) return found.front();
  if (found.size() > 1) {
    std::string names;
    for (const auto j : found) names += (names.empty() ? "" : ", ") + activities[j].process;
    return fail(ErrorCode::lca_ambiguous_provider,
                "'" + std::string(key) + "' is provided by " + std::to_string(found.size()) +
                    " processes (" + names +
                    ") and none is chosen; name one as PROCESS/FLOW or set it in \"providers\"");
  }
  for (const auto& flow : flows) {
    if (flow.id == key) {
      return fail(ErrorCode::lca_not_product,
                  "'" + std::string(key) +
                      "' is an elementary flow (an emission or resource), not a product; a "
                      "demand must be a product or a waste to treat");
    }
  }
  return fail(ErrorCode::lca_unknown_flow,
              "no product or waste flow '" + std::string(key) +
                  "' in the system; check the id against the problem's flows");
}

Result<std::size_t> MatrixSystem::find_method(std::string_view id) const {
  for (std::size_t k = 0; k < methods.size(); ++k) {
    if (methods[k].id == id) return k;
  }
  std::string known;
  for (const auto& method : methods) known += (known.empty() ? "" : ", ") + method.id;
  return fail(ErrorCode::lca_unknown_method,
              "no impact method '" + std::string(id) +
                  "'; the system has: " + (known.empty() ? std::string("none") : known));
}

Result<Vector> make_demand(const MatrixSystem& system,
                           const std::vector<std::pair<std::string, double>>& demand) {
  Vector out = Vector::Zero(static_cast<Eigen::Index>(system.size()));
  if (demand.empty()) {
    return fail(ErrorCode::lca_not_product,
                "the demand is empty; give --demand FLOW=AMOUNT or a \"demand\" in the problem");
  }
  for (const auto& [key, amount] : demand) {
    auto activity = system.find_activity(key);
    if (!activity) return tl::unexpected(activity.error());
    if (!std::isfinite(amount)) {
      return fail(ErrorCode::parse_bad_value,
                  "the demand for '" + key + "' is not a finite number");
    }
    out[static_cast<Eigen::Index>(*activity)] += amount;
  }
  return out;
}

}  // namespace cl::lca
