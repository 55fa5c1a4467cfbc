// A study's results as a readable table (zh-TW and English labels) or as JSON: the footprint per
// declared unit, per stage, per line, per gas, the hot spots, primary data share and the PACT
// data-quality rating, with the profile's conformance wording.
#pragma once

#include <string>

#include <nlohmann/json.hpp>

#include "core/footprint/compute.hpp"

namespace cl::io {

std::string render_footprint_table(const footprint::Study& study, const footprint::Profile& profile,
                                   const footprint::FootprintResult& result);

nlohmann::json footprint_json(const footprint::Study& study, const footprint::Profile& profile,
                              const footprint::FootprintResult& result);

}  // namespace cl::io
