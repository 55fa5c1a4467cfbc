// The carbon-fee rules file (data/carbon-fee/taiwan.yaml: dated values with their sources) and
// the estimate as a table for the screen and as JSON.
#pragma once

#include <string>

#include <nlohmann/json.hpp>

#include "core/carbonfee/estimate.hpp"
#include "core/common/diagnostic.hpp"

namespace cl::io {

Result<carbonfee::Rules> read_carbonfee_rules(const std::string& path, Diagnostics& diagnostics);

nlohmann::ordered_json carbonfee_json(const carbonfee::Estimate& estimate,
                                      const carbonfee::Input& input);
std::string render_carbonfee_table(const carbonfee::Estimate& estimate,
                                   const carbonfee::Input& input);

}  // namespace cl::io
