// `carbonledger program validate|check|intake|rank|schedule|fund`: funding programs as data
// (docs/formats/program.md). A definition file (data/programs/*.yaml) drives every command:
// eligibility of applications, places per service, the review meeting's ranking, the duty
// schedule of an approved case and its funding.
#include <fmt/format.h>

#include <ostream>

#include "cli/context.hpp"
#include "core/program/review.hpp"
#include "io/program_reader.hpp"
#include "io/program_writer.hpp"

namespace cl::cli {
namespace {

struct ProgramOptions {
  std::string definition;
  std::string input;
  std::string format = "table";
  std::string output;
  std::string as_of;
  std::string approved;
  std::string kickoff;
  std::string mode;
  int satellites = 0;
  int satellites_signed = -1;
  std::optional<long> own;
  std::optional<long> expense;
};

[[noreturn]] void throw_problems(const Diagnostics& diagnostics, const std::string& path) {
  ErrorCode first = ErrorCode::parse_bad_value;
  for (const auto& item : diagnostics.items()) {
    if (item.severity == Severity::error) {
      first = item.code;
      break;
    }
  }
  throw CommandError{Error{first,
                           path + " has " + std::to_string(diagnostics.error_count()) +
                               " problem(s), listed above; fix them and run again",
                           {.file = path}}};
}

program::Program load_program(const Context& context, const std::string& path) {
  Diagnostics diagnostics;
  auto read = io::read_program(path, diagnostics);
  context.print(diagnostics);
  if (!read) throw CommandError{read.error()};
  if (diagnostics.has_errors()) throw_problems(diagnostics, path);
  return std::move(*read);
}

template <class T>
T load_input(const Context& context, Result<T> read, const Diagnostics& diagnostics,
             const std::string& path) {
  context.print(diagnostics);
  if (!read) throw CommandError{read.error()};
  if (diagnostics.has_errors()) throw_problems(diagnostics, path);
  return std::move(*read);
}

program::Date date_option(const std::string& text, const char* option) {
  const auto date = program::parse_date(text);
  if (!date) {
    throw CommandError{
        Error{ErrorCode::parse_bad_value,
              std::string(option) + " '" + text + "' must be a date YYYY-MM-DD, e.g. 2014-03-20",
              {.field = option}}};
  }
  return *date;
}

void validate_command(const Context& context, const ProgramOptions& options) {
  const auto program = load_program(context, options.definition);
  *context.out << io::render_program_summary(program) << options.definition << ": valid\n";
}

std::vector<program::EligibilityResult> checked(const Context& context,
                                                const ProgramOptions& options,
                                                const program::Program& program,
                                                std::vector<program::Application>& applications) {
  Diagnostics diagnostics;
  auto read = io::read_applications(options.input, diagnostics);
  applications = load_input(context, std::move(read), diagnostics, options.input);
  return program::check_eligibility(program, applications);
}

void check_command(const Context& context, const ProgramOptions& options) {
  const auto program = load_program(context, options.definition);
  std::vector<program::Application> applications;
  const auto results = checked(context, options, program, applications);
  emit(context,
       options.format == "json" ? io::check_json(results).dump(2) + "\n"
                                : io::render_check_table(results),
       options.output);
  std::size_t refused = 0;
  ErrorCode first = ErrorCode::program_ineligible;
  for (const auto& result : results) {
    if (result.eligible()) continue;
    if (refused++ == 0) first = result.refusals.front().code;
  }
  if (refused > 0) {
    throw CommandError{Error{first,
                             std::to_string(refused) + " of " + std::to_string(results.size()) +
                                 " application(s) refused; the reasons are listed above",
                             {.file = options.input}}};
  }
}

void intake_command(const Context& context, const ProgramOptions& options) {
  const auto program = load_program(context, options.definition);
  std::vector<program::Application> applications;
  const auto results = checked(context, options, program, applications);
  const auto as_of = date_option(options.as_of, "--as-of");
  const auto intake = program::allocate(program, applications, results, as_of);
  emit(context,
       options.format == "json" ? io::intake_json(intake).dump(2) + "\n"
                                : io::render_intake_table(intake),
       options.output);
}

void rank_command(const Context& context, const ProgramOptions& options) {
  const auto program = load_program(context, options.definition);
  Diagnostics diagnostics;
  auto read = io::read_meeting(options.input, diagnostics);
  const auto meeting = load_input(context, std::move(read), diagnostics, options.input);
  Diagnostics problems;
  const auto result = program::review(program, meeting, problems);
  context.print(problems);
  if (!result) throw_problems(problems, options.input);
  std::string text;
  if (options.format == "json") {
    text = io::ranking_json(program, meeting, *result).dump(2) + "\n";
  } else if (options.format == "csv") {
    text = io::render_ranking_csv(meeting, *result);
  } else {
    text = io::render_ranking_table(program, meeting, *result);
  }
  emit(context, text, options.output);
  if (result->has_unresolved_tie()) {
    throw CommandError{Error{ErrorCode::program_lots_needed,
                             "the ranking has a tie (marked '=', listed above); record the drawing "
                             "of lots under lots: and run again",
                             {.file = options.input, .field = "lots"}}};
  }
}

void schedule_command(const Context& context, const ProgramOptions& options) {
  const auto program = load_program(context, options.definition);
  program::ScheduleInput input;
  input.approved = date_option(options.approved, "--approved");
  input.mode = options.mode;
  if (input.mode.empty()) {
    if (program.modes.empty() && program.services.empty())
      input.mode = "";
    else
      input.mode = program.modes.empty() ? program.services.front().id : program.modes.front().id;
  }
  input.satellites = options.satellites;
  if (!options.kickoff.empty()) input.kickoff = date_option(options.kickoff, "--kickoff");
  const auto duties = value_or_throw(program::schedule_duties(program, input));
  emit(context,
       options.format == "json" ? io::schedule_json(duties).dump(2) + "\n"
                                : fmt::format("{} {}, approved {}\n", program.id, input.mode,
                                              input.approved.to_string()) +
                                      io::render_schedule_table(duties),
       options.output);
}

void fund_command(const Context& context, const ProgramOptions& options) {
  const auto program = load_program(context, options.definition);
  if (options.mode.empty()) {
    *context.out << io::render_fee_table(program);
    return;
  }
  program::FundingInput input;
  input.mode = options.mode;
  input.satellites_now = options.satellites;
  input.satellites_signed =
      options.satellites_signed < 0 ? options.satellites : options.satellites_signed;
  input.own_ntd = options.own;
  const auto funding = value_or_throw(program::fund_case(program, input));
  emit(context,
       options.format == "json" ? io::funding_json(funding, options.expense).dump(2) + "\n"
                                : io::render_funding_table(funding, options.expense),
       options.output);
}

}  // namespace

void add_program_commands(CLI::App& app, Context& context) {
  auto* program = app.add_subcommand(
      "program", "funding programs: eligibility, places, review ranking, duties, funding");
  program->require_subcommand(1);
  auto options = std::make_shared<ProgramOptions>();
  const auto add_definition = [&](CLI::App* command) {
    command
        ->add_option("definition", options->definition,
                     "program definition (data/programs/*.yaml, docs/formats/program.md)")
        ->required()
        ->check(CLI::ExistingFile);
  };
  const auto add_format = [&](CLI::App* command, std::vector<std::string> formats) {
    std::string list;
    for (const auto& format : formats) list += (list.empty() ? "" : ", ") + format;
    command->add_option("--format", options->format, list)->check(CLI::IsMember(formats));
  };
  const auto add_output = [&](CLI::App* command) {
    command->add_option("-o,--output", options->output, "write to a file instead of the screen");
  };

  auto* validate = program->add_subcommand("validate", "read and check a program definition");
  add_definition(validate);
  validate->callback([&context, options] { validate_command(context, *options); });

  auto* check = program->add_subcommand(
      "check", "eligibility of applications, every refusal with its reason and citation");
  add_definition(check);
  check
      ->add_option("applications", options->input, "application JSON (one, or {applications: […]})")
      ->required()
      ->check(CLI::ExistingFile);
  add_format(check, {"table", "json"});
  add_output(check);
  check->callback([&context, options] { check_command(context, *options); });

  auto* intake = program->add_subcommand(
      "intake", "places per service: quota, priority, first come, waiting list, withdrawals");
  add_definition(intake);
  intake->add_option("applications", options->input, "applications JSON")
      ->required()
      ->check(CLI::ExistingFile);
  intake->add_option("--as-of", options->as_of, "the day of the decision, YYYY-MM-DD")->required();
  add_format(intake, {"table", "json"});
  add_output(intake);
  intake->callback([&context, options] { intake_command(context, *options); });

  auto* rank = program->add_subcommand(
      "rank", "the technical review: quorum, scores, qualification and ranking per mode");
  add_definition(rank);
  rank->add_option("review", options->input, "review meeting JSON")
      ->required()
      ->check(CLI::ExistingFile);
  add_format(rank, {"table", "json", "csv"});
  add_output(rank);
  rank->callback([&context, options] { rank_command(context, *options); });

  auto* schedule = program->add_subcommand(
      "schedule", "the execution duties of an approved case with their due dates");
  add_definition(schedule);
  schedule->add_option("--approved", options->approved, "approval date, YYYY-MM-DD")->required();
  schedule->add_option("--mode", options->mode, "mode or service (default: the program's first)");
  schedule->add_option("--satellites", options->satellites, "satellite factories of the case")
      ->check(CLI::Range(0, 1000));
  schedule->add_option("--kickoff", options->kickoff,
                       "the kickoff meeting's date when fixed (the invitation counts back)");
  add_format(schedule, {"table", "json"});
  schedule->callback([&context, options] { schedule_command(context, *options); });

  auto* fund = program->add_subcommand(
      "fund", "funding of a case by mode with deductions; without --mode the service fees");
  add_definition(fund);
  fund->add_option("--mode", options->mode, "the case's mode");
  fund->add_option("--satellites", options->satellites, "satellites now (after changes)")
      ->check(CLI::Range(0, 1000));
  fund->add_option("--satellites-signed", options->satellites_signed,
                   "satellites in the signed plan (default: --satellites)")
      ->check(CLI::Range(0, 1000));
  fund->add_option("--own", options->own, "own funds budgeted, NT$ (default: the minimum)");
  fund->add_option("--expense", options->expense,
                   "an expense in NT$ to split between government and own funds");
  add_format(fund, {"table", "json"});
  fund->callback([&context, options] { fund_command(context, *options); });
}

}  // namespace cl::cli
