// The review meeting (DEM-8) and a case's execution duties (DEM-6, DEM-7, APP-5) over the API:
//
//   GET  /api/v1/programs/{program}/meetings                      office: the review meetings
//   POST /api/v1/programs/{program}/meetings                      office: {"date", "committee",
//                                                                 "reviewers", "applications"}
//   GET  /api/v1/programs/{program}/meetings/{id}                 the meeting, rubrics, scores
//   PUT  /api/v1/programs/{program}/meetings/{id}/scores/{app}    a reviewer: {"rank", "items"}
//   PUT  /api/v1/programs/{program}/meetings/{id}/lots            office: {"lots": [...]}
//   GET  /api/v1/programs/{program}/meetings/{id}/ranking?format=json|xlsx   office: the table
//   GET  /api/v1/programs/{program}/applications/{id}/duties      duties, due dates, records
//   POST /api/v1/programs/{program}/applications/{id}/duties/{duty}/records   {"kind", "date",
//                                                                 "hours"?, "note"?,
//                                                                 "evidence_id"?, "signed"?,
//                                                                 "subject"?} → 201
//
// Reviewers are accounts with the administrator role named on the meeting (the committee's
// members sign in to the office's system; no new role is needed, and the database keeps its role
// list). A reviewer writes only their own scores: the score is stored under the session's login,
// and a login not named on the meeting is refused. Each score is checked item by item against
// the rubric of the application's mode before it is stored; the ranking is the core's review().
#include <fmt/format.h>

#include <algorithm>
#include <filesystem>
#include <limits>

#include "core/program/funding.hpp"
#include "core/program/review.hpp"
#include "core/program/schedule.hpp"
#include "io/file.hpp"
#include "io/program_writer.hpp"
#include "io/program_xlsx.hpp"
#include "server/auth/token.hpp"
#include "server/routes/access.hpp"
#include "server/routes/common.hpp"
#include "server/routes/program_support.hpp"
#include "server/routes/store_routes.hpp"
#include "store/accounts.hpp"

