// What the program routes (program.cpp, program_review.cpp) share: the definitions from the
// data folder (data/programs/*.yaml, read and validated by io/program_reader on each request, so
// a corrected file needs no restart), the stored applications as the core's Application values,
// and the eligibility and places the core computes from them. The routes never decide a rule
// themselves: core/program does.
#pragma once

#include <string>
#include <vector>

#include "core/program/definition.hpp"
#include "core/program/eligibility.hpp"
#include "core/program/intake.hpp"
#include "server/api.hpp"
#include "store/program.hpp"

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

/// 403 unless the caller is an administrator (the program office).
void require_office(const RequestContext& context, const std::string& what);

}  // namespace cl::server
