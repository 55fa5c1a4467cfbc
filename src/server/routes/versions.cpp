// Verification over the JSON API: freezing an inventory as a version, reading and comparing
// versions, sharing one with a verifier organization, and the verifier's findings with the
// factory's answers.
//
//   POST/GET /api/v1/inventories/{id}/versions               freeze (201) / list, no content
//   GET      /api/v1/inventories/{id}/versions/{version}     content, result and SHA-256
//   GET      /api/v1/inventories/{id}/diff?from=&to=         line by line (format=json|text)
//   POST     /api/v1/inventories/{id}/versions/{version}/shares   {"organization_id": N}
//   GET      /api/v1/shared-versions                         shared with the caller's org
//   GET/POST /api/v1/inventories/{id}/versions/{version}/findings
//   POST     /api/v1/findings/{id}/answers                   {"text"}: the factory answers
//   PATCH    /api/v1/findings/{id}                           {"status"}: the verifier closes
//
// A version is an inventory_version owned by its inventory's organization and shared with its
// share list; a finding has the owner and shares of its version. A missing version and one the
// caller may not read get the same answer (404 http.not_found "no such inventory_version").
#include <algorithm>
#include <charconv>
#include <climits>

#include "server/api.hpp"
#include "server/routes/access.hpp"
#include "server/routes/common.hpp"
#include "store/findings.hpp"
#include "store/inventories.hpp"
#include "store/organizations.hpp"
#include "store/versions.hpp"
#include "store/workspace.hpp"