namespace cl::server {
namespace {

using auth::Action;
using auth::ResourceKind;
using auth::Role;
using nlohmann::json;

constexpr std::int64_t kMaxId = std::numeric_limits<std::int64_t>::max();

store::ProgramMeeting meeting_of_path(store::Database& db, const RequestContext& context,
                                      const program::Program& definition) {
  auto meeting = unwrap(store::get_meeting(db, path_id(context, "id")));
  if (meeting.program_id != definition.id) throw_not_found();
  return meeting;
}

std::string login_of(const RequestContext& context) {
  return context.caller->user.login;
}

std::string unit_name_of(const store::ProgramApplication& stored) {
  const auto unit = stored.document.value("guidance_unit", json::object());
  return unit.is_object() ? unit.value("name", std::string()) : std::string();
}

/// The core's meeting from the stored one: attending reviewers, the applications with their
/// mode, guidance unit and satellite count, every score, the drawings of lots.
program::Meeting core_meeting(store::Database& db, const store::ProgramMeeting& stored,
                              std::map<std::string, std::string>& names) {
  program::Meeting meeting;
  meeting.file = "meeting " + std::to_string(stored.id);
  meeting.date = *program::parse_date(stored.date);
  meeting.committee = stored.committee;
  meeting.attending = stored.reviewers;
  for (const auto id : stored.applications) {
    const auto application = unwrap(store::get_application(db, id));
    program::ReviewApplication item;
    item.id = std::to_string(id);
    item.mode = application.service;
    item.guidance_unit = unit_name_of(application);
    item.satellites = satellites_of(application);
    meeting.applications.push_back(std::move(item));
    names[std::to_string(id)] = application.applicant;
  }
  for (const auto& score : unwrap(store::list_scores(db, stored.id))) {
    meeting.scores.push_back(
        {score.reviewer, std::to_string(score.application_id), score.items, score.rank, 0});
  }
  for (const auto& lot : stored.lots) {
    program::LotDrawing drawing;
    drawing.mode = lot.value("mode", "");
    drawing.order = lot.value("order", std::vector<std::string>{});
    drawing.drawn_by = lot.value("drawn_by", "");
    drawing.witnessed_by = lot.value("witnessed_by", "");
    meeting.lots.push_back(std::move(drawing));
  }
  return meeting;
}

json meeting_json(store::Database& db, const program::Program& definition,
                  const store::ProgramMeeting& meeting, const RequestContext& context) {
  json out = store::to_json(meeting);
  json applications = json::array();
  for (const auto id : meeting.applications) {
    const auto stored = unwrap(store::get_application(db, id));
    applications.push_back({{"id", id},
                            {"applicant", stored.applicant},
                            {"mode", stored.service},
                            {"guidance_unit", unit_name_of(stored)},
                            {"satellites", satellites_of(stored)}});
  }
  out["application_details"] = applications;
  json scores = json::array();
  for (const auto& score : unwrap(store::list_scores(db, meeting.id))) {
    scores.push_back(store::to_json(score));
  }
  out["scores"] = scores;
  out["you"] = login_of(context);
  out["quorum"] = static_cast<int>(meeting.reviewers.size()) * 2 >= meeting.committee;
  json rubrics = json::array();
  for (const auto& rubric : definition.review.rubrics) {
    json items = json::array();
    for (const auto& item : rubric.items) {
      items.push_back({{"id", item.id},
                       {"group", item.group},
                       {"name", item.name},
                       {"max", item.max},
                       {"satellite_points", item.satellite_points}});
    }
    rubrics.push_back({{"mode", rubric.mode}, {"items", items}, {"total", rubric.total()}});
  }
  out["rubrics"] = rubrics;
  return out;
}

void list_meetings_route(ApiState& state, RequestContext& context) {
  require_office(context, "see review meetings");
  const auto definition = load_program(state, context.params.at("program"));
  auto db = lease(state);
  json items = json::array();
  for (const auto& meeting : unwrap(store::list_meetings(*db, definition.id))) {
    items.push_back(store::to_json(meeting));
  }
  send_json(context.res, 200, {{"items", items}});
}

void add_meeting_route(ApiState& state, RequestContext& context) {
  require_office(context, "hold a review meeting");
  const auto definition = load_program(state, context.params.at("program"));
  const Fields fields(json_body(context),
                      {"date", "committee", "reviewers", "applications", "reason"});
  store::ProgramMeeting meeting;
  meeting.program_id = definition.id;
  meeting.date = *fields.text("date", true);
  meeting.committee = static_cast<int>(*fields.integer("committee", 1, 100, true));
  const auto body = json_body(context);
  if (!body.contains("reviewers") || !body["reviewers"].is_array()) {
    throw_error(400, ErrorCode::parse_missing_field,
                "reviewers is the list of the attending reviewers' logins", {.field = "reviewers"});
  }
  if (!body.contains("applications") || !body["applications"].is_array()) {
    throw_error(400, ErrorCode::parse_missing_field,
                "applications is the list of the application ids reviewed",
                {.field = "applications"});
  }
  auto db = lease(state);
  for (const auto& reviewer : body["reviewers"]) {
    if (!reviewer.is_string()) {
      throw_error(400, ErrorCode::parse_bad_value, "each reviewer is a login (text)",
                  {.field = "reviewers"});
    }
    const auto login = reviewer.get<std::string>();
    const auto user = store::find_user_by_email(*db, login);
    bool office = false;
    if (user) {
      for (const auto& membership : unwrap(store::list_memberships(*db, user->id))) {
        office = office || membership.role == "administrator";
      }
    }
    if (!office) {
      throw_error(422, ErrorCode::store_invalid,
                  "reviewer '" + login +
                      "' is not an account with the administrator role; the office creates the "
                      "reviewers' accounts first",
                  {.field = "reviewers"});
    }
    meeting.reviewers.push_back(login);
  }
  for (const auto& id : body["applications"]) {
    if (!id.is_number_integer()) {
      throw_error(400, ErrorCode::parse_bad_value, "each application is an id (a number)",
                  {.field = "applications"});
    }
    meeting.applications.push_back(id.get<std::int64_t>());
  }
  const auto added = unwrap(store::add_meeting(*db, actor_of(context, fields.reason()), meeting));
  send_json(context.res, 201, meeting_json(*db, definition, added, context));
}

void get_meeting_route(ApiState& state, RequestContext& context) {
  require_office(context, "see a review meeting");
  const auto definition = load_program(state, context.params.at("program"));
  auto db = lease(state);
  const auto meeting = meeting_of_path(*db, context, definition);
  send_json(context.res, 200, meeting_json(*db, definition, meeting, context));
}

void put_score_route(ApiState& state, RequestContext& context) {
  require_office(context, "score applications (reviewers sign in with the office's role)");
  const auto definition = load_program(state, context.params.at("program"));
  auto db = lease(state);
  const auto meeting = meeting_of_path(*db, context, definition);
  const auto login = login_of(context);
  if (std::find(meeting.reviewers.begin(), meeting.reviewers.end(), login) ==
      meeting.reviewers.end()) {
    throw_error(403, ErrorCode::auth_forbidden,
                login + " is not an attending reviewer of this meeting; only they score");
  }
  const auto application_id = path_id(context, "application");
  const auto& ids = meeting.applications;
  if (std::find(ids.begin(), ids.end(), application_id) == ids.end()) throw_not_found();
  const auto stored = unwrap(store::get_application(*db, application_id));
  const auto* rubric = definition.find_rubric(stored.service);
  if (rubric == nullptr) {
    throw_error(422, ErrorCode::program_review_invalid,
                "the program has no rubric for mode '" + stored.service + "'", {.field = "mode"});
  }
  const auto body = json_body(context);
  const Fields fields(body, {"rank", "items", "reason"});
  int in_mode = 0;
  for (const auto id : ids) {
    in_mode += unwrap(store::get_application(*db, id)).service == stored.service ? 1 : 0;
  }
  store::ProgramScore score;
  score.meeting_id = meeting.id;
  score.reviewer = login;
  score.application_id = application_id;
  score.rank = static_cast<int>(*fields.integer("rank", 1, kMaxId, true));
  if (score.rank > in_mode) {
    throw_error(422, ErrorCode::program_review_invalid,
                "rank " + std::to_string(score.rank) + " is beyond the " + std::to_string(in_mode) +
                    " applications of this mode; ranks are 1 (best) to " + std::to_string(in_mode),
                {.field = "rank"});
  }
  const auto items = *fields.object("items", true);
  Diagnostics problems;
  for (auto entry = items.begin(); entry != items.end(); ++entry) {
    const std::string key = entry.key();  // not a structured binding: clang 14 cannot capture one
    const auto known = std::find_if(rubric->items.begin(), rubric->items.end(),
                                    [&key](const auto& item) { return item.id == key; });
    if (known == rubric->items.end() || known->satellite_points) {
      problems.error(
          ErrorCode::program_review_invalid,
          "'" + key + "' is not an item the reviewer scores on the " + stored.service + " rubric",
          {.field = "items." + key});
    }
  }
  for (const auto& item : rubric->items) {
    if (item.satellite_points) continue;
    const std::string field = "items." + item.id;
    if (!items.contains(item.id) || !items[item.id].is_number()) {
      problems.error(ErrorCode::program_review_invalid,
                     item.name + ": a score from 0 to " + std::to_string(item.max) + " is needed",
                     {.field = field});
      continue;
    }
    const double value = items[item.id].get<double>();
    if (value < 0 || value > item.max) {
      problems.error(ErrorCode::program_score_out_of_range,
                     item.name + ": " + fmt::format("{:g}", value) + " is outside 0 to " +
                         std::to_string(item.max) + " (" + rubric->cite + ")",
                     {.field = field});
      continue;
    }
    score.items[item.id] = value;
  }
  if (problems.has_errors()) {
    const auto& first = problems.items().front();
    throw ApiError{422,
                   Error{first.code, "the score is not stored: " + first.message, first.where, {}},
                   {{"diagnostics", diagnostics_json(problems)}}};
  }
  const auto saved = unwrap(store::put_score(*db, actor_of(context, fields.reason()), score));
  send_json(context.res, 200, store::to_json(saved));
}

void lots_route(ApiState& state, RequestContext& context) {
  require_office(context, "record a drawing of lots");
  const auto definition = load_program(state, context.params.at("program"));
  const Fields fields(json_body(context), {"lots", "reason"});
  const auto body = json_body(context);
  auto db = lease(state);
  const auto meeting = meeting_of_path(*db, context, definition);
  const auto saved = unwrap(store::set_lots(*db, actor_of(context, fields.reason()), meeting.id,
                                            body.value("lots", json::array())));
  send_json(context.res, 200, meeting_json(*db, definition, saved, context));
}

void ranking_route(ApiState& state, RequestContext& context) {
  require_office(context, "see the ranking form");
  const auto format = query(context, "format", "json", {"json", "xlsx"});
  const auto definition = load_program(state, context.params.at("program"));
  std::map<std::string, std::string> names;
  program::Meeting meeting;
  {
    auto db = lease(state);
    meeting = core_meeting(*db, meeting_of_path(*db, context, definition), names);
  }
  Diagnostics problems;
  const auto result = program::review(definition, meeting, problems);
  if (!result) throw_diagnostics(problems, "the review meeting");
  if (format == "json") {
    auto out = io::ranking_json(definition, meeting, *result);
    out["names"] = names;
    send_json(context.res, 200, out);
    return;
  }
  send_workbook(state.scratch_dir, context,
                "ranking-" + definition.id + "-" + meeting.date.to_string() + ".xlsx",
                [&](const std::string& path) {
                  return io::write_ranking_xlsx(definition, meeting, *result, names, path);
                });
}

void duties_route(ApiState& state, RequestContext& context) {
  const auto definition = load_program(state, context.params.at("program"));
  auto db = lease(state);
  const auto stored =
      approved_case(*db, context, definition, "duties start from the approval date");
  const auto today = *program::parse_date(taiwan_today());
  int overdue = 0;
  const json duties = case_duties_json(*db, definition, stored, today, overdue);
  // The case's funding by its mode (DEM-5): government and own funds for the satellites of the
  // application as submitted (a change of satellites is not recorded yet); none for a 2023
  // service, whose fee comes with the service.
  json funding = nullptr;
  if (definition.find_mode(stored.service) != nullptr) {
    const int satellites = satellites_of(stored);
    if (const auto funded = program::fund_case(
            definition, {stored.service, satellites, satellites, std::nullopt})) {
      funding = {{"government", funded->government},
                 {"own", funded->own},
                 {"total", funded->total},
                 {"government_share", funded->government_share},
                 {"cite", funded->cite}};
    }
  }
  send_json(context.res, 200,
            {{"funding", funding},
             {"application", store::to_json(stored)},
             {"as_of", today.to_string()},
             {"overdue", overdue},
             {"duties", duties}});
}

void add_record_route(ApiState& state, RequestContext& context) {
  const auto definition = load_program(state, context.params.at("program"));
  auto db = lease(state);
  const auto stored =
      approved_case(*db, context, definition, "duties start from the approval date");
  if (principal(context).role != Role::administrator &&
      !allowed(context, Action::create,
               owned_by(ResourceKind::activity, *stored.organization_id))) {
    throw_error(403, ErrorCode::auth_forbidden,
                "only the factory, its guidance unit (consultant) and the office record duties");
  }
  const auto duty = context.params.at("duty");
  if (std::none_of(definition.duties.begin(), definition.duties.end(),
                   [&duty](const auto& item) { return item.id == duty; })) {
    throw_error(404, ErrorCode::http_not_found,
                "no duty '" + duty + "' in " + definition.id + "; GET …/duties lists them",
                {.field = "duty"});
  }
  if (std::any_of(definition.duties.begin(), definition.duties.end(),
                  [&duty](const auto& item) { return item.id == duty && item.every_years > 0; })) {
    throw_error(422, ErrorCode::store_invalid,
                "'" + duty +
                    "' is the yearly follow-up; report each year's results with POST "
                    "…/applications/{id}/follow-up",
                {.field = "duty"});
  }
  const auto body = json_body(context);
  const Fields fields(
      body, {"kind", "date", "hours", "note", "evidence_id", "signed", "subject", "reason"});
  store::DutyRecord record;
  record.application_id = stored.id;
  record.duty_id = duty;
  record.kind = fields.text("kind").value_or("evidence");
  record.date = *fields.text("date", true);
  record.note = fields.text("note").value_or("");
  record.subject = fields.text("subject").value_or("");
  if (body.contains("hours")) {
    if (!body["hours"].is_number()) {
      throw_error(400, ErrorCode::parse_bad_value, "hours is a number", {.field = "hours"});
    }
    record.hours = body["hours"].get<double>();
  }
  record.evidence_id = fields.integer("evidence_id", 1, kMaxId);
  if (body.contains("signed")) {
    if (!body["signed"].is_boolean()) {
      throw_error(400, ErrorCode::parse_bad_value, "signed is true or false", {.field = "signed"});
    }
    record.signed_record = body["signed"].get<bool>();
  }
  if (record.kind == "site_visit" && !record.evidence_id) {
    throw_error(422, ErrorCode::store_invalid,
                "a site visit is recorded with its signed record (輔導紀錄表 with the attendees' "
                "signatures): upload it and give evidence_id",
                {.field = "evidence_id"});
  }
  const auto added =
      unwrap(store::add_duty_record(*db, actor_of(context, fields.reason()), record));
  send_json(context.res, 201, store::to_json(added));
}

}  // namespace

void add_program_review_routes(Router& router, ApiState& state) {
  const StateRoutes route(router, state, "/api/v1/programs");
  route("GET", "/{program}/meetings", "a program's review meetings", list_meetings_route);
  route("POST", "/{program}/meetings", "hold a review meeting (reviewers, applications)",
        add_meeting_route);
  route("GET", "/{program}/meetings/{id}", "a review meeting with rubrics and scores",
        get_meeting_route);
  route("PUT", "/{program}/meetings/{id}/scores/{application}",
        "a reviewer's scores (rubric item by item) and rank of an application", put_score_route);
  route("PUT", "/{program}/meetings/{id}/lots", "record the meeting's drawing of lots", lots_route);
  route("GET", "/{program}/meetings/{id}/ranking",
        "the ranking form computed from the scores (JSON or xlsx)", ranking_route);
  route("GET", "/{program}/applications/{id}/duties",
        "an approved case's execution duties with due dates and records", duties_route);
  route("POST", "/{program}/applications/{id}/duties/{duty}/records",
        "record a duty's evidence or site visit", add_record_route);
}

}  // namespace cl::server
