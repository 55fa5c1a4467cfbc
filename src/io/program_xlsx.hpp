// Workbooks of the program office (docs/formats/program.md "Outputs"):
//  - the filled application form: one sheet per form of the service (附表1, 附表2, 附表3), each
//    field's label from the definition beside the value the application gives under its key;
//  - the review's result table for the approval letter: per mode the qualified applications in
//    order with rank sum, first places, total score and what decided the place, then the ones
//    not qualified, and each reviewer's total and rank;
//  - the follow-up report: reductions achieved per year and per service, cases reported vs due.
// Written with libxlsxwriter to a temporary file renamed into place, like the other workbooks.
#pragma once

#include <map>
#include <string>

#include <nlohmann/json.hpp>

#include "core/common/result.hpp"
#include "core/program/application.hpp"
#include "core/program/definition.hpp"
#include "core/program/review.hpp"

namespace cl::io {

/// The value of a form field as a person reads it: a scalar as written, a list's items joined
/// with "; " (an item that is a map: its values joined with " "), "" when absent.
std::string form_value(const program::Application& application, const std::string& key);

Result<void> write_application_xlsx(const program::Program& program,
                                    const program::Application& application,
                                    const std::string& service, const std::string& path);

/// `names` gives the applicant's name per application id (the second column).
Result<void> write_ranking_xlsx(const program::Program& program, const program::Meeting& meeting,
                                const program::ReviewResult& result,
                                const std::map<std::string, std::string>& names,
                                const std::string& path);

/// The program's follow-up report (成效追蹤, APP-5) as the route computes it (JSON with
/// by_year, by_service and rows; docs/api/openapi.yaml FollowUpReport): a summary sheet with the
/// reductions per year and per service or mode, cases reported against cases due, and a sheet
/// with every reported year of every case.
Result<void> write_follow_up_xlsx(const program::Program& program, const nlohmann::json& report,
                                  const std::string& path);

}  // namespace cl::io
