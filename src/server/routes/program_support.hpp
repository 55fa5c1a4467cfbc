// What the program routes (program.cpp, program_review.cpp) share: the definitions from the
// data folder (data/programs/*.yaml, read and validated by io/program_reader on each request, so
// a corrected file needs no restart), the stored applications as the core's Application values,
// and the eligibility and places the core computes from them. The routes never decide a rule
// themselves: core/program does.
#pragma once

#include <functional>
#include <optional>
#include <string>
#include <vector>

#include <nlohmann/json.hpp>

#include "core/program/definition.hpp"
#include "core/program/eligibility.hpp"
#include "core/program/intake.hpp"
#include "server/api.hpp"
#include "server/routes/workbook.hpp"
#include "store/program.hpp"
#include "store/program_followup.hpp"

namespace cl::server {

/// Every definition in <data>/programs, by file name; a definition with problems is a 500 naming
/// the file (the office fixes the file).
std::vector<program::Program> load_programs(const ApiState& state);
/// The definition with `id`; 404 http.not_found when there is none.
program::Program load_program(const ApiState& state, const std::string& id);

/// The stored application as the core reads it: the document with id = the store id, the
/// submission time, the place given and the requests for missing documents.
program::Application to_core(const store::ProgramApplication& stored,
                             const std::vector<store::ProgramRequest>& requests);

/// Eligibility and places of every application of the program as of `today` (YYYY-MM-DD).
struct ProgramState {
  std::vector<store::ProgramApplication> stored;
  std::vector<program::Application> applications;
  std::vector<program::EligibilityResult> checks;
  std::vector<program::ServiceIntake> intake;
};
ProgramState program_state(store::Database& db, const program::Program& definition,
                           const std::string& today);

/// Now in Taiwan (UTC+8) as YYYY-MM-DDTHH:MM, the submission time the deadlines are read in.
std::string taiwan_now();

/// The approved application of the path {id} (a case), after the caller may read its
/// organization (404 otherwise, also for an application of another program); 409 when it is not
/// approved yet, saying what starts with the approval (`starts`, e.g. "its funding starts with
/// the approval").
store::ProgramApplication approved_case(store::Database& db, const RequestContext& context,
                                        const program::Program& definition,
                                        const std::string& starts);

/// 403 unless the caller is an administrator (the program office).
void require_office(const RequestContext& context, const std::string& what);

/// May the caller see this stored application: the office always; others through its
/// organization's read right (the factory, its guidance unit as consultant).
bool may_see(const RequestContext& context, const store::ProgramApplication& stored);

/// The number of satellites in the application as submitted.
int satellites_of(const store::ProgramApplication& stored);

/// One year of a case's follow-up (APP-5): its due date (the end of execution + the year; none
/// when the definition gives no end), the record when reported, the reminders sent, and its
/// status as of today: reported, overdue (due date passed), due (within 30 days) or upcoming.
struct FollowUpYear {
  int year = 0;
  std::optional<program::Date> due;
  std::optional<store::FollowUpRecord> record;
  int reminders = 0;
  std::string status;
};
/// How many years the program's follow-up lasts (follow_up.years of the definition).
int follow_up_span(const program::Program& definition);
std::vector<FollowUpYear> follow_up_years(store::Database& db, const program::Program& definition,
                                          const store::ProgramApplication& stored,
                                          const program::Date& today);
nlohmann::json to_json(const FollowUpYear& year);

/// An approved case's execution duties with due dates, records and status as of `today`
/// (done, open, overdue); the yearly follow-up is one duty, done only when every year is
/// reported. `overdue` counts the overdue duties.
nlohmann::json case_duties_json(store::Database& db, const program::Program& definition,
                                const store::ProgramApplication& stored, const program::Date& today,
                                int& overdue);

}  // namespace cl::server