namespace cl::server {
namespace {

using auth::Action;
using auth::ResourceKind;
using nlohmann::json;

auth::Resource shared_resource(ResourceKind kind, std::int64_t owner_org,
                               const std::vector<std::int64_t>& shares) {
  auto resource = owned_by(kind, owner_org);
  for (const auto org : shares) resource.shared_with.push_back(id_text(org));
  return resource;
}

/// A version with what authorize() needs to know about it.
struct LoadedVersion {
  store::InventoryVersion version;
  std::int64_t owner_org = 0;
  std::vector<std::int64_t> shares;
  auth::Resource as(ResourceKind kind) const { return shared_resource(kind, owner_org, shares); }
};

/// Loads version `number` of the inventory and requires `action` on it (404 when hidden).
LoadedVersion load_version(store::Database& db, const RequestContext& context,
                           std::int64_t inventory_id, std::int64_t number, Action action) {
  LoadedVersion out;
  out.owner_org = found(store::get_inventory(db, inventory_id), ResourceKind::inventory_version)
                      .organization_id;
  if (number > INT_MAX) throw_no_such(ResourceKind::inventory_version);
  out.version = found(store::get_version(db, inventory_id, static_cast<int>(number)),
                      ResourceKind::inventory_version);
  out.shares = unwrap(store::list_version_shares(db, out.version.id));
  require(context, action, out.as(ResourceKind::inventory_version));
  return out;
}

LoadedVersion path_version(store::Database& db, const RequestContext& context, Action action) {
  return load_version(db, context, path_id(context, "id"), path_id(context, "version"), action);
}

/// A finding's owner and shares are its version's.
auth::Resource finding_resource(store::Database& db, const store::Finding& finding) {
  const auto inventory =
      found(store::get_inventory(db, finding.inventory_id), ResourceKind::finding);
  return shared_resource(ResourceKind::finding, inventory.organization_id,
                         unwrap(store::list_version_shares(db, finding.version_id)));
}

/// The JSON body; 400 parse.unknown_field for a member not in `known` (common.hpp).
json body_of(const RequestContext& context, std::initializer_list<std::string_view> known) {
  auto body = json_body(context);
  refuse_unknown_members(body, known);
  return body;
}

/// A required text member that must not be empty: 400 when absent or not text, 422 when empty
/// (read, but nothing to store).
std::string nonempty_text(const json& body, const std::string& name) {
  auto value = text_member(body, name);
  if (value.empty()) {
    throw_error(422, ErrorCode::parse_bad_value, "\"" + name + "\" must not be empty",
                {.field = name});
  }
  return value;
}

/// A text member that must be one of `allowed` (empty when absent and not required); 422
/// parse.bad_value for another value.
std::string choice_of(const json& body, const std::string& name, bool required,
                      std::initializer_list<std::string_view> allowed) {
  const auto value = required ? text_member(body, name) : optional_text_member(body, name);
  if (value.empty() && !required) return value;
  if (std::find(allowed.begin(), allowed.end(), value) != allowed.end()) return value;
  std::string list;
  for (const auto& item : allowed) list += (list.empty() ? "" : ", ") + std::string(item);
  throw_error(422, ErrorCode::parse_bad_value, "\"" + name + "\" must be one of " + list,
              {.field = name});
}

/// A query parameter naming a version (1 … INT_MAX); 400 when absent or not one.
std::int64_t version_query(const RequestContext& context, const std::string& name) {
  if (!context.req.has_param(name)) {
    throw_error(400, ErrorCode::parse_missing_field,
                "query parameter '" + name + "' names a version number", {.field = name});
  }
  return query_int(context, name, 0, 1, INT_MAX);
}

/// A version without content and result; its share list only for who may share it.
json version_json(const RequestContext& context, const LoadedVersion& loaded) {
  const auto& version = loaded.version;
  json out = {{"id", version.id},
              {"inventory_id", version.inventory_id},
              {"version", version.version},
              {"sha256", version.sha256},
              {"frozen_at", version.frozen_at},
              {"frozen_by", version.frozen_by},
              {"reason", version.reason},
              {"total_co2e_kg", version.result.value("total_co2e_kg", 0.0)}};
  if (allowed(context, Action::share, loaded.as(ResourceKind::inventory_version))) {
    out["shared_with"] = loaded.shares;
  }
  return out;
}

json finding_json(store::Database& db, const store::Finding& finding) {
  auto out = store::to_json(finding);
  out["answers"] = json::array();
  for (const auto& answer : unwrap(store::list_answers(db, finding.id))) {
    out["answers"].push_back(store::to_json(answer));
  }
  return out;
}

void freeze_route(ApiState& state, RequestContext& context) {
  auto db = lease(state);
  const auto inventory_id = path_id(context, "id");
  const auto inventory =
      found(store::get_inventory(*db, inventory_id), ResourceKind::inventory_version);
  require(context, Action::create,
          owned_by(ResourceKind::inventory_version, inventory.organization_id));
  std::string reason;
  if (!context.req.body.empty())
    reason = optional_text_member(body_of(context, {"reason"}), "reason");
  LoadedVersion loaded{unwrap(store::freeze_inventory(*db, actor_of(context, reason), inventory_id,
                                                      state.library.library)),
                       inventory.organization_id,
                       {}};
  send_json(context.res, 201, version_json(context, loaded));
}

void list_versions_route(ApiState& state, RequestContext& context) {
  auto db = lease(state);
  const auto inventory =
      found(store::get_inventory(*db, path_id(context, "id")), ResourceKind::inventory);
  // The owner sees every version; a verifier only those shared with it, and an inventory with
  // none shared with it is not there at all.
  const bool owner_view = allowed(
      context, Action::read, owned_by(ResourceKind::inventory_version, inventory.organization_id));
  json items = json::array();
  for (auto& version : unwrap(store::list_versions(*db, inventory.id))) {
    LoadedVersion loaded{std::move(version), inventory.organization_id, {}};
    loaded.shares = unwrap(store::list_version_shares(*db, loaded.version.id));
    if (allowed(context, Action::read, loaded.as(ResourceKind::inventory_version))) {
      items.push_back(version_json(context, loaded));
    }
  }
  if (!owner_view && items.empty()) throw_no_such(ResourceKind::inventory);
  send_json(context.res, 200, {{"items", items}, {"total", items.size()}});
}

void get_version_route(ApiState& state, RequestContext& context) {
  auto db = lease(state);
  const auto loaded = path_version(*db, context, Action::read);
  auto out = version_json(context, loaded);
  out["content"] = loaded.version.content;
  out["result"] = loaded.version.result;
  send_json(context.res, 200, out);
}

void diff_route(ApiState& state, RequestContext& context) {
  auto db = lease(state);
  const auto format = query(context, "format", "json", {"json", "text"});
  const auto from_number = version_query(context, "from");
  const auto to_number = version_query(context, "to");
  const auto inventory_id = path_id(context, "id");
  const auto from = load_version(*db, context, inventory_id, from_number, Action::read);
  const auto to = load_version(*db, context, inventory_id, to_number, Action::read);
  const auto diff = store::diff_versions(from.version, to.version);
  if (format == "text") {
    context.res.status = 200;
    context.res.set_content(store::render_diff(diff), "text/plain; charset=utf-8");
    return;
  }
  send_json(context.res, 200, store::to_json(diff));
}

void share_route(ApiState& state, RequestContext& context) {
  auto db = lease(state);
  const auto loaded = path_version(*db, context, Action::share);
  const auto body = body_of(context, {"organization_id", "reason"});
  const auto target_id = integer_member(body, "organization_id");
  // An unknown id and an organization of another kind get the same answer.
  const auto target = store::get_organization(*db, target_id);
  if (!target && target.error().code != ErrorCode::store_not_found) unwrap(target);
  if (!target || target->kind != "verifier") {
    throw_error(422, ErrorCode::store_invalid,
                "organization " + id_text(target_id) +
                    " is not a verifier organization; a version is shared with its verifier",
                {.field = "organization_id"});
  }
  if (std::find(loaded.shares.begin(), loaded.shares.end(), target_id) != loaded.shares.end()) {
    throw_error(409, ErrorCode::store_conflict,
                "version " + std::to_string(loaded.version.version) +
                    " is already shared with organization " + id_text(target_id),
                {.field = "organization_id"});
  }
  unwrap(store::share_version(*db, actor_of(context, optional_text_member(body, "reason")),
                              loaded.version.id, target_id));
  send_json(context.res, 201,
            {{"version_id", loaded.version.id},
             {"inventory_id", loaded.version.inventory_id},
             {"version", loaded.version.version},
             {"organization_id", target_id},
             {"shared_with", unwrap(store::list_version_shares(*db, loaded.version.id))}});
}

void shared_versions_route(ApiState& state, RequestContext& context) {
  auto db = lease(state);
  json items = json::array();
  for (const auto& item : unwrap(store::list_versions_shared_with(*db, caller_org(context)))) {
    const auto shares = unwrap(store::list_version_shares(*db, item.version_id));
    if (!allowed(context, Action::read,
                 shared_resource(ResourceKind::inventory_version, item.organization_id, shares))) {
      continue;
    }
    items.push_back({{"id", item.version_id},
                     {"inventory_id", item.inventory_id},
                     {"version", item.version},
                     {"year", item.year},
                     {"organization_id", item.organization_id},
                     {"organization", item.organization_name},
                     {"frozen_at", item.frozen_at},
                     {"shared_at", item.shared_at}});
  }
  send_json(context.res, 200, {{"items", items}, {"total", items.size()}});
}

/// A version may be shared with several verification bodies: each sees and closes only the
/// findings its own organization wrote.
bool is_verifier_of_another_org(const RequestContext& context, const store::Finding& finding) {
  const auto& caller = principal(context);
  return caller.role == auth::Role::verifier && caller.org_id != id_text(finding.author_org_id);
}

void list_findings_route(ApiState& state, RequestContext& context) {
  auto db = lease(state);
  const auto loaded = path_version(*db, context, Action::read);
  require(context, Action::read, loaded.as(ResourceKind::finding));
  json items = json::array();
  for (const auto& finding : unwrap(store::list_findings(*db, loaded.version.id))) {
    if (!is_verifier_of_another_org(context, finding)) items.push_back(finding_json(*db, finding));
  }
  send_json(context.res, 200, {{"items", items}, {"total", items.size()}});
}

void create_finding_route(ApiState& state, RequestContext& context) {
  auto db = lease(state);
  const auto loaded = path_version(*db, context, Action::read);
  require(context, Action::create, loaded.as(ResourceKind::finding));
  const auto body = body_of(context, {"severity", "text", "record_kind", "record_key", "reason"});
  store::Finding finding;
  finding.version_id = loaded.version.id;
  finding.author_org_id = author_org(*db, context);
  finding.severity =
      choice_of(body, "severity", true, {"nonconformity", "observation", "clarification"});
  finding.text = nonempty_text(body, "text");
  finding.record_kind = choice_of(body, "record_kind", false, {"source", "activity"});
  finding.record_key = optional_text_member(body, "record_key");
  if (finding.record_kind.empty() != finding.record_key.empty()) {
    const char* missing = finding.record_kind.empty() ? "record_kind" : "record_key";
    throw_error(400, ErrorCode::parse_missing_field,
                std::string("a finding on one line names \"record_kind\" and \"record_key\"; "
                            "this one lacks \"") +
                    missing + "\"",
                {.field = missing});
  }
  auto created = store::create_finding(*db, actor_of(context, optional_text_member(body, "reason")),
                                       std::move(finding));
  // What is left for the store to refuse here is a key the version does not hold.
  if (!created && created.error().code == ErrorCode::store_invalid) {
    created.error().where.field = "record_key";
  }
  send_json(context.res, 201, finding_json(*db, unwrap(std::move(created))));
}

void answer_route(ApiState& state, RequestContext& context) {
  auto db = lease(state);
  const auto finding =
      found(store::get_finding(*db, path_id(context, "id")), ResourceKind::finding);
  require(context, Action::update, finding_resource(*db, finding));
  require_role(context, {auth::Role::factory, auth::Role::administrator},
               "answer a finding (the factory whose inventory it is answers)");
  const auto body = body_of(context, {"text", "reason"});
  store::FindingAnswer answer;
  answer.finding_id = finding.id;
  answer.author_org_id = author_org(*db, context);
  answer.text = nonempty_text(body, "text");
  const auto added = unwrap(
      store::add_answer(*db, actor_of(context, optional_text_member(body, "reason")), answer));
  send_json(context.res, 201, store::to_json(added));
}

void status_route(ApiState& state, RequestContext& context) {
  auto db = lease(state);
  const auto finding =
      found(store::get_finding(*db, path_id(context, "id")), ResourceKind::finding);
  if (is_verifier_of_another_org(context, finding)) throw_no_such(ResourceKind::finding);
  require(context, Action::update, finding_resource(*db, finding));
  require_role(context, {auth::Role::verifier, auth::Role::administrator},
               "close or reopen a finding (the verifier does)");
  const auto body = body_of(context, {"status", "reason"});
  const auto status = choice_of(body, "status", true, {"open", "closed"});
  const auto updated = unwrap(store::set_finding_status(
      *db, actor_of(context, optional_text_member(body, "reason")), finding.id, status));
  send_json(context.res, 200, finding_json(*db, updated));
}

}  // namespace

void add_version_routes(Router& router, ApiState& state) {
  const auto route = [&](const char* method, const char* path, const char* summary,
                         void (*handler)(ApiState&, RequestContext&)) {
    router.add({method, std::string("/api/v1") + path, Access::authenticated, summary,
                [&state, handler](RequestContext& context) { handler(state, context); }});
  };
  route("POST", "/inventories/{id}/versions", "freeze the inventory as its next version",
        freeze_route);
  route("GET", "/inventories/{id}/versions", "the frozen versions (without content)",
        list_versions_route);
  route("GET", "/inventories/{id}/versions/{version}", "one version: content, result, SHA-256",
        get_version_route);
  route("GET", "/inventories/{id}/diff", "two versions compared line by line (json or text)",
        diff_route);
  route("POST", "/inventories/{id}/versions/{version}/shares",
        "share a version with a verifier organization", share_route);
  route("GET", "/shared-versions", "the versions shared with the caller's organization",
        shared_versions_route);
  route("GET", "/inventories/{id}/versions/{version}/findings",
        "the findings on a version, with their answers", list_findings_route);
  route("POST", "/inventories/{id}/versions/{version}/findings",
        "a verifier's finding on a version", create_finding_route);
  route("POST", "/findings/{id}/answers", "the factory's answer to a finding", answer_route);
  route("PATCH", "/findings/{id}", "close or reopen a finding", status_route);
}

}  // namespace cl::server
