// A case's duties and follow-up as the guidance unit, the factory and the office see them, and
// the execution dashboard across cases (DEM-6, APP-5, issue 8 "Overdue and missing items are
// visible to the guidance unit and the office"):
//
//   GET /api/v1/programs/{program}/cases    the caller's applications (the office: all) with
//                                           their missing documents (open requests), duties,
//                                           next deadline and overdue counts
//
// Statuses are computed here from the stored facts each time; nothing is stored.
#include <fmt/format.h>

#include <algorithm>

#include "core/program/schedule.hpp"
#include "server/routes/access.hpp"
#include "server/routes/common.hpp"
#include "server/routes/program_support.hpp"

namespace cl::server {

using auth::Action;
using auth::ResourceKind;
using auth::Role;
using nlohmann::json;

bool may_see(const RequestContext& context, const store::ProgramApplication& stored) {
  if (principal(context).role == Role::administrator) return true;
  if (!stored.organization_id) return false;
  return allowed(context, Action::read,
                 owned_by(ResourceKind::organization, *stored.organization_id));
}

int satellites_of(const store::ProgramApplication& stored) {
  const auto& satellites = stored.document.value("satellites", json::array());
  return satellites.is_array() ? static_cast<int>(satellites.size()) : 0;
}

int follow_up_span(const program::Program& definition) {
  if (definition.follow_up_years > 0) return definition.follow_up_years;
  for (const auto& duty : definition.duties) {
    if (duty.every_years > 0) return std::max(1, duty.min_count);
  }
  return 0;
}

std::vector<FollowUpYear> follow_up_years(store::Database& db, const program::Program& definition,
                                          const store::ProgramApplication& stored,
                                          const program::Date& today) {
  const auto records = unwrap(store::list_follow_ups(db, stored.id));
  const auto reminders = unwrap(store::list_follow_up_reminders(db, stored.id));
  std::vector<FollowUpYear> out;
  const program::Date soon = program::add_days(today, 30);
  for (int year = 1; year <= follow_up_span(definition); ++year) {
    FollowUpYear item;
    item.year = year;
    // The same due date as the schedule's yearly duty (core/program/schedule.cpp).
    if (definition.execution_end)
      item.due = program::add_months(*definition.execution_end, 12 * year);
    for (const auto& record : records) {
      if (record.year == year) item.record = record;
    }
    item.reminders = static_cast<int>(std::count_if(
        reminders.begin(), reminders.end(), [year](const auto& r) { return r.year == year; }));
    item.status = item.record                     ? "reported"
                  : item.due && *item.due < today ? "overdue"
                  : item.due && *item.due <= soon ? "due"
                                                  : "upcoming";
    out.push_back(std::move(item));
  }
  return out;
}

json to_json(const FollowUpYear& year) {
  return {{"year", year.year},
          {"due", year.due ? json(year.due->to_string()) : json(nullptr)},
          {"status", year.status},
          {"reminders", year.reminders},
          {"record", year.record ? store::to_json(*year.record) : json(nullptr)}};
}

namespace {

/// Does a record count toward the duty: a site visit with its signed record; hours at least the
/// duty's minimum per occasion.
bool counts(const store::DutyRecord& record, const program::ScheduledDuty& duty) {
  if (record.duty_id != duty.id || record.subject != duty.subject) return false;
  if (record.kind == "site_visit" && (!record.signed_record || !record.evidence_id)) return false;
  return duty.min_hours <= 0 || record.hours >= duty.min_hours;
}

bool yearly(const program::Program& definition, const std::string& duty_id) {
  return std::any_of(definition.duties.begin(), definition.duties.end(),
                     [&duty_id](const auto& d) { return d.id == duty_id && d.every_years > 0; });
}

/// The yearly follow-up as one duty: needed = the years, done = the years reported; due = the
/// first year not reported (the last year once all are); overdue when that year's date passed.
json follow_up_duty(const program::ScheduledDuty& first, const std::vector<FollowUpYear>& years,
                    int& overdue) {
  int reported = 0;
  const FollowUpYear* next = nullptr;
  json items = json::array();
  json records = json::array();
  for (const auto& year : years) {
    items.push_back(to_json(year));
    if (year.record) {
      ++reported;
      records.push_back(store::to_json(*year.record));
    } else if (next == nullptr) {
      next = &year;
    }
  }
  const int needed = static_cast<int>(years.size());
  std::string status = reported >= needed ? "done" : "open";
  const bool late =
      std::any_of(years.begin(), years.end(), [](const auto& y) { return y.status == "overdue"; });
  if (status == "open" && late) {
    status = "overdue";
    ++overdue;
  }
  const auto* due_year = next != nullptr ? next : (years.empty() ? nullptr : &years.back());
  return {{"id", first.id},
          {"title", first.title},
          {"subject", ""},
          {"due",
           due_year != nullptr && due_year->due ? json(due_year->due->to_string()) : json(nullptr)},
          {"rule", fmt::format("yearly for {} year(s) after the program ends", needed)},
          {"needed", needed},
          {"done_count", reported},
          {"hours", 0},
          {"min_hours", 0},
          {"min_participants", 0},
          {"evidence", first.evidence},
          {"cite", first.cite},
          {"status", status},
          {"years", items},
          {"records", records}};
}

}  // namespace

json case_duties_json(store::Database& db, const program::Program& definition,
                      const store::ProgramApplication& stored, const program::Date& today,
                      int& overdue) {
  const auto records = unwrap(store::list_duty_records(db, stored.id));
  program::ScheduleInput input;
  input.approved = *program::parse_date(*stored.approved_on);
  input.mode = stored.service;
  input.satellites = satellites_of(stored);
  for (const auto& record : records) {
    if (record.duty_id == "kickoff") input.kickoff = program::parse_date(record.date);
  }
  const auto schedule = unwrap(program::schedule_duties(definition, input));
  json duties = json::array();
  bool follow_up_listed = false;
  for (const auto& duty : schedule) {
    if (yearly(definition, duty.id)) {
      if (!follow_up_listed) {
        duties.push_back(
            follow_up_duty(duty, follow_up_years(db, definition, stored, today), overdue));
        follow_up_listed = true;
      }
      continue;
    }
    int done_count = 0;
    double hours = 0;
    json own = json::array();
    for (const auto& record : records) {
      if (record.duty_id != duty.id || record.subject != duty.subject) continue;
      own.push_back(store::to_json(record));
      if (counts(record, duty)) {
        ++done_count;
        hours += record.hours;
      }
    }
    const int needed = std::max({duty.min_count, duty.occurrences, 1});
    std::string status = done_count >= needed ? "done" : "open";
    if (status == "open" && duty.due && *duty.due < today) {
      status = "overdue";
      ++overdue;
    }
    duties.push_back({{"id", duty.id},
                      {"title", duty.title},
                      {"subject", duty.subject},
                      {"due", duty.due ? json(duty.due->to_string()) : json(nullptr)},
                      {"rule", duty.rule},
                      {"needed", needed},
                      {"done_count", done_count},
                      {"hours", hours},
                      {"min_hours", duty.min_hours},
                      {"min_participants", duty.min_participants},
                      {"evidence", duty.evidence},
                      {"cite", duty.cite},
                      {"status", status},
                      {"records", own}});
  }
  return duties;
}

namespace {

void cases_route(ApiState& state, RequestContext& context) {
  const auto definition = load_program(state, context.params.at("program"));
  const auto today = *program::parse_date(taiwan_today());
  auto db = lease(state);
  const auto requests = unwrap(store::list_requests(*db, definition.id));
  json items = json::array();
  int overdue_total = 0;
  int missing_total = 0;
  for (const auto& stored : unwrap(store::list_applications(*db, definition.id))) {
    if (!may_see(context, stored)) continue;
    json missing = json::array();
    for (const auto& request : requests) {
      if (request.application_id != stored.id || request.received) continue;
      const auto due = program::parse_date(request.due);
      missing.push_back({{"id", request.id},
                         {"document", request.document},
                         {"requested", request.requested},
                         {"due", request.due},
                         {"overdue", due && *due < today}});
    }
    missing_total += static_cast<int>(missing.size());
    int overdue = 0;
    json duties = json::array();
    std::optional<std::string> next_due;
    if (stored.approved_on) {
      duties = case_duties_json(*db, definition, stored, today, overdue);
      for (auto& duty : duties) {
        duty.erase("records");
        duty.erase("years");
        if (duty["status"] != "done" && duty["due"].is_string()) {
          const auto due = duty["due"].get<std::string>();
          if (!next_due || due < *next_due) next_due = due;
        }
      }
    }
    overdue_total += overdue;
    const auto unit = stored.document.value("guidance_unit", json::object());
    items.push_back(
        {{"id", stored.id},
         {"organization_id",
          stored.organization_id ? json(*stored.organization_id) : json(nullptr)},
         {"applicant", stored.applicant},
         {"service", stored.service},
         {"guidance_unit", unit.is_object() ? unit.value("name", std::string()) : std::string()},
         {"submitted_at", stored.submitted_at},
         {"accepted_on", stored.accepted_on ? json(*stored.accepted_on) : json(nullptr)},
         {"approved_on", stored.approved_on ? json(*stored.approved_on) : json(nullptr)},
         {"missing", missing},
         {"duties", duties},
         {"overdue", overdue},
         {"next_due", next_due ? json(*next_due) : json(nullptr)}});
  }
  send_json(context.res, 200,
            {{"program", definition.id},
             {"as_of", today.to_string()},
             {"overdue", overdue_total},
             {"missing", missing_total},
             {"items", items}});
}

}  // namespace

void add_program_case_routes(Router& router, ApiState& state) {
  const StateRoutes route(router, state, "/api/v1/programs");
  route("GET", "/{program}/cases",
        "the caller's applications and cases with missing documents, duties and deadlines "
        "(the office: every case)",
        cases_route);
}

}  // namespace cl::server
