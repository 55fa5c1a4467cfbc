// Offset projects (抵換專案, OFS-1 to OFS-5) of an organization and its credit ledger:
//
//   GET    /api/v1/offset-methods                       the methods catalogue and scale limits
//   GET    /api/v1/orgs/{org}/offset-projects           the organization's projects (with stage
//                                                       reached and credits)
//   POST   /api/v1/orgs/{org}/offset-projects           an offset-project/1 document without
//                                                       stages and monitoring periods → 201
//   GET    /api/v1/offset-projects/{id}                 project, stages, periods, next stages,
//                                                       the computation (`offsets compute` JSON)
//   PUT    /api/v1/offset-projects/{id}                 replace the document (id kept)
//   POST   /api/v1/offset-projects/{id}/stages          {stage, date, responsible, documents?,
//                                                       evidence_id?, note?} → 201
//   POST   /api/v1/offset-projects/{id}/periods         {period, from, to, sub_project?,
//                                                       parameters, sampled?} → 201 new, 200
//                                                       replaced
//   DELETE /api/v1/offset-projects/{id}/periods/{period}?sub_project=
//   GET    /api/v1/offset-projects/{id}/document?kind=plan|monitoring&format=html|pdf&lang=
//   GET    /api/v1/orgs/{org}/offset-ledger             events, credit blocks, balances
//   POST   /api/v1/orgs/{org}/offset-ledger             {action: transfer|use|retire, from, to?,
//                                                       purpose?, reference?, quantity? |
//                                                       serial_first+serial_last, project_id?}
//
// Rights: offset projects are the organization's own data with the rights of its facilities —
// who may read the organization reads them; its factory, its assigned consultant and the
// administrator create and change them. Moving credits (transfer, use, retire) disposes of the
// factory's asset: only its factory and the administrator do. Every write is checked by the
// engine inside its transaction (store/offsets.hpp): a refusal is 422 with the engine's code
// (offsets.scale_limit, offsets.inclusion, offsets.sample_too_small, offsets.stage,
// offsets.credit_used …) and `where.field`, and nothing is saved.
#include <limits>

#include "core/offsets/stages.hpp"
#include "io/file.hpp"
#include "io/offset_documents_html.hpp"
#include "io/offsets_writer.hpp"
#include "server/api.hpp"
#include "server/routes/access.hpp"
#include "server/routes/common.hpp"
#include "server/routes/store_routes.hpp"
#include "store/offsets.hpp"
#include "store/organizations.hpp"

