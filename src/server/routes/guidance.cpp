// The consultant's guidance over the JSON API (issue 6, VER-1):
//
//   GET   /api/v1/inventories/{id}/stages           the six verification stages (unwritten:
//                                                   pending)
//   PATCH /api/v1/inventories/{id}/stages/{stage}   {"status"?, "note"?, "evidence_id"?, "reason"?}
//   GET   /api/v1/activity/{id}/comments            comments on an activity record, oldest first
//   POST  /api/v1/activity/{id}/comments            {"text", "reason"?} → 201
//   GET   /api/v1/orgs/{org}/site-visits            an organization's site visits by date
//   POST  /api/v1/orgs/{org}/site-visits            {"date", "visitor", "purpose", "notes"?,
//                                                   "evidence_id"?, "reason"?} → 201
//
// Stages have the rights of their inventory (read; update to change one). Comments: who may read
// the record reads them; who may read it and is a factory, consultant or administrator writes
// one (a verifier or supplier does not). Site visits are the organization's own data with the
// rights of its facilities: who may read the organization reads them; its factory, its assigned
// consultant and the administrator record one. Hidden and missing ids answer the same 404.
#include <limits>

#include "server/api.hpp"
#include "server/routes/access.hpp"
#include "server/routes/common.hpp"
#include "server/routes/store_routes.hpp"
#include "store/activity.hpp"
#include "store/guidance.hpp"
#include "store/inventories.hpp"

namespace cl::server {
namespace {

using auth::Action;
using auth::ResourceKind;
using nlohmann::json;

constexpr std::int64_t kMaxId = std::numeric_limits<std::int64_t>::max();

/// An optional "evidence_id": absent → nullopt; null → a held nullopt (clear); else a store id
/// (400 for another type).
std::optional<std::optional<std::int64_t>> evidence_member(const json& body, const Fields& fields) {
  if (!body.contains("evidence_id")) return std::nullopt;
  if (body.at("evidence_id").is_null())
    return std::optional<std::optional<std::int64_t>>(std::optional<std::int64_t>());
  return std::optional<std::optional<std::int64_t>>(fields.integer("evidence_id", 1, kMaxId));
}

void list_stages_route(ApiState& state, RequestContext& context) {
  auto db = lease(state);
  const auto inventory = inventory_for(*db, context, Action::read);
  send_json(context.res, 200, items_json(unwrap(store::list_stages(*db, inventory.id))));
}

void update_stage_route(ApiState& state, RequestContext& context) {
  auto db = lease(state);
  const auto inventory = inventory_for(*db, context, Action::update);
  const auto stage = path_id(context, "stage");
  if (stage > store::kStageCount) {
    throw_error(404, ErrorCode::http_not_found,
                "no such stage: the stages are 1 (kickoff) to 6 (external_verification)",
                {.field = "stage"});
  }
  const auto body = json_body(context);
  const Fields fields(body, {"status", "note", "evidence_id", "reason"});
  store::StageChange change;
  change.status = fields.text("status");
  change.note = fields.text("note");
  change.evidence_id = evidence_member(body, fields);
  const auto updated = unwrap(store::update_stage(*db, actor_of(context, fields.reason()),
                                                  inventory.id, static_cast<int>(stage), change));
  send_json(context.res, 200, store::to_json(updated));
}

/// The record of the path and the resource its rights come from (its inventory's activity),
/// after read is allowed (404 otherwise).
auth::Resource readable_record(store::Database& db, const RequestContext& context,
                               store::ActivityRow& row) {
  row = found(store::get_activity(db, path_id(context, "id")), ResourceKind::activity);
  const auto source = unwrap(store::get_source(db, row.source_id));
  const auto inventory = unwrap(store::get_inventory(db, source.inventory_id));
  auto resource = owned_by(ResourceKind::activity, inventory.organization_id);
  require(context, Action::read, resource);
  return resource;
}

void list_comments_route(ApiState& state, RequestContext& context) {
  auto db = lease(state);
  store::ActivityRow row;
  readable_record(*db, context, row);
  send_json(context.res, 200, items_json(unwrap(store::list_comments(*db, row.id))));
}

void add_comment_route(ApiState& state, RequestContext& context) {
  auto db = lease(state);
  store::ActivityRow row;
  readable_record(*db, context, row);
  require_role(context, {auth::Role::factory, auth::Role::consultant, auth::Role::administrator},
               "comment on activity records (the factory, its consultant and the program office "
               "do)");
  const Fields fields(json_body(context), {"text", "reason"});
  store::ActivityComment comment;
  comment.activity_id = row.id;
  comment.organization_id = author_org(*db, context);
  comment.text = *fields.text("text", true);
  const auto added =
      unwrap(store::add_comment(*db, actor_of(context, fields.reason()), std::move(comment)));
  context.res.set_header("Location", "/api/v1/activity/" + std::to_string(row.id) + "/comments");
  send_json(context.res, 201, store::to_json(added));
}

void list_visits_route(ApiState& state, RequestContext& context) {
  auto db = lease(state);
  const auto organization = readable_org(*db, context);
  send_json(context.res, 200, items_json(unwrap(store::list_site_visits(*db, organization.id))));
}

void add_visit_route(ApiState& state, RequestContext& context) {
  auto db = lease(state);
  const auto organization = readable_org(*db, context);
  require_within(context, owned_by(ResourceKind::organization, organization.id), Action::create,
                 ResourceKind::facility, organization.id, "site visits");
  const auto body = json_body(context);
  const Fields fields(body, {"date", "visitor", "purpose", "notes", "evidence_id", "reason"});
  store::SiteVisit visit;
  visit.organization_id = organization.id;
  visit.date = *fields.text("date", true);
  visit.visitor = *fields.text("visitor", true);
  visit.purpose = *fields.text("purpose", true);
  visit.notes = fields.text("notes").value_or("");
  if (const auto evidence = evidence_member(body, fields)) visit.evidence_id = *evidence;
  const auto added =
      unwrap(store::add_site_visit(*db, actor_of(context, fields.reason()), std::move(visit)));
  context.res.set_header("Location",
                         "/api/v1/orgs/" + std::to_string(organization.id) + "/site-visits");
  send_json(context.res, 201, store::to_json(added));
}

}  // namespace

void add_guidance_routes(Router& router, ApiState& state) {
  const StateRoutes route(router, state);
  route("GET", "/inventories/{id}/stages", "the six verification stages of an inventory",
        list_stages_route);
  route("PATCH", "/inventories/{id}/stages/{stage}",
        "change a verification stage (status, note, evidence)", update_stage_route);
  route("GET", "/activity/{id}/comments", "the comments on an activity record",
        list_comments_route);
  route("POST", "/activity/{id}/comments", "comment on an activity record", add_comment_route);
  route("GET", "/orgs/{org}/site-visits", "an organization's site visits by date",
        list_visits_route);
  route("POST", "/orgs/{org}/site-visits", "record a site visit", add_visit_route);
}

}  // namespace cl::server
