// The product carbon footprint study report (CFP-6) as a self-contained HTML document in zh-TW
// or English, printed to PDF by io/pdf: the product, declared unit, period, boundary and
// profile with the conformance sentence the profile words (data/footprint/profiles.yaml), the
// footprint per declared unit, per stage, per gas and per process with the hot spots, the data
// quality (PACT DQR) and primary data share, the suppliers' footprints with their dates, and the
// exemptions under the cut-off.
#pragma once

#include <string>

#include "core/footprint/compute.hpp"
#include "io/report_html.hpp"

namespace cl::io {

std::string render_footprint_report_html(const footprint::Study& study,
                                         const footprint::Profile& profile,
                                         const footprint::FootprintResult& result,
                                         const ReportOptions& options);

}  // namespace cl::io
