// A study's Monte Carlo (core/footprint/montecarlo.hpp) as a readable table (zh-TW and English
// labels) or as JSON: the nominal footprint, mean ± SD, the percentiles, per stage mean and SD,
// and the draws when they were kept.
#pragma once

#include <string>

#include <nlohmann/json.hpp>

#include "core/footprint/montecarlo.hpp"

namespace cl::io {

std::string render_footprint_montecarlo_table(const footprint::Study& study,
                                              const footprint::FootprintMonteCarlo& result);

nlohmann::json footprint_montecarlo_json(const footprint::Study& study,
                                         const footprint::FootprintMonteCarlo& result);

}  // namespace cl::io
