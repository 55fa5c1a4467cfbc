// The follow-up after the program (成效追蹤表, APP-5; seed 000 注意事項 三, seed 004 陸.五) over
// the API:
//
//   GET  /api/v1/programs/{program}/applications/{id}/follow-up          the case's years: due
//                                                                         date, status, record
//   POST /api/v1/programs/{program}/applications/{id}/follow-up          the factory, its unit
//        {"year", "reported_on", "emissions_t", "reduction_t", "measures"?, "footprint_updated"?,
//         "footprint_kg"?, "note"?, "replace"?} → 201 (200 when replacing)
//   POST /api/v1/programs/{program}/applications/{id}/follow-up/reminders   office: {"year"}
//   GET  /api/v1/programs/{program}/follow-ups                           the caller's cases (the
//                                                                         office: all) per year
//   GET  /api/v1/programs/{program}/follow-up/report?format=json|xlsx    office: the reductions
//
// The years and due dates come from the definition (follow_up.years after execution_end); a
// year outside them, a negative number or a second record of a year without "replace" is 422
// naming the field, and nothing is written.
#include <fmt/format.h>

#include <cmath>
#include <filesystem>
#include <limits>
#include <map>

#include "io/file.hpp"
#include "io/program_xlsx.hpp"
#include "server/auth/token.hpp"
#include "server/routes/access.hpp"
#include "server/routes/common.hpp"
#include "server/routes/program_support.hpp"
#include "server/routes/store_routes.hpp"

