// The onsite-support service for offset projects (抵換專案現場支援, 2023 program annex 6):
//
//   GET   /api/v1/orgs/{org}/support-requests     the organization's requests, with priority
//   POST  /api/v1/orgs/{org}/support-requests     {stage, requested_on, preferred_month?,
//                                                 offset_project_id?, first_offset_project?,
//                                                 mandatory_reporter?, note?} → 201
//   GET   /api/v1/support-requests/{id}           a request with its visits and issues
//   PATCH /api/v1/support-requests/{id}           {status?, note?}
//   POST  /api/v1/support-requests/{id}/visits    {date, hours, visitor, attendees?, summary}
//   POST  /api/v1/support-requests/{id}/issues    {raised_on, description, visit_id?} → 201
//   PATCH /api/v1/support-issues/{id}             {resolution, solved_on}: solved
//
// Rights: the organization's own data with the rights of its facilities (site visits alike):
// who may read the organization reads them; its factory, its assigned consultant and the
// administrator write them.
#include <limits>

#include "server/api.hpp"
#include "server/routes/access.hpp"
#include "server/routes/common.hpp"
#include "server/routes/store_routes.hpp"
#include "store/support.hpp"

namespace cl::server {
namespace {

using auth::Action;
using auth::ResourceKind;
using nlohmann::json;

constexpr std::int64_t kMaxId = std::numeric_limits<std::int64_t>::max();

void require_write(const RequestContext& context, std::int64_t org) {
  require_within(context, owned_by(ResourceKind::organization, org), Action::create,
                 ResourceKind::facility, org, "onsite-support records");
}

store::SupportRequest readable_request(store::Database& db, const RequestContext& context) {
  auto request =
      found(store::get_support_request(db, path_id(context, "id")), ResourceKind::organization);
  require(context, Action::read, owned_by(ResourceKind::organization, request.organization_id));
  return request;
}

bool flag(const json& body, const char* name) {
  if (!body.contains(name)) return false;
  if (!body[name].is_boolean()) {
    throw_error(400, ErrorCode::parse_bad_value, std::string("\"") + name + "\" is true or false",
                {.field = name});
  }
  return body[name].get<bool>();
}

void list_requests_route(ApiState& state, RequestContext& context) {
  auto db = lease(state);
  const auto organization = readable_org(*db, context);
  send_json(context.res, 200,
            items_json(unwrap(store::list_support_requests(*db, organization.id))));
}

void create_request_route(ApiState& state, RequestContext& context) {
  auto db = lease(state);
  const auto organization = readable_org(*db, context);
  require_write(context, organization.id);
  const auto body = json_body(context);
  const Fields fields(body, {"stage", "requested_on", "preferred_month", "offset_project_id",
                             "first_offset_project", "mandatory_reporter", "note", "reason"});
  store::SupportRequest request;
  request.organization_id = organization.id;
  request.stage = *fields.text("stage", true);
  request.requested_on = *fields.text("requested_on", true);
  request.preferred_month = fields.text("preferred_month").value_or("");
  request.offset_project_id = fields.integer("offset_project_id", 1, kMaxId);
  request.first_offset_project = flag(body, "first_offset_project");
  request.mandatory_reporter = flag(body, "mandatory_reporter");
  request.note = fields.text("note").value_or("");
  const auto created =
      unwrap(store::create_support_request(*db, actor_of(context, fields.reason()), request));
  context.res.set_header("Location", "/api/v1/support-requests/" + std::to_string(created.id));
  send_json(context.res, 201, store::to_json(created));
}

void get_request_route(ApiState& state, RequestContext& context) {
  auto db = lease(state);
  const auto request = readable_request(*db, context);
  json out = store::to_json(request);
  out["visits"] = items_json(unwrap(store::list_support_visits(*db, request.id)))["items"];
  out["issues"] = items_json(unwrap(store::list_support_issues(*db, request.id)))["items"];
  send_json(context.res, 200, out);
}

void update_request_route(ApiState& state, RequestContext& context) {
  auto db = lease(state);
  auto request = readable_request(*db, context);
  require_write(context, request.organization_id);
  const Fields fields(json_body(context), {"status", "note", "reason"});
  request.status = fields.text("status").value_or(request.status);
  request.note = fields.text("note").value_or(request.note);
  const auto updated =
      unwrap(store::update_support_request(*db, actor_of(context, fields.reason()), request));
  send_json(context.res, 200, store::to_json(updated));
}

void add_visit_route(ApiState& state, RequestContext& context) {
  auto db = lease(state);
  const auto request = readable_request(*db, context);
  require_write(context, request.organization_id);
  const auto body = json_body(context);
  const Fields fields(body, {"date", "hours", "visitor", "attendees", "summary", "reason"});
  store::SupportVisit visit;
  visit.request_id = request.id;
  visit.date = *fields.text("date", true);
  if (!body.contains("hours")) {
    throw_error(400, ErrorCode::parse_missing_field, "a visit needs its \"hours\"",
                {.field = "hours"});
  }
  if (!body["hours"].is_number()) {
    throw_error(400, ErrorCode::parse_bad_value, "\"hours\" is a number", {.field = "hours"});
  }
  visit.hours = body["hours"].get<double>();
  visit.visitor = *fields.text("visitor", true);
  visit.attendees = fields.text("attendees").value_or("");
  visit.summary = *fields.text("summary", true);
  const auto added =
      unwrap(store::add_support_visit(*db, actor_of(context, fields.reason()), visit));
  send_json(context.res, 201, store::to_json(added));
}

void add_issue_route(ApiState& state, RequestContext& context) {
  auto db = lease(state);
  const auto request = readable_request(*db, context);
  require_write(context, request.organization_id);
  const Fields fields(json_body(context), {"raised_on", "description", "visit_id", "reason"});
  store::SupportIssue issue;
  issue.request_id = request.id;
  issue.raised_on = *fields.text("raised_on", true);
  issue.description = *fields.text("description", true);
  issue.visit_id = fields.integer("visit_id", 1, kMaxId);
  const auto added =
      unwrap(store::add_support_issue(*db, actor_of(context, fields.reason()), issue));
  send_json(context.res, 201, store::to_json(added));
}

void solve_issue_route(ApiState& state, RequestContext& context) {
  auto db = lease(state);
  const auto issue =
      found(store::get_support_issue(*db, path_id(context, "id")), ResourceKind::organization);
  const auto request = unwrap(store::get_support_request(*db, issue.request_id));
  require(context, Action::read, owned_by(ResourceKind::organization, request.organization_id));
  require_write(context, request.organization_id);
  const Fields fields(json_body(context), {"resolution", "solved_on", "reason"});
  const auto solved = unwrap(store::solve_support_issue(*db, actor_of(context, fields.reason()),
                                                        issue.id, *fields.text("resolution", true),
                                                        *fields.text("solved_on", true)));
  send_json(context.res, 200, store::to_json(solved));
}

}  // namespace

void add_support_routes(Router& router, ApiState& state) {
  const StateRoutes route(router, state);
  route("GET", "/orgs/{org}/support-requests", "an organization's onsite-support requests",
        list_requests_route);
  route("POST", "/orgs/{org}/support-requests", "ask for onsite support at one of seven stages",
        create_request_route);
  route("GET", "/support-requests/{id}", "an onsite-support request with visits and issues",
        get_request_route);
  route("PATCH", "/support-requests/{id}", "change a support request's status or note",
        update_request_route);
  route("POST", "/support-requests/{id}/visits", "record an onsite-support visit", add_visit_route);
  route("POST", "/support-requests/{id}/issues", "record an issue raised", add_issue_route);
  route("PATCH", "/support-issues/{id}", "record how an issue was solved", solve_issue_route);
}

}  // namespace cl::server
