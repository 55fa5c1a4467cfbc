// Rendering of program results for the CLI and exports (docs/formats/program.md "Outputs"):
// eligibility findings, intake per service, the review's ranking table (table, JSON, CSV; the
// CSV is the table for the approval letter), the duty schedule and the funding of a case.
// Tables keep ids and numbers in aligned columns and Chinese text last, since terminal widths
// of CJK characters vary.
#pragma once

#include <string>
#include <vector>

#include <nlohmann/json.hpp>

#include "core/program/eligibility.hpp"
#include "core/program/funding.hpp"
#include "core/program/intake.hpp"
#include "core/program/review.hpp"
#include "core/program/schedule.hpp"

namespace cl::io {

std::string render_program_summary(const program::Program& program);

std::string render_check_table(const std::vector<program::EligibilityResult>& results);
nlohmann::json check_json(const std::vector<program::EligibilityResult>& results);

std::string render_intake_table(const std::vector<program::ServiceIntake>& intake);
nlohmann::json intake_json(const std::vector<program::ServiceIntake>& intake);

std::string render_ranking_table(const program::Program& program, const program::Meeting& meeting,
                                 const program::ReviewResult& result);
nlohmann::json ranking_json(const program::Program& program, const program::Meeting& meeting,
                            const program::ReviewResult& result);
std::string render_ranking_csv(const program::Meeting& meeting,
                               const program::ReviewResult& result);

std::string render_schedule_table(const std::vector<program::ScheduledDuty>& duties);
nlohmann::json schedule_json(const std::vector<program::ScheduledDuty>& duties);

std::string render_funding_table(const program::FundingResult& funding,
                                 std::optional<long> expense_ntd);
nlohmann::json funding_json(const program::FundingResult& funding, std::optional<long> expense_ntd);
std::string render_fee_table(const program::Program& program);

}  // namespace cl::io