namespace cl::server {
namespace {

using auth::Action;
using auth::ResourceKind;
using auth::Role;
using nlohmann::json;

/// The approved case of the path the caller may read (404 otherwise; 409 when not approved).
store::ProgramApplication followed_case(store::Database& db, const RequestContext& context,
                                        const program::Program& definition) {
  auto stored = unwrap(store::get_application(db, path_id(context, "id")));
  if (stored.program_id != definition.id || !may_see(context, stored)) throw_not_found();
  if (!stored.approved_on) {
    throw_error(409, ErrorCode::store_conflict,
                "application " + std::to_string(stored.id) +
                    " is not an approved case; the follow-up comes after the program",
                {.field = "approved_on"});
  }
  return stored;
}

json years_json(const std::vector<FollowUpYear>& years) {
  json out = json::array();
  for (const auto& year : years) out.push_back(to_json(year));
  return out;
}

json case_follow_up_json(store::Database& db, const program::Program& definition,
                         const store::ProgramApplication& stored, const program::Date& today) {
  const auto years = follow_up_years(db, definition, stored, today);
  int reported = 0;
  int overdue = 0;
  int reminders = 0;
  for (const auto& year : years) {
    reported += year.record ? 1 : 0;
    overdue += year.status == "overdue" ? 1 : 0;
    reminders += year.reminders;
  }
  const auto unit = stored.document.value("guidance_unit", json::object());
  return {
      {"id", stored.id},
      {"organization_id", stored.organization_id ? json(*stored.organization_id) : json(nullptr)},
      {"applicant", stored.applicant},
      {"service", stored.service},
      {"guidance_unit", unit.is_object() ? unit.value("name", std::string()) : std::string()},
      {"approved_on", *stored.approved_on},
      {"years", years_json(years)},
      {"needed", years.size()},
      {"reported", reported},
      {"overdue", overdue},
      {"reminders", reminders},
      {"done", reported >= static_cast<int>(years.size())}};
}

void get_follow_up_route(ApiState& state, RequestContext& context) {
  const auto definition = load_program(state, context.params.at("program"));
  auto db = lease(state);
  const auto stored = followed_case(*db, context, definition);
  const auto today = *program::parse_date(taiwan_today());
  auto out = case_follow_up_json(*db, definition, stored, today);
  out["as_of"] = today.to_string();
  out["cite"] = definition.follow_up_cite;
  send_json(context.res, 200, out);
}

double amount(const json& body, const std::string& name, bool required) {
  if (!body.contains(name)) {
    if (required) {
      throw_error(400, ErrorCode::parse_missing_field,
                  name + " is required: a number of t CO2e (0 when none)", {.field = name});
    }
    return 0;
  }
  if (!body[name].is_number()) {
    throw_error(400, ErrorCode::parse_bad_value, name + " is a number", {.field = name});
  }
  return body[name].get<double>();
}

void put_follow_up_route(ApiState& state, RequestContext& context) {
  const auto definition = load_program(state, context.params.at("program"));
  auto db = lease(state);
  const auto stored = followed_case(*db, context, definition);
  if (principal(context).role != Role::administrator &&
      !allowed(context, Action::create,
               owned_by(ResourceKind::activity, *stored.organization_id))) {
    throw_error(403, ErrorCode::auth_forbidden,
                "only the factory, its guidance unit (consultant) and the office report the "
                "follow-up");
  }
  const auto body = json_body(context);
  const Fields fields(body, {"year", "reported_on", "emissions_t", "reduction_t", "measures",
                             "footprint_updated", "footprint_kg", "note", "replace", "reason"});
  store::FollowUpRecord record;
  record.application_id = stored.id;
  record.year = static_cast<int>(*fields.integer("year", std::numeric_limits<int>::min(),
                                                 std::numeric_limits<int>::max(), true));
  record.reported_on = fields.text("reported_on").value_or(taiwan_today());
  record.emissions_t = amount(body, "emissions_t", true);
  record.reduction_t = amount(body, "reduction_t", true);
  record.measures = fields.text("measures").value_or("");
  record.note = fields.text("note").value_or("");
  for (const char* flag : {"footprint_updated", "replace"}) {
    if (body.contains(flag) && !body[flag].is_boolean()) {
      throw_error(400, ErrorCode::parse_bad_value, std::string(flag) + " is true or false",
                  {.field = flag});
    }
  }
  record.footprint_updated = body.value("footprint_updated", false);
  if (body.contains("footprint_kg")) record.footprint_kg = amount(body, "footprint_kg", false);
  const bool replace = body.value("replace", false);
  const auto saved = unwrap(store::put_follow_up(*db, actor_of(context, fields.reason()), record,
                                                 follow_up_span(definition), replace));
  send_json(context.res, saved.created_at == saved.updated_at ? 201 : 200, store::to_json(saved));
}

void reminder_route(ApiState& state, RequestContext& context) {
  require_office(context, "send follow-up reminders");
  const auto definition = load_program(state, context.params.at("program"));
  auto db = lease(state);
  const auto stored = followed_case(*db, context, definition);
  const Fields fields(json_body(context), {"year", "note", "reason"});
  store::FollowUpReminder reminder;
  reminder.application_id = stored.id;
  reminder.year =
      static_cast<int>(*fields.integer("year", 1, std::max(1, follow_up_span(definition)), true));
  reminder.sent_on = taiwan_today();
  reminder.note = fields.text("note").value_or("");
  const auto saved =
      unwrap(store::add_follow_up_reminder(*db, actor_of(context, fields.reason()), reminder));
  send_json(context.res, 201, store::to_json(saved));
}

void list_route(ApiState& state, RequestContext& context) {
  const auto definition = load_program(state, context.params.at("program"));
  const auto today = *program::parse_date(taiwan_today());
  auto db = lease(state);
  json items = json::array();
  int attention = 0;
  for (const auto& stored : unwrap(store::list_applications(*db, definition.id))) {
    if (!stored.approved_on || !may_see(context, stored)) continue;
    auto item = case_follow_up_json(*db, definition, stored, today);
    bool needs = false;
    for (const auto& year : item["years"]) {
      needs = needs || year["status"] == "overdue" || year["status"] == "due";
    }
    item["attention"] = needs;
    attention += needs ? 1 : 0;
    items.push_back(std::move(item));
  }
  send_json(context.res, 200,
            {{"program", definition.id},
             {"as_of", today.to_string()},
             {"years", follow_up_span(definition)},
             {"cite", definition.follow_up_cite},
             {"attention", attention},
             {"items", items}});
}

/// Sums per year and per service or mode: cases due (the year's date has passed or it is
/// reported), cases reported, reductions and emissions of the reported years.
json report_json(store::Database& db, const program::Program& definition,
                 const program::Date& today) {
  const int span = follow_up_span(definition);
  struct Sum {
    int due = 0;
    int reported = 0;
    double reduction = 0;
    double emissions = 0;
  };
  std::vector<Sum> by_year(static_cast<std::size_t>(span));
  std::map<std::string, std::vector<Sum>> by_service;
  std::map<std::string, int> service_cases;
  json rows = json::array();
  int cases = 0;
  double total = 0;
  for (const auto& stored : unwrap(store::list_applications(db, definition.id))) {
    if (!stored.approved_on) continue;
    ++cases;
    ++service_cases[stored.service];
    auto& service = by_service[stored.service];
    service.resize(static_cast<std::size_t>(span));
    for (const auto& year : follow_up_years(db, definition, stored, today)) {
      const auto idx = static_cast<std::size_t>(year.year - 1);
      const bool due = year.record || (year.due && *year.due <= today);
      for (auto* sum : {&by_year[idx], &service[idx]}) {
        sum->due += due ? 1 : 0;
        if (year.record) {
          sum->reported += 1;
          sum->reduction += year.record->reduction_t;
          sum->emissions += year.record->emissions_t;
        }
      }
      if (!year.record) continue;
      total += year.record->reduction_t;
      rows.push_back({{"application_id", stored.id},
                      {"applicant", stored.applicant},
                      {"service", stored.service},
                      {"year", year.year},
                      {"due", year.due ? json(year.due->to_string()) : json(nullptr)},
                      {"reported_on", year.record->reported_on},
                      {"emissions_t", year.record->emissions_t},
                      {"reduction_t", year.record->reduction_t},
                      {"measures", year.record->measures},
                      {"footprint_updated", year.record->footprint_updated},
                      {"footprint_kg", year.record->footprint_kg ? json(*year.record->footprint_kg)
                                                                 : json(nullptr)}});
    }
  }
  const auto sums_json = [](const std::vector<Sum>& sums) {
    json out = json::array();
    for (std::size_t idx = 0; idx < sums.size(); ++idx) {
      out.push_back({{"year", idx + 1},
                     {"due", sums[idx].due},
                     {"reported", sums[idx].reported},
                     {"reduction_t", sums[idx].reduction},
                     {"emissions_t", sums[idx].emissions}});
    }
    return out;
  };
  json services = json::array();
  for (const auto& [id, sums] : by_service) {
    double reduction = 0;
    for (const auto& sum : sums) reduction += sum.reduction;
    const auto* service = definition.find_service(id);
    const auto* mode = definition.find_mode(id);
    services.push_back({{"service", id},
                        {"name", service != nullptr ? service->name
                                 : mode != nullptr  ? mode->name
                                                    : id},
                        {"cases", service_cases[id]},
                        {"years", sums_json(sums)},
                        {"reduction_t", reduction}});
  }
  return {{"program", definition.id},
          {"as_of", today.to_string()},
          {"years", span},
          {"cite", definition.follow_up_cite},
          {"cases", cases},
          {"by_year", sums_json(by_year)},
          {"by_service", services},
          {"total_reduction_t", total},
          {"rows", rows}};
}

void report_route(ApiState& state, RequestContext& context) {
  require_office(context, "see the follow-up report");
  const auto format = query(context, "format", "json", {"json", "xlsx"});
  const auto definition = load_program(state, context.params.at("program"));
  const auto today = *program::parse_date(taiwan_today());
  json report;
  {
    auto db = lease(state);
    report = report_json(*db, definition, today);
  }
  if (format == "json") {
    send_json(context.res, 200, report);
    return;
  }
  send_workbook(
      state.scratch_dir, context, "follow-up-" + definition.id + "-" + today.to_string() + ".xlsx",
      [&](const std::string& path) { return io::write_follow_up_xlsx(definition, report, path); });
}

}  // namespace

void add_program_follow_up_routes(Router& router, ApiState& state) {
  const StateRoutes route(router, state, "/api/v1/programs");
  route("GET", "/{program}/applications/{id}/follow-up",
        "a case's follow-up years (成效追蹤表): due dates, records, reminders",
        get_follow_up_route);
  route("POST", "/{program}/applications/{id}/follow-up",
        "report a year's follow-up results (factory, guidance unit, office)", put_follow_up_route);
  route("POST", "/{program}/applications/{id}/follow-up/reminders",
        "record a follow-up reminder sent to a case", reminder_route);
  route("GET", "/{program}/follow-ups", "the follow-up of the caller's cases (the office: all)",
        list_route);
  route("GET", "/{program}/follow-up/report",
        "the program's reductions achieved per year and service (JSON or xlsx)", report_route);
}

}  // namespace cl::server