namespace cl::server {
namespace {

using auth::Action;
using auth::ResourceKind;
using nlohmann::json;

constexpr std::int64_t kMaxId = std::numeric_limits<std::int64_t>::max();

store::OffsetRules rules_of(const ApiState& state) {
  const std::string data_dir =
      state.config.data_dir.empty() ? io::default_data_dir() : state.config.data_dir;
  auto rules = store::load_offset_rules(data_dir);
  if (!rules) throw ApiError{500, rules.error(), {}};
  return std::move(*rules);
}

/// The project of the path's {id} and its organization, checked for read (404 otherwise).
store::OffsetProjectRecord readable_project(store::Database& db, const RequestContext& context) {
  auto project =
      found(store::get_offset_project(db, path_id(context, "id")), ResourceKind::organization);
  require(context, Action::read, owned_by(ResourceKind::organization, project.organization_id));
  return project;
}

void require_write(const RequestContext& context, std::int64_t org, Action action) {
  require_within(context, owned_by(ResourceKind::organization, org), action, ResourceKind::facility,
                 org, "offset projects");
}

json methods_json(const store::OffsetRules& rules) {
  json methods = json::array();
  for (const auto& method : rules.methods.methods()) {
    json parameters = json::array();
    for (const auto& spec : method.parameters) {
      json item = {
          {"id", spec.id},          {"name", spec.name},           {"unit", spec.unit},
          {"source", spec.source},  {"frequency", spec.frequency}, {"monitored", spec.monitored},
          {"sampled", spec.sampled}};
      if (spec.default_value) item["default"] = *spec.default_value;
      if (spec.min) item["min"] = *spec.min;
      if (spec.max) item["max"] = *spec.max;
      parameters.push_back(std::move(item));
    }
    json conditions = json::array();
    for (const auto& condition : method.conditions) {
      conditions.push_back(
          {{"id", condition.id},
           {"text", condition.text},
           {"checked_on",
            condition.parameter.empty() ? json(nullptr) : json(condition.parameter)}});
    }
    json bases = json::array();
    for (const auto basis : method.grid_bases) bases.push_back(offsets::grid_basis_id(basis));
    methods.push_back({{"id", method.id},
                       {"title", method.title},
                       {"kind", offsets::kind_id(method.kind)},
                       {"category", offsets::category_id(method.category)},
                       {"document", method.source.document},
                       {"version", method.source.version},
                       {"grid_bases", bases},
                       {"skips_validation", method.skips_validation},
                       {"conditions", conditions},
                       {"parameters", parameters}});
  }
  const auto& limits = rules.limits;
  return {{"methods", methods},
          {"scale_limits",
           {{"scale", limits.scale},
            {"max_energy_saving_mwh_per_year", limits.max_energy_saving_mwh_per_year},
            {"max_reduction_t_per_year", limits.max_reduction_t_per_year},
            {"max_renewable_mw", limits.max_renewable_mw},
            {"source", limits.source.document},
            {"verified", limits.source.verification != Verification::unverified}}}};
}

void methods_route(ApiState& state, RequestContext& context) {
  principal(context);
  send_json(context.res, 200, methods_json(rules_of(state)));
}

/// The project as its list shows it: the record, the stage reached and the credits.
json summary_json(store::Database& db, const store::OffsetRules& rules,
                  const store::OffsetProjectRecord& project) {
  json out = store::to_json(project);
  const auto computed = store::compute_offset_project(db, rules, project.id);
  if (computed) {
    out["stage"] =
        computed->result.stage ? json(offsets::stage_id(*computed->result.stage)) : json(nullptr);
    out["reduction_t"] = computed->result.totals.reduction_t;
    out["credits_t"] = computed->result.totals.credits_t;
  } else {
    out["error"] = computed.error().message;
  }
  return out;
}

void list_projects_route(ApiState& state, RequestContext& context) {
  auto db = lease(state);
  const auto organization = readable_org(*db, context);
  const auto rules = rules_of(state);
  json items = json::array();
  for (const auto& project : unwrap(store::list_offset_projects(*db, organization.id))) {
    items.push_back(summary_json(*db, rules, project));
  }
  send_json(context.res, 200, {{"items", items}, {"total", items.size()}});
}

/// The body without "reason" (kept for the audit row).
json document_of(json body, std::string& reason) {
  if (body.contains("reason")) {
    if (!body["reason"].is_string()) {
      throw_error(400, ErrorCode::parse_bad_value, "\"reason\" must be text", {.field = "reason"});
    }
    reason = body["reason"].get<std::string>();
    body.erase("reason");
  }
  return body;
}

void create_project_route(ApiState& state, RequestContext& context) {
  auto db = lease(state);
  const auto organization = readable_org(*db, context);
  require_write(context, organization.id, Action::create);
  std::string reason;
  const auto document = document_of(json_body(context), reason);
  const auto rules = rules_of(state);
  const auto created = unwrap(store::create_offset_project(*db, actor_of(context, reason), rules,
                                                           organization.id, document));
  context.res.set_header("Location", "/api/v1/offset-projects/" + std::to_string(created.id));
  send_json(context.res, 201, summary_json(*db, rules, created));
}

void get_project_route(ApiState& state, RequestContext& context) {
  auto db = lease(state);
  const auto project = readable_project(*db, context);
  const auto rules = rules_of(state);
  json out = summary_json(*db, rules, project);
  out["stages"] = items_json(unwrap(store::list_offset_stages(*db, project.id)))["items"];
  out["periods"] = items_json(unwrap(store::list_offset_periods(*db, project.id)))["items"];
  const auto computed = store::compute_offset_project(*db, rules, project.id);
  if (computed) {
    out["computed"] = io::offsets_json(computed->project, computed->result);
    json next = json::array();
    for (const auto stage :
         offsets::next_stages(computed->result.stage, computed->result.method->skips_validation)) {
      next.push_back({{"stage", offsets::stage_id(stage)}, {"title", offsets::stage_title(stage)}});
    }
    out["next_stages"] = std::move(next);
  }
  out["can_write"] =
      allowed(context, Action::update, owned_by(ResourceKind::facility, project.organization_id));
  send_json(context.res, 200, out);
}

void update_project_route(ApiState& state, RequestContext& context) {
  auto db = lease(state);
  const auto project = readable_project(*db, context);
  require_write(context, project.organization_id, Action::update);
  std::string reason;
  const auto document = document_of(json_body(context), reason);
  const auto rules = rules_of(state);
  const auto updated = unwrap(
      store::update_offset_project(*db, actor_of(context, reason), rules, project.id, document));
  send_json(context.res, 200, summary_json(*db, rules, updated));
}

void add_stage_route(ApiState& state, RequestContext& context) {
  auto db = lease(state);
  const auto project = readable_project(*db, context);
  require_write(context, project.organization_id, Action::update);
  const auto body = json_body(context);
  const Fields fields(
      body, {"stage", "date", "responsible", "documents", "evidence_id", "note", "reason"});
  store::OffsetStageRecord stage;
  stage.project_id = project.id;
  stage.stage = *fields.text("stage", true);
  stage.date = *fields.text("date", true);
  stage.responsible = *fields.text("responsible", true);
  stage.note = fields.text("note").value_or("");
  if (body.contains("documents")) {
    const auto& documents = body["documents"];
    if (!documents.is_array()) {
      throw_error(400, ErrorCode::parse_bad_value, "\"documents\" is a list of document names",
                  {.field = "documents"});
    }
    for (std::size_t i = 0; i < documents.size(); ++i) {
      if (!documents[i].is_string() || documents[i].get<std::string>().empty()) {
        throw_error(400, ErrorCode::parse_bad_value, "a document is named by non-empty text",
                    {.field = "documents[" + std::to_string(i) + "]"});
      }
      stage.documents.push_back(documents[i].get<std::string>());
    }
  }
  if (body.contains("evidence_id") && !body["evidence_id"].is_null()) {
    stage.evidence_id = fields.integer("evidence_id", 1, kMaxId);
  }
  const auto added = unwrap(
      store::add_offset_stage(*db, actor_of(context, fields.reason()), rules_of(state), stage));
  send_json(context.res, 201, store::to_json(added));
}

void put_period_route(ApiState& state, RequestContext& context) {
  auto db = lease(state);
  const auto project = readable_project(*db, context);
  require_write(context, project.organization_id, Action::update);
  const Fields fields(json_body(context),
                      {"period", "from", "to", "sub_project", "parameters", "sampled", "reason"});
  store::OffsetPeriodRecord period;
  period.project_id = project.id;
  period.period = *fields.text("period", true);
  period.from = *fields.text("from", true);
  period.to = *fields.text("to", true);
  period.sub_project = fields.text("sub_project").value_or("");
  period.data["parameters"] = *fields.object("parameters", true);
  if (const auto sampled = fields.object("sampled")) period.data["sampled"] = *sampled;
  const auto before = unwrap(store::list_offset_periods(*db, project.id));
  bool replaced = false;
  for (const auto& item : before) {
    replaced = replaced || (item.period == period.period && item.sub_project == period.sub_project);
  }
  const auto stored = unwrap(
      store::put_offset_period(*db, actor_of(context, fields.reason()), rules_of(state), period));
  send_json(context.res, replaced ? 200 : 201, store::to_json(stored));
}

void delete_period_route(ApiState& state, RequestContext& context) {
  auto db = lease(state);
  const auto project = readable_project(*db, context);
  require_write(context, project.organization_id, Action::update);
  const auto period = context.params.at("period");
  unwrap(store::delete_offset_period(*db, actor_of(context), rules_of(state), project.id,
                                     query(context, "sub_project", ""), period));
  context.res.status = 204;
}

void document_route(ApiState& state, RequestContext& context) {
  const auto kind = query(context, "kind", "plan", {"plan", "monitoring"});
  const auto format = query(context, "format", "html", {"html", "pdf"});
  const auto lang = query(context, "lang", "zh-TW", {"zh-TW", "en"});
  auto db = lease(state);
  const auto project = readable_project(*db, context);
  const auto rules = rules_of(state);
  const auto computed = unwrap(store::compute_offset_project(*db, rules, project.id));
  const auto organization = unwrap(store::get_organization(*db, project.organization_id));
  io::OffsetDocumentOptions options;
  options.lang = lang;
  options.generated = taiwan_today();
  options.organization = organization.name;
  options.organization_en = organization.name_en;
  const auto html = kind == "plan"
                        ? io::offset_plan_html(computed.project, computed.result, options)
                        : io::offset_monitoring_html(computed.project, computed.result, options);
  // The file name from the project's id, reduced to characters safe in a header.
  std::string name = kind == "plan" ? "offset-plan-" : "offset-monitoring-";
  for (const char c : project.code) {
    const bool safe = (c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') ||
                      c == '-' || c == '_' || c == '.';
    name += safe ? c : '_';
  }
  send_document(state, context, format, html, name);
}

void ledger_route(ApiState& state, RequestContext& context) {
  auto db = lease(state);
  const auto organization = readable_org(*db, context);
  const auto ledger = unwrap(store::replay_offset_ledger(*db, rules_of(state), organization.id));
  json out = io::ledger_json(ledger);
  json verified = json::array();
  for (const auto& item : ledger.verified()) {
    verified.push_back({{"project", item.project},
                        {"period", item.period},
                        {"reduction_t", item.reduction_t},
                        {"verification", item.verification},
                        {"issued", ledger.issued_for(item.project, item.period)}});
  }
  out["verified"] = std::move(verified);
  out["events"] = items_json(unwrap(store::list_ledger_events(*db, organization.id)))["items"];
  out["can_move"] =
      allowed(context, Action::remove, owned_by(ResourceKind::facility, organization.id));
  send_json(context.res, 200, out);
}

void ledger_event_route(ApiState& state, RequestContext& context) {
  auto db = lease(state);
  const auto organization = readable_org(*db, context);
  require_write(context, organization.id, Action::update);
  require_role(context, {auth::Role::factory, auth::Role::administrator},
               "transfer, use or retire credits (the factory that holds them decides)");
  const auto body = json_body(context);
  const Fields fields(body, {"action", "from", "to", "purpose", "reference", "quantity",
                             "serial_first", "serial_last", "project_id", "reason"});
  store::LedgerEventRecord event;
  event.organization_id = organization.id;
  event.action = *fields.text("action", true);
  event.from = *fields.text("from", true);
  event.to = fields.text("to").value_or("");
  event.purpose = fields.text("purpose").value_or("");
  event.reference = fields.text("reference").value_or("");
  event.quantity = fields.integer("quantity", 1, 1'000'000'000).value_or(0);
  event.serial_first = fields.integer("serial_first", 1, kMaxId);
  event.serial_last = fields.integer("serial_last", 1, kMaxId);
  if (event.serial_first.has_value() != event.serial_last.has_value()) {
    throw_error(400, ErrorCode::parse_missing_field,
                "give both serial_first and serial_last, or a quantity",
                {.field = event.serial_first ? "serial_last" : "serial_first"});
  }
  event.project_id = fields.integer("project_id", 1, kMaxId);
  const auto added = unwrap(
      store::add_ledger_event(*db, actor_of(context, fields.reason()), rules_of(state), event));
  send_json(context.res, 201, store::to_json(added));
}

}  // namespace

void add_offset_routes(Router& router, ApiState& state) {
  const StateRoutes route(router, state);
  route("GET", "/offset-methods", "the offset methods catalogue and the micro-scale limits",
        methods_route);
  route("GET", "/orgs/{org}/offset-projects", "an organization's offset projects",
        list_projects_route);
  route("POST", "/orgs/{org}/offset-projects", "create an offset project", create_project_route);
  route("GET", "/offset-projects/{id}", "an offset project with its stages, data and credits",
        get_project_route);
  route("PUT", "/offset-projects/{id}", "replace an offset project's document",
        update_project_route);
  route("POST", "/offset-projects/{id}/stages", "record the next stage of an offset project",
        add_stage_route);
  route("POST", "/offset-projects/{id}/periods", "store a monitoring period's data",
        put_period_route);
  route("DELETE", "/offset-projects/{id}/periods/{period}", "remove a monitoring period",
        delete_period_route);
  route("GET", "/offset-projects/{id}/document",
        "the project plan or monitoring report (HTML or PDF)", document_route);
  route("GET", "/orgs/{org}/offset-ledger", "an organization's credit ledger", ledger_route);
  route("POST", "/orgs/{org}/offset-ledger", "transfer, use or retire credits", ledger_event_route);
}

}  // namespace cl::server
