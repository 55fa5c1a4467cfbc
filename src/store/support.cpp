// The onsite-support service: requests, visits and issues, checked before they are stored.
#include "store/support.hpp"

#include <algorithm>
#include <cmath>

#include "core/offsets/date.hpp"
#include "store/repository_util.hpp"

namespace cl::store {
namespace {

using nlohmann::json;

constexpr const char* kRequestColumns =
    "id, organization_id, stage, requested_on, preferred_month, offset_project_id, "
    "first_offset_project, mandatory_reporter, status, note, created_by, created_at, updated_at";
constexpr const char* kVisitColumns =
    "id, request_id, visit_date, hours, visitor, attendees, summary, created_by, created_at";
constexpr const char* kIssueColumns =
    "id, request_id, visit_id, raised_on, description, resolution, solved_on, created_by, "
    "created_at, updated_at";

[[noreturn]] void invalid(const std::string& message, const std::string& field) {
  throw StoreError{Error{ErrorCode::store_invalid, message, {.field = field}, {}}};
}

void check_date(const std::string& text, const std::string& field) {
  if (!offsets::parse_date(text)) {
    invalid(field + " '" + text + "' is not a calendar day written YYYY-MM-DD, e.g. 2024-05-17",
            field);
  }
}

void check_text(const std::string& text, const std::string& field) {
  if (text.empty()) invalid("\"" + field + "\" may not be empty", field);
}

using detail::optional_value;

json optional_json(const std::optional<std::int64_t>& id) {
  return id ? json(*id) : json(nullptr);
}

SupportRequest request_of(const Row& row) {
  SupportRequest out;
  out.id = row.integer(0);
  out.organization_id = row.integer(1);
  out.stage = row.text(2);
  out.requested_on = row.text(3);
  out.preferred_month = row.text(4);
  if (!row.is_null(5)) out.offset_project_id = row.integer(5);
  out.first_offset_project = row.integer(6) != 0;
  out.mandatory_reporter = row.integer(7) != 0;
  out.status = row.text(8);
  out.note = row.text(9);
  out.created_by = row.text(10);
  out.created_at = row.text(11);
  out.updated_at = row.text(12);
  return out;
}

SupportVisit visit_of(const Row& row) {
  SupportVisit out;
  out.id = row.integer(0);
  out.request_id = row.integer(1);
  out.date = row.text(2);
  out.hours = row.real(3);
  out.visitor = row.text(4);
  out.attendees = row.text(5);
  out.summary = row.text(6);
  out.created_by = row.text(7);
  out.created_at = row.text(8);
  return out;
}

SupportIssue issue_of(const Row& row) {
  SupportIssue out;
  out.id = row.integer(0);
  out.request_id = row.integer(1);
  if (!row.is_null(2)) out.visit_id = row.integer(2);
  out.raised_on = row.text(3);
  out.description = row.text(4);
  out.resolution = row.text(5);
  out.solved_on = row.text(6);
  out.created_by = row.text(7);
  out.created_at = row.text(8);
  out.updated_at = row.text(9);
  return out;
}

SupportRequest load_request(Database& db, std::int64_t id) {
  const auto rows = db.query(
      std::string("SELECT ") + kRequestColumns + " FROM support_requests WHERE id = $1", {id});
  if (rows.empty()) detail::throw_not_found("support request", id);
  return request_of(rows[0]);
}

SupportIssue load_issue(Database& db, std::int64_t id) {
  const auto rows =
      db.query(std::string("SELECT ") + kIssueColumns + " FROM support_issues WHERE id = $1", {id});
  if (rows.empty()) detail::throw_not_found("support issue", id);
  return issue_of(rows[0]);
}

void check_request(Database& db, const SupportRequest& request) {
  const auto& stages = support_stages();
  if (std::find(stages.begin(), stages.end(), request.stage) == stages.end()) {
    invalid("stage '" + request.stage +
                "' is not one of development, plan, validation, registration, "
                "monitoring_report, verification, credit_application",
            "stage");
  }
  if (request.status != "requested" && request.status != "approved" && request.status != "closed") {
    invalid("status '" + request.status + "' is not requested, approved or closed", "status");
  }
  check_date(request.requested_on, "requested_on");
  if (db.query("SELECT 1 FROM organizations WHERE id = $1", {request.organization_id}).empty()) {
    detail::throw_not_found("organization", request.organization_id);
  }
  if (request.offset_project_id &&
      db.query("SELECT 1 FROM offset_projects WHERE id = $1 AND organization_id = $2",
               {*request.offset_project_id, request.organization_id})
          .empty()) {
    invalid("offset project " + std::to_string(*request.offset_project_id) +
                " is not a project of this organization",
            "offset_project_id");
  }
}

}  // namespace

const std::vector<std::string>& support_stages() {
  static const std::vector<std::string> kStages = {
      "development",       "plan",         "validation",        "registration",
      "monitoring_report", "verification", "credit_application"};
  return kStages;
}

int support_priority(const SupportRequest& request) {
  if (request.first_offset_project) return 1;
  if (!request.mandatory_reporter) return 2;
  if (request.stage == "monitoring_report" || request.stage == "verification" ||
      request.stage == "credit_application") {
    return 3;
  }
  return 4;
}

json to_json(const SupportRequest& request) {
  return {{"id", request.id},
          {"organization_id", request.organization_id},
          {"stage", request.stage},
          {"requested_on", request.requested_on},
          {"preferred_month", request.preferred_month},
          {"offset_project_id", optional_json(request.offset_project_id)},
          {"first_offset_project", request.first_offset_project},
          {"mandatory_reporter", request.mandatory_reporter},
          {"priority", support_priority(request)},
          {"status", request.status},
          {"note", request.note},
          {"created_by", request.created_by},
          {"created_at", request.created_at},
          {"updated_at", request.updated_at}};
}

json to_json(const SupportVisit& visit) {
  return {{"id", visit.id},
          {"request_id", visit.request_id},
          {"date", visit.date},
          {"hours", visit.hours},
          {"visitor", visit.visitor},
          {"attendees", visit.attendees},
          {"summary", visit.summary},
          {"created_by", visit.created_by},
          {"created_at", visit.created_at}};
}

json to_json(const SupportIssue& issue) {
  return {{"id", issue.id},
          {"request_id", issue.request_id},
          {"visit_id", optional_json(issue.visit_id)},
          {"raised_on", issue.raised_on},
          {"description", issue.description},
          {"resolution", issue.resolution},
          {"solved_on", issue.solved_on},
          {"solved", !issue.solved_on.empty()},
          {"created_by", issue.created_by},
          {"created_at", issue.created_at},
          {"updated_at", issue.updated_at}};
}

Result<SupportRequest> create_support_request(Database& db, const Actor& actor,
                                              SupportRequest request) {
  return guard([&] {
    db.write([&] {
      check_request(db, request);
      request.created_by = actor.who;
      request.created_at = now_iso8601();
      request.updated_at = request.created_at;
      request.id = detail::insert_id(
          db,
          "INSERT INTO support_requests (organization_id, stage, requested_on, preferred_month, "
          "offset_project_id, first_offset_project, mandatory_reporter, status, note, "
          "created_by, created_at, updated_at) "
          "VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12)",
          {request.organization_id, request.stage, request.requested_on, request.preferred_month,
           optional_value(request.offset_project_id),
           std::int64_t{request.first_offset_project ? 1 : 0},
           std::int64_t{request.mandatory_reporter ? 1 : 0}, request.status, request.note,
           request.created_by, request.created_at, request.updated_at});
      append_audit(db, actor, "create", "support_requests", std::to_string(request.id), nullptr,
                   to_json(request));
    });
    return request;
  });
}

Result<SupportRequest> get_support_request(Database& db, std::int64_t id) {
  return guard([&] { return load_request(db, id); });
}

Result<std::vector<SupportRequest>> list_support_requests(Database& db,
                                                          std::int64_t organization_id) {
  return guard([&] {
    std::vector<SupportRequest> out;
    for (const auto& row : db.query(std::string("SELECT ") + kRequestColumns +
                                        " FROM support_requests WHERE organization_id = $1 "
                                        "ORDER BY id",
                                    {organization_id})) {
      out.push_back(request_of(row));
    }
    return out;
  });
}

Result<SupportRequest> update_support_request(Database& db, const Actor& actor,
                                              SupportRequest request) {
  return guard([&] {
    db.write([&] {
      const auto before = load_request(db, request.id);
      auto after = before;
      after.status = request.status;
      after.note = request.note;
      check_request(db, after);
      after.updated_at = now_iso8601();
      db.exec("UPDATE support_requests SET status = $2, note = $3, updated_at = $4 WHERE id = $1",
              {after.id, after.status, after.note, after.updated_at});
      append_audit(db, actor, "update", "support_requests", std::to_string(after.id),
                   to_json(before), to_json(after));
      request = after;
    });
    return request;
  });
}

Result<SupportVisit> add_support_visit(Database& db, const Actor& actor, SupportVisit visit) {
  return guard([&] {
    check_date(visit.date, "date");
    if (!std::isfinite(visit.hours) || visit.hours <= 0 || visit.hours > 24) {
      invalid("\"hours\" must be more than 0 and at most 24 (one visit, one day)", "hours");
    }
    check_text(visit.visitor, "visitor");
    check_text(visit.summary, "summary");
    db.write([&] {
      load_request(db, visit.request_id);
      visit.created_by = actor.who;
      visit.created_at = now_iso8601();
      visit.id = detail::insert_id(
          db,
          "INSERT INTO support_visits (request_id, visit_date, hours, visitor, attendees, "
          "summary, created_by, created_at) VALUES ($1, $2, $3, $4, $5, $6, $7, $8)",
          {visit.request_id, visit.date, visit.hours, visit.visitor, visit.attendees, visit.summary,
           visit.created_by, visit.created_at});
      append_audit(db, actor, "create", "support_visits", std::to_string(visit.id), nullptr,
                   to_json(visit));
    });
    return visit;
  });
}

Result<std::vector<SupportVisit>> list_support_visits(Database& db, std::int64_t request_id) {
  return guard([&] {
    std::vector<SupportVisit> out;
    for (const auto& row : db.query(std::string("SELECT ") + kVisitColumns +
                                        " FROM support_visits WHERE request_id = $1 "
                                        "ORDER BY visit_date, id",
                                    {request_id})) {
      out.push_back(visit_of(row));
    }
    return out;
  });
}

Result<SupportIssue> add_support_issue(Database& db, const Actor& actor, SupportIssue issue) {
  return guard([&] {
    check_date(issue.raised_on, "raised_on");
    check_text(issue.description, "description");
    issue.resolution.clear();
    issue.solved_on.clear();
    db.write([&] {
      load_request(db, issue.request_id);
      if (issue.visit_id &&
          db.query("SELECT 1 FROM support_visits WHERE id = $1 AND request_id = $2",
                   {*issue.visit_id, issue.request_id})
              .empty()) {
        invalid("visit " + std::to_string(*issue.visit_id) + " is not a visit of this request",
                "visit_id");
      }
      issue.created_by = actor.who;
      issue.created_at = now_iso8601();
      issue.updated_at = issue.created_at;
      issue.id = detail::insert_id(
          db,
          "INSERT INTO support_issues (request_id, visit_id, raised_on, description, "
          "created_by, created_at, updated_at) VALUES ($1, $2, $3, $4, $5, $6, $7)",
          {issue.request_id, optional_value(issue.visit_id), issue.raised_on, issue.description,
           issue.created_by, issue.created_at, issue.updated_at});
      append_audit(db, actor, "create", "support_issues", std::to_string(issue.id), nullptr,
                   to_json(issue));
    });
    return issue;
  });
}

Result<SupportIssue> get_support_issue(Database& db, std::int64_t id) {
  return guard([&] { return load_issue(db, id); });
}

Result<std::vector<SupportIssue>> list_support_issues(Database& db, std::int64_t request_id) {
  return guard([&] {
    std::vector<SupportIssue> out;
    for (const auto& row : db.query(std::string("SELECT ") + kIssueColumns +
                                        " FROM support_issues WHERE request_id = $1 ORDER BY id",
                                    {request_id})) {
      out.push_back(issue_of(row));
    }
    return out;
  });
}

Result<SupportIssue> solve_support_issue(Database& db, const Actor& actor, std::int64_t id,
                                         const std::string& resolution,
                                         const std::string& solved_on) {
  return guard([&] {
    check_text(resolution, "resolution");
    check_date(solved_on, "solved_on");
    SupportIssue after;
    db.write([&] {
      const auto before = load_issue(db, id);
      if (offsets::parse_date(solved_on) < offsets::parse_date(before.raised_on)) {
        invalid(
            "solved_on " + solved_on + " is before the issue was raised (" + before.raised_on + ")",
            "solved_on");
      }
      after = before;
      after.resolution = resolution;
      after.solved_on = solved_on;
      after.updated_at = now_iso8601();
      db.exec(
          "UPDATE support_issues SET resolution = $2, solved_on = $3, updated_at = $4 WHERE id = "
          "$1",
          {id, after.resolution, after.solved_on, after.updated_at});
      append_audit(db, actor, "update", "support_issues", std::to_string(id), to_json(before),
                   to_json(after));
    });
    return after;
  });
}

}  // namespace cl::store
